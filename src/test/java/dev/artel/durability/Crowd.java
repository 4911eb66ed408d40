package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Workers at one pool, each looping take, then submit, skip or let expire, as a crowd does, and everything they
 * were told: which assignment (with which tasks) each 2xx gave whom, which submits, skips and rejections were
 * answered 2xx, and every status per request kind. A 503 (a lock timeout or deadlock in the database) is retried,
 * as toloka-kit retries it, and counted. {@link IssuingInvariants} holds the database to what the crowd saw.
 */
final class Crowd {
    /** Real tasks a suite: the mixer makes every suite from loose tasks. */
    static final int SUITE = 5;

    /**
     * How a worker treats what it takes, in percent: left to expire, skipped; and of its submitted answers, how
     * many the requester rejects.
     */
    record Mix(int expire, int skip, int reject) {
        /** A crowd that leaves some work to expire, skips some and answers some badly. */
        static final Mix CROWD = new Mix(2, 12, 10);
        /** Answers everything, and well. */
        static final Mix DILIGENT = new Mix(0, 0, 0);
        /** Skips some and answers some badly, but never walks away from an assignment. */
        static final Mix NO_EXPIRY = new Mix(0, 12, 10);
    }

    /** An assignment as its worker was given it. */
    record Given(String workerId, List<String> taskIds) {
    }

    private final String poolId;
    private final Map<String, Given> given = new ConcurrentHashMap<>();
    private final Set<String> submitted = ConcurrentHashMap.newKeySet();
    private final Set<String> skipped = ConcurrentHashMap.newKeySet();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private final Set<String> unexpected = ConcurrentHashMap.newKeySet();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();

    Crowd(String poolId) {
        this.poolId = poolId;
    }

    /**
     * A new project and an open pool of {@code tasks} loose tasks with {@code overlap}, {@link #SUITE} a suite,
     * shuffled; submitted answers wait a day for auto-accept, and the pool closes as soon as it is complete.
     */
    static String openPool(ApiClient requester, int tasks, int overlap, long maxDurationSeconds) {
        String project = Fixtures.createProject(requester);
        ObjectNode form = Fixtures.pool(project);
        form.put("auto_accept_solutions", false);
        form.put("auto_accept_period_day", 1);
        form.put("assignment_max_duration_seconds", maxDurationSeconds);
        form.put("auto_close_after_complete_delay_seconds", 0);
        form.putObject("mixer_config").put("real_tasks_count", SUITE).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        String pool = requester.post("/pools", form).field("id");
        for (int from = 0; from < tasks; from += 100) {
            ArrayNode batch = Json.mapper().createArrayNode();
            for (int i = from; i < Math.min(tasks, from + 100); i++) {
                batch.addObject().put("pool_id", pool).put("overlap", overlap)
                        .putObject("input_values").put("image", "http://127.0.0.1/" + i + ".png");
            }
            ApiClient.Response created = requester.post("/tasks", batch);
            assertEquals(201, created.status(), created.toString());
        }
        ApiClient.Response opened = requester.post("/pools/" + pool + "/open");
        assertEquals(202, opened.status(), opened.toString());
        return pool;
    }

    String poolId() {
        return poolId;
    }

    /**
     * One worker until the pool has nothing for them ({@code true}), {@code more} says stop, or the server stops
     * answering ({@code false}: the last request's outcome is unknown). Of the assignments taken, the mix's
     * percentages are left to {@code letExpire} (which must move the clock past the expiry and fire the timers)
     * and skipped, the rest submitted, and its percentage of those rejected by the requester, which gives their
     * places back.
     */
    boolean work(ApiClient worker, ApiClient requester, long seed, Mix mix, Runnable letExpire,
                 BooleanSupplier more) {
        SplittableRandom random = new SplittableRandom(seed);
        try {
            while (more.getAsBoolean()) {
                ApiClient.Response taken = send("take", () -> worker.post("/worker/pools/" + poolId + "/assignments"));
                if (taken.status() == 409 && taken.code().equals("NO_TASKS_AVAILABLE")) {
                    return true;
                }
                if (taken.status() != 200 && taken.status() != 201) {
                    unexpected.add(taken.toString());
                    return true;
                }
                String id = remember(taken.json());
                int roll = random.nextInt(100);
                if (roll < mix.expire()) {
                    letExpire.run();
                } else if (roll < mix.expire() + mix.skip()) {
                    ApiClient.Response skip = send("skip", () -> worker.post("/worker/assignments/" + id + "/skip"));
                    if (skip.status() == 200) {
                        skipped.add(id);
                    }
                } else {
                    ApiClient.Response submit = send("submit", () -> worker.post("/worker/assignments/" + id
                            + "/submit", answers(taken.json())));
                    if (submit.status() == 200) {
                        submitted.add(id);
                        if (random.nextInt(100) < mix.reject()) {
                            ApiClient.Response reject = send("reject", () -> requester.patch("/assignments/" + id,
                                    Json.object().put("status", "REJECTED").put("public_comment", "blurry")));
                            if (reject.status() == 200) {
                                rejected.add(id);
                            }
                        }
                    }
                }
            }
            return true;
        } catch (UncheckedIOException gone) {
            unanswered.incrementAndGet();
            return false;
        }
    }

    private String remember(JsonNode assignment) {
        List<String> tasks = new ArrayList<>();
        assignment.path("tasks").forEach(task -> tasks.add(task.path("id").asText()));
        Given now = new Given(assignment.path("user_id").asText(), List.copyOf(tasks));
        String id = assignment.path("id").asText();
        Given before = given.putIfAbsent(id, now);
        if (before != null && !before.equals(now)) {
            unexpected.add("assignment " + id + " given as " + before + " and later as " + now);
        }
        return id;
    }

    /**
     * Sends until the answer is not 503, counting each kind and status; answers a request kind may not give
     * (a 500, or a 409 with another reason than a concurrent expiry or review) are kept as unexpected.
     */
    private ApiClient.Response send(String kind, Supplier<ApiClient.Response> request) {
        while (true) {
            ApiClient.Response response = request.get();
            answers.computeIfAbsent(kind + " " + response.status(), k -> new AtomicInteger()).incrementAndGet();
            if (response.status() == 503) {
                retried.incrementAndGet();
                continue;
            }
            boolean expected = switch (response.status()) {
                case 200 -> true;
                case 201 -> kind.equals("take");
                // Submit and skip lose to an expiry, and a rejection to a concurrent auto-accept, as they may.
                case 409 -> kind.equals("take") ? response.code().equals("NO_TASKS_AVAILABLE")
                        : response.code().equals("INAPPROPRIATE_STATUS");
                default -> false;
            };
            if (!expected) {
                unexpected.add(response.toString());
            }
            return response;
        }
    }

    private static ObjectNode answers(JsonNode assignment) {
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        assignment.path("tasks").forEach(t -> solutions.addObject().putObject("output_values").put("result", "cat"));
        return body;
    }

    Map<String, Given> given() {
        return Map.copyOf(given);
    }

    Set<String> submitted() {
        return Set.copyOf(submitted);
    }

    Set<String> skipped() {
        return Set.copyOf(skipped);
    }

    Set<String> rejected() {
        return Set.copyOf(rejected);
    }

    Set<String> unexpected() {
        return Set.copyOf(unexpected);
    }

    int retried() {
        return retried.get();
    }

    /** Requests whose answer never came, because the server was killed under them. */
    int unanswered() {
        return unanswered.get();
    }

    Map<String, Integer> answers() {
        Map<String, Integer> out = new TreeMap<>();
        answers.forEach((key, count) -> out.put(key, count.get()));
        return out;
    }

    @Override
    public String toString() {
        return "pool " + poolId + ": " + given.size() + " assignments given, " + submitted.size() + " submitted, "
                + skipped.size() + " skipped, " + rejected.size() + " rejected, " + retried.get() + " 503s retried, "
                + unanswered.get() + " unanswered; answers " + answers();
    }
}
