package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import dev.artel.json.Document;
import dev.artel.json.Json;
import dev.artel.json.Page;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolService;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.quality.PoolAccess;
import dev.artel.schedule.Scheduler;
import dev.artel.schedule.Timer;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.task.PoolCompletion;
import dev.artel.task.Task;
import dev.artel.task.TaskStore;
import dev.artel.task.TaskSuite;
import dev.artel.task.spec.FieldSpecs;
import dev.artel.worker.Worker;
import dev.artel.worker.WorkerStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The crowd loop: a worker takes an assignment from an open pool, submits or skips it, or lets it expire; the
 * requester (or the pool's auto-accept) accepts or rejects it. Every step is one transaction, so places in the
 * overlap, the assignment's status and its timers change together. Issuing takes each task's place with a
 * conditional update rather than a lock on the pool, so many workers take from one pool at once and none pushes
 * a task past its overlap; the key of {@code assignment_tasks} keeps a worker from ever getting a task twice.
 */
public final class AssignmentService {
    static final String EXPIRE = "assignment.expire";
    static final String AUTO_ACCEPT = "assignment.auto-accept";
    /** Toloka's default when a pool sets no {@code assignment_max_duration_seconds}. */
    private static final long DEFAULT_MAX_DURATION_SECONDS = 3_600;
    /** Toloka's default {@code auto_accept_period_day}. */
    private static final long DEFAULT_AUTO_ACCEPT_DAYS = 21;
    private static final long DAY_MILLIS = 86_400_000L;
    private static final int MAX_COMMENT_CHARS = 2048;

    private final Database db;
    private final PoolStore pools;
    private final ProjectStore projects;
    private final PoolService poolService;
    private final Scheduler scheduler;
    private final PoolCompletion completion;
    private final WorkerStore workers;
    private final PoolAccess access;
    private final AfterMove afterMove;
    private final IdGenerator ids;
    private final Clock clock;

    public AssignmentService(Database db, PoolStore pools, ProjectStore projects, PoolService poolService,
                             Scheduler scheduler, PoolCompletion completion, WorkerStore workers, PoolAccess access,
                             AfterMove afterMove, IdGenerator ids, Clock clock) {
        this.db = db;
        this.pools = pools;
        this.projects = projects;
        this.poolService = poolService;
        this.scheduler = scheduler;
        this.completion = completion;
        this.workers = workers;
        this.access = access;
        this.afterMove = afterMove;
        this.ids = ids;
        this.clock = clock;
        scheduler.register(EXPIRE, (h, timer) -> moveOnTime(h, timer, AssignmentStatus.ACTIVE,
                AssignmentStatus.EXPIRED));
        scheduler.register(AUTO_ACCEPT, (h, timer) -> moveOnTime(h, timer, AssignmentStatus.SUBMITTED,
                AssignmentStatus.ACCEPTED));
    }

    /**
     * Moves the timer's assignment if it is still in {@code from}. A submit, skip or review locks the assignment
     * and then cancels its timer, while a firing holds the timer: waiting here for the assignment would deadlock
     * with it, and the database would fail one of the two. So a busy assignment is not waited for: NOWAIT fails the
     * firing at once as a transient failure, which rolls it back whole, the timer row included, so the holder's
     * cancel finds and deletes it, or, if the holder gives up, the timer fires on the next pass. (Setting the timer
     * again from the firing instead left a timer the holder's cancel could not see on PostgreSQL:
     * ConcurrentIssuingTest found it.)
     */
    private void moveOnTime(Handle h, Timer timer, AssignmentStatus from, AssignmentStatus to) {
        AssignmentStore.TABLE.select(h, "WHERE id = ? FOR UPDATE NOWAIT", timer.key()).stream()
                .filter(assignment -> assignment.status() == from)
                .forEach(assignment -> move(h, assignment, to, assignment.doc()));
    }

    /** The outcome of a take: the assignment, and whether it is new or the one the worker was already doing. */
    public record Taken(Assignment assignment, boolean isNew) {
    }

    /**
     * Gives the worker a suite of the pool: the one they are still working on, else an uploaded suite with a place
     * left, else a suite the mixer makes from loose tasks. 403 ACCESS_DENIED, saying why, when the pool is not for
     * them (a restriction, its filter), even with a suite of it in their hands; 409 NO_TASKS_AVAILABLE when it has
     * nothing for them.
     */
    public Taken take(String workerId, long poolId) {
        return db.inTransaction(h -> take(h, workerId, poolId));
    }

    /**
     * {@link #take(String, long)} in the caller's transaction, for simulated workers, whose every step is part of
     * the timer firing that makes it. When it throws, the caller must undo its writes (roll back, or
     * {@link Handle#undoIfThrows}): the mixer may have taken places before it found too few for a suite.
     */
    public Taken take(Handle h, String workerId, long poolId) {
        // One worker's takes run one at a time, on every node: two at once would give two active suites.
        Worker worker = workers.lock(h, workerId).orElseThrow();
        Pool pool = pools.findAnyAccount(h, poolId).orElseThrow(() -> ApiException.notFound("Pool",
                Long.toString(poolId)));
        ObjectNode poolDoc = pool.doc().tree();
        access.refusal(access.applicant(h, worker), pool, poolDoc).ifPresent(why -> {
            throw new ApiException(ErrorCode.ACCESS_DENIED, "Pool " + poolId + " is not for you: " + why);
        });
        AssignmentStore.Start start = AssignmentStore.start(h, workerId, poolId);
        // Still active when read whole, unless submitted or expired in between: then the worker has none.
        Optional<Assignment> active = Optional.ofNullable(start.activeId())
                .flatMap(id -> AssignmentStore.TABLE.findAnyOwner(h, id, false))
                .filter(assignment -> assignment.status() == AssignmentStatus.ACTIVE);
        if (active.isPresent()) {
            return new Taken(active.get(), false);
        }
        if (!Pool.OPEN.equals(pool.status())) {
            throw nothingAvailable(poolId, "it is not open");
        }
        String assignmentId = ids.nextItemId(poolId);
        long now = clock.millis();
        TaskSuite suite = start.uploadedSuites() ? uploadedSuite(h, poolId, workerId) : null;
        List<ObjectNode> issued = new ArrayList<>();
        boolean mixed = suite == null;
        if (suite != null) {
            for (JsonNode task : suite.doc().tree().path("tasks")) {
                issued.add((ObjectNode) task);
            }
        } else {
            List<Task> drawn = Mixer.draw(h, poolId, Mixer.config(pool, poolDoc), workerId, assignmentId);
            if (drawn.isEmpty()) {
                throw nothingAvailable(poolId, "no tasks are left for this worker");
            }
            drawn.forEach(task -> issued.add(task.inSuite()));
            ObjectNode suiteDoc = Json.object();
            suiteDoc.set("tasks", Json.mapper().valueToTree(issued));
            suite = new TaskSuite(ids.nextItemId(poolId), pool.accountId(), poolId, now, 1L, 1, false, true, 0,
                    Document.of(suiteDoc));
            TaskStore.SUITES.insert(h, suite);
        }
        ObjectNode doc = Json.object();
        doc.set("tasks", Json.mapper().valueToTree(issued));
        doc.put("mixed", mixed);
        doc.put("automerged", false);
        Assignment assignment = new Assignment(assignmentId, pool.accountId(), poolId, suite.id(), workerId,
                AssignmentStatus.ACTIVE, now, null, null, null, null, null,
                poolDoc.path("reward_per_assignment").asDouble(0), Document.of(doc));
        AssignmentStore.TABLE.insert(h, assignment);
        AssignmentStore.recordTasks(h, assignmentId, workerId, assignment.taskIds());
        long duration = poolDoc.path("assignment_max_duration_seconds").asLong(DEFAULT_MAX_DURATION_SECONDS);
        scheduler.schedule(h, EXPIRE, assignmentId, pool.accountId(), now + duration * 1000, null);
        return new Taken(assignment, true);
    }

    /**
     * Open pools and trainings with work for this worker ({@link Reservations#poolsWithWork}), and that are for them
     * ({@link PoolAccess}). Each with what a worker is shown of it, the first {@value ListQuery#MAX_LIMIT} by id.
     */
    public Page<ObjectNode> availablePools(String workerId) {
        int limit = ListQuery.MAX_LIMIT;
        return db.inTransaction(h -> {
            PoolAccess.Applicant applicant = access.applicant(h, workers.findById(h, workerId).orElseThrow());
            List<ObjectNode> items = new ArrayList<>();
            long after = 0;
            while (true) {
                // A page of candidates at a time: those that are not for the worker leave room for the next ones.
                List<Long> candidates = Reservations.poolsWithWork(h, workerId, after, limit + 1);
                for (long id : candidates) {
                    Pool pool = pools.findAnyAccount(h, id).orElseThrow();
                    ObjectNode poolDoc = pool.doc().tree();
                    if (access.refusal(applicant, pool, poolDoc).isEmpty()) {
                        if (items.size() == limit) {
                            return new Page<>(items, true);
                        }
                        items.add(shownToWorkers(h, pool, poolDoc));
                    }
                }
                if (candidates.size() <= limit) {
                    return new Page<>(items, false);
                }
                after = candidates.get(candidates.size() - 1);
            }
        });
    }

    private ObjectNode shownToWorkers(Handle h, Pool pool, ObjectNode poolDoc) {
        ObjectNode project = projects.find(h, pool.accountId(), pool.projectId()).orElseThrow().doc().tree();
        ObjectNode out = Json.object();
        out.put("id", Long.toString(pool.id()));
        out.put("type", pool.kind().name());
        out.put("public_name", project.path("public_name").asText());
        for (String field : List.of("public_description", "public_instructions")) {
            JsonNode value = poolDoc.path(field).isTextual() ? poolDoc.get(field) : project.path(field);
            if (value.isTextual()) {
                out.set(field, value);
            }
        }
        out.put("reward_per_assignment", poolDoc.path("reward_per_assignment").asDouble(0));
        out.put("assignment_max_duration_seconds",
                poolDoc.path("assignment_max_duration_seconds").asLong(DEFAULT_MAX_DURATION_SECONDS));
        return out;
    }

    /** Rewards of the worker's accepted assignments, and of those submitted and not yet reviewed. */
    public ObjectNode earnings(String workerId) {
        return db.oneStatement(h -> {
            ObjectNode out = Json.object();
            out.put("accepted", 0.0).put("pending", 0.0).put("accepted_count", 0).put("pending_count", 0);
            h.query("SELECT status, COALESCE(SUM(reward), 0), COUNT(*) FROM assignments WHERE worker_id = ?"
                    + " AND status IN ('ACCEPTED', 'SUBMITTED') GROUP BY status", rs -> {
                        String key = rs.getString(1).equals("ACCEPTED") ? "accepted" : "pending";
                        out.put(key, rs.getBigDecimal(2).doubleValue());
                        out.put(key + "_count", rs.getLong(3));
                        return key;
                    }, workerId);
            return out;
        });
    }

    private static TaskSuite uploadedSuite(Handle h, long poolId, String workerId) {
        return TaskStore.takeUploadedSuite(h, poolId, workerId, suite -> Reservations.allow(suite.doc(), workerId));
    }

    private static ApiException missing(String id) {
        return ApiException.notFound("Assignment", Text.abbreviate(id, 40));
    }

    private static ApiException nothingAvailable(long poolId, String why) {
        return new ApiException(ErrorCode.NO_TASKS_AVAILABLE, "Pool " + poolId + " has nothing for you: " + why);
    }

    /** A worker's own assignment; another worker's does not exist for them. */
    public JsonSerializable getOwn(String workerId, String id) {
        return db.oneStatement(h -> own(h, workerId, id, false)).workerView();
    }

    public Page<JsonSerializable> listOwn(String workerId, ListQuery.Params params) {
        ListQuery query = AssignmentStore.TABLE.query(params);
        List<Assignment> rows = db.oneStatement(h -> AssignmentStore.ofWorker(h, workerId, query));
        return query.page(rows.stream().map(Assignment::workerView).toList());
    }

    private static Assignment own(Handle h, String workerId, String id, boolean forUpdate) {
        return AssignmentStore.TABLE.findAnyOwner(h, id, forUpdate)
                .filter(a -> a.workerId().equals(workerId))
                .orElseThrow(() -> missing(id));
    }

    /**
     * The worker's answers, one per task in order, each checked against the project's output spec: a wrong one is
     * 400 with every problem under {@code solutions.N.output_values.field}, and nothing changes.
     */
    public JsonSerializable submit(String workerId, String id, JsonNode solutions) {
        return db.inTransaction(h -> submit(h, workerId, id, solutions).workerView());
    }

    /** {@link #submit(String, String, JsonNode)} in the caller's transaction, for simulated workers. */
    public Assignment submit(Handle h, String workerId, String id, JsonNode solutions) {
        Assignment assignment = own(h, workerId, id, true);
        requireStatus(assignment, AssignmentStatus.SUBMITTED);
        PoolStore.WithProject read = pools.findAnyAccountWithProject(h, assignment.poolId()).orElseThrow();
        Pool pool = read.pool();
        checkSolutions(read.projectDoc(), assignment, solutions);
        ObjectNode doc = assignment.doc().tree();
        doc.set("solutions", solutions);
        ObjectNode poolDoc = pool.doc().tree();
        Assignment submitted = move(h, pool, poolDoc, assignment, AssignmentStatus.SUBMITTED, Document.of(doc),
                true);
        if (submitted.status() != AssignmentStatus.SUBMITTED) {
            // A quality-control rule has reviewed it already (REJECT_ALL_ASSIGNMENTS, APPROVE_ALL_ASSIGNMENTS).
            return submitted;
        }
        if (poolDoc.path("auto_accept_solutions").asBoolean(false)) {
            // Accepted before its review timer was ever set: there is none to cancel.
            submitted = move(h, pool, poolDoc, submitted, AssignmentStatus.ACCEPTED, submitted.doc(), false);
        } else {
            scheduler.schedule(h, AUTO_ACCEPT, id, assignment.accountId(), clock.millis()
                    + reviewPeriodMillis(poolDoc), null);
        }
        return submitted;
    }

    /** How long a submitted assignment of the pool waits for review before the pool accepts it. */
    public static long reviewPeriodMillis(JsonNode poolDoc) {
        return poolDoc.path("auto_accept_period_day").asLong(DEFAULT_AUTO_ACCEPT_DAYS) * DAY_MILLIS;
    }

    public JsonSerializable skip(String workerId, String id) {
        return db.inTransaction(h -> skip(h, workerId, id).workerView());
    }

    /** {@link #skip(String, String)} in the caller's transaction, for simulated workers. */
    public Assignment skip(Handle h, String workerId, String id) {
        Assignment assignment = own(h, workerId, id, true);
        requireStatus(assignment, AssignmentStatus.SKIPPED);
        return move(h, assignment, AssignmentStatus.SKIPPED, assignment.doc());
    }

    private static void checkSolutions(Document projectDoc, Assignment assignment, JsonNode solutions) {
        int tasks = assignment.taskIds().size();
        if (!solutions.isArray() || solutions.size() != tasks) {
            throw ApiException.invalidField("solutions", "INVALID_SOLUTIONS_COUNT",
                    "Give one solution per task, in the order of the tasks: " + tasks);
        }
        JsonNode outputSpec = projectDoc.tree().path("task_spec").path("output_spec");
        FieldSpecs spec = FieldSpecs.of(outputSpec);
        Map<String, FieldError> errors = new LinkedHashMap<>();
        for (int i = 0; i < solutions.size(); i++) {
            JsonNode values = solutions.get(i).path("output_values");
            String path = "solutions." + i + ".output_values";
            if (!values.isObject()) {
                errors.put(path, FieldError.of("VALUE_REQUIRED", "Value must be present and not equal to null"));
            } else {
                errors.putAll(spec.check(values, path));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
    }

    public JsonSerializable get(String accountId, String id) {
        return db.inTransaction(h -> AssignmentStore.views(h, List.of(AssignmentStore.TABLE.find(h, accountId, id)
                .orElseThrow(() -> missing(id))))).get(0);
    }

    public Page<JsonSerializable> list(String accountId, ListQuery.Params params) {
        ListQuery query = AssignmentStore.TABLE.query(params);
        String statuses = params.get("status");
        if (statuses != null) {
            query.whereAnyOf("status", "status", List.of(statuses.split(",", -1)), statusNames());
        }
        String taskId = params.get("task_id");
        if (taskId != null) {
            query.whereIn("id", "SELECT assignment_id FROM assignment_tasks WHERE task_id = ?", taskId);
        }
        return query.page(db.inTransaction(h -> AssignmentStore.views(h, AssignmentStore.TABLE.list(h, accountId,
                query))));
    }

    private static List<String> statusNames() {
        return java.util.Arrays.stream(AssignmentStatus.values()).map(Enum::name).toList();
    }

    /** The requester's PATCH: accept a submitted or rejected assignment, or reject a submitted one with a comment. */
    public JsonSerializable review(String accountId, String id, ObjectNode body) {
        AssignmentStatus next = switch (body.path("status").asText()) {
            case "ACCEPTED" -> AssignmentStatus.ACCEPTED;
            case "REJECTED" -> AssignmentStatus.REJECTED;
            default -> throw ApiException.invalidField("status", "INVALID_VALUE",
                    "An assignment is reviewed to ACCEPTED or REJECTED");
        };
        String comment = body.path("public_comment").asText("");
        if (next == AssignmentStatus.REJECTED && comment.isBlank()) {
            throw ApiException.invalidField("public_comment", "VALUE_REQUIRED", "A rejection needs a public_comment");
        }
        if (comment.length() > MAX_COMMENT_CHARS) {
            throw ApiException.invalidField("public_comment", "STRING_LENGTH_GREATER_THAN_MAX",
                    "public_comment must be at most " + MAX_COMMENT_CHARS + " characters long");
        }
        return db.inTransaction(h -> {
            Assignment assignment = AssignmentStore.TABLE.lock(h, accountId, id)
                    .orElseThrow(() -> missing(id));
            requireStatus(assignment, next);
            ObjectNode doc = assignment.doc().tree();
            if (body.has("public_comment")) {
                doc.put("public_comment", comment);
            }
            return AssignmentStore.views(h, List.of(move(h, assignment, next, Document.of(doc)))).get(0);
        });
    }

    private static void requireStatus(Assignment assignment, AssignmentStatus next) {
        if (!next.from().contains(assignment.status())) {
            throw ApiException.inappropriateStatus(ErrorCode.INAPPROPRIATE_STATUS,
                    next.from().stream().map(Enum::name).toList());
        }
    }

    /**
     * Moves the assignment and keeps everything that depends on its status in step: the places it holds in its
     * tasks' overlap, its timers, and whether its pool is now complete.
     */
    private Assignment move(Handle h, Assignment assignment, AssignmentStatus next, Document doc) {
        Pool pool = pools.findAnyAccount(h, assignment.poolId()).orElseThrow();
        return move(h, pool, pool.doc().tree(), assignment, next, doc, true);
    }

    /**
     * {@link #move(Handle, Assignment, AssignmentStatus, Document)} with the pool the caller has read already;
     * {@code timerSet} false when the caller knows the assignment's status has no timer to cancel.
     */
    private Assignment move(Handle h, Pool pool, JsonNode poolDoc, Assignment assignment, AssignmentStatus next,
                            Document doc, boolean timerSet) {
        Assignment moved = assignment.moved(next, clock.millis(), doc);
        AssignmentStore.TABLE.update(h, moved);
        if (assignment.status().holdsPlace() != next.holdsPlace()) {
            changePlaces(h, assignment, next.holdsPlace());
            if (next == AssignmentStatus.REJECTED) {
                // Toloka's guide: on a rejection "the pool automatically reopens and the assignments are reassigned
                // to other Tolokers".
                poolService.reopenIfCompleted(h, assignment.accountId(), assignment.poolId());
            }
        }
        if (timerSet && assignment.status() == AssignmentStatus.ACTIVE) {
            scheduler.cancel(h, EXPIRE, assignment.id());
        }
        if (timerSet && assignment.status() == AssignmentStatus.SUBMITTED) {
            scheduler.cancel(h, AUTO_ACCEPT, assignment.id());
        }
        boolean changed = afterMove.moved(h, pool, poolDoc, moved, (hr, a, to, comment) -> reviewByRule(hr, pool,
                poolDoc, a, to, comment));
        // After the hooks, which may lock tasks (dynamic overlap): the check may lock the pool's completion timer,
        // and a move that held it while waiting for a task another move holds, which then wants the timer, would
        // deadlock.
        if (!next.holdsPlace() || next == AssignmentStatus.SUBMITTED) {
            completion.checkSoon(h, assignment.accountId(), assignment.poolId());
        }
        return changed ? AssignmentStore.TABLE.findAnyOwner(h, moved.id(), false).orElseThrow() : moved;
    }

    /** A review a quality-control rule asks for; one already reviewed by someone else meanwhile is left alone. */
    private void reviewByRule(Handle h, Pool pool, JsonNode poolDoc, Assignment assignment, AssignmentStatus next,
                              String publicComment) {
        Assignment current = AssignmentStore.TABLE.findAnyOwner(h, assignment.id(), true).orElseThrow();
        if (!next.from().contains(current.status())) {
            return;
        }
        ObjectNode doc = current.doc().tree();
        if (publicComment != null) {
            doc.put("public_comment", publicComment);
        }
        move(h, pool, poolDoc, current, next, Document.of(doc), true);
    }

    /** Takes the assignment's places again, or gives them back, which other workers may then be waiting for. */
    private void changePlaces(Handle h, Assignment assignment, boolean take) {
        if (assignment.mixed()) {
            if (take) {
                TaskStore.retakePlaces(h, assignment.taskIds());
            } else {
                TaskStore.releasePlaces(h, assignment.taskIds());
            }
        } else {
            TaskStore.releaseSuitePlace(h, assignment.taskSuiteId(), take);
        }
        if (!take) {
            poolService.placesGivenBack(h, assignment.id(), assignment.workerId());
        }
    }
}
