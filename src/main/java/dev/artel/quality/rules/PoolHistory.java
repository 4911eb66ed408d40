package dev.artel.quality.rules;

import java.util.List;
import java.util.Set;

/**
 * What rules read of a pool's past at one event: stored assignments for a real event, the replay's reconstruction
 * for a dry run. Both give the same answers for the same past, which is what makes a dry run say what the rules
 * would have done.
 */
interface PoolHistory {
    /** The worker's finished assignments of the pool, in the order they finished. */
    List<Past> ofWorker(String workerId);

    /** The assignments of one task suite. */
    List<Past> ofSuite(String suiteId);

    /** The assignments, any worker's, that had the task. */
    List<Past> withTask(String taskId);

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
