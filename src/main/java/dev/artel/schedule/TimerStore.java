package dev.artel.schedule;

import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Stored timers, one per kind and key. {@link #lockDue} is the exactly-once gate: it locks a due timer for the
 * caller's transaction and returns it to the one caller that won it; a caller that loses (another thread or node
 * holds it, or it is gone or no longer due) gets nothing and must not fire it. Lock, {@link #delete} and the
 * handler's writes happen in one transaction, so a crash rolls all three back and the timer is simply due again.
 * Firing order is (due, kind, key), in the database's string order.
 */
public interface TimerStore {
    /** A timer's place in firing order. */
    record Position(long due, String kind, String key) {
    }

    /** A timer and the count of its firings that broke. */
    record Stored(Timer timer, int attempts) {
    }

    /**
     * Stores the timer, or replaces the one of the same kind and key: its account, due time and payload, and its
     * count of attempts back to 0, since it is a new timer. Two transactions that store the same new key at once
     * both succeed, the later replacing the earlier.
     */
    void upsert(Handle h, Timer timer);

    /** Deletes the timer of this kind and key; returns whether there was one. */
    boolean delete(Handle h, String kind, String key);

    /**
     * Up to {@code limit} timers of the given kinds due at {@code now} or before, after {@code after} (null: from
     * the first) in firing order. Takes no locks: H2 applies LIMIT before SKIP LOCKED, so a locked first row would
     * hide every row behind it. Locking is left to {@link #lockDue}, one timer at a time.
     */
    List<Position> dueAfter(Handle h, Set<String> kinds, long now, Position after, int limit);

    /**
     * Locks the timer of this kind and key if it is due at {@code now} and nobody else holds it. Never waits for
     * another transaction: a timer someone is firing right now is skipped, so a slow or hung node cannot stall
     * the others.
     */
    Optional<Stored> lockDue(Handle h, String kind, String key, long now);

    /** Counts one more broken firing of a timer the caller has {@link #lockDue locked}. */
    void countAttempt(Handle h, String kind, String key);

    /** The earliest due time later than {@code after} among timers of the given kinds. */
    OptionalLong nextDueAfter(Handle h, Set<String> kinds, long after);
}
