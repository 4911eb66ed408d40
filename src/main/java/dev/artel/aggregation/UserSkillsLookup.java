package dev.artel.aggregation;

import dev.artel.core.ObjectIds;
import dev.artel.skill.SkillStore;
import dev.artel.storage.Handle;
import dev.artel.userskill.UserSkillStore;
import dev.artel.worker.Worker;
import dev.artel.worker.WorkerStore;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SkillValues} as pools see them (skill/, userskill/): a skill the account owns or a global one, and each
 * worker's live value of it, 100 in the verified-language skill of a language their profile verifies. Two reads
 * a worker, so the cost grows with the workers of the pool, not its answers.
 */
public final class UserSkillsLookup implements SkillValues {
    private final WorkerStore workers;
    private final Clock clock;

    public UserSkillsLookup(WorkerStore workers, Clock clock) {
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public boolean readable(Handle h, String accountId, String skillId) {
        return ObjectIds.parse(skillId).flatMap(id -> SkillStore.readable(h, accountId, id)).isPresent();
    }

    @Override
    public Map<String, Double> values(Handle h, String accountId, String skillId, List<String> workerIds) {
        long now = clock.millis();
        Map<String, Double> values = new HashMap<>();
        for (String workerId : workerIds) {
            Optional<Worker> worker = workers.findById(h, workerId);
            Double value = worker.map(w -> UserSkillStore.valuesSeenBy(h, accountId, workerId,
                    w.doc().tree().path("profile").path("verified_languages"), now).get(skillId)).orElse(null);
            if (value != null) {
                values.put(workerId, value);
            }
        }
        return values;
    }
}
