package dev.artel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.SpecContract;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Toloka's own request examples ({@code requests/api/}, as fullApi.yaml names them for each operation) are
 * accepted by every operation Artel implements, with the success status the spec gives, and the answer returns
 * each field as it was sent; an array (a batch of tasks or suites) is answered item by item, each item as it was
 * sent. Ids of objects the examples point at, and of the objects they are sent to, are those of real ones.
 */
class RequestExamplesTest {
    private static final String REQUEST_EXAMPLES = "./requests/";
    /**
     * Query parameters an operation's examples need. Toloka's task and suite examples give no overlap, which
     * Toloka too accepts only with allow_defaults (the pool's default overlap then applies).
     */
    private static final Map<String, String> QUERIES = Map.of("createTask", "?allow_defaults=true",
            "createTaskSuite", "?allow_defaults=true");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @TestFactory
    Stream<DynamicTest> everyRequestExampleOfAnImplementedOperationIsAcceptedAndEchoed() {
        ApiClient api = server.newAccount();
        String projectId = created(api, "/projects", Fixtures.project());
        String taskProject = created(api, "/projects", taskExamplesProject());
        String taskPool = created(api, "/pools", Fixtures.pool(taskProject));
        String crowdPool = created(api, "/pools", Fixtures.reviewedPool(taskProject));
        assertEquals(201, api.post("/tasks?open_pool=true", task(crowdPool)).status());
        // Object ids the examples name, by the field that names them, mapped to objects of this account (a pool's
        // dynamic overlap must weigh answers by a skill the account has).
        String skillId = created(api, "/skills", Fixtures.skill());
        Map<String, String> realIds = Map.of(
                "project_id", projectId,
                "training_pool_id", created(api, "/trainings", Fixtures.training(projectId)),
                "pool_id", taskPool,
                "skill_id", skillId,
                "answer_weight_skill_id", skillId,
                "user_id", server.newWorker().get("/worker/me").field("id"));
        // The aggregation examples name a pool, one of its tasks and a skill: a pool of cats and dogs whose task has
        // an accepted answer by a worker with a value of the skill, so that every example has something to aggregate.
        String aggregatedPool = created(api, "/pools", Fixtures.pool(projectId));
        String aggregatedTask = created(api, "/tasks?open_pool=true", Fixtures.task(aggregatedPool));
        ApiClient answering = server.newWorker();
        Fixtures.submitAssignment(answering, aggregatedPool, Json.object().put("result", "cat"));
        assertEquals(200, api.put("/user-skills", Fixtures.userSkill(skillId,
                answering.get("/worker/me").field("id"), 80)).status());
        Map<String, String> aggregationIds = Map.of("pool_id", aggregatedPool, "task_id", aggregatedTask);
        // The objects each operation on {id} is sent to, by the first segment of its path.
        Map<String, String> pathIds = Map.of("projects", projectId,
                "pools", created(api, "/pools", Fixtures.pool(projectId)),
                "trainings", realIds.get("training_pool_id"),
                "tasks", created(api, "/tasks", task(taskPool)),
                "task-suites", created(api, "/task-suites", suite(taskPool)),
                "assignments", Fixtures.submitAssignment(server.newWorker(), crowdPool,
                        Json.object().put("result", "OK")));

        List<DynamicTest> tests = new ArrayList<>();
        for (SpecContract.Operation op : SpecContract.operations()) {
            JsonNode ref = op.definition().at("/requestBody/content/application~1json/examples/$ref");
            if (!ref.asText().startsWith(REQUEST_EXAMPLES) || !OperationProbe.implemented(api, op)) {
                continue;
            }
            int status = successStatus(op);
            String path = op.path(parameter -> {
                String id = pathIds.get(op.template().split("/")[1]);
                assertTrue(id != null, "no object to send the examples of " + op.id() + " to");
                return id;
            }) + QUERIES.getOrDefault(op.id(), "");
            SpecContract.specFile(ref.asText()).properties().forEach(example -> {
                JsonNode body = normalized(example.getValue().get("value"));
                replaceIds(body, realIds);
                if (ANSWERED_AS.containsKey(op.id())) {
                    replaceIds(body, aggregationIds);
                }
                tests.add(DynamicTest.dynamicTest(op.id() + " " + example.getKey(), () -> {
                    ApiClient.Response answer = api.send(op.method(), path, Json.write(body), "application/json");
                    assertEquals(status, answer.status(), answer.toString());
                    if (body.isArray()) {
                        assertBatchEchoes(body, answer.json());
                    } else if (ANSWERED_AS.containsKey(op.id())) {
                        ObjectNode said = ANSWERED_AS.get(op.id()).apply(answer.object());
                        ObjectNode sent = Json.object();
                        said.fieldNames().forEachRemaining(field -> sent.set(field, body.get(field)));
                        assertEchoes(sent, said, "");
                    } else {
                        assertEchoes((ObjectNode) body, answer.object(), "");
                    }
                }));
            });
        }
        assertFalse(tests.isEmpty(), "no implemented operation has a request example");
        return tests.stream();
    }

    /**
     * Operations that answer with another object than the one sent, and what that answer says of the fields sent:
     * only those are held to the example. aggregate-by-pool answers its SOLUTION.AGGREGATE operation, whose
     * parameters name the pool, the algorithm (the sent type), the fields and the skill as Toloka's own example of
     * the operation does (the example body's task_id is not among them: aggregating a pool ignores it);
     * aggregate-by-task answers the task's aggregate, which names its pool and task.
     */
    private static final Map<String, Function<ObjectNode, ObjectNode>> ANSWERED_AS = Map.of(
            "aggregateSolutionsByPool", RequestExamplesTest::aggregationAsSent,
            "aggregateSolutionsByTask", answer -> Json.object().setAll(Map.of("pool_id", answer.get("pool_id"),
                    "task_id", answer.get("task_id"))));

    private static ObjectNode aggregationAsSent(ObjectNode operation) {
        JsonNode parameters = operation.path("parameters");
        ObjectNode out = Json.object().put("type", parameters.path("algorithm").asText())
                .put("pool_id", parameters.path("pool_id").asText());
        ArrayNode fields = out.putArray("fields");
        parameters.path("aggregated_output_fields").forEach(name -> fields.addObject().set("name", name));
        parameters.path("aggregated_fields").forEach(fields::add);
        if (parameters.has("answer_weight_skill_id")) {
            out.set("answer_weight_skill_id", parameters.get("answer_weight_skill_id"));
        }
        return out;
    }

    /** A batch is answered with each item under its index and no validation errors. */
    private static void assertBatchEchoes(JsonNode sent, JsonNode answer) {
        assertEquals(0, answer.path("validation_errors").size(), answer.toString());
        assertEquals(sent.size(), answer.path("items").size(), answer.toString());
        for (int i = 0; i < sent.size(); i++) {
            JsonNode item = answer.path("items").path(Integer.toString(i));
            assertTrue(item.isObject(), "item " + i + " is answered: " + answer);
            assertEchoes((ObjectNode) sent.get(i), (ObjectNode) item, i + ".");
        }
    }

    /**
     * Numbers are equal by value: JSON has one number type, and a field the server keeps as a double
     * (issuing_order_override) comes back as 3.0 for 3, which every client reads as the same value.
     */
    private static final Comparator<JsonNode> SAME_JSON = (a, b) -> a.isNumber() && b.isNumber()
            ? a.decimalValue().compareTo(b.decimalValue()) : a.equals(b) ? 0 : 1;

    /**
     * Each field sent is returned as sent; a field sent as null, unset, is left out or null. The ids the server
     * assigns inside what was sent are checked and set aside first.
     */
    private static void assertEchoes(ObjectNode sent, ObjectNode answer, String at) {
        JsonNode echoed = withoutAssignedIds(sent, answer);
        sent.properties().forEach(field -> {
            JsonNode back = echoed.get(field.getKey());
            if (field.getValue().isNull()) {
                assertTrue(back == null || back.isNull(), at + field.getKey() + " is unset: " + answer);
            } else {
                assertTrue(back != null && field.getValue().equals(SAME_JSON, back),
                        "field " + at + field.getKey() + " is returned as sent: " + field.getValue() + " became " + back);
            }
        });
    }

    /**
     * The answer without what the server assigned where the example had nothing: collector uuids (Toloka assigns
     * them too), each a UUID, and the ids of a suite's tasks, each a task id of the suite's pool.
     */
    private static JsonNode withoutAssignedIds(ObjectNode sent, ObjectNode answer) {
        JsonNode sentConfigs = sent.path("quality_control").path("configs");
        JsonNode answerConfigs = answer.path("quality_control").path("configs");
        for (int i = 0; i < sentConfigs.size(); i++) {
            if (!sentConfigs.get(i).path("collector_config").has("uuid")) {
                ObjectNode collector = (ObjectNode) answerConfigs.get(i).get("collector_config");
                java.util.UUID.fromString(collector.remove("uuid").asText());
            }
        }
        JsonNode sentTasks = sent.path("tasks");
        for (int i = 0; i < sentTasks.size(); i++) {
            if (!sentTasks.get(i).has("id")) {
                ObjectNode task = (ObjectNode) answer.path("tasks").get(i);
                String id = task.remove("id").asText();
                assertTrue(id.startsWith(String.format("%010x--", answer.path("pool_id").asLong())), answer.toString());
            }
        }
        return answer;
    }

    /**
     * A project whose task spec takes Toloka's task and suite examples: they send an image_url, and answers
     * named result and like (tasks) or color (suites), each optional since no example gives all of them.
     */
    private static ObjectNode taskExamplesProject() {
        ObjectNode project = Fixtures.project();
        project.set("task_spec", Json.parseObject("""
                {"input_spec": {"image_url": {"type": "url", "required": true}},
                 "output_spec": {"result": {"type": "string", "required": false},
                                 "like": {"type": "boolean", "required": false},
                                 "color": {"type": "string", "required": false}},
                 "view_spec": {"type": "tb", "config": "{\\"view\\": {}}"}}
                """));
        return project;
    }

    private static ObjectNode task(String poolId) {
        ObjectNode task = Json.object().put("pool_id", poolId).put("overlap", 1);
        task.putObject("input_values").put("image_url", "https://example.com/image.png");
        return task;
    }

    private static ObjectNode suite(String poolId) {
        ObjectNode suite = Json.object().put("pool_id", poolId).put("overlap", 1);
        suite.putArray("tasks").addObject().putObject("input_values").put("image_url", "https://example.com/a.png");
        return suite;
    }

    private static String created(ApiClient api, String path, ObjectNode body) {
        ApiClient.Response answer = api.post(path, body);
        assertEquals(201, answer.status(), answer.toString());
        return answer.field("id");
    }

    /**
     * The one success status fullApi.yaml gives the operation for the example, sent without {@code async_mode}:
     * beside the 202 that SpecContract adds for an asynchronous answer, the spec's own. Aggregating a pool has
     * no synchronous answer: always its operation, 202.
     */
    private static int successStatus(SpecContract.Operation op) {
        if (op.id().equals("aggregateSolutionsByPool")) {
            return 202;
        }
        List<Integer> statuses = new ArrayList<>();
        op.definition().path("responses").fieldNames().forEachRemaining(s -> statuses.add(Integer.parseInt(s)));
        List<Integer> success = statuses.stream().filter(s -> s >= 200 && s < 300).toList();
        if (success.size() > 1) {
            success = success.stream().filter(s -> s != 202).toList();
        }
        assertEquals(1, success.size(), op.id() + " has success statuses " + success);
        return success.get(0);
    }

    /** The example as Artel reads JSON (exact decimals), so that it compares equal to what comes back. */
    private static JsonNode normalized(JsonNode yaml) {
        try {
            return Json.parse(Json.write(yaml));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void replaceIds(JsonNode node, Map<String, String> realIds) {
        if (node instanceof ObjectNode object) {
            realIds.forEach((field, id) -> {
                if (object.has(field)) {
                    object.put(field, id);
                }
            });
        }
        node.forEach(child -> replaceIds(child, realIds));
    }
}
