package dev.artel.core;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Whose a token is, remembered once found: a token never changes owner, so a digest that resolved once is served
 * from memory, and only a token never seen costs a read. Tokens are kept only as digests, here as in storage.
 */
public final class TokenCache<T> {
    private final ConcurrentHashMap<String, T> ownerByDigest = new ConcurrentHashMap<>();

    /** The owner of {@code token}: remembered, else found by {@code lookup} from its digest and remembered. */
    public Optional<T> resolve(String token, Function<String, Optional<T>> lookup) {
        String digest = TokenDigest.of(token);
        T cached = ownerByDigest.get(digest);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<T> found = lookup.apply(digest);
        found.ifPresent(owner -> ownerByDigest.put(digest, owner));
        return found;
    }

    /** Forgets every owner: an emulator's restore may take owners and their tokens away. */
    public void forget() {
        ownerByDigest.clear();
    }
}
