package dev.artel.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crowd loop as toloka-kit 1.2.3 drives it: each request body and query string is the one the kit sent to a
 * running server (captured from its HTTP traffic), with only ids and times put in; the workers' side is Artel's API.
 */
class TolokaKitLoopTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** {@code toloka.Project} with a string and an optional integer input, as {@code create_project} sends it. */
    private static final String PROJECT = """
            {"public_name": "Is it a cat?", "public_description": "Look at the text and say if it is about a cat",
             "task_spec": {"input_spec": {"text": {"required": true, "hidden": false, "type": "string"},
                                          "n": {"required": false, "hidden": false, "type": "integer"}},
                           "output_spec": {"result": {"required": true, "hidden": false,
                                                      "allowed_values": ["cat", "dog"], "type": "string"}},
                           "view_spec": {"config": "{\\n    \\"view\\": {\\n        \\"content\\": \\"text\\",\\n        \\"type\\": \\"view.text\\"\\n    }\\n}",
                                         "inferDataSpec": false, "type": "tb",
                                         "lock": {"core": "1.0.0", "view.text": "1.0.0"}}},
             "assignments_issuing_type": "AUTOMATED"}
            """;

    /** {@code create_pool} after {@code set_mixer_config(real_tasks_count=1, golden_tasks_count=1, ...)}. */
    private static final String POOL = """
            {"project_id": "%s", "private_name": "pool 2", "may_contain_adult_content": false,
             "reward_per_assignment": 0.02, "assignment_max_duration_seconds": 600,
             "defaults": {"default_overlap_for_new_task_suites": 1, "default_overlap_for_new_tasks": 1},
             "will_expire": "%s", "auto_close_after_complete_delay_seconds": 0, "auto_accept_solutions": false,
             "quality_control": {"configs": []},
             "mixer_config": {"real_tasks_count": 1, "golden_tasks_count": 1, "training_tasks_count": 0}}
            """;

    /**
     * {@code create_tasks(tasks, allow_defaults=True, open_pool=True)}: two general tasks and a control task with
     * {@code infinite_overlap=True}, which the kit sends with {@code "overlap": null} and its {@code __item_idx}.
     */
    private static final String TASKS = """
            [{"__item_idx": "0", "input_values": {"text": "cat 0"}, "pool_id": "%1$s"},
             {"__item_idx": "1", "input_values": {"text": "cat 1"}, "pool_id": "%1$s"},
             {"__item_idx": "2", "input_values": {"text": "gold"},
              "known_solutions": [{"output_values": {"result": "cat"}}], "infinite_overlap": true,
              "pool_id": "%1$s", "overlap": null}]
            """;

    /** {@code create_training}, with two training tasks a suite. */
    private static final String TRAINING = """
            {"project_id": "%s", "private_name": "training", "may_contain_adult_content": false,
             "assignment_max_duration_seconds": 600, "mix_tasks_in_creation_order": true,
             "shuffle_tasks_in_task_suite": false, "training_tasks_in_task_suite_count": 2,
             "task_suites_required_to_pass": 2, "retry_training_after_days": 1, "inherited_instructions": true}
            """;

    /**
     * A training task as the kit's own examples upload them ({@code create_tasks(training_tasks,
     * allow_defaults=True, open_pool=True)}): known solutions and a hint, no overlap.
     */
    private static final String TRAINING_TASK = """
            {"__item_idx": "%2$d", "input_values": {"text": "train %2$d"},
             "known_solutions": [{"output_values": {"result": "cat"}}], "message_on_unknown_solution": "It is a cat",
             "pool_id": "%1$s"}
            """;

    /** How the kit writes a naive UTC datetime: microseconds, no zone. */
    private static String kitTime(Duration fromNow) {
        return LocalDateTime.ofInstant(server.clock().instant().plus(fromNow), ZoneOffset.UTC).toString();
    }

    private static String kitPool(ApiClient api) {
        String project = kitPost(api, "/projects", PROJECT).field("id");
        ApiClient.Response pool = kitPost(api, "/pools", POOL.formatted(project, kitTime(Duration.ofDays(1))));
        assertEquals(201, pool.status(), pool.toString());
        return pool.field("id");
    }

    /** The body as the kit's text, not re-serialized. */
    private static ApiClient.Response kitPost(ApiClient api, String path, String body) {
        return api.send("POST", path, body, "application/json");
    }

    private static void answer(ApiClient worker, JsonNode assignment) {
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        assignment.path("tasks").forEach(t -> solutions.addObject().putObject("output_values").put("result", "cat"));
        ApiClient.Response submitted = worker.post("/worker/assignments/" + assignment.path("id").asText()
                + "/submit", body);
        assertEquals(200, submitted.status(), submitted.toString());
    }

    /**
     * Toloka has control tasks uploaded with infinite overlap "so that there is enough to mark up all general
     * tasks", and the pool still completes once the general tasks have their answers; Artel counted the control
     * task's endless places and kept such a pool open for ever.
     */
    @Test
    void aPoolWithInfiniteOverlapControlTasksCompletesWhenItsGeneralTasksAreDone() {
        ApiClient api = server.newAccount();
        String pool = kitPool(api);
        ApiClient.Response upload = kitPost(api, "/tasks?operation_id=" + UUID.randomUUID()
                + "&async_mode=true&allow_defaults=true&open_pool=true", TASKS.formatted(pool));
        assertEquals(202, upload.status(), upload.toString());
        assertEquals("SUCCESS", api.get("/operations/" + upload.field("id")).field("status"));
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));

        // Each worker gets one general task beside the control task, which no worker sees twice.
        for (int i = 0; i < 2; i++) {
            ApiClient worker = server.newWorker();
            ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
            assertEquals(201, taken.status(), taken.toString());
            assertEquals(2, taken.json().path("tasks").size(), taken.toString());
            answer(worker, taken.json());
        }
        server.artel().scheduler().runDue();
        JsonNode closed = api.get("/pools/" + pool).json();
        assertEquals("CLOSED", closed.path("status").asText(), closed.toString());
        assertEquals("COMPLETED", closed.path("last_close_reason").asText(), closed.toString());
    }

    /**
     * A training has no {@code defaults}, yet Toloka takes its tasks without an overlap (they have infinite
     * overlap there), and a worker gets {@code training_tasks_in_task_suite_count} of them a suite: Artel refused the
     * upload (no default overlap) and, a training having no {@code mixer_config}, gave workers nothing.
     */
    @Test
    void aTrainingTakesTasksWithoutOverlapAndIssuesThemAsItsSuiteSizeSays() {
        ApiClient api = server.newAccount();
        String project = kitPost(api, "/projects", PROJECT).field("id");
        String training = kitPost(api, "/trainings", TRAINING.formatted(project)).field("id");
        String tasks = "[" + String.join(",", TRAINING_TASK.formatted(training, 0),
                TRAINING_TASK.formatted(training, 1), TRAINING_TASK.formatted(training, 2)) + "]";
        ApiClient.Response upload = kitPost(api, "/tasks?operation_id=" + UUID.randomUUID()
                + "&async_mode=true&allow_defaults=true&open_pool=true", tasks);
        assertEquals(202, upload.status(), upload.toString());
        JsonNode operation = api.get("/operations/" + upload.field("id")).json();
        assertEquals("SUCCESS", operation.path("status").asText(), operation.toString());
        JsonNode created = api.get("/tasks?pool_id=" + training + "&sort=id").json().path("items");
        assertEquals(3, created.size(), created.toString());
        created.forEach(task -> {
            assertEquals(true, task.path("infinite_overlap").asBoolean(), task.toString());
            assertFalse(task.has("overlap"), task.toString());
        });
        assertEquals("OPEN", api.get("/trainings/" + training).field("status"));

        ApiClient worker = server.newWorker();
        for (int size : new int[] {2, 1}) {
            ApiClient.Response taken = worker.post("/worker/pools/" + training + "/assignments");
            assertEquals(201, taken.status(), taken.toString());
            assertEquals(size, taken.json().path("tasks").size(), taken.toString());
            answer(worker, taken.json());
        }
        // Two suites are what the training asks for: the worker has done it, and it is no longer for them.
        assertEquals(403, worker.post("/worker/pools/" + training + "/assignments").status());
        // Infinite overlap: the next worker gets the same tasks, and the training never completes.
        assertEquals(2, server.newWorker().post("/worker/pools/" + training + "/assignments").json()
                .path("tasks").size());
        server.artel().scheduler().runDue();
        assertEquals("OPEN", api.get("/trainings/" + training).field("status"));
    }
}
