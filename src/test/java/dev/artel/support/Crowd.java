package dev.artel.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;

/** The steps of the crowd loop over HTTP that scenarios about results repeat: a pool with work, take, answer. */
public final class Crowd {
    private Crowd() {
    }

    /**
     * An open pool of {@link Fixtures#project()}'s project, reviewed by hand, with {@code real} tasks of overlap 1
     * and {@code golden} control tasks (known solution {@code cat}, overlap 10), {@code perSuite} real tasks and
     * one control task (if any) a suite, in creation order.
     */
    public static String openPool(ApiClient api, int real, int golden, int perSuite) {
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        form.put("auto_accept_solutions", false);
        form.put("assignment_max_duration_seconds", 3600);
        form.putObject("mixer_config").put("real_tasks_count", perSuite).put("golden_tasks_count", golden > 0 ? 1 : 0)
                .put("training_tasks_count", 0).put("shuffle_tasks_in_task_suite", false)
                .put("mix_tasks_in_creation_order", true);
        String pool = api.post("/pools", form).field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < real; i++) {
            ObjectNode task = batch.addObject().put("pool_id", pool).put("overlap", 1);
            task.putObject("input_values").put("image", "http://127.0.0.1/real" + i + ".png");
        }
        for (int i = 0; i < golden; i++) {
            ObjectNode task = batch.addObject().put("pool_id", pool).put("overlap", 10);
            task.putObject("input_values").put("image", "http://127.0.0.1/golden" + i + ".png");
            task.putArray("known_solutions").addObject().put("correctness_weight", 1)
                    .putObject("output_values").put("result", "cat");
        }
        ApiClient.Response created = api.post("/tasks", batch);
        assertEquals(201, created.status(), created.toString());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return pool;
    }

    /**
     * Creates a pool from {@code form} (of {@link Fixtures#project()}'s project), uploads {@code tasks} tasks of
     * overlap {@code overlap} into it, and opens it.
     */
    public static String openPool(ApiClient api, ObjectNode form, int tasks, int overlap) {
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        String pool = created.field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < tasks; i++) {
            ObjectNode task = batch.addObject().put("pool_id", pool).put("overlap", overlap);
            task.putObject("input_values").put("image", "http://127.0.0.1/" + i + ".png");
        }
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return pool;
    }

    /** The worker's new assignment in the pool. */
    public static JsonNode take(ApiClient worker, String pool) {
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        return taken.json();
    }

    /** Submits {@code value} as the answer to every task of the assignment. */
    public static void submit(ApiClient worker, JsonNode assignment, String value) {
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        assignment.path("tasks").forEach(t -> solutions.addObject().putObject("output_values").put("result", value));
        ApiClient.Response submitted = worker.post("/worker/assignments/" + assignment.path("id").asText()
                + "/submit", body);
        assertEquals(200, submitted.status(), submitted.toString());
    }

    public static void accept(ApiClient api, JsonNode assignment) {
        review(api, assignment, Json.object().put("status", "ACCEPTED"));
    }

    public static void reject(ApiClient api, JsonNode assignment, String comment) {
        review(api, assignment, Json.object().put("status", "REJECTED").put("public_comment", comment));
    }

    private static void review(ApiClient api, JsonNode assignment, ObjectNode body) {
        ApiClient.Response reviewed = api.patch("/assignments/" + assignment.path("id").asText(), body);
        assertEquals(200, reviewed.status(), reviewed.toString());
    }

    /** The worker's id, as assignments name it ({@code user_id}). */
    public static String workerId(JsonNode assignment) {
        return assignment.path("user_id").asText();
    }
}
