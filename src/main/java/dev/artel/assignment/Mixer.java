package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.storage.Handle;
import dev.artel.task.Task;
import dev.artel.task.TaskKind;
import dev.artel.task.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Puts loose tasks into a suite for one worker, as the pool's {@code mixer_config} says: so many real, control and
 * training tasks, each at least its minimum (which defaults to the count), except that with
 * {@code force_last_assignment} (the default) the last real tasks of a pool go out even when fewer than the
 * minimum are left. Tasks are drawn in creation order; {@code shuffle_tasks_in_task_suite} (the default) then
 * shuffles the suite, seeded by the assignment's id so that the order is the same on every read and every node.
 */
final class Mixer {
    /** Candidates read per kind beyond the count, for places other workers take meanwhile. */
    private static final int SLACK = 8;

    private record Quota(TaskKind kind, int count, int minimum) {
    }

    private Mixer() {
    }

    /**
     * What the mixer counts for the pool: its {@code mixer_config}; a training has none, and gives
     * {@code training_tasks_in_task_suite_count} training tasks a suite, with a short last suite rather than
     * tasks no worker can reach.
     */
    static JsonNode config(Pool pool) {
        ObjectNode doc = pool.doc().tree();
        if (pool.kind() != PoolKind.TRAINING) {
            return doc.path("mixer_config");
        }
        ObjectNode config = Json.object();
        config.put("real_tasks_count", 0).put("golden_tasks_count", 0)
                .put("training_tasks_count", doc.path("training_tasks_in_task_suite_count").asInt(1))
                .put("min_training_tasks_count", 1)
                .put("shuffle_tasks_in_task_suite", doc.path("shuffle_tasks_in_task_suite").asBoolean(true));
        return config;
    }

    /** The tasks taken for the worker, their places in the overlap held; empty when the pool has no suite for them. */
    static List<Task> draw(Handle h, long poolId, JsonNode mixer, String workerId, String assignmentId) {
        List<Task> drawn = new ArrayList<>();
        for (Quota quota : quotas(mixer)) {
            if (quota.count() == 0) {
                continue;
            }
            List<Task> taken = take(h, poolId, quota, workerId);
            boolean lastOfPool = quota.kind() == TaskKind.REAL && !taken.isEmpty()
                    && mixer.path("force_last_assignment").asBoolean(true)
                    && TaskStore.issuable(h, poolId, quota.kind(), workerId, 1).isEmpty();
            if (taken.size() < quota.minimum() && !lastOfPool) {
                // Not enough for a suite: the caller's transaction rolls back the places taken so far.
                return List.of();
            }
            drawn.addAll(taken);
        }
        if (drawn.stream().noneMatch(task -> task.kind() != TaskKind.GOLDEN)
                && mixer.path("real_tasks_count").asInt() + mixer.path("training_tasks_count").asInt() > 0) {
            // Control tasks alone are no suite: they would only test a worker who has nothing left to do.
            return List.of();
        }
        if (mixer.path("shuffle_tasks_in_task_suite").asBoolean(true)) {
            java.util.Collections.shuffle(drawn, new Random(assignmentId.hashCode()));
        }
        return drawn;
    }

    private static List<Quota> quotas(JsonNode mixer) {
        List<Quota> quotas = new ArrayList<>();
        quotas.add(quota(mixer, TaskKind.REAL, "real_tasks_count", "min_real_tasks_count"));
        quotas.add(quota(mixer, TaskKind.GOLDEN, "golden_tasks_count", "min_golden_tasks_count"));
        quotas.add(quota(mixer, TaskKind.TRAINING, "training_tasks_count", "min_training_tasks_count"));
        return quotas;
    }

    private static Quota quota(JsonNode mixer, TaskKind kind, String count, String minimum) {
        int wanted = mixer.path(count).asInt(0);
        return new Quota(kind, wanted, mixer.path(minimum).asInt(wanted));
    }

    /** Takes up to the quota's count, reading again while other workers win the candidates read. */
    private static List<Task> take(Handle h, long poolId, Quota quota, String workerId) {
        List<Task> taken = new ArrayList<>();
        for (int round = 0; round < 3 && taken.size() < quota.count(); round++) {
            List<Task> candidates = TaskStore.issuable(h, poolId, quota.kind(), workerId,
                    quota.count() - taken.size() + SLACK).stream()
                    .filter(task -> taken.stream().noneMatch(t -> t.id().equals(task.id())))
                    .filter(task -> Reservations.allow(task.doc().tree(), workerId))
                    .limit(quota.count() - taken.size()).toList();
            if (candidates.isEmpty()) {
                break;
            }
            List<String> won = TaskStore.takePlaces(h, candidates.stream().map(Task::id).toList());
            candidates.stream().filter(task -> won.contains(task.id())).forEach(taken::add);
        }
        return taken;
    }
}
