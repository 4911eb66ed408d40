package dev.artel.pool;

import dev.artel.storage.Handle;

/**
 * Told that a pool may have work that a worker who found none earlier would now find: it opened, tasks were added,
 * an overlap was raised, or an assignment gave its places back (skipped, expired, rejected). Called in the
 * transaction that makes the change, so what the listener writes commits with it. The emulator's simulated crowd
 * listens, so that its idle workers wait for this instead of looking for work on every tick of the clock.
 */
public interface WorkListener {
    /** Listens to nothing: a server that is not an emulator. */
    WorkListener NONE = new WorkListener() {
        @Override
        public void workMayAppear(Handle h, long poolId) {
        }

        @Override
        public void placesGivenBack(Handle h, String assignmentId, String workerId) {
        }
    };

    /** The pool opened, tasks were added or an overlap raised: work for any number of workers. */
    void workMayAppear(Handle h, long poolId);

    /**
     * The assignment, of {@code workerId}, gave its places back (skipped, expired, rejected): its tasks may go to
     * others, and that worker, no longer held by it, may take one it could not.
     */
    void placesGivenBack(Handle h, String assignmentId, String workerId);
}
