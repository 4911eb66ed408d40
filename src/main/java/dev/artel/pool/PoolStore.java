package dev.artel.pool;

import dev.artel.json.Document;
import dev.artel.storage.ListQuery;
import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;

/**
 * Pools and trainings of one account, told apart by {@link PoolKind}; an object of another account or of
 * the other kind is not found.
 */
public interface PoolStore {
    void insert(Handle h, Pool pool);

    Optional<Pool> find(Handle h, String accountId, PoolKind kind, long id);

    /** Like {@link #find}, and locks the row until the transaction ends, so that transitions serialise. */
    Optional<Pool> findForUpdate(Handle h, String accountId, PoolKind kind, long id);

    /** A pool or a training: tasks, suites and assignments name either by one {@code pool_id}. */
    Optional<Pool> findAnyKind(Handle h, String accountId, long id, boolean forUpdate);

    /** A pool or training of any account: for workers, who see the pools they may work in whoever owns them. */
    Optional<Pool> findAnyAccount(Handle h, long id);

    /** A pool and the document of its project. */
    record WithProject(Pool pool, Document projectDoc) {
    }

    /**
     * {@link #findAnyAccount} and its project's document in one read: every answer a worker submits is checked
     * against the project's output spec.
     */
    Optional<WithProject> findAnyAccountWithProject(Handle h, long id);

    List<Pool> list(Handle h, String accountId, PoolKind kind, ListQuery query);

    /** Replaces status, history columns and document. */
    void update(Handle h, Pool pool);

    /** Pools and trainings of the project that are not archived. */
    long countUnarchivedInProject(Handle h, long projectId);

    /** The account's pools that require the training and are not archived, by id. */
    List<Pool> unarchivedLinkedTo(Handle h, String accountId, long trainingId);

    boolean hasTasks(Handle h, long poolId);
}
