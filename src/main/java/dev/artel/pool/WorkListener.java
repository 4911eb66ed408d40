package dev.artel.pool;

import dev.artel.storage.Handle;

/**
 * Told that a pool may have work that a worker who found none earlier would now find: it opened, tasks were added,
 * an overlap was raised, or an assignment gave its places back (skipped, expired, rejected); or that a worker kept
 * out of pools may now be let in (a restriction lifted or ended, a skill value changed). Called in the
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

        @Override
        public void workerMayBeAdmitted(Handle h, String workerId) {
        }
    };

    /** The pool opened, tasks were added or an overlap raised: work for any number of workers. */
    void workMayAppear(Handle h, long poolId);

    /**
     * The assignment, of {@code workerId}, gave its places back (skipped, expired, rejected): its tasks may go to
     * others, and that worker, no longer held by it, may take one it could not.
     */
    void placesGivenBack(Handle h, String assignmentId, String workerId);

    /**
     * A restriction of the worker was lifted or ended, or a value of their skills was set or deleted: a pool that
     * refused them may let them in now, with work they could not take.
     */
    void workerMayBeAdmitted(Handle h, String workerId);
}
