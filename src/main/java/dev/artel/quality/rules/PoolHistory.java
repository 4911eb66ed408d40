package dev.artel.quality.rules;

import dev.artel.assignment.AssignmentStore.Tally;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * What rules read of a pool's past at one event: stored assignments for a real event, the replay's reconstruction
 * for a dry run. Both give the same answers for the same past, which is what makes a dry run say what the rules
 * would have done. A worker's past is given newest first and read only as far as a collector's window reaches,
 * so that the cost of an event does not grow with how long the worker has worked in the pool.
 */
interface PoolHistory {
    /** The worker's assignments of the pool that finished after {@code since}, newest first. */
    Iterable<Past> latest(String workerId, long since);

    /** Of {@link #latest}, those with a control or training task. */
    Iterable<Past> latestWithControls(String workerId, long since);

    /**
     * Of {@link #latest}, the answers that count with a task at least {@code threshold} workers hold places in:
     * every answer a majority of that size can confirm or contradict is among them. The real engine narrows its
     * read by that; the replay may give all answers that count.
     */
    Iterable<Past> latestVotable(String workerId, long since, int threshold);

    /**
     * Of the worker's assignments that finished after {@code since}: how many were answered and await review, and
     * the reward of the answers that count submitted after {@code incomeFrom}.
     */
    Tally tally(String workerId, long since, long incomeFrom);

    /** The assignments of one task suite. */
    List<Past> ofSuite(String suiteId);

    /** The assignments, any worker's, that had any of the tasks. */
    List<Past> withTasks(Collection<String> taskIds);

    /**
     * The output fields a majority vote compares: the project's required ones ("the majority vote algorithm only
     * works with the required fields of the output specification", Toloka's guide). Empty: all of them.
     */
    Set<String> votedFields();

    /** From when the collector counts the worker's assignments (after a CLEAN action); 0 for always. */
    long countsSince(String workerId, String collectorKey);

    /** Whether the pool has a suite for the worker to take now; null when that cannot be known (a replay). */
    Boolean nextAssignmentAvailable(String workerId);
}
