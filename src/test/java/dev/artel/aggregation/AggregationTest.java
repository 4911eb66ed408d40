package dev.artel.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Crowd;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Aggregation over HTTP: workers answer through Artel's worker API, the requester aggregates through Toloka's,
 * and every answer is checked against the spec by the client.
 */
class AggregationTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** A pool of Fixtures' project (result: cat or dog), its tasks in creation order, {@code perSuite} a suite. */
    private record Pool(String id, String projectId, List<String> taskIds) {
    }

    private static Pool openPool(ApiClient api, int tasks, int overlap, int perSuite, boolean autoAccept) {
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.put("auto_accept_solutions", autoAccept);
        form.put("assignment_max_duration_seconds", 3600);
        form.putObject("mixer_config").put("real_tasks_count", perSuite).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0).put("shuffle_tasks_in_task_suite", false)
                .put("mix_tasks_in_creation_order", true);
        String pool = api.post("/pools", form).field("id");
        List<String> ids = new ArrayList<>();
        for (int from = 0; from < tasks; from += 5_000) {
            ArrayNode batch = Json.mapper().createArrayNode();
            for (int i = from; i < Math.min(tasks, from + 5_000); i++) {
                ObjectNode task = batch.addObject().put("pool_id", pool).put("overlap", overlap);
                task.putObject("input_values").put("image", "http://127.0.0.1/" + i + ".png");
            }
            ApiClient.Response created = api.post("/tasks", batch);
            assertEquals(201, created.status(), created.toString());
            for (int i = 0; i < batch.size(); i++) {
                ids.add(created.json().path("items").path(Integer.toString(i)).path("id").asText());
            }
        }
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return new Pool(pool, project, ids);
    }

    /** The worker takes and answers suites of the pool until it has none left, answering task {@code i} as told. */
    private static List<JsonNode> answerAll(ApiClient worker, String pool, IntFunction<String> answer) {
        List<JsonNode> assignments = new ArrayList<>();
        while (true) {
            ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
            if (taken.status() == 409) {
                return assignments;
            }
            assertEquals(201, taken.status(), taken.toString());
            ObjectNode body = Json.object();
            ArrayNode solutions = body.putArray("solutions");
            for (JsonNode task : taken.json().path("tasks")) {
                solutions.addObject().putObject("output_values").put("result", answer.apply(index(task)));
            }
            ApiClient.Response submitted = worker.post("/worker/assignments/" + taken.field("id") + "/submit", body);
            assertEquals(200, submitted.status(), submitted.toString());
            assignments.add(submitted.json());
        }
    }

    private static int index(JsonNode task) {
        String image = task.path("input_values").path("image").asText();
        return Integer.parseInt(image.substring(image.lastIndexOf('/') + 1, image.length() - ".png".length()));
    }

    private static ObjectNode dawidSkene(String poolId) {
        ObjectNode body = Json.object().put("type", "DAWID_SKENE").put("pool_id", poolId);
        body.putArray("fields").addObject().put("name", "result");
        return body;
    }

    /** Aggregates the pool by Dawid-Skene; the operation, finished since it runs inline. */
    private static JsonNode aggregate(ApiClient api, String poolId) {
        ApiClient.Response accepted = api.post("/aggregated-solutions/aggregate-by-pool", dawidSkene(poolId));
        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals("SUCCESS", accepted.field("status"), accepted.toString());
        return accepted.json();
    }

    /** Every result of the operation, read page by page as toloka-kit does (task_id_gt the last one). */
    private static Map<String, JsonNode> results(ApiClient api, String operationId) {
        Map<String, JsonNode> byTask = new java.util.LinkedHashMap<>();
        String after = null;
        while (true) {
            ApiClient.Response page = api.get("/aggregated-solutions/" + operationId + "?limit=300"
                    + (after == null ? "" : "&task_id_gt=" + after));
            assertEquals(200, page.status(), page.toString());
            for (JsonNode item : page.json().path("items")) {
                after = item.path("task_id").asText();
                assertTrue(byTask.put(after, item) == null, "listed twice: " + after);
            }
            if (!page.json().path("has_more").asBoolean()) {
                return byTask;
            }
        }
    }

    /**
     * The proof over the worker API: 60 tasks of five answers; the first two workers answer "dog" to
     * everything, the three others are right 85 % of the time (seeded). Majority vote follows the two spammers
     * wherever one good worker slips; Dawid-Skene finds that their "dog" says nothing and recovers more of the
     * hidden answers.
     */
    @Test
    void dawidSkeneRecoversTheTrueAnswersBetterThanMajorityVote() {
        ApiClient api = server.newAccount();
        int tasks = 60;
        Pool pool = openPool(api, tasks, 5, 10, true);
        Random random = new Random(7);
        String[] truth = new String[tasks];
        for (int i = 0; i < tasks; i++) {
            truth[i] = random.nextBoolean() ? "cat" : "dog";
        }
        Map<Integer, List<String>> given = new HashMap<>();
        for (int w = 0; w < 5; w++) {
            boolean spammer = w < 2;
            ApiClient worker = server.newWorker();
            answerAll(worker, pool.id(), i -> {
                String answer = spammer ? "dog" : random.nextDouble() < 0.85 ? truth[i]
                        : truth[i].equals("cat") ? "dog" : "cat";
                given.computeIfAbsent(i, k -> new ArrayList<>()).add(answer);
                return answer;
            });
        }
        JsonNode operation = aggregate(api, pool.id());
        assertEquals("SOLUTION.AGGREGATE", operation.path("type").asText());
        assertEquals(100, operation.path("progress").asInt());
        JsonNode parameters = operation.path("parameters");
        assertEquals(pool.id(), parameters.path("pool_id").asText());
        assertEquals("DAWID_SKENE", parameters.path("algorithm").asText());
        assertEquals(pool.projectId(), parameters.path("project_id").asText());
        assertEquals("Main pool", parameters.path("pool_name").asText());
        assertEquals(Json.mapper().createArrayNode().add("result"), parameters.path("aggregated_output_fields"));
        assertEquals(Json.mapper().createArrayNode().add("image"), parameters.path("input_fields"));
        assertEquals(tasks, operation.path("details").path("aggregated_tasks_count").asInt(), operation.toString());
        assertEquals(tasks * 5, operation.path("details").path("answers_count").asInt());
        assertEquals(operation, api.get("/operations/" + operation.path("id").asText()).json());

        Map<String, JsonNode> results = results(api, operation.path("id").asText());
        assertEquals(tasks, results.size());
        int dawidSkene = 0;
        int majority = 0;
        for (int i = 0; i < tasks; i++) {
            JsonNode result = results.get(pool.taskIds().get(i));
            assertEquals(pool.id(), result.path("pool_id").asText());
            double confidence = result.path("confidence").asDouble();
            assertTrue(confidence >= 0.5 && confidence <= 1, result.toString());
            dawidSkene += result.path("output_values").path("result").asText().equals(truth[i]) ? 1 : 0;
            long cats = given.get(i).stream().filter("cat"::equals).count();
            majority += (cats >= 3 ? "cat" : "dog").equals(truth[i]) ? 1 : 0;
        }
        System.out.println("over HTTP: Dawid-Skene " + dawidSkene + "/" + tasks + ", majority vote " + majority);
        assertTrue(dawidSkene > majority, "Dawid-Skene " + dawidSkene + " vs majority vote " + majority);

        // One task by itself: the pool's fit, so the same answer the pool aggregation gave it.
        String taskId = pool.taskIds().get(0);
        ApiClient.Response one = api.post("/aggregated-solutions/aggregate-by-task",
                dawidSkene(pool.id()).put("task_id", taskId));
        assertEquals(201, one.status(), one.toString());
        assertEquals(results.get(taskId), one.json());
    }

    /**
     * Only accepted answers count (Toloka's guide: "Aggregation only includes accepted tasks"): a submitted answer
     * not yet reviewed and a rejected one are left out, and an aggregation sees the answers accepted by the time it
     * was submitted.
     */
    @Test
    void onlyAcceptedAnswersCount() {
        ApiClient api = server.newAccount();
        Pool pool = openPool(api, 1, 4, 1, false);
        String taskId = pool.taskIds().get(0);
        JsonNode first = answerAll(server.newWorker(), pool.id(), i -> "cat").get(0);
        JsonNode second = answerAll(server.newWorker(), pool.id(), i -> "dog").get(0);
        JsonNode third = answerAll(server.newWorker(), pool.id(), i -> "dog").get(0);
        ObjectNode byTask = dawidSkene(pool.id()).put("task_id", taskId);

        ApiClient.Response nothingAccepted = api.post("/aggregated-solutions/aggregate-by-task", byTask);
        assertEquals(409, nothingAccepted.status(), nothingAccepted.toString());
        assertEquals("CONFLICT_STATE", nothingAccepted.code());
        JsonNode empty = aggregate(api, pool.id());
        assertEquals(0, empty.path("details").path("aggregated_tasks_count").asInt(), empty.toString());
        assertEquals(0, results(api, empty.path("id").asText()).size());

        Crowd.accept(api, first);
        Crowd.reject(api, second, "blurry");
        JsonNode onlyCat = api.post("/aggregated-solutions/aggregate-by-task", byTask).json();
        assertEquals("cat", onlyCat.path("output_values").path("result").asText(), onlyCat.toString());
        assertEquals(1, onlyCat.path("confidence").asDouble(), 1e-12);

        Crowd.accept(api, third);
        Crowd.accept(api, second);
        JsonNode both = aggregate(api, pool.id());
        JsonNode result = results(api, both.path("id").asText()).get(taskId);
        // One task, two "dog" against one "cat": EM has nothing to learn the workers' matrices from but this task.
        assertEquals("dog", result.path("output_values").path("result").asText(), result.toString());
        assertEquals(3, both.path("details").path("answers_count").asInt(), both.toString());
        // The earlier operation keeps what it found.
        assertEquals(0, results(api, empty.path("id").asText()).size());
    }

    /**
     * Aggregation by skill, on the guide's example: workers of skill 70, 80 and 90, and a fourth without a value,
     * whose answers carry no weight. All three saying cat gives 0.504 / 0.510; the second saying dog gives 0.84
     * (WeightedVoteTest has the arithmetic). The values are read when the aggregation runs.
     */
    @Test
    void aggregationBySkillWeighsEachAnswerByItsWorkersValue() {
        ApiClient api = server.newAccount();
        Pool pool = openPool(api, 2, 4, 2, true);
        String skill = api.post("/skills", Fixtures.skill()).field("id");
        double[] values = {70, 80, 90};
        for (int w = 0; w < 4; w++) {
            int worker = w;
            JsonNode assignment = answerAll(server.newWorker(), pool.id(),
                    i -> worker == 3 || (worker == 1 && i == 1) ? "dog" : "cat").get(0);
            if (worker < 3) {
                ApiClient.Response set = api.put("/user-skills", Fixtures.userSkill(skill,
                        Crowd.workerId(assignment), values[worker]));
                assertEquals(200, set.status(), set.toString());
            }
        }
        ObjectNode form = dawidSkene(pool.id()).put("type", "WEIGHTED_DYNAMIC_OVERLAP")
                .put("answer_weight_skill_id", skill);
        ApiClient.Response accepted = api.post("/aggregated-solutions/aggregate-by-pool", form);
        assertEquals(202, accepted.status(), accepted.toString());
        JsonNode parameters = accepted.json().path("parameters");
        assertEquals("WEIGHTED_DYNAMIC_OVERLAP", parameters.path("algorithm").asText());
        assertEquals(skill, parameters.path("answer_weight_skill_id").asText());
        assertEquals(Json.parseObject("{\"name\": \"result\"}"), parameters.path("aggregated_fields").get(0));
        Map<String, JsonNode> results = results(api, accepted.field("id"));
        JsonNode unanimous = results.get(pool.taskIds().get(0));
        assertEquals("cat", unanimous.path("output_values").path("result").asText(), unanimous.toString());
        assertEquals(0.504 / 0.510, unanimous.path("confidence").asDouble(), 1e-12);
        JsonNode split = results.get(pool.taskIds().get(1));
        assertEquals("cat", split.path("output_values").path("result").asText(), split.toString());
        assertEquals(0.84, split.path("confidence").asDouble(), 1e-12);

        ApiClient.Response one = api.post("/aggregated-solutions/aggregate-by-task",
                form.deepCopy().put("task_id", pool.taskIds().get(1)));
        assertEquals(201, one.status(), one.toString());
        assertEquals(split, one.json());

        ApiClient other = server.newAccount();
        String foreignSkill = other.post("/skills", Fixtures.skill()).field("id");
        assertRefused(api.post("/aggregated-solutions/aggregate-by-pool", form.deepCopy()
                .put("answer_weight_skill_id", foreignSkill)), 400, "VALIDATION_ERROR", "answer_weight_skill_id");

        // Once the values have outlived the skill's skill_ttl_hours, no answer carries weight.
        server.clock().advance(Duration.ofHours(Fixtures.skill().path("skill_ttl_hours").asLong()));
        assertRefused(api.post("/aggregated-solutions/aggregate-by-task", form.deepCopy().put("task_id",
                pool.taskIds().get(1))), 409, "CONFLICT_STATE", null);
    }

    @Test
    void resultsArePagedSortedAndFilteredByTaskId() {
        ApiClient api = server.newAccount();
        Pool pool = openPool(api, 7, 1, 7, true);
        answerAll(server.newWorker(), pool.id(), i -> i % 2 == 0 ? "cat" : "dog");
        String operation = aggregate(api, pool.id()).path("id").asText();
        List<String> ids = new ArrayList<>(pool.taskIds());
        java.util.Collections.sort(ids);
        String base = "/aggregated-solutions/" + operation;

        ApiClient.Response page = api.get(base + "?limit=3");
        assertEquals(ids.subList(0, 3), taskIds(page));
        assertTrue(page.json().path("has_more").asBoolean());
        ApiClient.Response last = api.get(base + "?limit=3&task_id_gt=" + ids.get(5));
        assertEquals(ids.subList(6, 7), taskIds(last));
        assertFalse(last.json().path("has_more").asBoolean());
        List<String> descending = new ArrayList<>(ids);
        java.util.Collections.reverse(descending);
        assertEquals(descending, taskIds(api.get(base + "?sort=-task_id")));
        assertEquals(ids.subList(2, 5), taskIds(api.get(base + "?task_id_gte=" + ids.get(2) + "&task_id_lt="
                + ids.get(5))));
        assertEquals(ids.subList(0, 2), taskIds(api.get(base + "?task_id_lte=" + ids.get(1))));
        JsonNode item = api.get(base + "?task_id_gte=" + pool.taskIds().get(3) + "&limit=1").json().path("items")
                .get(0);
        assertEquals("dog", item.path("output_values").path("result").asText(), item.toString());

        ApiClient.Response badSort = api.get(base + "?sort=confidence");
        assertEquals(400, badSort.status(), badSort.toString());
        assertEquals("INVALID_VALUE", Fixtures.fieldCodes(badSort).get("sort"));
        assertEquals(400, api.get(base + "?limit=0").status());
    }

    private static List<String> taskIds(ApiClient.Response page) {
        assertEquals(200, page.status(), page.toString());
        List<String> ids = new ArrayList<>();
        page.json().path("items").forEach(item -> ids.add(item.path("task_id").asText()));
        return ids;
    }

    /**
     * A pool larger than a chunk: its results are stored over several chunks, each task once, and all of them are
     * read back. The tasks go up asynchronously, so that no answer lists them all.
     */
    @Test
    void aPoolOfMoreThanOneChunkIsAggregatedWhole() {
        ApiClient api = server.newAccount();
        int tasks = AggregateOperation.CHUNK + 700;
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.putObject("mixer_config").put("real_tasks_count", 500).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        String pool = api.post("/pools", form).field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < tasks; i++) {
            ObjectNode task = batch.addObject().put("pool_id", pool).put("overlap", 1);
            task.putObject("input_values").put("image", "http://127.0.0.1/" + i + ".png");
        }
        ApiClient.Response upload = api.post("/tasks?async_mode=true&open_pool=true", batch);
        assertEquals("SUCCESS", upload.field("status"), upload.toString());
        answerAll(server.newWorker(), pool, i -> i % 3 == 0 ? "dog" : "cat");

        JsonNode operation = aggregate(api, pool);
        assertEquals(tasks, operation.path("details").path("aggregated_tasks_count").asInt(), operation.toString());
        List<JsonNode> results = new ArrayList<>(results(api, operation.path("id").asText()).values());
        assertEquals(tasks, results.size());
        for (int r = 0; r < tasks; r += 211) {
            JsonNode result = results.get(r);
            int i = index(api.get("/tasks/" + result.path("task_id").asText()).json());
            assertEquals(i % 3 == 0 ? "dog" : "cat", result.path("output_values").path("result").asText());
        }
    }

    @Test
    void requestsThatCannotBeAggregatedAreRefused() {
        ApiClient api = server.newAccount();
        Pool pool = openPool(api, 2, 1, 1, true);
        answerAll(server.newWorker(), pool.id(), i -> "cat");
        String byPool = "/aggregated-solutions/aggregate-by-pool";
        String byTask = "/aggregated-solutions/aggregate-by-task";

        assertRefused(api.post(byPool, dawidSkene("999999999")), 404, "DOES_NOT_EXIST", null);
        assertRefused(api.post(byPool, dawidSkene("not-a-pool")), 404, "DOES_NOT_EXIST", null);
        String training = api.post("/trainings", Fixtures.training(pool.projectId())).field("id");
        assertRefused(api.post(byPool, dawidSkene(training)), 404, "DOES_NOT_EXIST", null);

        ObjectNode unknownField = dawidSkene(pool.id());
        ((ObjectNode) unknownField.path("fields").get(0)).put("name", "colour");
        assertRefused(api.post(byPool, unknownField), 400, "VALIDATION_ERROR", "fields.0.name");
        ObjectNode twoFields = dawidSkene(pool.id());
        ((ArrayNode) twoFields.path("fields")).addObject().put("name", "result");
        assertRefused(api.post(byPool, twoFields), 400, "VALIDATION_ERROR", "fields");
        ObjectNode noSkill = dawidSkene(pool.id()).put("type", "WEIGHTED_DYNAMIC_OVERLAP");
        assertRefused(api.post(byPool, noSkill), 400, "VALIDATION_ERROR", "answer_weight_skill_id");
        ObjectNode noType = dawidSkene(pool.id());
        noType.remove("type");
        assertRefused(api.post(byPool, noType), 400, "VALIDATION_ERROR", "type");

        assertRefused(api.post(byTask, dawidSkene(pool.id())), 400, "VALIDATION_ERROR", "task_id");
        assertRefused(api.post(byTask, dawidSkene(pool.id()).put("task_id", "0000000000--000000000000000000000000")),
                404, "DOES_NOT_EXIST", null);
        Pool other = openPool(api, 1, 1, 1, true);
        assertRefused(api.post(byTask, dawidSkene(pool.id()).put("task_id", other.taskIds().get(0))), 404,
                "DOES_NOT_EXIST", null);

        assertRefused(api.get("/aggregated-solutions/5f0fbd4e-7ab6-4b1b-9c0a-5d3c2f9d2a11"), 404, "DOES_NOT_EXIST",
                null);
        String clone = api.post("/pools/" + pool.id() + "/clone").field("id");
        assertRefused(api.get("/aggregated-solutions/" + clone), 404, "DOES_NOT_EXIST", null);
        // The two POST paths are not operation ids, though GET /aggregated-solutions/{operationId} matches them.
        assertRefused(api.get(byPool), 405, "METHOD_NOT_ALLOWED", null);
        assertRefused(api.get(byTask), 405, "METHOD_NOT_ALLOWED", null);
    }

    /** A field whose answers cannot be counted as one value, or, by skill, whose possible answers are not listed. */
    @Test
    void fieldsMustBeAggregatable() {
        ApiClient api = server.newAccount();
        ObjectNode project = Fixtures.project();
        ((ObjectNode) project.path("task_spec")).set("output_spec", Json.parseObject("""
                {"result": {"type": "string", "allowed_values": ["cat", "dog"]},
                 "comment": {"type": "string", "required": false},
                 "tags": {"type": "array_string", "required": false},
                 "sure": {"type": "boolean", "required": false}}
                """));
        String projectId = api.post("/projects", project).field("id");
        String poolId = api.post("/pools", Fixtures.pool(projectId)).field("id");
        String byPool = "/aggregated-solutions/aggregate-by-pool";

        ObjectNode tags = dawidSkene(poolId);
        ((ObjectNode) tags.path("fields").get(0)).put("name", "tags");
        assertRefused(api.post(byPool, tags), 400, "VALIDATION_ERROR", "fields.0.name");
        ObjectNode comment = dawidSkene(poolId);
        ((ObjectNode) comment.path("fields").get(0)).put("name", "comment");
        assertEquals(202, api.post(byPool, comment).status());
        String skill = api.post("/skills", Fixtures.skill()).field("id");
        ObjectNode bySkill = comment.deepCopy().put("type", "WEIGHTED_DYNAMIC_OVERLAP").put("answer_weight_skill_id",
                skill);
        assertRefused(api.post(byPool, bySkill), 400, "VALIDATION_ERROR", "fields.0.name");
        ((ArrayNode) bySkill.path("fields")).removeAll().addObject().put("name", "sure");
        ((ArrayNode) bySkill.path("fields")).addObject().put("name", "result");
        assertEquals(202, api.post(byPool, bySkill).status());

        // With no field named, Dawid-Skene takes every single-valued one together; the rest are "missing".
        ObjectNode all = dawidSkene(poolId);
        all.putArray("fields");
        JsonNode parameters = api.post(byPool, all).json().path("parameters");
        assertEquals(Json.mapper().createArrayNode().add("result").add("comment").add("sure"),
                parameters.path("aggregated_output_fields"));
        assertEquals(Json.mapper().createArrayNode().add("tags"), parameters.path("missing_output_fields"));
    }

    private static void assertRefused(ApiClient.Response response, int status, String code, String field) {
        assertEquals(status, response.status(), response.toString());
        assertEquals(code, response.code(), response.toString());
        if (field != null) {
            assertTrue(response.json().path("payload").has(field), response.toString());
        }
    }
}
