package dev.artel.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.pool.PoolStore;
import dev.artel.quality.filter.PoolFilter;
import dev.artel.quality.filter.WorkerFacts;
import dev.artel.restriction.RestrictionStore;
import dev.artel.restriction.UserRestriction;
import dev.artel.skill.TrainingSkills;
import dev.artel.storage.Handle;
import dev.artel.userskill.UserSkillStore;
import dev.artel.worker.Worker;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who may take work from a pool or training: nobody its owner has a live restriction on for it (all the owner's
 * projects, the pool's project, or the pool itself), and of the rest only those its {@code filter} admits, judged
 * on the worker's profile, computed attributes and values of the skills the owner sees; for a pool with a
 * {@code training_requirement}, only those whose value of the training's {@link TrainingResults training skill}
 * reaches its {@code training_passing_skill_value}; a training, only those without a value of that skill and whom
 * at least one unarchived pool requiring the training would admit by its restrictions and filter (Toloka: "the
 * Toloker requirements are the same as in the main pool"; a training no pool requires has none); and, with a
 * {@code speed_quality_balance}, only the best of them ({@link SpeedQualityBalance}). Decided at every take and
 * for the worker's list of pools, so a change (a skill set, a restriction lifted or expired on the server's clock,
 * a training done) counts from the next request.
 */
public final class PoolAccess {
    private final PoolStore pools;
    private final Clock clock;

    public PoolAccess(PoolStore pools, Clock clock) {
        this.pools = pools;
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
        Optional<String> barred = barredOrFiltered(applicant, pool, poolDoc);
        if (barred.isPresent()) {
            return barred;
        }
        Optional<String> training = pool.kind() == PoolKind.TRAINING ? trainingRefusal(applicant, pool)
                : trainingMissing(applicant, pool, poolDoc);
        return training.isPresent() ? training
                : SpeedQualityBalance.refusal(applicant.h, applicant.worker.id(), pool, poolDoc);
    }

    private static Optional<String> barredOrFiltered(Applicant applicant, Pool pool, JsonNode poolDoc) {
        Optional<UserRestriction> restriction = RestrictionStore.barring(applicant.h, applicant.worker.id(),
                pool.accountId(), pool.projectId(), pool.id(), applicant.now);
        if (restriction.isPresent()) {
            return Optional.of(restriction.get().describe());
        }
        WorkerFacts facts = new WorkerFacts(applicant.doc, () -> applicant.skillsSeenBy(pool.accountId()));
        if (!PoolFilter.of(poolDoc.get("filter")).admits(facts)) {
            return Optional.of("the pool's filter does not admit this worker");
        }
        return Optional.empty();
    }

    /**
     * A training is for those without the project's training skill (its value is fixed until it expires or is
     * deleted), and held to the requirements of the pools that require it.
     */
    private Optional<String> trainingRefusal(Applicant applicant, Pool training) {
        Optional<Double> value = trainingSkillValue(applicant, training);
        if (value.isPresent()) {
            return Optional.of("this worker has the project's training skill already (" + percent(value.get())
                    + " % correct)");
        }
        List<Pool> linked = pools.unarchivedLinkedTo(applicant.h, training.accountId(), training.id());
        if (linked.isEmpty() || linked.stream().anyMatch(pool ->
                barredOrFiltered(applicant, pool, pool.doc().tree()).isEmpty())) {
            return Optional.empty();
        }
        return Optional.of("no pool that requires the training admits this worker");
    }

    /** The worker's value of the training skill of the training's project. */
    private static Optional<Double> trainingSkillValue(Applicant applicant, Pool training) {
        return TrainingSkills.ofProject(applicant.h, training.projectId())
                .map(skill -> applicant.skillsSeenBy(training.accountId()).get(Long.toString(skill)));
    }

    /**
     * A pool with a {@code training_requirement} is for those whose value of the training's skill reaches its
     * {@code training_passing_skill_value}.
     */
    private Optional<String> trainingMissing(Applicant applicant, Pool pool, JsonNode poolDoc) {
        Long trainingId = pool.linkedTrainingId();
        if (trainingId == null) {
            return Optional.empty();
        }
        double passing = poolDoc.path("quality_control").path("training_requirement")
                .path("training_passing_skill_value").asDouble();
        Optional<Double> value = pools.findAnyKind(applicant.h, pool.accountId(), trainingId, false)
                .filter(training -> training.kind() == PoolKind.TRAINING)
                .flatMap(training -> trainingSkillValue(applicant, training));
        if (value.isEmpty()) {
            return Optional.of("the pool requires training " + trainingId + ", which this worker has not done");
        }
        return value.get() >= passing ? Optional.empty() : Optional.of("this worker has " + percent(value.get())
                + " % correct in training " + trainingId + ", and the pool requires " + percent(passing) + " %");
    }

    private static String percent(double value) {
        return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }
}
