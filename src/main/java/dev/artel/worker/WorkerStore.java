package dev.artel.worker;

import dev.artel.storage.Handle;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Workers and their tokens. Tokens are stored only as SHA-256 digests. Inserting an id or a digest that
 * exists fails with a duplicate-key {@link dev.artel.storage.StorageException}. Finds answer empty when no
 * row matches and lock nothing. A worker is never deleted (except by an emulator's restore, after which the token
 * cache is dropped), so a token found once keeps its worker.
 */
public interface WorkerStore {
    void insert(Handle h, Worker worker);

    void insertToken(Handle h, String tokenHash, String workerId, long created);

    Optional<Worker> findById(Handle h, String id);

    /**
     * Like {@link #findById}, and locks the row until the transaction ends: what is decided for one worker (a
     * take, a change of their skill values or restrictions) is decided one at a time, on every node.
     */
    Optional<Worker> lock(Handle h, String id);

    /** The workers of these ids, in no order; ids of no worker are left out. */
    List<Worker> findByIds(Handle h, Collection<String> ids);

    /** The id of the worker a token digest belongs to. */
    Optional<String> findIdByTokenHash(Handle h, String tokenHash);

    long count(Handle h);
}
