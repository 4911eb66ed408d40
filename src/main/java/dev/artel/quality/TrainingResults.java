package dev.artel.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.assignment.AfterMove;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.assignment.AssignmentStore;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.storage.Handle;
import dev.artel.task.KnownSolutions;
import dev.artel.task.TaskStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A worker's result in a training, set once when they have done it: the share (0-100) of their answers to its
 * tasks with known solutions that were right, each answer counting its {@code correctness_weight}. Done means
 * {@code task_suites_required_to_pass} submitted suites, or nothing left in the training for them (without that
 * field, Toloka's "complete passing"). Every answer is a first answer, since a worker never gets a task twice, and
 * first answers are what Toloka counts. The value is then fixed, as Toloka fixes the training skill: pools that
 * require the training admit the worker by it ({@link PoolAccess}), and the training is no longer offered to them.
 */
public final class TrainingResults implements AfterMove {
    private final Clock clock;

    public TrainingResults(Clock clock) {
        this.clock = clock;
    }

    /** The worker's result in the training, if they have done it. */
    static Optional<Double> of(Handle h, long trainingId, String workerId) {
        return h.queryOne("SELECT correct FROM training_results WHERE pool_id = ? AND worker_id = ?",
                rs -> rs.getDouble(1), trainingId, workerId);
    }

    @Override
    public boolean moved(Handle h, Pool training, JsonNode trainingDoc, Assignment moved, Reviewer reviewer) {
        if (moved.status() != AssignmentStatus.SUBMITTED) {
            return false;
        }
        if (training.kind() != PoolKind.TRAINING || of(h, training.id(), moved.workerId()).isPresent()) {
            return false;
        }
        List<Assignment> submitted = AssignmentStore.doneInPool(h, training.id(), moved.workerId()).stream()
                .filter(a -> a.submitted() != null && a.status() != AssignmentStatus.REJECTED).toList();
        int required = trainingDoc.path("task_suites_required_to_pass").asInt(0);
        // Nothing left also ends a training that asks for more suites than it has for the worker, who could
        // otherwise never be admitted.
        boolean done = required > 0 && submitted.size() >= required
                || !TaskStore.hasWorkFor(h, training.id(), moved.workerId());
        if (done) {
            h.update("INSERT INTO training_results (pool_id, worker_id, correct, finished) VALUES (?, ?, ?, ?)",
                    training.id(), moved.workerId(), score(submitted), clock.millis());
        }
        return false;
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
