package dev.artel.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.quality.filter.PoolFilter;
import dev.artel.quality.filter.WorkerFacts;
import dev.artel.restriction.RestrictionStore;
import dev.artel.restriction.UserRestriction;
import dev.artel.storage.Handle;
import dev.artel.userskill.UserSkillStore;
import dev.artel.worker.Worker;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Who may take work from a pool or training: nobody its owner has a live restriction on for it (all the owner's
 * projects, the pool's project, or the pool itself), and of the rest only those its {@code filter} admits, judged
 * on the worker's profile, computed attributes and values of the skills the owner sees; for a pool with a
 * {@code training_requirement}, only those whose {@link TrainingResults result} in that training reaches its
 * {@code training_passing_skill_value}, while a training is only for those who have not done it; and, with a
 * {@code speed_quality_balance}, only the best of them ({@link SpeedQualityBalance}). Decided at every take and
 * for the worker's list of pools, so a change (a skill set, a restriction lifted or expired on the server's clock,
 * a training done) counts from the next request.
 */
public final class PoolAccess {
    private final Clock clock;

    public PoolAccess(Clock clock) {
        this.clock = clock;
    }

    /**
     * A worker asking for work, within one transaction: their document is parsed once, and their skill values are
     * read once per pool owner, and only for filters with a skill condition.
     */
    public final class Applicant {
        private final Handle h;
        private final Worker worker;
        private final JsonNode doc;
        private final long now = clock.millis();
        private final Map<String, Map<String, Double>> skillsByOwner = new HashMap<>();

        private Applicant(Handle h, Worker worker) {
            this.h = h;
            this.worker = worker;
            this.doc = worker.doc().tree();
        }

        private Map<String, Double> skillsSeenBy(String accountId) {
            return skillsByOwner.computeIfAbsent(accountId, owner -> UserSkillStore.valuesSeenBy(h, owner,
                    worker.id(), doc.path("profile").path("verified_languages"), now));
        }
    }

    public Applicant applicant(Handle h, Worker worker) {
        return new Applicant(h, worker);
    }

    /** Why the applicant may not take work from the pool ({@code poolDoc} is its document); empty when they may. */
    public Optional<String> refusal(Applicant applicant, Pool pool, JsonNode poolDoc) {
        Optional<UserRestriction> restriction = RestrictionStore.barring(applicant.h, applicant.worker.id(),
                pool.accountId(), pool.projectId(), pool.id(), applicant.now);
        if (restriction.isPresent()) {
            return Optional.of(restriction.get().describe());
        }
        WorkerFacts facts = new WorkerFacts(applicant.doc, () -> applicant.skillsSeenBy(pool.accountId()));
        if (!PoolFilter.of(poolDoc.get("filter")).admits(facts)) {
            return Optional.of("the pool's filter does not admit this worker");
        }
        Optional<String> training = pool.kind() == PoolKind.TRAINING ? trainingDone(applicant, pool)
                : trainingMissing(applicant, pool, poolDoc);
        return training.isPresent() ? training
                : SpeedQualityBalance.refusal(applicant.h, applicant.worker.id(), pool, poolDoc);
    }

    /** A training is for those who have not done it yet: the result it gave is fixed. */
    private static Optional<String> trainingDone(Applicant applicant, Pool training) {
        return TrainingResults.of(applicant.h, training.id(), applicant.worker.id())
                .map(value -> "this worker has done the training already (" + percent(value) + " % correct)");
    }

    /** A pool with a {@code training_requirement} is for those whose result in that training reaches its value. */
    private static Optional<String> trainingMissing(Applicant applicant, Pool pool, JsonNode poolDoc) {
        Long trainingId = pool.linkedTrainingId();
        if (trainingId == null) {
            return Optional.empty();
        }
        double passing = poolDoc.path("quality_control").path("training_requirement")
                .path("training_passing_skill_value").asDouble();
        Optional<Double> result = TrainingResults.of(applicant.h, trainingId, applicant.worker.id());
        if (result.isEmpty()) {
            return Optional.of("the pool requires training " + trainingId + ", which this worker has not done");
        }
        return result.get() >= passing ? Optional.empty() : Optional.of("this worker has " + percent(result.get())
                + " % correct in training " + trainingId + ", and the pool requires " + percent(passing) + " %");
    }

    private static String percent(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
