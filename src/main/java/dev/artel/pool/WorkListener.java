package dev.artel.pool;

import dev.artel.storage.Handle;

/**
 * Told that a pool may have work that a worker who found none earlier would now find: it opened, tasks were added,
 * an overlap was raised, or an assignment gave its places back (skipped, expired, rejected). Called in the
 * transaction that makes the change, so what the listener writes commits with it. The emulator's simulated crowd
 * listens, so that its idle workers wait for this instead of looking for work on every tick of the clock.
 */
@FunctionalInterface
public interface WorkListener {
    /** The new work is not counted (a pool opened, tasks were added, an overlap raised): any number may find some. */
    int UNCOUNTED = Integer.MAX_VALUE;

    /** {@code assignments}: how many more assignments the pool may now give, or {@link #UNCOUNTED}. */
    void workMayAppear(Handle h, long poolId, int assignments);
}
