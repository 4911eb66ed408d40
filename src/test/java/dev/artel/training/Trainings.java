package dev.artel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A training, a pool that requires it, and a worker going through them, for the tests of trainings. */
final class Trainings {
    static final String HINT = "Whiskers and pointed ears: a cat";

    private Trainings() {
    }

    /** Training tasks, in the order they are issued: each is a cat, and the last is half right as a dog. */
    static ArrayNode trainingTasks(String poolId, int count) {
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode task = batch.addObject().put("pool_id", poolId).put("message_on_unknown_solution", HINT);
            task.putObject("input_values").put("image", "http://127.0.0.1/training" + i + ".png");
            ArrayNode known = task.putArray("known_solutions");
            known.addObject().putObject("output_values").put("result", "cat");
            if (i == count - 1) {
                known.addObject().put("correctness_weight", 0.5).putObject("output_values").put("result", "dog");
            }
        }
        return batch;
    }

    record Setup(String project, String training, String pool) {
    }

    /**
     * An open training of four tasks, two a suite, two suites to pass, and otherwise the fixture's (a retry after
     * 7 days); and an open pool of the same project that requires it at {@code passing} percent.
     */
    static Setup setUp(ApiClient api, int passing) {
        String project = Fixtures.createProject(api);
        return setUp(api, project, Fixtures.training(project), passing);
    }

    /** {@link #setUp(ApiClient, int)} with the training made of {@code trainingForm}, in {@code project}. */
    static Setup setUp(ApiClient api, String project, ObjectNode trainingForm, int passing) {
        trainingForm.put("training_tasks_in_task_suite_count", 2).put("task_suites_required_to_pass", 2);
        String training = api.post("/trainings", trainingForm).field("id");
        assertEquals(201, api.post("/tasks?open_pool=true", trainingTasks(training, 4)).status());

        ObjectNode poolForm = Fixtures.pool(project);
        poolForm.putObject("quality_control").putObject("training_requirement")
                .put("training_pool_id", training).put("training_passing_skill_value", passing);
        String pool = api.post("/pools", poolForm).field("id");
        ArrayNode real = Json.mapper().createArrayNode();
        for (int i = 0; i < 3; i++) {
            real.add(Fixtures.task(pool));
        }
        assertEquals(201, api.post("/tasks?open_pool=true", real).status());
        return new Setup(project, training, pool);
    }

    /**
     * Takes a suite of the pool and answers its tasks in turn from {@code answers}, 30 seconds later on the
     * server's clock; the submit's answer.
     */
    static ApiClient.Response doSuite(ServerExtension server, ApiClient worker, String pool, List<String> answers) {
        ApiClient.Response taken = take(worker, pool);
        assertEquals(201, taken.status(), taken.toString());
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        for (int i = 0; i < taken.json().path("tasks").size(); i++) {
            solutions.addObject().putObject("output_values").put("result", answers.get(i));
        }
        server.clock().advance(Duration.ofSeconds(30));
        ApiClient.Response submitted = worker.post("/worker/assignments/" + taken.field("id") + "/submit", body);
        assertEquals(200, submitted.status(), submitted.toString());
        return submitted;
    }

    /** The ids of the pools and trainings the worker is offered. */
    static List<String> offered(ApiClient worker) {
        List<String> ids = new ArrayList<>();
        worker.get("/worker/pools").json().path("items").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    static ApiClient.Response take(ApiClient worker, String pool) {
        return worker.post("/worker/pools/" + pool + "/assignments");
    }

    static void assertRefused(ApiClient.Response refused, String why) {
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("ACCESS_DENIED", refused.code());
        assertTrue(refused.field("message").endsWith(why), refused.toString());
    }
}
