package dev.artel.task;

import static dev.artel.storage.DocumentTable.column;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.DocumentTable;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/** Tasks and task suites: their tables, and the counts that issuing keeps on them. */
public final class TaskStore {
    private static final Field ID = new Field("id", Kind.STRING_ID);
    private static final Field CREATED = new Field("created", Kind.TIME);
    private static final Field OVERLAP = new Field("overlap", Kind.INTEGER);
    /** The list declaration that tasks and task suites share: Toloka filters both the same way. */
    private static final ListQuery.Spec LIST = new ListQuery.Spec(
            Map.of("id", ID, "created", CREATED),
            Map.of("id", ID, "created", CREATED, "overlap", OVERLAP),
            ID,
            Map.of("pool_id", new Field("pool_id", Kind.OBJECT_ID), "overlap", OVERLAP));

    public static final DocumentTable<Task> TASKS = new DocumentTable<>("tasks", "task", List.of(
            column("id", Task::id),
            column("account_id", Task::accountId),
            column("pool_id", Task::poolId),
            column("suite_id", Task::suiteId),
            column("created", Task::created),
            column("overlap", Task::overlap),
            column("taken", Task::taken),
            column("issuable", Task::issuable),
            column("kind", t -> t.kind().name()),
            column("doc", t -> t.doc().text())),
            row -> new Task(row.string("id"), row.string("account_id"), row.number("pool_id"),
                    row.string("suite_id"), row.number("created"), row.nullableNumber("overlap"),
                    (int) row.number("taken"), row.flag("issuable"), TaskKind.valueOf(row.string("kind")),
                    row.document()),
            LIST);

    public static final DocumentTable<TaskSuite> SUITES = new DocumentTable<>("task_suites", "task suite", List.of(
            column("id", TaskSuite::id),
            column("account_id", TaskSuite::accountId),
            column("pool_id", TaskSuite::poolId),
            column("created", TaskSuite::created),
            column("overlap", TaskSuite::overlap),
            column("taken", TaskSuite::taken),
            column("issuable", TaskSuite::issuable),
            column("mixed", TaskSuite::mixed),
            column("issuing_order", TaskSuite::issuingOrder),
            column("doc", s -> s.doc().text())),
            row -> new TaskSuite(row.string("id"), row.string("account_id"), row.number("pool_id"),
                    row.number("created"), row.nullableNumber("overlap"), (int) row.number("taken"),
                    row.flag("issuable"), row.flag("mixed"), row.decimal("issuing_order"), row.document()),
            LIST);

    private TaskStore() {
    }

    /** Uploaded suites one take reads at most: enough to pass over what dozens of concurrent takers hold. */
    private static final int MAX_SUITE_CANDIDATES = 512;

    /**
     * The server's fields of each task named (id, pool, overlap, remaining overlap, created), as its own view has
     * them and read from its columns alone, a few statements for any number: what an assignment adds to the tasks
     * it carries. Ids of no task are left out.
     */
    public static Map<String, ObjectNode> serverFields(Handle h, Collection<String> taskIds) {
        Map<String, ObjectNode> fields = new HashMap<>();
        h.queryIn("SELECT id, pool_id, overlap, taken, created FROM tasks WHERE id IN ", new LinkedHashSet<>(taskIds),
                "", rs -> fields.put(rs.getString(1), Task.serverFields(rs.getString(1), rs.getLong(2),
                        rs.getObject(3, Long.class), rs.getInt(4), rs.getLong(5))));
        return fields;
    }

    /** The tasks of a suite in the order they were uploaded, which is the order of their ids. */
    public static List<Task> tasksOfSuite(Handle h, String suiteId) {
        return TASKS.select(h, "WHERE suite_id = ? ORDER BY id", suiteId);
    }

    /** What {@link #tryTakePlace} found. */
    public enum Place { TAKEN, FULL, BUSY }

    /**
     * Takes one place in the task's overlap without waiting: BUSY when another transaction holds the task right now
     * (it is being issued, answered or given back), FULL when it has no place left. Issuers that waited for each
     * other's row locks here all queued behind the same first tasks of the pool, each holding a connection while
     * it waited: with 64 workers at once, takes lost every task they waited for, were sent away with
     * NO_TASKS_AVAILABLE while the pool was full of work, and starved other requests of connections into 503s
     * (ConcurrentIssuingTest).
     */
    public static Place tryTakePlace(Handle h, String taskId) {
        // One row by its key: H2 applies a LIMIT before SKIP LOCKED, which a single row does not need.
        Boolean issuable = h.queryOne("SELECT issuable FROM tasks WHERE id = ? FOR UPDATE SKIP LOCKED",
                rs -> rs.getBoolean(1), taskId).orElse(null);
        if (issuable == null) {
            return Place.BUSY;
        }
        return issuable && takePlace(h, taskId) ? Place.TAKEN : Place.FULL;
    }

    /** Takes one place in the task's overlap, waiting for whoever holds it; false when no place is left then. */
    public static boolean takePlace(Handle h, String taskId) {
        return h.update("UPDATE tasks SET taken = taken + 1, issuable = (overlap IS NULL OR taken + 1 < overlap)"
                + " WHERE id = ? AND issuable", taskId) == 1;
    }

    /** Gives back the places of tasks whose assignment ended without an answer that counts (skipped, expired, rejected). */
    public static void releasePlaces(Handle h, List<String> taskIds) {
        for (String id : taskIds.stream().sorted().toList()) {
            h.update("UPDATE tasks SET taken = taken - 1, issuable = (suite_id IS NULL AND (overlap IS NULL"
                    + " OR taken - 1 < overlap)) WHERE id = ? AND taken > 0", id);
        }
    }

    /**
     * Changes the overlap of loose tasks by {@code delta} (a quality-control rule's CHANGE_OVERLAP), never below
     * one nor below the places taken; tasks of infinite overlap stay so.
     */
    public static void addOverlap(Handle h, List<String> taskIds, long delta) {
        for (String id : taskIds.stream().sorted().toList()) {
            h.update("UPDATE tasks SET overlap = GREATEST(overlap + ?, taken, 1), issuable = (suite_id IS NULL"
                    + " AND taken < GREATEST(overlap + ?, taken, 1)) WHERE id = ? AND overlap IS NOT NULL",
                    delta, delta, id);
        }
    }

    /** {@link #addOverlap} for an uploaded suite and its tasks. */
    public static void addSuiteOverlap(Handle h, String suiteId, long delta) {
        h.update("UPDATE task_suites SET overlap = GREATEST(overlap + ?, taken, 1), issuable = (mixed = FALSE"
                + " AND taken < GREATEST(overlap + ?, taken, 1)) WHERE id = ? AND overlap IS NOT NULL",
                delta, delta, suiteId);
        h.update("UPDATE tasks SET overlap = (SELECT s.overlap FROM task_suites s WHERE s.id = tasks.suite_id)"
                + " WHERE suite_id = ?", suiteId);
    }

    /** Takes a place back for a rejected assignment that is accepted after all, even past the overlap. */
    public static void retakePlaces(Handle h, List<String> taskIds) {
        for (String id : taskIds.stream().sorted().toList()) {
            h.update("UPDATE tasks SET taken = taken + 1, issuable = (suite_id IS NULL AND (overlap IS NULL"
                    + " OR taken + 1 < overlap)) WHERE id = ?", id);
        }
    }

    /**
     * A cut of the rows of {@code alias} (tasks or task suites) a worker may have, to put beside a read of candidates,
     * with {@link #mentioning} as its argument: a row reserved for some workers names the worker in its document if
     * it is reserved for them. It never leaves out a row the worker may have, so what it lets through is still
     * judged whole (unavailable_for, an id that only appears in some value), but rows reserved for others neither
     * fill a page of candidates nor make a pool look as if it had work for the worker.
     */
    public static String reservableBy(String alias) {
        return " AND (" + alias + ".doc NOT LIKE '%\"reserved_for\"%' OR " + alias + ".doc LIKE ?)";
    }

    /** The LIKE pattern of {@link #reservableBy}: worker ids are hex, with nothing LIKE or JSON would escape. */
    public static String mentioning(String workerId) {
        return "%\"" + workerId + "\"%";
    }

    /**
     * Up to {@code limit} loose tasks of the kind, with ids after {@code afterId} (empty: from the first) and up to
     * {@code untilId} (null: to the last), that still have a place, that the worker has never had and that are not
     * reserved for others ({@link #reservableBy}), in id order. A read without locks: {@link #tryTakePlace} settles
     * any race.
     */
    public static List<Task> issuable(Handle h, long poolId, TaskKind kind, String workerId, String afterId,
                                      String untilId, int limit) {
        String until = untilId == null ? "" : " AND id <= ?";
        Object[] args = untilId == null ? new Object[] {poolId, kind.name(), afterId, workerId, mentioning(workerId)}
                : new Object[] {poolId, kind.name(), afterId, untilId, workerId, mentioning(workerId)};
        return TASKS.select(h, "WHERE pool_id = ? AND issuable = TRUE AND kind = ? AND id > ?" + until
                + " AND NOT EXISTS (SELECT 1 FROM assignment_tasks a WHERE a.task_id = tasks.id AND a.worker_id = ?)"
                + reservableBy("tasks")
                // The same order as by id alone, since the WHERE fixes the other columns; spelt as the index's
                // columns because H2 otherwise reads and sorts every issuable task of the pool on every take.
                + " ORDER BY pool_id, issuable, kind, id LIMIT " + limit, args);
    }

    public record IdRange(String first, String last) {
    }

    /**
     * The smallest and the largest id of the pool's loose tasks of the kind with a place left; empty if none. One
     * statement, each end one probe of the index: every take from a mixer pool asks.
     */
    public static Optional<IdRange> issuableIdRange(Handle h, long poolId, TaskKind kind) {
        String end = "(SELECT id FROM tasks WHERE pool_id = ? AND issuable = TRUE AND kind = ? ORDER BY pool_id";
        // A pool with none gives one row of nulls.
        return h.query("SELECT " + end + ", issuable, kind, id LIMIT 1), " + end
                + " DESC, issuable DESC, kind DESC, id DESC LIMIT 1)", rs -> rs.getString(1) == null ? null
                        : new IdRange(rs.getString(1), rs.getString(2)), poolId, kind.name(), poolId, kind.name())
                .stream().filter(Objects::nonNull).findFirst();
    }

    /**
     * Uploaded suites with a place left that hold no task the worker has had and that are not reserved for others
     * ({@link #reservableBy}), best issuing order first.
     */
    public static List<TaskSuite> issuableSuites(Handle h, long poolId, String workerId, int limit) {
        return SUITES.select(h, "WHERE pool_id = ? AND issuable = TRUE AND NOT EXISTS (SELECT 1 FROM tasks t"
                + " JOIN assignment_tasks a ON a.task_id = t.id WHERE t.suite_id = task_suites.id AND a.worker_id = ?)"
                + reservableBy("task_suites") + " ORDER BY issuing_order DESC, id LIMIT " + limit, poolId, workerId,
                mentioning(workerId));
    }

    /**
     * Takes a place in an uploaded suite for the worker ({@link #issuableSuites} that {@code allowed} lets through),
     * best issuing order first; null when none has a place. Suites other transactions hold are passed over, and
     * more candidates read, before it waits for those: they often have a place left once their holder is done.
     * Takers that waited for each other from the first suite on queued one by one behind the first suites in
     * issuing order, each holding a connection, and a suite held by a hung node made every take of the pool a 503
     * (ConcurrentSuiteIssuingTest).
     */
    public static TaskSuite takeUploadedSuite(Handle h, long poolId, String workerId, Predicate<TaskSuite> allowed) {
        Set<String> tried = new HashSet<>();
        List<TaskSuite> busy = new ArrayList<>();
        for (int limit = 8; limit <= MAX_SUITE_CANDIDATES; limit *= 4) {
            List<TaskSuite> candidates = issuableSuites(h, poolId, workerId, limit);
            for (TaskSuite candidate : candidates) {
                if (tried.add(candidate.id()) && allowed.test(candidate)) {
                    Place place = tryTakeSuitePlace(h, candidate);
                    if (place == Place.TAKEN) {
                        return candidate;
                    }
                    if (place == Place.BUSY) {
                        busy.add(candidate);
                    }
                }
            }
            if (candidates.size() < limit) {
                break;
            }
        }
        return busy.stream().filter(candidate -> takeSuitePlace(h, candidate)).findFirst().orElse(null);
    }

    /**
     * {@link #tryTakePlace} for an uploaded suite: BUSY when another transaction holds it right now, FULL when it
     * has no place left. Only a suite with a place is locked, so a take that passes over full ones holds no row
     * but the suite it takes, and may then wait for a busy one without a cycle of waits.
     */
    private static Place tryTakeSuitePlace(Handle h, TaskSuite suite) {
        // One row by its key: H2 applies a LIMIT before SKIP LOCKED, which a single row does not need.
        if (h.queryOne("SELECT id FROM task_suites WHERE id = ? AND issuable = TRUE FOR UPDATE SKIP LOCKED",
                rs -> rs.getString(1), suite.id()).isEmpty()) {
            // Full, or held: the last committed state tells which, well enough to decide whether to come back.
            return h.queryOne("SELECT issuable FROM task_suites WHERE id = ?", rs -> rs.getBoolean(1), suite.id())
                    .orElse(false) ? Place.BUSY : Place.FULL;
        }
        return takeSuitePlace(h, suite) ? Place.TAKEN : Place.FULL;
    }

    /** Like {@link #takePlace} for one uploaded suite, and for every task in it, waiting for whoever holds it. */
    private static boolean takeSuitePlace(Handle h, TaskSuite suite) {
        if (h.update("UPDATE task_suites SET taken = taken + 1, issuable = (overlap IS NULL OR taken + 1 < overlap)"
                + " WHERE id = ? AND issuable", suite.id()) != 1) {
            return false;
        }
        h.update("UPDATE tasks SET taken = taken + 1 WHERE suite_id = ?", suite.id());
        return true;
    }

    public static void releaseSuitePlace(Handle h, String suiteId, boolean retake) {
        int delta = retake ? 1 : -1;
        h.update("UPDATE task_suites SET taken = taken + ?, issuable = (mixed = FALSE AND (overlap IS NULL"
                + " OR taken + ? < overlap)) WHERE id = ? AND taken + ? >= 0", delta, delta, suiteId, delta);
        h.update("UPDATE tasks SET taken = taken + ? WHERE suite_id = ? AND taken + ? >= 0", delta, suiteId, delta);
    }

    /**
     * Whether every general task of the pool has all the answers its overlap asks for and none is being worked on:
     * no loose real task and no uploaded suite with a place left (infinite overlap always has one), and no active
     * assignment. Loose control and training tasks do not count: Toloka tells requesters to give control tasks
     * infinite overlap "so that there is enough to mark up all general tasks", and its pools still complete (as
     * toloka-kit's users expect when they upload golden tasks with {@code infinite_overlap=True}). A pool without
     * a real task (a training) never completes. Each is one probe of an index.
     */
    public static boolean poolComplete(Handle h, long poolId) {
        return nothingToIssue(h, poolId)
                && none(h, "SELECT 1 FROM assignments WHERE pool_id = ? AND status = 'ACTIVE'", poolId)
                && !none(h, "SELECT 1 FROM tasks WHERE pool_id = ? AND kind = 'REAL'", poolId);
    }

    /**
     * Whether no general task and no uploaded suite of the pool has a place left. Control and training tasks do
     * not count: toloka-kit users give them infinite overlap, so that there are enough for every general task.
     */
    public static boolean nothingToIssue(Handle h, long poolId) {
        return none(h, "SELECT 1 FROM tasks WHERE pool_id = ? AND issuable = TRUE AND kind = 'REAL'", poolId)
                && none(h, "SELECT 1 FROM task_suites WHERE pool_id = ? AND issuable = TRUE", poolId);
    }

    /** Whether the pool has a loose task the worker has not had or an uploaded suite for them, with a place left. */
    public static boolean hasWorkFor(Handle h, long poolId, String workerId) {
        return h.queryOne("SELECT 1 FROM tasks t WHERE t.pool_id = ? AND t.issuable = TRUE AND NOT EXISTS (SELECT 1"
                + " FROM assignment_tasks a WHERE a.task_id = t.id AND a.worker_id = ?) FETCH FIRST 1 ROWS ONLY",
                rs -> 1, poolId, workerId).isPresent() || !issuableSuites(h, poolId, workerId, 1).isEmpty();
    }

    private static boolean none(Handle h, String sql, long poolId) {
        return h.queryOne(sql + " FETCH FIRST 1 ROWS ONLY", rs -> 1, poolId).isEmpty();
    }
}
