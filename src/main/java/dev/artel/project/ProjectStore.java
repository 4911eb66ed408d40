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

    List<Project> list(Handle h, String accountId, ListQuery query);

    void update(Handle h, Project project);
}
