package dev.artel.project;

import dev.artel.json.Json;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationContext;
import dev.artel.operation.OperationType;

/**
 * PROJECT.ARCHIVE: re-checks that all its pools are archived, since one may have been added since the request was
 * accepted, holding every lock stripe of the project: a pool create in progress holds one, so the count waits for
 * it to commit, and one that starts later finds the project ARCHIVED. One chunk.
 */
record ProjectArchive(ProjectService projects, ProjectStore store) implements OperationType<Long> {
    @Override
    public String name() {
        return ProjectService.ARCHIVE;
    }

    @Override
    public Long parameters(Operation operation) {
        return Long.parseLong(operation.parameters().get("project_id").asText());
    }

    @Override
    public Step run(OperationContext<Long> context) {
        Project project = projects.find(context.handle(), context.operation().accountId(), context.parameters(), true);
        if (Project.ACTIVE.equals(project.status())) {
            store.lockAgainstNewPools(context.handle(), project.id());
            projects.requireNoUnarchivedPools(context.handle(), project);
            store.update(context.handle(), new Project(project.id(), project.accountId(), Project.ARCHIVED,
                    project.created(), project.doc()));
        }
        return Step.done(Json.object());
    }
}
