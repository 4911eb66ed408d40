package dev.artel.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.assignment.AfterMove;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.assignment.AssignmentStore;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.pool.PoolStore;
import dev.artel.skill.TrainingSkills;
import dev.artel.storage.Handle;
import dev.artel.task.KnownSolutions;
import dev.artel.task.TaskStore;
import dev.artel.userskill.UserSkillService;
import dev.artel.userskill.UserSkillStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A worker's value of the project's training skill ({@link TrainingSkills}), set when they complete a training:
 * the share (0-100) of their answers to its tasks with known solutions that were right, each answer counting its
 * {@code correctness_weight}. Complete means {@code task_suites_required_to_pass} submitted suites, or nothing
 * left in the training for them (without that field, Toloka's "complete passing"). Every answer is a first answer,
 * since a worker never gets a task twice, and first answers are what Toloka counts. The value is then fixed, as
 * Toloka fixes the training skill: pools that require a training of the project admit the worker by it
 * ({@link PoolAccess}), and the project's trainings are no longer offered to them.
 * <p>
 * With the training's {@code retry_training_after_days} the value goes that many days after the last time the
 * worker submitted in a pool requiring the training (or completed it), so that failing workers may retrain and
 * idle ones must. A retraining counts only the suites submitted since the value was lost. All of it runs in the
 * submit's transaction, so it happens once on whichever node takes the submit.
 */
public final class TrainingResults implements AfterMove {
    private static final long DAY_MILLIS = 86_400_000L;
    /** About 100,000 years, as for a skill's lifetime: longer retry periods are never. */
    private static final long MAX_DAYS = 36_500_000L;

    private final PoolStore pools;
    private final UserSkillService userSkills;
    private final Clock clock;

    public TrainingResults(PoolStore pools, UserSkillService userSkills, Clock clock) {
        this.pools = pools;
        this.userSkills = userSkills;
        this.clock = clock;
    }

    @Override
    public boolean moved(Handle h, Pool pool, JsonNode poolDoc, Assignment moved, Reviewer reviewer) {
        if (moved.status() != AssignmentStatus.SUBMITTED) {
            return false;
        }
        if (pool.kind() == PoolKind.TRAINING) {
            completed(h, pool, poolDoc, moved.workerId());
        } else if (pool.linkedTrainingId() != null) {
            keptByWork(h, pool, moved.workerId());
        }
        return false;
    }

    private void completed(Handle h, Pool training, JsonNode trainingDoc, String workerId) {
        long now = clock.millis();
        long skill = TrainingSkills.ofProject(h, training.projectId()).orElseThrow(() -> new IllegalStateException(
                "training " + training.id() + " has no training skill"));
        if (UserSkillStore.liveValue(h, skill, workerId, now).isPresent()) {
            return;
        }
        long since = UserSkillStore.lostAt(h, skill, workerId, now).orElse(0L);
        List<Assignment> submitted = AssignmentStore.doneInPool(h, training.id(), workerId).stream()
                .filter(a -> a.submitted() != null && a.submitted() >= since
                        && a.status() != AssignmentStatus.REJECTED).toList();
        int required = trainingDoc.path("task_suites_required_to_pass").asInt(0);
        // Nothing left also ends a training that asks for more suites than it has for the worker, who could
        // otherwise never be admitted.
        boolean done = required > 0 && submitted.size() >= required
                || !TaskStore.hasWorkFor(h, training.id(), workerId);
        if (done) {
            userSkills.setByTraining(h, training.accountId(), skill, workerId, score(submitted),
                    retryDays(trainingDoc).map(days -> now + days * DAY_MILLIS).orElse(null));
        }
    }

    /** Work in a pool that requires the training keeps the worker's training skill that many days more. */
    private void keptByWork(Handle h, Pool pool, String workerId) {
        Optional<Pool> training = pools.findAnyKind(h, pool.accountId(), pool.linkedTrainingId(), false);
        Optional<Long> days = training.flatMap(t -> retryDays(t.doc().tree()));
        if (days.isEmpty()) {
            return;
        }
        long now = clock.millis();
        TrainingSkills.ofProject(h, training.get().projectId()).ifPresent(skill ->
                UserSkillStore.keepUntil(h, skill, workerId, now + days.get() * DAY_MILLIS, now));
    }

    private static Optional<Long> retryDays(JsonNode trainingDoc) {
        JsonNode days = trainingDoc.path("retry_training_after_days");
        return days.canConvertToLong() && days.asLong() > 0 && days.asLong() <= MAX_DAYS ? Optional.of(days.asLong())
                : Optional.empty();
    }

    /** 100 times the mean correctness of the answers to tasks with known solutions; 0 when there were none. */
    private static double score(List<Assignment> submitted) {
        double sum = 0;
        int count = 0;
        for (Assignment a : submitted) {
            JsonNode doc = a.doc().tree();
            JsonNode tasks = doc.path("tasks");
            for (int i = 0; i < tasks.size(); i++) {
                if (KnownSolutions.scored(tasks.get(i))) {
                    sum += KnownSolutions.correctness(tasks.get(i).get("known_solutions"),
                            doc.path("solutions").path(i).path("output_values"));
                    count++;
                }
            }
        }
        return count == 0 ? 0 : 100 * sum / count;
    }
}
