package dev.artel.aggregation;

import dev.artel.storage.Handle;
import java.util.List;
import java.util.Map;

/**
 * Where {@code WEIGHTED_DYNAMIC_OVERLAP} finds each worker's weight: their value of the answer-weight skill. The
 * skills themselves (skills, user skills) are another package's; aggregation needs only these two reads.
 */
public interface SkillValues {
    /** Whether {@code accountId} may weigh answers by the skill: one of its own, or a global one. */
    boolean readable(Handle h, String accountId, String skillId);

    /**
     * The current value (0 to 100) of the skill for each of {@code workerIds} who has one; a worker without a
     * value is absent from the map.
     */
    Map<String, Double> values(Handle h, String accountId, String skillId, List<String> workerIds);
}
