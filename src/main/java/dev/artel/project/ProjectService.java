package dev.artel.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.operation.OperationRunner;
import dev.artel.pool.PoolStore;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.task.spec.FieldSpecs;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Projects: ACTIVE until archived, and archived only once every pool and training in them is. */
public final class ProjectService {
    static final String ARCHIVE = "PROJECT.ARCHIVE";
    static final List<String> STATUSES = List.of(Project.ACTIVE, Project.ARCHIVED);

    private final Database db;
    private final ProjectStore store;
    private final PoolStore pools;
    private final OperationRunner operations;
    private final IdGenerator ids;
    private final Clock clock;

    public ProjectService(Database db, ProjectStore store, PoolStore pools, OperationRunner operations,
                          IdGenerator ids, Clock clock) {
        this.db = db;
        this.store = store;
        this.pools = pools;
        this.operations = operations;
        this.ids = ids;
        this.clock = clock;
        operations.register(new ProjectArchive(this, store));
    }

    public JsonSerializable create(String accountId, ObjectNode body) {
        checkTaskSpec(body);
        Document doc = Document.of(Documents.storedDocument(body, Project.SERVER_FIELDS, ids::nextUuid));
        return db.inTransaction(h -> {
            Project project = new Project(ids.nextObjectId(h), accountId, Project.ACTIVE, clock.millis(), doc);
            store.insert(h, project);
            return project.view();
        });
    }

    /**
     * The task spec's fields must be ones every task and answer can be checked against: a known type, attributes
     * of the right type, a pattern that compiles. The schema cannot say so, since field names are the client's.
     */
    private static void checkTaskSpec(ObjectNode body) {
        JsonNode spec = body.path("task_spec");
        Map<String, FieldError> errors = new LinkedHashMap<>();
        for (String part : List.of("input_spec", "output_spec")) {
            // Absent or not an object is the schema's to refuse.
            if (spec.path(part).isObject()) {
                errors.putAll(FieldSpecs.of(spec.path(part)).specErrors("task_spec." + part));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
    }

    public JsonSerializable get(String accountId, long id) {
        return db.oneStatement(h -> find(h, accountId, id, false)).view();
    }

    public Page<JsonSerializable> list(String accountId, ListQuery query) {
        List<Project> rows = db.oneStatement(h -> store.list(h, accountId, query));
        return query.page(rows.stream().map(Project::view).toList());
    }

    public JsonSerializable update(String accountId, long id, ObjectNode body) {
        checkTaskSpec(body);
        return db.inTransaction(h -> {
            Project project = find(h, accountId, id, true);
            requireActive(project);
            Project updated = project.withDoc(Document.of(Documents.storedDocument(body, Project.SERVER_FIELDS, ids::nextUuid)));
            store.update(h, updated);
            return updated.view();
        });
    }

    public Optional<ObjectNode> archive(String accountId, long id) {
        return operations.accept(h -> {
            Project project = find(h, accountId, id, true);
            if (Project.ARCHIVED.equals(project.status())) {
                return null;
            }
            requireNoUnarchivedPools(h, project);
            ObjectNode parameters = Json.object();
            parameters.put("project_id", Long.toString(id));
            return operations.submit(h, ids.nextOperationId(), accountId, ARCHIVE, parameters, null);
        });
    }

    void requireNoUnarchivedPools(Handle h, Project project) {
        long open = pools.countUnarchivedInProject(h, project.id());
        if (open > 0) {
            throw new ApiException(ErrorCode.UNARCHIVED_POOLS_CONFLICT, "Project " + project.id() + " has " + open
                    + " pools or trainings that are not archived");
        }
    }

    private static void requireActive(Project project) {
        if (!Project.ACTIVE.equals(project.status())) {
            throw ApiException.inappropriateStatus(ErrorCode.PROJECT_INAPPROPRIATE_STATUS, List.of(Project.ACTIVE));
        }
    }

    Project find(Handle h, String accountId, long id, boolean forUpdate) {
        Optional<Project> project = forUpdate ? store.findForUpdate(h, accountId, id) : store.find(h, accountId, id);
        return project.orElseThrow(() -> ApiException.notFound("Project", Long.toString(id)));
    }
}
