package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolKind;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
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
    /**
     * How many pages of candidates one take reads at most: enough to pass over what dozens of concurrent issuers
     * hold, without reading a whole pool for a worker whose reservations leave out nearly every task.
     */
    private static final int MAX_PAGES = 16;

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
            Taken taken = take(h, poolId, quota, workerId);
            boolean lastOfPool = quota.kind() == TaskKind.REAL && !taken.tasks().isEmpty()
                    && mixer.path("force_last_assignment").asBoolean(true)
                    && noneLeft(h, poolId, quota.kind(), workerId, taken.tasks());
            if (taken.tasks().size() < quota.minimum() && !lastOfPool) {
                // Not enough for a suite: the caller's transaction rolls back the places taken so far. Unless
                // other issuers hold tasks that may well have places left once they are done: that is no reason to
                // send the worker away for good.
                if (taken.passedOver()) {
                    throw new ApiException(ErrorCode.REMOTE_SERVICE_UNAVAILABLE,
                            "Other workers are taking this pool's tasks right now; retry");
                }
                return List.of();
            }
            drawn.addAll(taken.tasks());
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

    /**
     * Whether the worker could get no task of the kind beyond those just taken. The tasks just taken are not yet
     * recorded as the worker's, and still issuable while they have more than one place left: counting them, the last
     * tasks of a pool that needed two more answers each were never issued, and the pool never completed
     * (KillDuringIssuingTest found it).
     */
    private static boolean noneLeft(Handle h, long poolId, TaskKind kind, String workerId, List<Task> taken) {
        List<String> takenIds = taken.stream().map(Task::id).toList();
        return TaskStore.issuable(h, poolId, kind, workerId, "", taken.size() + SLACK).stream()
                .noneMatch(task -> !takenIds.contains(task.id()) && Reservations.allow(task.doc().tree(), workerId));
    }

    /** The tasks taken for a quota, and whether some candidates were passed over because others held them. */
    private record Taken(List<Task> tasks, boolean passedOver) {
    }

    /**
     * Takes up to the quota's count, in id order, passing over tasks other transactions hold right now; only once
     * the free ones have run out does it wait for those, which often still have a place after their holder is
     * done. It waits only for tasks above every one it has locked, as every other transaction that locks tasks
     * locks them upwards: two issuers each waiting for a task the other holds would be a deadlock, which the
     * database breaks by failing one of them. Pages through the candidates rather than reading the first ones
     * again, so it ends.
     */
    private static Taken take(Handle h, long poolId, Quota quota, String workerId) {
        List<Task> taken = new ArrayList<>();
        List<Task> busy = new ArrayList<>();
        String highestLocked = "";
        String after = "";
        for (int page = 0; page < MAX_PAGES && taken.size() < quota.count(); page++) {
            int limit = quota.count() - taken.size() + SLACK;
            List<Task> candidates = TaskStore.issuable(h, poolId, quota.kind(), workerId, after, limit);
            for (Task task : candidates) {
                if (taken.size() < quota.count() && Reservations.allow(task.doc().tree(), workerId)) {
                    TaskStore.Place place = TaskStore.tryTakePlace(h, task.id());
                    if (place == TaskStore.Place.BUSY) {
                        busy.add(task);
                        continue;
                    }
                    highestLocked = task.id();
                    if (place == TaskStore.Place.TAKEN) {
                        taken.add(task);
                    }
                }
            }
            if (candidates.size() < limit) {
                break;
            }
            after = candidates.get(candidates.size() - 1).id();
        }
        boolean passedOver = false;
        for (Task task : busy) {
            if (taken.size() == quota.count()) {
                break;
            }
            if (task.id().compareTo(highestLocked) < 0) {
                passedOver = true;
            } else if (TaskStore.takePlace(h, task.id())) {
                taken.add(task);
                highestLocked = task.id();
            }
        }
        return new Taken(taken, passedOver);
    }
}
