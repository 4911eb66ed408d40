package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Json;
import dev.artel.storage.Database;
import dev.artel.support.ApiClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What issuing must keep true of a pool whatever ran at once and whatever was killed, read from the tables
 * themselves so that no listing bug hides a broken count, and through the requester's API as a client reads it:
 * no task holds more assignments (active, submitted, accepted) than its overlap; {@code tasks.taken} is exactly
 * that count and {@code issuable} follows from it; no worker had a task twice; every assignment's suite holds its
 * tasks; a worker has at most one active assignment in the pool; each active assignment has its expiry timer and
 * each submitted one its auto-accept timer, and nothing else has either; and every 2xx a worker or the requester
 * got is in the database as they were told.
 */
final class IssuingInvariants {
    private static final Set<String> HOLDING = Set.of("ACTIVE", "SUBMITTED", "ACCEPTED");

    private IssuingInvariants() {
    }

    /**
     * The pool's assignments by status, its tasks and how many are at their overlap, and how many assignments no
     * worker was ever answered with: only a take whose answer a kill cut off may leave one.
     */
    record Outcome(Map<String, Integer> statuses, int tasks, int filled, int unknown) {
        int count(String status) {
            return statuses.getOrDefault(status, 0);
        }
    }

    private record Stored(String id, String workerId, String suiteId, String status, List<String> taskIds) {
    }

    private record TaskRow(String id, long overlap, int taken, boolean issuable) {
    }

    static Outcome check(Database db, Crowd crowd, String context) {
        long pool = Long.parseLong(crowd.poolId());
        Map<String, Stored> assignments = new HashMap<>();
        db.inTransaction(h -> h.query("SELECT id, worker_id, task_suite_id, status, doc FROM assignments"
                + " WHERE pool_id = ?", rs -> assignments.put(rs.getString(1), new Stored(rs.getString(1),
                rs.getString(2), rs.getString(3), rs.getString(4), taskIds(rs.getString(5)))), pool));
        Map<String, TaskRow> tasks = new HashMap<>();
        db.inTransaction(h -> h.query("SELECT id, overlap, taken, issuable FROM tasks WHERE pool_id = ?",
                rs -> tasks.put(rs.getString(1), new TaskRow(rs.getString(1), rs.getLong(2), rs.getInt(3),
                        rs.getBoolean(4))), pool));

        Map<String, Integer> holding = new HashMap<>();
        Set<String> pairs = new HashSet<>();
        Set<String> activeWorkers = new HashSet<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (Stored a : assignments.values()) {
            statuses.merge(a.status(), 1, Integer::sum);
            assertTrue(!a.taskIds().isEmpty() && a.taskIds().size() <= Crowd.SUITE, context + ": " + a);
            if (a.status().equals("ACTIVE")) {
                assertTrue(activeWorkers.add(a.workerId()), context + ": two active assignments for " + a.workerId());
            }
            for (String task : a.taskIds()) {
                assertTrue(tasks.containsKey(task), context + ": " + a + " holds a task of another pool");
                assertTrue(pairs.add(task + " " + a.workerId()), context + ": " + a.workerId() + " had " + task
                        + " twice");
                if (HOLDING.contains(a.status())) {
                    holding.merge(task, 1, Integer::sum);
                }
            }
        }
        int filled = 0;
        for (TaskRow task : tasks.values()) {
            int held = holding.getOrDefault(task.id(), 0);
            assertTrue(held <= task.overlap(), context + ": " + task + " is held by " + held + " assignments");
            assertEquals(held, task.taken(), context + ": taken of " + task + ", held by " + held);
            assertEquals(held < task.overlap(), task.issuable(), context + ": issuable of " + task);
            filled += held == task.overlap() ? 1 : 0;
        }

        // The record of who had what is the issued documents' exactly: it is what keeps a task from a worker.
        Set<String> recorded = new HashSet<>();
        db.inTransaction(h -> h.query("SELECT x.task_id, x.worker_id, x.assignment_id FROM assignment_tasks x"
                + " JOIN assignments a ON a.id = x.assignment_id WHERE a.pool_id = ?", rs -> {
                    Stored a = assignments.get(rs.getString(3));
                    assertEquals(a.workerId(), rs.getString(2), context + ": assignment_tasks of " + a);
                    assertTrue(a.taskIds().contains(rs.getString(1)), context + ": assignment_tasks of " + a);
                    return recorded.add(rs.getString(1) + " " + rs.getString(2));
                }, pool));
        assertEquals(pairs, recorded, context + ": assignment_tasks");

        // Each mixed suite was made for one assignment and holds its tasks.
        Map<String, List<String>> suites = new HashMap<>();
        db.inTransaction(h -> h.query("SELECT id, doc, mixed FROM task_suites WHERE pool_id = ?", rs -> {
            assertTrue(rs.getBoolean(3), context + ": suite " + rs.getString(1) + " is not mixed");
            return suites.put(rs.getString(1), taskIds(rs.getString(2)));
        }, pool));
        Set<String> suitesUsed = new HashSet<>();
        for (Stored a : assignments.values()) {
            assertEquals(a.taskIds(), suites.get(a.suiteId()), context + ": the suite of " + a);
            assertTrue(suitesUsed.add(a.suiteId()), context + ": suite " + a.suiteId() + " issued twice");
        }
        assertEquals(suites.keySet(), suitesUsed, context + ": suites without an assignment");

        checkTimers(db, assignments, context);
        checkWhatClientsSaw(crowd, assignments, context);
        Set<String> unknown = new HashSet<>(assignments.keySet());
        unknown.removeAll(crowd.given().keySet());
        return new Outcome(statuses, tasks.size(), filled, unknown.size());
    }

    private static void checkTimers(Database db, Map<String, Stored> assignments, String context) {
        Map<String, Set<String>> timers = new HashMap<>();
        db.inTransaction(h -> h.query("SELECT kind, timer_key FROM timers WHERE kind IN ('assignment.expire',"
                + " 'assignment.auto-accept')", rs -> timers.computeIfAbsent(rs.getString(1), k -> new HashSet<>())
                .add(rs.getString(2))));
        Set<String> expiring = new HashSet<>(timers.getOrDefault("assignment.expire", Set.of()));
        Set<String> accepting = new HashSet<>(timers.getOrDefault("assignment.auto-accept", Set.of()));
        expiring.retainAll(assignments.keySet());
        accepting.retainAll(assignments.keySet());
        assertEquals(ids(assignments, "ACTIVE"), expiring, context + ": expiry timers");
        assertEquals(ids(assignments, "SUBMITTED"), accepting, context + ": auto-accept timers");
    }

    private static Set<String> ids(Map<String, Stored> assignments, String status) {
        Set<String> out = new HashSet<>();
        assignments.values().stream().filter(a -> a.status().equals(status)).forEach(a -> out.add(a.id()));
        return out;
    }

    private static void checkWhatClientsSaw(Crowd crowd, Map<String, Stored> assignments, String context) {
        crowd.given().forEach((id, given) -> {
            Stored stored = assignments.get(id);
            assertTrue(stored != null, context + ": assignment " + id + " was given with a 2xx and is gone");
            assertEquals(given.workerId(), stored.workerId(), context + ": worker of " + id);
            // Workers see the tasks in the suite's order, which is the stored order.
            assertEquals(given.taskIds(), stored.taskIds(), context + ": tasks of " + id);
        });
        for (String id : crowd.submitted()) {
            assertTrue(Set.of("SUBMITTED", "ACCEPTED", "REJECTED").contains(assignments.get(id).status()),
                    context + ": submitted " + assignments.get(id));
        }
        for (String id : crowd.skipped()) {
            assertEquals("SKIPPED", assignments.get(id).status(), context + ": skipped " + id);
        }
        for (String id : crowd.rejected()) {
            assertEquals("REJECTED", assignments.get(id).status(), context + ": rejected " + id);
        }
    }

    /**
     * The requester's view agrees: every assignment of the pool is listed once, in its stored status, and each
     * task's {@code remaining_overlap} is its overlap less its holding assignments.
     */
    static void checkOverHttp(ApiClient requester, Database db, Crowd crowd, String context) {
        long pool = Long.parseLong(crowd.poolId());
        Map<String, String> stored = new HashMap<>();
        db.inTransaction(h -> h.query("SELECT id, status FROM assignments WHERE pool_id = ?",
                rs -> stored.put(rs.getString(1), rs.getString(2)), pool));
        Map<String, String> listed = new HashMap<>();
        for (JsonNode a : Invariants.listAll(requester, "/assignments", "pool_id=" + crowd.poolId())) {
            assertEquals(null, listed.put(a.path("id").asText(), a.path("status").asText()),
                    context + ": listed twice " + a.path("id"));
        }
        assertEquals(stored, listed, context + ": assignments listed");
        Map<String, Long> remaining = new HashMap<>();
        db.inTransaction(h -> h.query("SELECT id, overlap - taken FROM tasks WHERE pool_id = ?",
                rs -> remaining.put(rs.getString(1), rs.getLong(2)), pool));
        List<JsonNode> tasks = new ArrayList<>(Invariants.listAll(requester, "/tasks", "pool_id=" + crowd.poolId()));
        assertEquals(remaining.size(), tasks.size(), context + ": tasks listed");
        for (JsonNode task : tasks) {
            assertEquals(remaining.get(task.path("id").asText()), task.path("remaining_overlap").asLong(),
                    context + ": remaining_overlap of " + task);
        }
    }

    private static List<String> taskIds(String doc) {
        try {
            List<String> ids = new ArrayList<>();
            Json.parse(doc).path("tasks").forEach(task -> ids.add(task.path("id").asText()));
            return ids;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
