package dev.artel.account;

import dev.artel.storage.Handle;
import java.util.Optional;

/**
 * Accounts and their tokens. Tokens are stored only as SHA-256 digests. Insert of a name or digest that
 * exists fails with a duplicate-key {@link dev.artel.storage.StorageException}.
 */
public interface AccountStore {
    void insert(Handle h, Account account);

    void insertToken(Handle h, String tokenHash, String accountId, long created);

    Optional<Account> findByTokenHash(Handle h, String tokenHash);

    Optional<Account> findById(Handle h, String id);

    Optional<Account> findByName(Handle h, String name);

    long count(Handle h);
}
