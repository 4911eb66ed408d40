package dev.artel.project;

import dev.artel.storage.ListQuery;
import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;

/** Projects of one account; a project of another account is not found. */
public interface ProjectStore {
    void insert(Handle h, Project project);

    Optional<Project> find(Handle h, String accountId, long id);

    /** Like {@link #find}, and locks the row until the transaction ends. */
    Optional<Project> findForUpdate(Handle h, String accountId, long id);

    /**
     * Holds the project open to new pools until the transaction ends, sharing it with other transactions that do
     * the same and excluding {@link #lockAgainstNewPools}: locks one of the project's stripes (see V10), drawn at
     * random. Nothing is locked for a project that does not exist.
     */
    void lockForNewPool(Handle h, long projectId);

    /** Locks every stripe of the project, so no new pool can be added to it until the transaction ends. */
    void lockAgainstNewPools(Handle h, long projectId);

    List<Project> list(Handle h, String accountId, ListQuery query);

    void update(Handle h, Project project);
}
