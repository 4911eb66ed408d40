package dev.artel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dynamic overlap over HTTP: scripted workers with skill values take and answer tasks through the worker API,
 * and each task gets more answers only while the answers weighed by skill are not confident enough, up to the
 * maximum; the pool completes when every task is settled.
 */
class DynamicOverlapTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static final String IMAGES = "http://127.0.0.1/";

    /** The name a test gives a task: its image's, without the address. */
    private static String name(JsonNode task) {
        return task.path("input_values").path("image").asText().substring(IMAGES.length());
    }

    /** A project whose one output field has three answers, as in the example of Toloka's guide. */
    private static String project(ApiClient api) {
        ObjectNode project = Fixtures.project();
        ((ObjectNode) project.path("task_spec").path("output_spec").path("result"))
                .putArray("allowed_values").add("OK").add("BAD").add("404");
        ApiClient.Response created = api.post("/projects", project);
        assertEquals(201, created.status(), created.toString());
        return created.field("id");
    }

    /**
     * An open pool reviewed by hand, {@code perSuite} loose tasks a suite in creation order, named {@code images},
     * uploaded with the pool's default overlap {@code minOverlap}, and dynamic overlap up to
     * {@code maxOverlap} at {@code minConfidence}, weighed by {@code skill}.
     */
    private static String openPool(ApiClient api, String skill, int minOverlap, int maxOverlap, double minConfidence,
                                   int perSuite, List<String> images) {
        String pool = createPool(api, skill, minOverlap, maxOverlap, minConfidence, perSuite);
        ArrayNode batch = Json.mapper().createArrayNode();
        for (String image : images) {
            batch.addObject().put("pool_id", pool).putObject("input_values").put("image", IMAGES + image);
        }
        ApiClient.Response uploaded = api.post("/tasks?allow_defaults=true", batch);
        assertEquals(201, uploaded.status(), uploaded.toString());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return pool;
    }

    /** The pool of {@link #openPool}, closed and empty. */
    private static String createPool(ApiClient api, String skill, int minOverlap, int maxOverlap,
                                     double minConfidence, int perSuite) {
        ObjectNode form = Fixtures.pool(project(api));
        form.remove("quality_control");
        form.put("auto_accept_solutions", false);
        form.putObject("defaults").put("default_overlap_for_new_tasks", minOverlap)
                .put("default_overlap_for_new_task_suites", minOverlap);
        form.putObject("mixer_config").put("real_tasks_count", perSuite).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0).put("mix_tasks_in_creation_order", true)
                .put("shuffle_tasks_in_task_suite", false);
        ObjectNode dynamic = form.putObject("dynamic_overlap_config").put("type", "BASIC")
                .put("max_overlap", maxOverlap).put("min_confidence", minConfidence)
                .put("answer_weight_skill_id", skill);
        dynamic.putArray("fields").addObject().put("name", "result");
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        return created.field("id");
    }

    /** A new worker with {@code value} of the skill, or none when {@code value} is null. */
    private static ApiClient worker(ApiClient api, String skill, Double value) {
        ApiClient worker = server.newWorker();
        if (value != null) {
            String id = worker.get("/worker/me").field("id");
            ApiClient.Response set = api.put("/user-skills", Fixtures.userSkill(skill, id, value));
            assertEquals(200, set.status(), set.toString());
        }
        return worker;
    }

    private static JsonNode take(ApiClient worker, String pool) {
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        return taken.json();
    }

    /** Submits, for each task of the assignment, the answer {@code answers} gives its image; returns the images. */
    private static List<String> submit(ApiClient worker, JsonNode assignment, Map<String, String> answers) {
        List<String> images = new ArrayList<>();
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        for (JsonNode task : assignment.path("tasks")) {
            String image = name(task);
            images.add(image);
            solutions.addObject().putObject("output_values").put("result", answers.get(image));
        }
        ApiClient.Response submitted = worker.post("/worker/assignments/" + assignment.path("id").asText()
                + "/submit", body);
        assertEquals(200, submitted.status(), submitted.toString());
        return images;
    }

    /** Takes a suite and answers it; returns the images of its tasks. */
    private static List<String> answer(ApiClient worker, String pool, Map<String, String> answers) {
        return submit(worker, take(worker, pool), answers);
    }

    /** The overlap of each task of the pool, by image. */
    private static Map<String, Integer> overlaps(ApiClient api, String pool) {
        Map<String, Integer> out = new LinkedHashMap<>();
        for (JsonNode task : api.get("/tasks?limit=100&pool_id=" + pool).json().path("items")) {
            out.put(name(task), task.path("overlap").asInt());
        }
        return out;
    }

    private static String taskId(ApiClient api, String pool, String image) {
        for (JsonNode task : api.get("/tasks?limit=100&pool_id=" + pool).json().path("items")) {
            if (name(task).equals(image)) {
                return task.path("id").asText();
            }
        }
        throw new AssertionError("no task " + image);
    }

    private static String skill(ApiClient api) {
        return api.post("/skills", Fixtures.skill()).field("id");
    }

    private static String status(ApiClient api, String pool) {
        JsonNode view = api.get("/pools/" + pool).json();
        return view.path("status").asText() + "/" + view.path("last_close_reason").asText("");
    }

    /**
     * A config that could never weigh answers is refused when the pool is saved, created or replaced, naming the
     * part at fault as Toloka's validation errors do; the skill may be the account's own or a global one.
     */
    @Test
    void aConfigThatCouldNeverWeighAnswersIsRefusedWhenThePoolIsSaved() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        ObjectNode project = Fixtures.project();
        ObjectNode output = (ObjectNode) project.path("task_spec").path("output_spec");
        output.putObject("comment").put("type", "string");
        output.putObject("boxes").put("type", "array_string");
        String projectId = api.post("/projects", project).field("id");
        ObjectNode form = Fixtures.pool(projectId);
        form.putObject("defaults").put("default_overlap_for_new_tasks", 3)
                .put("default_overlap_for_new_task_suites", 3);
        ObjectNode dynamic = form.putObject("dynamic_overlap_config").put("type", "BASIC").put("max_overlap", 5)
                .put("min_confidence", 0.9).put("answer_weight_skill_id", skill);
        dynamic.putArray("fields").addObject().put("name", "result");
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        String pool = created.field("id");

        // Each change of the config, by the field it puts at fault.
        List<Map.Entry<String, Consumer<ObjectNode>>> wrong = List.of(
                Map.entry("answer_weight_skill_id", config -> config.put("answer_weight_skill_id", "987654321")),
                Map.entry("answer_weight_skill_id", config -> config.put("answer_weight_skill_id",
                        skill(server.newAccount()))),
                Map.entry("fields", config -> config.putArray("fields")),
                Map.entry("fields.0.name", config -> config.putArray("fields").addObject().put("name", "nope")),
                Map.entry("fields.0.name", config -> config.putArray("fields").addObject().put("name", "comment")),
                Map.entry("fields.1.name", config -> ((ArrayNode) config.path("fields")).addObject()
                        .put("name", "boxes")),
                Map.entry("max_overlap", config -> config.put("max_overlap", 2)),
                Map.entry("min_confidence", config -> config.put("min_confidence", 1.5)),
                Map.entry("type", config -> config.put("type", "FANCY")));
        for (Map.Entry<String, Consumer<ObjectNode>> change : wrong) {
            ObjectNode bad = form.deepCopy();
            change.getValue().accept((ObjectNode) bad.path("dynamic_overlap_config"));
            for (ApiClient.Response refused : List.of(api.post("/pools", bad), api.put("/pools/" + pool, bad))) {
                assertEquals(400, refused.status(), refused.toString());
                assertEquals("VALIDATION_ERROR", refused.code(), refused.toString());
                List<String> named = new ArrayList<>();
                refused.json().path("payload").fieldNames().forEachRemaining(named::add);
                assertEquals(List.of("dynamic_overlap_config." + change.getKey()), named, refused.toString());
            }
        }
        assertEquals(skill, api.get("/pools/" + pool).json().path("dynamic_overlap_config")
                .path("answer_weight_skill_id").asText(), "a refused PUT leaves the pool as it was");

        // The global skill of a verified language, and a maximum equal to the minimum, which changes nothing.
        ObjectNode global = form.deepCopy();
        ((ObjectNode) global.path("dynamic_overlap_config")).put("answer_weight_skill_id", "26366")
                .put("max_overlap", 3);
        assertEquals(201, api.post("/pools", global).status());
        ApiClient.Response replaced = api.put("/pools/" + pool, global);
        assertEquals(200, replaced.status(), replaced.toString());
    }

    @Test
    void theGuidesExampleEndsTheAgreedTaskAtTheMinimumAndAsksOneMoreAnswerForTheOther() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String pool = openPool(api, skill, 2, 3, 0.8, 1, List.of("t1", "t2"));
        ApiClient a = worker(api, skill, 70.0);
        ApiClient b = worker(api, skill, 90.0);
        ApiClient c = worker(api, skill, 80.0);

        assertEquals(List.of("t1"), answer(a, pool, Map.of("t1", "OK")));
        assertEquals(List.of("t2"), answer(a, pool, Map.of("t2", "OK")));
        assertEquals(List.of("t1"), answer(b, pool, Map.of("t1", "OK")));
        assertEquals(Map.of("t1", 2, "t2", 2), overlaps(api, pool));
        assertEquals(List.of("t2"), answer(b, pool, Map.of("t2", "BAD")));
        // t1: OK by 70 and 90, 97.7 % confident, done at 2. t2: BAD 76.1 %, under 80 %: one more answer.
        assertEquals(Map.of("t1", 2, "t2", 3), overlaps(api, pool));
        server.artel().scheduler().runDue();
        assertEquals("OPEN/", status(api, pool), "a task still wants an answer");

        assertEquals(List.of("t2"), answer(c, pool, Map.of("t2", "BAD")));
        assertEquals(Map.of("t1", 2, "t2", 3), overlaps(api, pool));
        server.artel().scheduler().runDue();
        assertEquals("CLOSED/COMPLETED", status(api, pool));

        // Aggregation by skill of the same answers, once accepted, reports the confidences the guide gives.
        api.get("/assignments?limit=100&pool_id=" + pool).json().path("items").forEach(assignment ->
                assertEquals(200, api.patch("/assignments/" + assignment.path("id").asText(),
                        Json.object().put("status", "ACCEPTED")).status()));
        Map<String, String> expected = Map.of("t1", "OK 0.9767", "t2", "BAD 0.9621");
        for (Map.Entry<String, String> task : expected.entrySet()) {
            ObjectNode body = Json.object().put("type", "WEIGHTED_DYNAMIC_OVERLAP").put("pool_id", pool)
                    .put("answer_weight_skill_id", skill).put("task_id", taskId(api, pool, task.getKey()));
            body.putArray("fields").addObject().put("name", "result");
            JsonNode result = api.post("/aggregated-solutions/aggregate-by-task", body).json();
            assertEquals(task.getValue(), result.path("output_values").path("result").asText() + " "
                    + String.format("%.4f", result.path("confidence").asDouble()), result.toString());
        }
    }

    @Test
    void agreementEndsAtTheMinimumAndDisagreementGrowsToTheMaximumAndNoFurther() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        // Two tasks a suite: the mixer hands out what is left once one of them is settled.
        String pool = openPool(api, skill, 2, 4, 0.95, 2, List.of("agreed", "disputed"));
        List<ApiClient> workers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            workers.add(worker(api, skill, 80.0));
        }
        assertEquals(List.of("agreed", "disputed"), answer(workers.get(0), pool,
                Map.of("agreed", "OK", "disputed", "OK")));
        assertEquals(List.of("agreed", "disputed"), answer(workers.get(1), pool,
                Map.of("agreed", "OK", "disputed", "BAD")));
        // Two of 80 agreeing: 0.64 / 0.66 = 97 %. One against one: under a half.
        assertEquals(Map.of("agreed", 2, "disputed", 3), overlaps(api, pool));
        assertEquals(List.of("disputed"), answer(workers.get(2), pool, Map.of("disputed", "OK")));
        // OK, BAD, OK: 0.064 / 0.073 = 88 %, still under 95 %.
        assertEquals(Map.of("agreed", 2, "disputed", 4), overlaps(api, pool));
        assertEquals(List.of("disputed"), answer(workers.get(3), pool, Map.of("disputed", "BAD")));
        // Two against two: a half, but the maximum is reached.
        assertEquals(Map.of("agreed", 2, "disputed", 4), overlaps(api, pool));
        ApiClient.Response none = workers.get(4).post("/worker/pools/" + pool + "/assignments");
        assertEquals(409, none.status(), none.toString());
        assertEquals("NO_TASKS_AVAILABLE", none.code());
        server.artel().scheduler().runDue();
        assertEquals("CLOSED/COMPLETED", status(api, pool));
    }

    @Test
    void theSkillWeighsTheAnswers() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String pool = openPool(api, skill, 2, 3, 0.9, 1, List.of("low", "high", "unskilled"));
        // Each pair takes its task before anyone answers, so each task goes to the pair meant for it.
        Map<String, List<ApiClient>> pairs = new LinkedHashMap<>();
        pairs.put("low", List.of(worker(api, skill, 60.0), worker(api, skill, 60.0)));
        pairs.put("high", List.of(worker(api, skill, 95.0), worker(api, skill, 95.0)));
        pairs.put("unskilled", List.of(worker(api, skill, null), worker(api, skill, null)));
        Map<ApiClient, JsonNode> taken = new HashMap<>();
        for (Map.Entry<String, List<ApiClient>> pair : pairs.entrySet()) {
            for (ApiClient worker : pair.getValue()) {
                JsonNode assignment = take(worker, pool);
                assertEquals(pair.getKey(), name(assignment.path("tasks").get(0)));
                taken.put(worker, assignment);
            }
        }
        pairs.values().forEach(pair -> pair.forEach(worker -> submit(worker, taken.get(worker),
                Map.of("low", "OK", "high", "OK", "unskilled", "OK"))));
        // The same agreement: two of 60 are 82 % confident, two of 95 are 99.9 %, and workers without a value
        // of the skill carry no weight at all.
        assertEquals(Map.of("low", 3, "high", 2, "unskilled", 3), overlaps(api, pool));
    }

    @Test
    void aRejectedAnswerStopsCountingAndItsReplacementIsJudged() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String pool = openPool(api, skill, 2, 3, 0.8, 1, List.of("t"));
        ApiClient a = worker(api, skill, 90.0);
        ApiClient b = worker(api, skill, 90.0);
        answer(a, pool, Map.of("t", "OK"));
        JsonNode second = take(b, pool);
        submit(b, second, Map.of("t", "OK"));
        assertEquals(Map.of("t", 2), overlaps(api, pool));
        assertEquals(200, api.patch("/assignments/" + second.path("id").asText(), Json.object()
                .put("status", "REJECTED").put("public_comment", "no")).status());
        // The place comes back; the replacement disagrees with the one answer left, and a half is not enough.
        answer(worker(api, skill, 90.0), pool, Map.of("t", "BAD"));
        assertEquals(Map.of("t", 3), overlaps(api, pool));
        answer(worker(api, skill, 90.0), pool, Map.of("t", "OK"));
        assertEquals(Map.of("t", 3), overlaps(api, pool));
        server.artel().scheduler().runDue();
        assertEquals("CLOSED/COMPLETED", status(api, pool));
    }

    @Test
    void anUploadedSuiteKeepsItsOverlap() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String pool = createPool(api, skill, 2, 5, 0.99, 1);
        ObjectNode suite = Json.object().put("pool_id", pool).put("overlap", 2);
        suite.putArray("tasks").addObject().putObject("input_values").put("image", IMAGES + "s");
        assertEquals(201, api.post("/task-suites", suite).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        answer(worker(api, skill, 80.0), pool, Map.of("s", "OK"));
        answer(worker(api, skill, 80.0), pool, Map.of("s", "BAD"));
        // Toloka's guide: tasks not uploaded by smart mixing "are assigned with minimum overlap".
        assertEquals(Map.of("s", 2), overlaps(api, pool));
        server.artel().scheduler().runDue();
        assertEquals("CLOSED/COMPLETED", status(api, pool));
    }

    @Test
    void aTaskReservedForWorkersWhoAllAnsweredItDoesNotGrow() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String pool = createPool(api, skill, 2, 3, 0.8, 1);
        ApiClient a = worker(api, skill, 80.0);
        ApiClient b = worker(api, skill, 80.0);
        ApiClient c = worker(api, skill, 80.0);
        ArrayNode batch = Json.mapper().createArrayNode();
        Map<String, List<ApiClient>> reservedFor = new LinkedHashMap<>();
        reservedFor.put("pair", List.of(a, b));
        reservedFor.put("trio", List.of(a, b, c));
        reservedFor.forEach((image, workers) -> {
            ObjectNode task = batch.addObject().put("pool_id", pool).put("overlap", 2);
            task.putObject("input_values").put("image", IMAGES + image);
            ArrayNode ids = task.putArray("reserved_for");
            workers.forEach(worker -> ids.add(worker.get("/worker/me").field("id")));
        });
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        for (ApiClient worker : List.of(a, b)) {
            String answer = worker == a ? "OK" : "BAD";
            assertEquals(List.of("pair"), answer(worker, pool, Map.of("pair", answer)));
            assertEquals(List.of("trio"), answer(worker, pool, Map.of("trio", answer)));
        }
        // Both are in doubt, but only the trio has a worker left who may answer it.
        assertEquals(Map.of("pair", 2, "trio", 3), overlaps(api, pool));
        assertEquals(List.of("trio"), answer(c, pool, Map.of("trio", "OK")));
        server.artel().scheduler().runDue();
        assertEquals("CLOSED/COMPLETED", status(api, pool));
    }

    @Test
    void aBaselineSolutionCountsAsAnAnswerOfItsConfidenceWeight() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String pool = createPool(api, skill, 1, 3, 0.9, 3);
        ArrayNode batch = Json.mapper().createArrayNode();
        Map<String, String> baselines = new LinkedHashMap<>();
        baselines.put("backed", "OK");
        baselines.put("contradicted", "BAD");
        baselines.put("plain", null);
        baselines.forEach((image, baseline) -> {
            ObjectNode task = batch.addObject().put("pool_id", pool).put("overlap", 1);
            task.putObject("input_values").put("image", IMAGES + image);
            if (baseline != null) {
                task.putArray("baseline_solutions").addObject().put("confidence_weight", 0.8)
                        .putObject("output_values").put("result", baseline);
            }
        });
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        ApiClient worker = worker(api, skill, 80.0);
        JsonNode assignment = take(worker, pool);
        submit(worker, assignment, Map.of("backed", "OK", "contradicted", "OK", "plain", "OK"));
        // OK of 80 with a baseline OK of 0.8: 0.64 / 0.66 = 97 %; alone, 80 %; against a baseline BAD, a tie that
        // BAD wins (first in order) at 47 %.
        assertEquals(Map.of("backed", 1, "contradicted", 2, "plain", 2), overlaps(api, pool));

        // Aggregation by skill counts the baseline too.
        assertEquals(200, api.patch("/assignments/" + assignment.path("id").asText(),
                Json.object().put("status", "ACCEPTED")).status());
        ObjectNode body = Json.object().put("type", "WEIGHTED_DYNAMIC_OVERLAP").put("pool_id", pool)
                .put("answer_weight_skill_id", skill).put("task_id", taskId(api, pool, "backed"));
        body.putArray("fields").addObject().put("name", "result");
        JsonNode result = api.post("/aggregated-solutions/aggregate-by-task", body).json();
        assertEquals(0.64 / 0.66, result.path("confidence").asDouble(), 1e-9, result.toString());
        body.remove("task_id");
        ApiClient.Response operation = api.post("/aggregated-solutions/aggregate-by-pool", body);
        assertEquals(202, operation.status(), operation.toString());
        JsonNode results = api.get("/aggregated-solutions/" + operation.field("id")).json().path("items");
        Map<String, String> byTask = new HashMap<>();
        results.forEach(r -> byTask.put(r.path("task_id").asText(), r.path("output_values").path("result").asText()
                + String.format(" %.4f", r.path("confidence").asDouble())));
        assertEquals(Map.of(taskId(api, pool, "backed"), "OK 0.9697", taskId(api, pool, "contradicted"),
                "BAD 0.4706", taskId(api, pool, "plain"), "OK 0.8000"), byTask);
    }

    /** Enough tasks a suite that three submits judging them overlap in time. */
    private static final int TASKS_AT_ONCE = 40;

    @Test
    void answersSubmittedAtOnceJudgeEachTaskOnceOnAllItsAnswers() throws Exception {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        List<String> images = new ArrayList<>();
        for (int i = 0; i < TASKS_AT_ONCE; i++) {
            images.add("t" + i);
        }
        // One task more than the suites take keeps the pool from looking complete: a submit then sets no timer of
        // the pool, which would have made the submits wait for each other.
        List<String> uploaded = new ArrayList<>(images);
        uploaded.add("spare");
        String pool = openPool(api, skill, 3, 5, 0.9, TASKS_AT_ONCE, uploaded);
        List<String> answers = List.of("OK", "BAD", "404");
        List<ApiClient> workers = new ArrayList<>();
        List<JsonNode> assignments = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            workers.add(worker(api, skill, 80.0));
            assignments.add(take(workers.get(i), pool));
        }
        ExecutorService threads = Executors.newFixedThreadPool(3);
        CyclicBarrier start = new CyclicBarrier(3);
        try {
            List<Callable<List<String>>> submits = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Map<String, String> all = new HashMap<>();
                String value = answers.get(i);
                images.forEach(image -> all.put(image, value));
                ApiClient worker = workers.get(i);
                JsonNode assignment = assignments.get(i);
                submits.add(() -> {
                    start.await();
                    return submit(worker, assignment, all);
                });
            }
            for (Future<List<String>> done : threads.invokeAll(submits)) {
                assertEquals(TASKS_AT_ONCE, done.get().size());
            }
        } finally {
            threads.shutdown();
        }
        // Three different answers are a third each: every task wants exactly one more answer, however the three
        // submits interleaved (each judged on the answers of all three, none judged twice).
        Map<String, Integer> expected = new LinkedHashMap<>();
        images.forEach(image -> expected.put(image, 4));
        expected.put("spare", 3);
        assertEquals(expected, overlaps(api, pool));
    }
}
