package dev.artel.emulator.crowd;

import dev.artel.storage.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The crowd's tables: its definition (one row) and its members, each a worker with its place in the crowd. Every
 * method runs in the caller's transaction; finds lock nothing.
 */
final class CrowdStore {
    /** A simulated worker: which worker row it acts as, its persona, whether it waits to be woken, its takes. */
    record Member(int ordinal, String workerId, String name, String persona, boolean idle, int turns) {
    }

    private CrowdStore() {
    }

    static Optional<String> definition(Handle h) {
        return h.queryOne("SELECT doc FROM emulator_crowd WHERE id = 1", rs -> rs.getString(1));
    }

    static void saveDefinition(Handle h, String doc) {
        h.update("DELETE FROM emulator_crowd");
        h.update("INSERT INTO emulator_crowd (id, doc) VALUES (1, ?)", doc);
    }

    /** Forgets the crowd and its members; their worker rows stay, as every worker's does. */
    static void delete(Handle h) {
        h.update("DELETE FROM crowd_workers");
        h.update("DELETE FROM emulator_crowd");
    }

    static void insertMembers(Handle h, List<Member> members) {
        List<Object[]> rows = new ArrayList<>();
        for (Member m : members) {
            rows.add(new Object[] {m.ordinal(), m.workerId(), m.name(), m.persona(), m.idle(), m.turns()});
        }
        h.batch("INSERT INTO crowd_workers (ordinal, worker_id, name, persona, idle, turns) VALUES (?, ?, ?, ?, ?, ?)",
                rows);
    }

    static List<Member> members(Handle h) {
        return h.query("SELECT ordinal, worker_id, name, persona, idle, turns FROM crowd_workers ORDER BY ordinal",
                CrowdStore::member);
    }

    static Optional<Member> member(Handle h, int ordinal) {
        return h.queryOne("SELECT ordinal, worker_id, name, persona, idle, turns FROM crowd_workers WHERE ordinal = ?",
                CrowdStore::member, ordinal);
    }

    private static Member member(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Member(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                rs.getInt(6));
    }

    /** Every idle member, in ordinal order, now no longer idle: the caller wakes each. */
    static List<Integer> takeIdle(Handle h) {
        List<Integer> idle = h.query("SELECT ordinal FROM crowd_workers WHERE idle = TRUE ORDER BY ordinal",
                rs -> rs.getInt(1));
        if (!idle.isEmpty()) {
            h.update("UPDATE crowd_workers SET idle = FALSE WHERE idle = TRUE");
        }
        return idle;
    }

    /**
     * The idle member next in line for work after {@code after} (null: the first in line), now no longer idle: the
     * caller wakes it. The line is by takes so far, fewest first, then by ordinal, so that work given back goes to
     * those who have had the least, and the order is the same on every run.
     */
    static Optional<Integer> takeNextIdle(Handle h, Member after) {
        Optional<Integer> next = after == null
                ? h.queryOne("SELECT ordinal FROM crowd_workers WHERE idle = TRUE ORDER BY turns, ordinal"
                        + " FETCH FIRST 1 ROWS ONLY", rs -> rs.getInt(1))
                : h.queryOne("SELECT ordinal FROM crowd_workers WHERE idle = TRUE"
                        + " AND (turns > ? OR (turns = ? AND ordinal > ?)) ORDER BY turns, ordinal"
                        + " FETCH FIRST 1 ROWS ONLY", rs -> rs.getInt(1), after.turns(), after.turns(), after.ordinal());
        next.ifPresent(ordinal -> h.update("UPDATE crowd_workers SET idle = FALSE WHERE ordinal = ?", ordinal));
        return next;
    }

    /** The member acting as the worker, if it is idle, now no longer idle: the caller wakes it. */
    static Optional<Integer> takeIdle(Handle h, String workerId) {
        Optional<Integer> idle = h.queryOne("SELECT ordinal FROM crowd_workers WHERE worker_id = ? AND idle = TRUE",
                rs -> rs.getInt(1), workerId);
        idle.ifPresent(ordinal -> h.update("UPDATE crowd_workers SET idle = FALSE WHERE ordinal = ?", ordinal));
        return idle;
    }

    static void setIdle(Handle h, int ordinal) {
        h.update("UPDATE crowd_workers SET idle = TRUE WHERE ordinal = ?", ordinal);
    }

    /**
     * Counts one more take of the member's, read at the start of its turn; returns its number, which names the
     * take's draws. Nothing else counts them meanwhile: the turn holds the lock on the member's one timer.
     */
    static int countTurn(Handle h, Member member) {
        h.update("UPDATE crowd_workers SET turns = turns + 1 WHERE ordinal = ?", member.ordinal());
        return member.turns() + 1;
    }

    /**
     * Whether a place the assignment gave back is still free: a task of it, or its uploaded suite, that has a place
     * left in a finite overlap. One of infinite overlap always has one, so giving it back made no new work.
     */
    static boolean givenBackStillFree(Handle h, String assignmentId) {
        return h.queryOne("SELECT 1 FROM assignments a WHERE a.id = ? AND (EXISTS (SELECT 1 FROM task_suites s"
                + " WHERE s.id = a.task_suite_id AND s.issuable = TRUE AND s.overlap IS NOT NULL) OR EXISTS (SELECT 1"
                + " FROM assignment_tasks x JOIN tasks t ON t.id = x.task_id WHERE x.assignment_id = a.id"
                + " AND t.issuable = TRUE AND t.overlap IS NOT NULL))", rs -> 1, assignmentId).isPresent();
    }

    /** Open pools and trainings of every account, in id order: where a simulated worker looks for work. */
    static List<Long> openPools(Handle h) {
        return h.query("SELECT id FROM pools WHERE status = 'OPEN' ORDER BY id", rs -> rs.getLong(1));
    }
}
