package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts loose tasks into a suite for one worker, as the pool's {@code mixer_config} says: so many real, control and
 * training tasks, each at least its minimum (which defaults to the count), except that with
 * {@code force_last_assignment} (the default) the last real tasks of a pool go out even when fewer than the
 * minimum are left. Tasks are drawn in creation order with {@code mix_tasks_in_creation_order}, else (a pool's
 * default) from a random point of the pool's tasks onwards, wrapping round; {@code shuffle_tasks_in_task_suite}
 * (the default) then shuffles the suite. Both draws are seeded by the assignment's id, so a suite is the same on
 * every read and every node, and an emulator with deterministic ids issues the same suites on every run.
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
     * tasks no worker can reach. {@code doc} is the pool's document, as the caller has it parsed.
     */
    static JsonNode config(Pool pool, ObjectNode doc) {
        if (pool.kind() != PoolKind.TRAINING) {
            return doc.path("mixer_config");
        }
        ObjectNode config = Json.object();
        config.put("real_tasks_count", 0).put("golden_tasks_count", 0)
                .put("training_tasks_count", doc.path("training_tasks_in_task_suite_count").asInt(1))
                .put("min_training_tasks_count", 1)
                .put("shuffle_tasks_in_task_suite", doc.path("shuffle_tasks_in_task_suite").asBoolean(true))
                // A training's own default, unlike a pool's: its tasks teach in the order they were written.
                .put("mix_tasks_in_creation_order", doc.path("mix_tasks_in_creation_order").asBoolean(true));
        return config;
    }

    /** The tasks taken for the worker, their places in the overlap held; empty when the pool has no suite for them. */
    static List<Task> draw(Handle h, long poolId, JsonNode mixer, String workerId, String assignmentId) {
        Random random = new Random(seed(assignmentId));
        boolean inCreationOrder = mixer.path("mix_tasks_in_creation_order").asBoolean(false);
        List<Task> drawn = new ArrayList<>();
        for (Quota quota : quotas(mixer)) {
            if (quota.count() == 0) {
                continue;
            }
            String start = inCreationOrder ? "" : randomStart(h, poolId, quota.kind(), random);
            Taken taken = take(h, poolId, quota, workerId, start);
            if (taken.tasks().size() < quota.minimum() && !lastOfPool(h, poolId, mixer, quota, workerId, taken)) {
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
            java.util.Collections.shuffle(drawn, random);
        }
        return drawn;
    }

    /**
     * The assignment's id without the node's bits (see IdGenerator.nextItemId): two servers given the same calls at
     * the same (virtual) times draw the same suites, which is what makes an emulator's runs repeatable.
     */
    private static long seed(String assignmentId) {
        Matcher id = ITEM_ID.matcher(assignmentId);
        String stable = id.matches() ? id.group(1) + id.group(2).substring(0, 12) + id.group(2).substring(16)
                : assignmentId;
        return stable.hashCode();
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

    /** Toloka's form of a task id (see IdGenerator.nextItemId): the pool in hex, then the clock, node and counter. */
    private static final Pattern ITEM_ID = Pattern.compile("([0-9a-f]{10})--([0-9a-f]{24})");

    /**
     * Where a draw in random order starts reading: just below a point drawn evenly between the first and the last
     * issuable id, so the draw takes the tasks from there on and then wraps round to the first. Not a shuffle of
     * every task, which would read the whole pool on every take, but it spreads concurrent takers over the pool
     * rather than have them all pass over each other's first tasks. Ids of another form start from the first.
     */
    private static String randomStart(Handle h, long poolId, TaskKind kind, Random random) {
        return TaskStore.issuableIdRange(h, poolId, kind).map(range -> {
            Matcher first = ITEM_ID.matcher(range.first());
            Matcher last = ITEM_ID.matcher(range.last());
            if (!first.matches() || !last.matches() || !first.group(1).equals(last.group(1))) {
                return "";
            }
            BigInteger low = new BigInteger(first.group(2), 16);
            BigInteger span = new BigInteger(last.group(2), 16).subtract(low).add(BigInteger.ONE);
            BigInteger point = low.add(new BigInteger(span.bitLength() + 16, random).mod(span));
            // One below the point, so that the task at the point itself is among those after it.
            return first.group(1) + "--" + String.format("%024x", point.subtract(BigInteger.ONE));
        }).orElse("");
    }

    /**
     * With {@code force_last_assignment} (the default), whether the real tasks just taken are the last the worker
     * could get: they go out even when fewer than the minimum.
     */
    private static boolean lastOfPool(Handle h, long poolId, JsonNode mixer, Quota quota, String workerId,
                                      Taken taken) {
        return quota.kind() == TaskKind.REAL && !taken.tasks().isEmpty()
                && mixer.path("force_last_assignment").asBoolean(true)
                && noneLeft(h, poolId, quota.kind(), workerId, taken.tasks());
    }

    /**
     * Whether the worker could get no task of the kind beyond those just taken. The tasks just taken are not yet
     * recorded as the worker's, and still issuable while they have more than one place left: counting them, the last
     * tasks of a pool that needed two more answers each were never issued, and the pool never completed
     * (KillDuringIssuingTest found it).
     */
    private static boolean noneLeft(Handle h, long poolId, TaskKind kind, String workerId, List<Task> taken) {
        List<String> takenIds = taken.stream().map(Task::id).toList();
        return TaskStore.issuable(h, poolId, kind, workerId, "", null, taken.size() + SLACK).stream()
                .noneMatch(task -> !takenIds.contains(task.id()) && Reservations.allow(task.doc(), workerId));
    }

    /** The tasks taken for a quota, and whether some candidates were passed over because others held them. */
    private record Taken(List<Task> tasks, boolean passedOver) {
    }

    /**
     * Takes up to the quota's count, in id order from {@code start} on and then from the first task up to it,
     * passing over tasks other transactions hold right now; only once the free ones have run out does it wait for
     * those, which often still have a place after their holder is done. It waits only for tasks above every one it
     * has locked, as does every other transaction that waits for tasks: a cycle of issuers each waiting for a task
     * the next holds would need each one's task to be above the last's, round the cycle, so there is none (the
     * database would break it by failing one of them). Pages through the candidates rather than reading the first
     * ones again, so it ends.
     */
    private static Taken take(Handle h, long poolId, Quota quota, String workerId, String start) {
        List<Task> taken = new ArrayList<>();
        List<Task> busy = new ArrayList<>();
        String highestLocked = "";
        int pages = 0;
        // From the start to the last task, then, when the start is not the first, from the first up to the start.
        for (String until : start.isEmpty() ? new String[] {null} : new String[] {null, start}) {
            String after = until == null ? start : "";
            while (pages++ < MAX_PAGES && taken.size() < quota.count()) {
                int limit = quota.count() - taken.size() + SLACK;
                List<Task> candidates = TaskStore.issuable(h, poolId, quota.kind(), workerId, after, until, limit);
                for (Task task : candidates) {
                    if (taken.size() < quota.count() && Reservations.allow(task.doc(), workerId)) {
                        TaskStore.Place place = TaskStore.tryTakePlace(h, task.id());
                        if (place == TaskStore.Place.BUSY) {
                            busy.add(task);
                            continue;
                        }
                        if (task.id().compareTo(highestLocked) > 0) {
                            highestLocked = task.id();
                        }
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
