package dev.artel.analytics;

import dev.artel.storage.Handle;
import java.math.BigDecimal;
import java.util.List;

/**
 * The queries behind the pool metrics: read-only counts over the tables of {@code task/} and {@code assignment/},
 * each one statement over an index that starts with the pool's id. Statuses are those of AssignmentStatus.
 */
final class AnalyticsStore {
    /** Answers that count, for completion: they hold their place in the overlap and are not being worked on. */
    private static final String ANSWERED = "('SUBMITTED', 'ACCEPTED')";
    /** Answers ever submitted, whatever their review said since. */
    private static final String SUBMITTED = "('SUBMITTED', 'ACCEPTED', 'REJECTED')";

    private AnalyticsStore() {
    }

    /** Tasks without known solutions: neither control nor training tasks, and each counted once, not per overlap. */
    static long realTasks(Handle h, long poolId) {
        return h.queryLong("SELECT COUNT(*) FROM tasks WHERE pool_id = ? AND kind = 'REAL'", poolId);
    }

    static long assignments(Handle h, long poolId, String... statuses) {
        Object[] args = new Object[statuses.length + 1];
        args[0] = poolId;
        System.arraycopy(statuses, 0, args, 1, statuses.length);
        return h.queryLong("SELECT COUNT(*) FROM assignments WHERE pool_id = ? AND status IN ("
                + String.join(", ", java.util.Collections.nCopies(statuses.length, "?")) + ")", args);
    }

    /** Mean milliseconds from taking an assignment to submitting it, whole; 0 when none was submitted. */
    static long averageSubmitMillis(Handle h, long poolId) {
        return h.queryOne("SELECT COALESCE(SUM(submitted - created), 0), COUNT(*) FROM assignments WHERE pool_id = ?"
                + " AND submitted IS NOT NULL", rs -> rs.getLong(2) == 0 ? 0L : rs.getLong(1) / rs.getLong(2),
                poolId).orElseThrow();
    }

    /** Rewards of accepted assignments: what the requester has paid, without fees (Artel charges none). */
    static BigDecimal spent(Handle h, long poolId) {
        return h.queryOne("SELECT COALESCE(SUM(reward), 0) FROM assignments WHERE pool_id = ? AND status = 'ACCEPTED'",
                rs -> rs.getBigDecimal(1), poolId).orElseThrow();
    }

    static long workers(Handle h, long poolId) {
        return h.queryLong("SELECT COUNT(DISTINCT worker_id) FROM assignments WHERE pool_id = ?", poolId);
    }

    static long submitters(Handle h, long poolId) {
        return h.queryLong("SELECT COUNT(DISTINCT worker_id) FROM assignments WHERE pool_id = ? AND status IN "
                + SUBMITTED, poolId);
    }

    /** Workers who took any assignment, in any pool, since {@code since}. */
    static List<String> activeWorkers(Handle h, long since) {
        return h.query("SELECT DISTINCT worker_id FROM assignments WHERE created >= ?", rs -> rs.getString(1), since);
    }

    /**
     * How far the pool's real tasks are answered: answers that count, at most each task's overlap, against the sum
     * of the overlaps; and how many real tasks have infinite overlap, which no percentage describes.
     */
    record Completion(long answered, long wanted, long infinite) {
    }

    static Completion completion(Handle h, long poolId) {
        return h.queryOne("SELECT COALESCE(SUM(CASE WHEN d.answered > t.overlap THEN t.overlap"
                + " ELSE COALESCE(d.answered, 0) END), 0), COALESCE(SUM(t.overlap), 0), COUNT(*) - COUNT(t.overlap)"
                + " FROM tasks t LEFT JOIN (SELECT x.task_id, COUNT(*) AS answered FROM assignment_tasks x"
                + " JOIN assignments a ON a.id = x.assignment_id WHERE a.pool_id = ? AND a.status IN " + ANSWERED
                + " GROUP BY x.task_id) d ON d.task_id = t.id WHERE t.pool_id = ? AND t.kind = 'REAL'",
                rs -> new Completion(rs.getLong(1), rs.getLong(2), rs.getLong(3)), poolId, poolId).orElseThrow();
    }

    /** Overlap summed over loose real tasks, and how many of them have infinite overlap. */
    static long[] looseOverlap(Handle h, long poolId) {
        return h.queryOne("SELECT COALESCE(SUM(overlap), 0), COUNT(*) - COUNT(overlap) FROM tasks WHERE pool_id = ?"
                + " AND suite_id IS NULL AND kind = 'REAL'", rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                poolId).orElseThrow();
    }

    /** Overlap summed over uploaded suites, and how many of them have infinite overlap. */
    static long[] suiteOverlap(Handle h, long poolId) {
        return h.queryOne("SELECT COALESCE(SUM(overlap), 0), COUNT(*) - COUNT(overlap) FROM task_suites"
                + " WHERE pool_id = ? AND mixed = FALSE", rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                poolId).orElseThrow();
    }
}
