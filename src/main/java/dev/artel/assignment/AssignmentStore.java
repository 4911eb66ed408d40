package dev.artel.assignment;

import static dev.artel.storage.DocumentTable.column;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.DocumentTable;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import dev.artel.task.TaskStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assignments, and the record of which worker had which task. */
public final class AssignmentStore {
    private static final Field ID = new Field("id", Kind.STRING_ID);
    /** Assignments sort and range-filter on the same fields: the id and the time of each step. */
    private static final Map<String, Field> ORDERED = ordered();
    private static final ListQuery.Spec LIST = new ListQuery.Spec(ORDERED, ORDERED, ID,
            Map.of("pool_id", new Field("pool_id", Kind.OBJECT_ID),
                    "task_suite_id", new Field("task_suite_id", Kind.STRING_ID),
                    "user_id", new Field("worker_id", Kind.STRING_ID)));

    static final DocumentTable<Assignment> TABLE = new DocumentTable<>("assignments", "assignment", List.of(
            column("id", Assignment::id),
            column("account_id", Assignment::accountId),
            column("pool_id", Assignment::poolId),
            column("task_suite_id", Assignment::taskSuiteId),
            column("worker_id", Assignment::workerId),
            column("status", a -> a.status().name()),
            column("created", Assignment::created),
            column("submitted", Assignment::submitted),
            column("accepted", Assignment::accepted),
            column("rejected", Assignment::rejected),
            column("skipped", Assignment::skipped),
            column("expired", Assignment::expired),
            column("finished", Assignment::finished),
            column("controls", Assignment::controls),
            column("reward", a -> java.math.BigDecimal.valueOf(a.reward())),
            column("doc", a -> a.doc().text())),
            row -> new Assignment(row.string("id"), row.string("account_id"), row.number("pool_id"),
                    row.string("task_suite_id"), row.string("worker_id"),
                    AssignmentStatus.valueOf(row.string("status")), row.number("created"),
                    row.nullableNumber("submitted"), row.nullableNumber("accepted"), row.nullableNumber("rejected"),
                    row.nullableNumber("skipped"), row.nullableNumber("expired"), row.decimal("reward"),
                    row.document()),
            LIST);

    private AssignmentStore() {
    }

    private static Map<String, Field> ordered() {
        Map<String, Field> fields = new LinkedHashMap<>();
        fields.put("id", ID);
        for (String name : List.of("created", "submitted", "accepted", "rejected", "skipped", "expired")) {
            fields.put(name, new Field(name, Kind.TIME));
        }
        return fields;
    }

    /** The requester's views of the assignments, with the server's fields of all their tasks read at once. */
    static List<JsonSerializable> views(Handle h, List<Assignment> assignments) {
        Map<String, ObjectNode> taskFields = TaskStore.serverFields(h,
                assignments.stream().flatMap(a -> a.taskIds().stream()).toList());
        return assignments.stream().map(a -> a.view(taskFields)).toList();
    }

    /**
     * What a take looks for first: the id of the worker's assignment in the pool that is still being worked on
     * (null if none), and whether the pool has an uploaded suite with a place left for anyone. One read rather
     * than two: most pools are the mixer's, and their takes need not look for suites the worker may have.
     */
    record Start(String activeId, boolean uploadedSuites) {
    }

    static Start start(Handle h, String workerId, long poolId) {
        return h.queryOne("SELECT (SELECT id FROM assignments WHERE worker_id = ? AND pool_id = ? AND status = 'ACTIVE'"
                + " ORDER BY id LIMIT 1), (SELECT 1 FROM task_suites WHERE pool_id = ? AND issuable = TRUE LIMIT 1)",
                rs -> new Start(rs.getString(1), rs.getObject(2) != null), workerId, poolId, poolId).orElseThrow();
    }

    static List<Assignment> ofWorker(Handle h, String workerId, ListQuery query) {
        return TABLE.select(h, "WHERE worker_id = ?" + query.where(h.dialect()) + query.orderAndLimit(), query.args(workerId));
    }

    /** Records that the worker had these tasks; a task the worker had before breaks the key and the transaction. */
    static void recordTasks(Handle h, String assignmentId, String workerId, List<String> taskIds) {
        List<Object[]> rows = new ArrayList<>();
        for (String taskId : taskIds) {
            rows.add(new Object[] {taskId, workerId, assignmentId});
        }
        h.batch("INSERT INTO assignment_tasks (task_id, worker_id, assignment_id) VALUES (?, ?, ?)", rows);
    }

    /** The worker's assignments of the pool that are no longer being worked on, in no particular order. */
    public static List<Assignment> doneInPool(Handle h, long poolId, String workerId) {
        return TABLE.select(h, "WHERE pool_id = ? AND worker_id = ? AND status <> 'ACTIVE'", poolId, workerId);
    }

    /** The ids of the account's pools the worker has had assignments in, in order. */
    public static List<Long> poolsOf(Handle h, String accountId, String workerId) {
        return h.query("SELECT DISTINCT pool_id FROM assignments WHERE account_id = ? AND worker_id = ?"
                + " ORDER BY pool_id", rs -> rs.getLong(1), accountId, workerId);
    }

    /** Every assignment of the pool, in no particular order. */
    public static List<Assignment> ofPool(Handle h, long poolId) {
        return TABLE.select(h, "WHERE pool_id = ?", poolId);
    }

    public static List<Assignment> ofSuite(Handle h, String suiteId) {
        return TABLE.select(h, "WHERE task_suite_id = ?", suiteId);
    }

    /** The assignments that had any of the tasks, whoever the worker. */
    public static List<Assignment> withTasks(Handle h, Collection<String> taskIds) {
        return TABLE.selectIn(h, "WHERE id IN (SELECT assignment_id FROM assignment_tasks WHERE task_id IN ", taskIds,
                ")");
    }

    /** Which of a worker's finished assignments a page holds. */
    public enum Finished {
        ALL,
        /** Those with a control or training task. */
        WITH_CONTROLS,
        /**
         * Answers that count (submitted or accepted) with a task that at least a given number of workers hold places
         * in: those a majority of that size can judge.
         */
        VOTABLE
    }

    /**
     * A page of the worker's assignments of the pool that finished after {@code since}, newest first (by when they
     * finished, then id), starting after {@code after} when it is given; {@code votableAt} is the majority's size
     * for {@link Finished#VOTABLE}.
     */
    public static List<Assignment> latestFinished(Handle h, long poolId, String workerId, long since,
                                                  Finished which, int votableAt, Assignment after, int limit) {
        StringBuilder where = new StringBuilder("WHERE pool_id = ? AND worker_id = ? AND finished > ?");
        List<Object> args = new ArrayList<>(List.of(poolId, workerId, since));
        if (after != null) {
            where.append(" AND (finished < ? OR (finished = ? AND id < ?))");
            args.addAll(List.of(after.finished(), after.finished(), after.id()));
        }
        String order = " ORDER BY worker_id DESC, pool_id DESC, finished DESC, id DESC LIMIT ?";
        switch (which) {
            case ALL -> { }
            case WITH_CONTROLS -> {
                where.append(" AND controls = TRUE");
                order = " ORDER BY worker_id DESC, pool_id DESC, controls DESC, finished DESC, id DESC LIMIT ?";
            }
            case VOTABLE -> {
                where.append(" AND status IN ('SUBMITTED', 'ACCEPTED') AND EXISTS (SELECT 1 FROM assignment_tasks t"
                        + " JOIN tasks ON tasks.id = t.task_id WHERE t.assignment_id = assignments.id"
                        + " AND tasks.taken >= ?)");
                args.add(votableAt);
            }
        }
        // Led by the index's columns the filter fixes, so that H2 too reads the index in order and stops at the limit.
        where.append(order);
        args.add(limit);
        return TABLE.select(h, where.toString(), args.toArray());
    }

    /**
     * Of the worker's assignments of the pool that finished after {@code since}: how many were answered (submitted,
     * whatever came of it), how many of those still await review, and the reward of the answers that count
     * submitted after {@code incomeFrom}.
     */
    public static Tally tally(Handle h, long poolId, String workerId, long since, long incomeFrom) {
        return h.queryOne("SELECT COUNT(submitted), COUNT(CASE WHEN status = 'SUBMITTED' THEN 1 END),"
                + " SUM(CASE WHEN status IN ('SUBMITTED', 'ACCEPTED') AND finished > ? THEN reward ELSE 0 END)"
                + " FROM assignments WHERE pool_id = ? AND worker_id = ? AND finished > ?",
                rs -> new Tally(rs.getLong(1), rs.getLong(2), rs.getDouble(3)), incomeFrom, poolId, workerId, since)
                .orElseThrow();
    }

    public record Tally(long answered, long awaitingReview, double income) {
    }

    /**
     * The worker's submitted, not yet reviewed assignments of the pool, locked; one another transaction holds is
     * left out rather than waited for, since its holder is reviewing or moving it right now.
     */
    public static List<Assignment> awaitingReview(Handle h, long poolId, String workerId) {
        return TABLE.select(h, "WHERE pool_id = ? AND worker_id = ? AND status = 'SUBMITTED' ORDER BY id"
                + " FOR UPDATE SKIP LOCKED", poolId, workerId);
    }
}
