package dev.artel.task;

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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TaskUploadTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static String newPool(ApiClient api) {
        String project = Fixtures.createProject(api);
        return api.post("/pools", Fixtures.pool(project)).field("id");
    }

    private static ObjectNode task(String poolId, String image) {
        ObjectNode task = Json.object();
        task.put("pool_id", poolId);
        task.putObject("input_values").put("image", image);
        return task;
    }

    @Test
    void oneTaskIsCreatedWithItsOverlapAndReadBack() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        ObjectNode form = task(pool, "http://127.0.0.1/cat.png");
        form.put("overlap", 2);
        ApiClient.Response created = api.post("/tasks", form);
        assertEquals(201, created.status(), created.toString());
        JsonNode task = created.json();
        assertTrue(task.path("id").asText().startsWith(String.format("%010x--", Long.parseLong(pool))), task.toString());
        assertEquals(2, task.path("overlap").asInt());
        assertEquals(2, task.path("remaining_overlap").asInt());
        assertFalse(task.path("infinite_overlap").asBoolean());
        assertEquals("http://127.0.0.1/cat.png", task.path("input_values").path("image").asText());
        assertEquals(task, api.get("/tasks/" + task.path("id").asText()).json());
        assertEquals(404, api.get("/tasks/000000000a--000000000000000000000000").status());
        assertEquals(404, server.newAccount().get("/tasks/" + task.path("id").asText()).status());
    }

    @Test
    void withoutOverlapATaskNeedsAllowDefaultsAndThenTakesThePoolsDefault() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        ApiClient.Response refused = api.post("/tasks", task(pool, "http://127.0.0.1/a.png"));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALUE_REQUIRED", refused.json().path("payload").path("overlap").path("code").asText());
        ApiClient.Response created = api.post("/tasks?allow_defaults=true", task(pool, "http://127.0.0.1/a.png"));
        assertEquals(201, created.status(), created.toString());
        assertEquals(3, created.json().path("overlap").asInt());
    }

    @Test
    void anArrayAnswersItemsAndValidationErrorsByIndexAndStoresNothingWhenOneIsInvalid() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        ArrayNode batch = Json.mapper().createArrayNode();
        batch.add(task(pool, "http://127.0.0.1/1.png"));
        ObjectNode missingPool = task(pool, "http://127.0.0.1/2.png");
        missingPool.put("pool_id", "999999999999");
        batch.add(missingPool);
        batch.add(task(pool, "http://127.0.0.1/3.png"));

        ApiClient.Response refused = api.post("/tasks?allow_defaults=true", batch);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("DOES_NOT_EXIST", refused.json().path("payload").path("1").path("pool_id").path("code").asText());
        assertEquals(0, api.get("/tasks?pool_id=" + pool).json().path("items").size());

        ApiClient.Response created = api.post("/tasks?allow_defaults=true&skip_invalid_items=true", batch);
        assertEquals(201, created.status(), created.toString());
        assertEquals(List.of("0", "2"), fieldNames(created.json().path("items")));
        assertEquals(List.of("1"), fieldNames(created.json().path("validation_errors")));
        assertEquals(2, api.get("/tasks?pool_id=" + pool).json().path("items").size());
    }

    @Test
    void anAsynchronousUploadLogsEveryItemAsToolokaKitReadsIt() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 5; i++) {
            ObjectNode item = task(pool, "http://127.0.0.1/" + i + ".png");
            item.put("__item_idx", Integer.toString(i));
            batch.add(item);
        }
        ((ObjectNode) batch.get(3)).remove("input_values");
        String operationId = UUID.randomUUID().toString();
        String path = "/tasks?async_mode=true&allow_defaults=true&skip_invalid_items=true&operation_id=" + operationId;
        ApiClient.Response accepted = api.post(path, batch);
        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals(operationId, accepted.field("id"));
        assertEquals("TASK.BATCH_CREATE", accepted.field("type"));
        JsonNode operation = api.get("/operations/" + operationId).json();
        assertEquals("SUCCESS", operation.path("status").asText(), operation.toString());
        assertEquals(4, operation.path("details").path("success_count").asInt());
        assertEquals(1, operation.path("details").path("not_valid_count").asInt());

        JsonNode log = api.get("/operations/" + operationId + "/log").json();
        assertEquals(5, log.size(), log.toString());
        List<String> created = new ArrayList<>();
        for (JsonNode entry : log) {
            assertEquals(pool, entry.path("input").path("pool_id").asText());
            if (entry.path("input").path("__item_idx").asText().equals("3")) {
                assertFalse(entry.path("success").asBoolean());
                assertEquals("VALUE_REQUIRED", entry.path("output").path("input_values").path("code").asText());
            } else {
                assertTrue(entry.path("success").asBoolean(), entry.toString());
                created.add(entry.path("output").path("task_id").asText());
            }
        }
        // toloka-kit reads the batch back by the smallest and the largest id it was given.
        String first = created.stream().min(String::compareTo).orElseThrow();
        String last = created.stream().max(String::compareTo).orElseThrow();
        JsonNode page = api.get("/tasks?pool_id=" + pool + "&id_gte=" + first + "&id_lte=" + last + "&sort=id").json();
        List<String> read = new ArrayList<>();
        page.path("items").forEach(t -> read.add(t.path("id").asText()));
        assertEquals(created, read);

        ApiClient.Response again = api.post(path, batch);
        assertEquals(409, again.status(), again.toString());
        assertEquals("OPERATION_ALREADY_EXISTS", again.code());
        assertEquals(4, api.get("/tasks?pool_id=" + pool).json().path("items").size());
    }

    @Test
    void anAsynchronousUploadWithAnInvalidItemFailsWithItsErrorsLoggedAndCreatesNothing() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        ArrayNode batch = Json.mapper().createArrayNode();
        batch.add(task(pool, "http://127.0.0.1/1.png"));
        batch.add(Json.object().put("pool_id", pool));
        ApiClient.Response accepted = api.post("/tasks?async_mode=true&allow_defaults=true", batch);
        JsonNode operation = api.get("/operations/" + accepted.field("id")).json();
        assertEquals("FAIL", operation.path("status").asText(), operation.toString());
        assertEquals(0, operation.path("details").path("success_count").asInt());
        JsonNode log = api.get("/operations/" + accepted.field("id") + "/log").json();
        assertEquals(1, log.size(), log.toString());
        assertEquals("1", log.get(0).path("input").path("__item_idx").asText());
        assertEquals(0, api.get("/tasks?pool_id=" + pool).json().path("items").size());
    }

    @Test
    void uploadingWithOpenPoolOpensIt() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        ApiClient.Response empty = api.post("/pools/" + pool + "/open");
        assertEquals(409, empty.status());
        assertEquals(201, api.post("/tasks?allow_defaults=true&open_pool=true",
                task(pool, "http://127.0.0.1/1.png")).status());
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
    }

    @Test
    void overlapChangesAndSetOverlapOrMin() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        String id = api.post("/tasks?allow_defaults=true", task(pool, "http://127.0.0.1/1.png")).field("id");
        JsonNode infinite = api.patch("/tasks/" + id, Json.object().put("infinite_overlap", true)).json();
        assertTrue(infinite.path("infinite_overlap").asBoolean());
        assertTrue(infinite.path("overlap").isMissingNode(), infinite.toString());
        JsonNode five = api.patch("/tasks/" + id, Json.object().put("overlap", 5)).json();
        assertEquals(5, five.path("overlap").asInt());
        assertEquals(1, api.get("/tasks?pool_id=" + pool + "&overlap=5").json().path("items").size());
        assertEquals(0, api.get("/tasks?pool_id=" + pool + "&overlap_gt=5").json().path("items").size());
        JsonNode stopped = api.patch("/tasks/" + id + "/set-overlap-or-min", Json.object().put("overlap", 0)).json();
        assertEquals(0, stopped.path("overlap").asInt(), stopped.toString());
        assertEquals(0, stopped.path("remaining_overlap").asInt());
        ObjectNode golden = Json.object();
        golden.putArray("known_solutions").addObject().putObject("output_values").put("result", "cat");
        JsonNode patched = api.patch("/tasks/" + id, golden).json();
        assertEquals("cat", patched.path("known_solutions").get(0).path("output_values").path("result").asText());
    }

    @Test
    void suitesAreUploadedWithTheirTasksAndFoundByTask() {
        ApiClient api = server.newAccount();
        String pool = newPool(api);
        ObjectNode suite = Json.object();
        suite.put("pool_id", pool);
        suite.put("overlap", 2);
        ArrayNode tasks = suite.putArray("tasks");
        tasks.addObject().putObject("input_values").put("image", "http://127.0.0.1/1.png");
        tasks.addObject().putObject("input_values").put("image", "http://127.0.0.1/2.png");
        ApiClient.Response created = api.post("/task-suites", suite);
        assertEquals(201, created.status(), created.toString());
        JsonNode view = created.json();
        assertEquals(2, view.path("tasks").size());
        assertFalse(view.path("mixed").asBoolean());
        String taskId = view.path("tasks").get(0).path("id").asText();
        assertEquals(2, api.get("/tasks/" + taskId).json().path("overlap").asInt());
        JsonNode byTask = api.get("/task-suites?task_id=" + taskId).json();
        assertEquals(1, byTask.path("items").size(), byTask.toString());
        assertEquals(view.path("id"), byTask.path("items").get(0).path("id"));

        JsonNode patched = api.patch("/task-suites/" + view.path("id").asText(),
                Json.object().put("overlap", 4).put("issuing_order_override", 1.5)).json();
        assertEquals(4, patched.path("overlap").asInt());
        assertEquals(1.5, patched.path("issuing_order_override").asDouble());
        assertEquals(4, api.get("/tasks/" + taskId).json().path("overlap").asInt());

        ApiClient.Response async = api.post("/task-suites?async_mode=true", suite);
        assertEquals(202, async.status(), async.toString());
        assertEquals("SUCCESS", api.get("/operations/" + async.field("id")).field("status"));
        JsonNode log = api.get("/operations/" + async.field("id") + "/log").json();
        assertEquals("TASK_SUITE_CREATE", log.get(0).path("type").asText(), log.toString());
        assertEquals(200, api.get("/task-suites/" + log.get(0).path("output").path("task_suite_id").asText()).status());
        assertEquals(2, api.get("/task-suites?pool_id=" + pool).json().path("items").size());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
