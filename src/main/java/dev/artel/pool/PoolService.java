package dev.artel.pool;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.Text;
import dev.artel.core.Timestamps;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.storage.ListQuery;
import dev.artel.core.ObjectIds;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationRunner;
import dev.artel.project.Project;
import dev.artel.project.ProjectStore;
import dev.artel.quality.DynamicOverlap;
import dev.artel.quality.filter.PoolFilter;
import dev.artel.schedule.Scheduler;
import dev.artel.schedule.Timer;
import dev.artel.skill.TrainingSkills;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pool and training lifecycle. Requests are checked at once (404, 409, 204 for the current state) and
 * accepted transitions become operations; {@link PoolOperations} apply them, re-checking the state under a row
 * lock with the checks below, since it may have changed between acceptance and execution.
 */
public final class PoolService {
    static final String CLOSE_REASON_MANUAL = "MANUAL";
    static final String CLOSE_REASON_FOR_UPDATE = "FOR_UPDATE";
    /** Keyed by the pool: closes it as EXPIRED at its {@code will_expire}. */
    static final String EXPIRE = "pool.expire";
    /** Keyed by the pool: opens a pool closed for update again, as Toloka does after 15 minutes. */
    static final String REOPEN = "pool.reopen";
    static final Duration REOPEN_AFTER_UPDATE = Duration.ofMinutes(15);
    static final List<String> STATUSES = List.of(Pool.OPEN, Pool.CLOSED, Pool.ARCHIVED, "LOCKED");

    private final Database db;
    private final PoolStore store;
    private final ProjectStore projects;
    private final OperationRunner operations;
    private final IdGenerator ids;
    private final Clock clock;
    private final Scheduler scheduler;
    private volatile WorkListener workListener = WorkListener.NONE;

    public PoolService(Database db, PoolStore store, ProjectStore projects, OperationRunner operations,
                       Scheduler scheduler, IdGenerator ids, Clock clock) {
        this.db = db;
        this.store = store;
        this.projects = projects;
        this.operations = operations;
        this.ids = ids;
        this.clock = clock;
        this.scheduler = scheduler;
        scheduler.register(EXPIRE, this::expire);
        scheduler.register(REOPEN, this::reopenAfterUpdate);
        for (PoolKind kind : PoolKind.values()) {
            operations.register(new PoolOperations.Open(kind, this));
            operations.register(new PoolOperations.Close(kind, this));
            operations.register(new PoolOperations.Archive(kind, this, store));
            operations.register(new PoolOperations.Clone(kind, this, store, ids, clock));
        }
    }

    public JsonSerializable create(String accountId, PoolKind kind, ObjectNode body) {
        PoolFilter.check(body.get("filter"));
        long projectId = referencedProjectId(body);
        Document doc = Document.of(Documents.storedDocument(body, Pool.SERVER_FIELDS, ids::nextUuid));
        Supplier<ApiException> missingProject = () -> ApiException.invalidField("project_id",
                "ENTITY_DOES_NOT_EXIST", "Project " + body.path("project_id").asText() + " does not exist");
        return db.inTransaction(h -> {
            if (kind == PoolKind.TRAINING) {
                // The project's row before its stripe, in the order a project archive takes them: it makes two
                // first trainings of a project create one training skill between them.
                projects.findForUpdate(h, accountId, projectId).orElseThrow(missingProject);
            }
            Project project = holdActiveProject(h, accountId, projectId, missingProject);
            checkAgainstProject(h, accountId, kind, project, body);
            Pool pool = new Pool(ids.nextObjectId(h), accountId, kind, projectId, Pool.CLOSED, clock.millis(), null, null, null, doc);
            requireLinkedTrainingExists(h, pool);
            if (kind == PoolKind.TRAINING) {
                TrainingSkills.createIfMissing(h, ids, pool.created(), accountId, projectId,
                        project.doc().tree().path("public_name").asText());
            }
            store.insert(h, pool);
            return pool.view();
        });
    }

    /**
     * A pool's {@code training_pool_id} names a training of the pool's account, checked at every create and
     * update; a clone keeps the one its source had. Trainings are never deleted, so it stays valid.
     */
    private void requireLinkedTrainingExists(Handle h, Pool pool) {
        Long trainingId = pool.linkedTrainingId();
        JsonNode named = pool.doc().tree().path("quality_control").path("training_requirement")
                .path("training_pool_id");
        if (named.isMissingNode() || trainingId != null
                && store.find(h, pool.accountId(), PoolKind.TRAINING, trainingId).isPresent()) {
            return;
        }
        throw ApiException.invalidField("quality_control.training_requirement.training_pool_id",
                "ENTITY_DOES_NOT_EXIST", "Training " + Text.abbreviate(named.asText(), 40) + " does not exist");
    }

    /**
     * The project a new pool or training goes into, checked to be active and held open to new pools until the
     * transaction ends. Other creates hold it too (a stripe each, see {@link ProjectStore#lockForNewPool}), so pool
     * writes of one project run side by side; archiving locks every stripe before it counts the unarchived pools,
     * so the two serialise and an archived project never gains a pool. The stripe is locked before the status is
     * read, so a create that waited for an archive reads the status the archive committed.
     */
    Project holdActiveProject(Handle h, String accountId, long projectId,
                              Supplier<? extends RuntimeException> missing) {
        projects.lockForNewPool(h, projectId);
        Project project = projects.find(h, accountId, projectId).orElseThrow(missing);
        requireActive(project);
        return project;
    }

    /** What a pool's form names of its project and the account must exist there (a training's has nothing such). */
    private static void checkAgainstProject(Handle h, String accountId, PoolKind kind, Project project,
                                            ObjectNode form) {
        if (kind == PoolKind.POOL) {
            DynamicOverlap.check(h, accountId, project, form);
        }
    }

    private static void requireActive(Project project) {
        if (Project.ARCHIVED.equals(project.status())) {
            throw ApiException.inappropriateStatus(ErrorCode.PROJECT_INAPPROPRIATE_STATUS, List.of(Project.ACTIVE));
        }
    }

    private static long referencedProjectId(ObjectNode body) {
        return ObjectIds.parse(body.path("project_id").asText()).orElseThrow(() -> ApiException.invalidField(
                "project_id", "ENTITY_DOES_NOT_EXIST", "Project " + body.path("project_id").asText()
                        + " does not exist"));
    }

    public JsonSerializable get(String accountId, PoolKind kind, long id) {
        return db.oneStatement(h -> find(h, accountId, kind, id, false)).view();
    }

    public Page<JsonSerializable> list(String accountId, PoolKind kind, ListQuery query) {
        List<Pool> rows = db.oneStatement(h -> store.list(h, accountId, kind, query));
        return query.page(rows.stream().map(Pool::view).toList());
    }

    /** PUT: the body replaces the client's document; the pool must not be open (nor archived). */
    public JsonSerializable update(String accountId, PoolKind kind, long id, ObjectNode body) {
        PoolFilter.check(body.get("filter"));
        return db.inTransaction(h -> {
            Pool pool = find(h, accountId, kind, id, true);
            requireStatus(pool, Pool.CLOSED);
            checkAgainstProject(h, accountId, kind, projects.find(h, accountId, pool.projectId())
                    .orElseThrow(() -> projectGone(pool)), body);
            Pool updated = pool.withDoc(Document.of(Documents.storedDocument(body, Pool.SERVER_FIELDS, ids::nextUuid)));
            requireLinkedTrainingExists(h, updated);
            store.update(h, updated);
            return updated.view();
        });
    }

    /** PATCH: only the priority changes; allowed while open, refused once archived. */
    public JsonSerializable patchPriority(String accountId, long id, ObjectNode body) {
        return db.inTransaction(h -> {
            Pool pool = find(h, accountId, PoolKind.POOL, id, true);
            if (Pool.ARCHIVED.equals(pool.status())) {
                throw ApiException.inappropriateStatus(ErrorCode.INAPPROPRIATE_STATUS, List.of(Pool.OPEN, Pool.CLOSED));
            }
            if (!body.has("priority")) {
                return pool.view();
            }
            ObjectNode doc = pool.doc().tree();
            doc.set("priority", body.get("priority"));
            Pool updated = pool.withDoc(Document.of(doc));
            store.update(h, updated);
            return updated.view();
        });
    }

    public Optional<ObjectNode> open(String accountId, PoolKind kind, long id) {
        return operations.accept(h -> {
            Pool pool = find(h, accountId, kind, id, true);
            if (Pool.OPEN.equals(pool.status())) {
                return null;
            }
            requireStatus(pool, Pool.CLOSED);
            if (!store.hasTasks(h, id)) {
                throw new ApiException(ErrorCode.EMPTY_POOL, "Cannot open " + kind.singular().toLowerCase()
                        + " " + id + ": it has no tasks");
            }
            return submit(h, pool, "OPEN", null);
        });
    }

    public Optional<ObjectNode> close(String accountId, PoolKind kind, long id, boolean forUpdate) {
        return operations.accept(h -> {
            Pool pool = find(h, accountId, kind, id, true);
            if (Pool.CLOSED.equals(pool.status())) {
                return null;
            }
            requireStatus(pool, Pool.OPEN);
            ObjectNode internal = Json.object();
            internal.put("close_reason", forUpdate ? CLOSE_REASON_FOR_UPDATE : CLOSE_REASON_MANUAL);
            return submit(h, pool, "CLOSE", internal);
        });
    }

    public Optional<ObjectNode> archive(String accountId, PoolKind kind, long id) {
        return operations.accept(h -> {
            Pool pool = find(h, accountId, kind, id, true);
            if (Pool.ARCHIVED.equals(pool.status())) {
                return null;
            }
            requireStatus(pool, Pool.CLOSED);
            requireNoUnarchivedLinkedPools(h, pool);
            return submit(h, pool, "ARCHIVE", null);
        });
    }

    public ObjectNode cloneOf(String accountId, PoolKind kind, long id) {
        return operations.accept(h -> {
            Pool source = find(h, accountId, kind, id, false);
            // Refused at once rather than as a failed operation: toloka-kit reads the clone's id from the
            // operation without checking whether it failed. Unlocked: the operation checks again, holding the
            // project, and so is the check that keeps an archived project closed.
            requireActive(projects.find(h, accountId, source.projectId()).orElseThrow(() -> projectGone(source)));
            return submit(h, source, "CLONE", null);
        }).orElseThrow();
    }

    private Operation submit(Handle h, Pool pool, String action, ObjectNode internal) {
        ObjectNode parameters = Json.object();
        parameters.put(pool.kind().idField(), Long.toString(pool.id()));
        return operations.submit(h, ids.nextOperationId(), pool.accountId(), pool.kind().operationType(action),
                parameters, internal);
    }

    Pool find(Handle h, String accountId, PoolKind kind, long id, boolean forUpdate) {
        Optional<Pool> pool = forUpdate ? store.findForUpdate(h, accountId, kind, id) : store.find(h, accountId, kind, id);
        return pool.orElseThrow(() -> ApiException.notFound(kind.singular(), Long.toString(id)));
    }

    /** Projects are never deleted, so a pool whose project cannot be found points at broken data. */
    static IllegalStateException projectGone(Pool pool) {
        return new IllegalStateException("project " + pool.projectId() + " of pool " + pool.id() + " is missing");
    }

    static void requireStatus(Pool pool, String appropriate) {
        if (!appropriate.equals(pool.status())) {
            throw ApiException.inappropriateStatus(ErrorCode.INAPPROPRIATE_STATUS, List.of(appropriate));
        }
    }

    /** A training stays while pools that require it are not archived, as in Toloka. */
    void requireNoUnarchivedLinkedPools(Handle h, Pool pool) {
        if (pool.kind() != PoolKind.TRAINING) {
            return;
        }
        int linked = store.unarchivedLinkedTo(h, pool.accountId(), pool.id()).size();
        if (linked > 0) {
            throw new ApiException(ErrorCode.TRAINING_ARCHIVE_CONFLICT, "Training " + pool.id() + " is required by "
                    + linked + " pools that are not archived");
        }
    }
    /**
     * Opens a closed pool or training in the caller's transaction, for uploads with {@code open_pool=true}: the
     * tasks that make it openable are in the same transaction. Any other status is left as it is.
     */
    public void openIfClosed(Handle h, String accountId, long id) {
        store.findAnyKind(h, accountId, id, true)
                .filter(pool -> Pool.CLOSED.equals(pool.status()))
                .ifPresent(pool -> open(h, pool));
    }

    /** Sets the one listener told when a pool may have new work (the emulator's crowd); none by default. */
    public void onWorkMayAppear(WorkListener listener) {
        workListener = listener;
    }

    /** Tells the listener, in the caller's transaction, that the pool may have work it did not have. */
    public void workMayAppear(Handle h, long poolId) {
        workListener.workMayAppear(h, poolId);
    }

    /** Tells the listener, in the caller's transaction, that a pool that refused the worker may let them in. */
    public void workerMayBeAdmitted(Handle h, String workerId) {
        workListener.workerMayBeAdmitted(h, workerId);
    }

    /** Tells the listener, in the caller's transaction, that the worker's assignment gave its places back. */
    public void placesGivenBack(Handle h, String assignmentId, String workerId) {
        workListener.placesGivenBack(h, assignmentId, workerId);
    }

    /** Opens the pool and sets its expiry timer: the pool may have been given a new will_expire while closed. */
    void open(Handle h, Pool pool) {
        store.update(h, pool.opened(clock.millis()));
        workMayAppear(h, pool.id());
        JsonNode willExpire = pool.doc().tree().path("will_expire");
        Timestamps.parse(willExpire.asText()).ifPresentOrElse(
                due -> scheduler.schedule(h, EXPIRE, Long.toString(pool.id()), pool.accountId(), due, null),
                () -> scheduler.cancel(h, EXPIRE, Long.toString(pool.id())));
    }

    /** Closes an open pool for the reason given; closed for update, it opens again by itself later. */
    void close(Handle h, Pool pool, String reason) {
        store.update(h, pool.closed(clock.millis(), reason));
        if (CLOSE_REASON_FOR_UPDATE.equals(reason)) {
            scheduler.schedule(h, REOPEN, Long.toString(pool.id()), pool.accountId(),
                    clock.millis() + REOPEN_AFTER_UPDATE.toMillis(), null);
        }
    }

    /** Still closed for update (not opened, closed again or archived since): open it, without the checks of a request. */
    private void reopenAfterUpdate(Handle h, Timer timer) {
        long id = Long.parseLong(timer.key());
        store.findAnyAccount(h, id).flatMap(pool -> store.findAnyKind(h, pool.accountId(), id, true))
                .filter(pool -> Pool.CLOSED.equals(pool.status())
                        && CLOSE_REASON_FOR_UPDATE.equals(pool.lastCloseReason()))
                .ifPresent(pool -> open(h, pool));
    }

    private void expire(Handle h, Timer timer) {
        long id = Long.parseLong(timer.key());
        store.findAnyAccount(h, id).filter(pool -> Pool.OPEN.equals(pool.status())).ifPresent(pool ->
                closeBySystem(h, id, "EXPIRED"));
    }

    /** Closes an open pool for a reason of the system's (COMPLETED, EXPIRED), in the caller's transaction. */
    public void closeBySystem(Handle h, long id, String reason) {
        store.findAnyAccount(h, id).flatMap(pool -> store.findAnyKind(h, pool.accountId(), id, true))
                .filter(pool -> Pool.OPEN.equals(pool.status()))
                .ifPresent(pool -> store.update(h, pool.closed(clock.millis(), reason)));
    }

    /**
     * A pool that closed itself as COMPLETED opens again when work comes back (new tasks, a larger overlap), as on
     * Toloka; a pool the requester closed stays closed.
     */
    public void reopenIfCompleted(Handle h, String accountId, long id) {
        store.findAnyKind(h, accountId, id, true)
                .filter(pool -> Pool.CLOSED.equals(pool.status()) && "COMPLETED".equals(pool.lastCloseReason()))
                .ifPresent(pool -> open(h, pool));
    }

}
