package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Document;
import dev.artel.storage.Handle;
import dev.artel.task.TaskKind;
import dev.artel.task.TaskStore;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's or suite's {@code reserved_for} (only these workers) and {@code unavailable_for} (never these). Toloka
 * has them on tasks and suites only, not on pools: a pool is for a worker when some of its work is.
 */
final class Reservations {
    /**
     * Candidates judged whole per pool whose work all carries reservations: past them, a pool whose work is withheld
     * from the worker by {@code unavailable_for} alone is left out of their list, as takes, which read a few pages
     * of candidates, would not reach the rest either.
     */
    private static final int JUDGED = 64;
    private static final String UNRESERVED = " AND %1$s.doc NOT LIKE '%%\"reserved_for\"%%'"
            + " AND %1$s.doc NOT LIKE '%%\"unavailable_for\"%%'";
    private static final String TASK = "SELECT 1 FROM tasks t WHERE t.pool_id = p.id AND t.issuable = TRUE"
            + " AND NOT EXISTS (SELECT 1 FROM assignment_tasks a WHERE a.task_id = t.id AND a.worker_id = ?)";
    private static final String SUITE = "SELECT 1 FROM task_suites s WHERE s.pool_id = p.id AND s.issuable = TRUE"
            + " AND NOT EXISTS (SELECT 1 FROM tasks t JOIN assignment_tasks a ON a.task_id = t.id"
            + " WHERE t.suite_id = s.id AND a.worker_id = ?)";
    private static final String ACTIVE = "SELECT 1 FROM assignments a WHERE a.pool_id = p.id AND a.worker_id = ?"
            + " AND a.status = 'ACTIVE'";

    private Reservations() {
    }

    static boolean allow(Document doc, String workerId) {
        String text = doc.text();
        // Every take weighs several candidates, and nearly none has either list: a scan of the stored text spares
        // parsing each one. A name that only appears inside some value costs the parse, nothing more.
        if (!text.contains("\"reserved_for\"") && !text.contains("\"unavailable_for\"")) {
            return true;
        }
        JsonNode tree = doc.tree();
        JsonNode reserved = tree.path("reserved_for");
        if (reserved.isArray() && !reserved.isEmpty() && !contains(reserved, workerId)) {
            return false;
        }
        return !contains(tree.path("unavailable_for"), workerId);
    }

    private static boolean contains(JsonNode ids, String workerId) {
        for (JsonNode id : ids) {
            if (id.asText().equals(workerId)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Ids above {@code after} of open pools with work for the worker, in order, at most {@code count}: their own
     * active assignment, or a task or uploaded suite with a place left that they have not had and may have. The
     * query settles every pool with work free of reservations; a pool whose only work carries them is judged here,
     * task by task, as a take would judge it.
     */
    static List<Long> poolsWithWork(Handle h, String workerId, long after, int count) {
        String mentioning = TaskStore.mentioning(workerId);
        List<Long> ids = new ArrayList<>();
        long from = after;
        while (true) {
            List<long[]> rows = h.query("SELECT p.id, CASE WHEN EXISTS (" + ACTIVE + ") OR EXISTS (" + TASK
                    + UNRESERVED.formatted("t") + ") OR EXISTS (" + SUITE + UNRESERVED.formatted("s")
                    + ") THEN 1 ELSE 0 END FROM pools p WHERE p.status = 'OPEN' AND p.id > ? AND (EXISTS (" + ACTIVE
                    + ") OR EXISTS (" + TASK + TaskStore.reservableBy("t") + ") OR EXISTS (" + SUITE
                    + TaskStore.reservableBy("s") + ")) ORDER BY p.id FETCH FIRST " + count + " ROWS ONLY",
                    rs -> new long[] {rs.getLong(1), rs.getLong(2)},
                    workerId, workerId, workerId, from, workerId, workerId, mentioning, workerId, mentioning);
            for (long[] row : rows) {
                if (row[1] == 1 || anyAllowed(h, row[0], workerId)) {
                    ids.add(row[0]);
                    if (ids.size() == count) {
                        return ids;
                    }
                }
            }
            if (rows.size() < count) {
                return ids;
            }
            from = rows.get(rows.size() - 1)[0];
        }
    }

    private static boolean anyAllowed(Handle h, long poolId, String workerId) {
        for (TaskKind kind : TaskKind.values()) {
            if (TaskStore.issuable(h, poolId, kind, workerId, "", null, JUDGED).stream()
                    .anyMatch(task -> allow(task.doc(), workerId))) {
                return true;
            }
        }
        return TaskStore.issuableSuites(h, poolId, workerId, JUDGED).stream()
                .anyMatch(suite -> allow(suite.doc(), workerId));
    }
}
