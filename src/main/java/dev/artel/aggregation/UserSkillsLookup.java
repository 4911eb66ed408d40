package dev.artel.aggregation;

import dev.artel.core.ObjectIds;
import dev.artel.storage.Handle;
import java.time.Clock;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link SkillValues} read from the skill tables of the skills branch (V13: {@code skills}, whose global rows
 * every account reads, and {@code user_skills}, one live-or-expired value a skill and worker). A value whose
 * {@code expires} has passed is gone, as it is to every other read of user skills.
 */
public final class UserSkillsLookup implements SkillValues {
    private final Clock clock;

    public UserSkillsLookup(Clock clock) {
        this.clock = clock;
    }

    @Override
    public boolean readable(Handle h, String accountId, String skillId) {
        Optional<Long> id = ObjectIds.parse(skillId);
        return id.isPresent() && h.queryLong("SELECT COUNT(*) FROM skills WHERE id = ?"
                + " AND (account_id = ? OR account_id = 'global')", id.get(), accountId) > 0;
    }

    @Override
    public Map<String, Double> values(Handle h, String accountId, String skillId, List<String> workerIds) {
        Set<String> wanted = new HashSet<>(workerIds);
        Map<String, Double> values = new HashMap<>();
        for (Map.Entry<String, Double> value : h.query("SELECT worker_id, exact_value FROM user_skills"
                + " WHERE skill_id = ? AND account_id = ? AND (expires IS NULL OR expires > ?)",
                rs -> Map.entry(rs.getString(1), rs.getDouble(2)), ObjectIds.parse(skillId).orElse(-1L), accountId,
                clock.millis())) {
            if (wanted.contains(value.getKey())) {
                values.put(value.getKey(), value.getValue());
            }
        }
        return values;
    }
}
