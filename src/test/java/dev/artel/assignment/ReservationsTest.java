package dev.artel.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code reserved_for} and {@code unavailable_for} of tasks and suites (Toloka has them nowhere else): a worker's
 * list of pools shows a pool only when some of its work is theirs to have, and a take agrees with the list.
 */
class ReservationsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static String pool(ApiClient api) {
        return api.post("/pools", Fixtures.reviewedPool(Fixtures.createProject(api))).field("id");
    }

    private static void open(ApiClient api, String pool) {
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
    }

    private static String id(ApiClient worker) {
        return worker.get("/worker/me").field("id");
    }

    private static List<String> listed(ApiClient worker) {
        return worker.get("/worker/pools").json().path("items").findValuesAsText("id");
    }

    private static void assertNothingFor(ApiClient worker, String pool) {
        assertFalse(listed(worker).contains(pool));
        ApiClient.Response refused = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(409, refused.status(), refused.toString());
        assertEquals("NO_TASKS_AVAILABLE", refused.code());
    }

    private static void assertTakes(ApiClient worker, String pool, String taskId) {
        assertTrue(listed(worker).contains(pool));
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        assertEquals(taskId, taken.json().path("tasks").get(0).path("id").asText(), taken.toString());
    }

    @Test
    void aTaskReservedForOneWorkerIsListedAndIssuedToThemAlone() {
        ApiClient api = server.newAccount();
        ApiClient ann = server.server().newWorker();
        ApiClient bob = server.server().newWorker();
        String pool = pool(api);
        ObjectNode task = Fixtures.task(pool);
        task.putArray("reserved_for").add(id(ann));
        String taskId = api.post("/tasks", task).field("id");
        open(api, pool);

        assertNothingFor(bob, pool);
        assertTakes(ann, pool, taskId);
    }

    @Test
    void aTaskUnavailableForAWorkerIsNeitherListedNorIssuedToThem() {
        ApiClient api = server.newAccount();
        ApiClient ann = server.server().newWorker();
        ApiClient bob = server.server().newWorker();
        String pool = pool(api);
        ObjectNode task = Fixtures.task(pool);
        task.putArray("unavailable_for").add(id(bob));
        // Bob's id in a value does not make the task his, nor hide it from Ann.
        task.putArray("reserved_for").add(id(ann)).add(id(bob) + "0");
        String taskId = api.post("/tasks", task).field("id");
        open(api, pool);

        assertNothingFor(bob, pool);
        assertTakes(ann, pool, taskId);
    }

    @Test
    void suitesReservedForOthersNeitherShowAPoolNorCrowdOutTheOneLeftForEveryone() {
        ApiClient api = server.newAccount();
        ApiClient ann = server.server().newWorker();
        ApiClient bob = server.server().newWorker();
        String pool = pool(api);
        ArrayNode suites = Json.mapper().createArrayNode();
        // More suites reserved for Ann, and ahead in the issuing order, than a take reads at once.
        for (int i = 0; i < 12; i++) {
            ObjectNode suite = suites.addObject().setAll(Fixtures.taskSuite(pool));
            suite.put("issuing_order_override", 10).putArray("reserved_for").add(id(ann));
        }
        assertEquals(201, api.post("/task-suites", suites).status());
        open(api, pool);
        assertNothingFor(bob, pool);

        ObjectNode open = Fixtures.taskSuite(pool);
        open.putArray("unavailable_for").add(id(ann) + "0");
        String suiteId = api.post("/task-suites", open).field("id");
        assertTrue(listed(bob).contains(pool));
        ApiClient.Response taken = bob.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        assertEquals(suiteId, taken.field("task_suite_id"), taken.toString());
        ApiClient.Response annTakes = ann.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, annTakes.status(), annTakes.toString());
    }
}
