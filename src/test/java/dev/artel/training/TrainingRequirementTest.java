package dev.artel.training;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Trainings over HTTP: a pool whose {@code training_requirement} names a training admits only the workers whose
 * share of correct answers in it reaches {@code training_passing_skill_value}; a wrong answer to a training task
 * brings its {@code message_on_unknown_solution} back to the worker; and the TRAINING collector's rules act.
 */
class TrainingRequirementTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static final String HINT = "Whiskers and pointed ears: a cat";

    /** The four training tasks, in the order they are issued: each is a cat, and the last is half right as a dog. */
    private static ArrayNode trainingTasks(String poolId, int count) {
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

    private record Setup(String training, String pool) {
    }

    /**
     * An open training of four tasks, two a suite, two suites to pass; and an open pool of the same project that
     * requires it at {@code passing} percent.
     */
    private static Setup setUp(ApiClient api, int passing) {
        String project = Fixtures.createProject(api);
        ObjectNode trainingForm = Fixtures.training(project).put("training_tasks_in_task_suite_count", 2)
                .put("task_suites_required_to_pass", 2);
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
        return new Setup(training, pool);
    }

    /** Takes a suite of the pool and answers its tasks in turn from {@code answers}; the submit's answer. */
    private static ApiClient.Response doSuite(ApiClient worker, String pool, List<String> answers) {
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
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
    private static List<String> offered(ApiClient worker) {
        List<String> ids = new ArrayList<>();
        worker.get("/worker/pools").json().path("items").forEach(p -> ids.add(p.path("id").asText()));
        return ids;
    }

    private static ApiClient.Response take(ApiClient worker, String pool) {
        return worker.post("/worker/pools/" + pool + "/assignments");
    }

    private static void assertRefused(ApiClient.Response refused, String why) {
        assertEquals(403, refused.status(), refused.toString());
        assertEquals("ACCESS_DENIED", refused.code());
        assertTrue(refused.field("message").endsWith(why), refused.toString());
    }

    @Test
    void aWorkerWhoHasNotTrainedIsRefusedThePoolAndOfferedTheTraining() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        ApiClient worker = server.newWorker();

        assertRefused(take(worker, s.pool()), "the pool requires training " + s.training()
                + ", which this worker has not done");
        List<String> offered = offered(worker);
        assertTrue(offered.contains(s.training()), offered.toString());
        assertFalse(offered.contains(s.pool()), offered.toString());

        // Half the training is not the training: the result comes with the suites it requires.
        doSuite(worker, s.training(), List.of("cat", "cat"));
        assertRefused(take(worker, s.pool()), "the pool requires training " + s.training()
                + ", which this worker has not done");
        assertTrue(offered(worker).contains(s.training()));
    }

    @Test
    void aWorkerWhoPassesIsAdmittedAndTheTrainingIsNoLongerOffered() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        ApiClient worker = server.newWorker();

        doSuite(worker, s.training(), List.of("cat", "cat"));
        // A dog for the last task is a known solution of weight 0.5: (1 + 1 + 1 + 0.5) / 4 = 87.5 %.
        doSuite(worker, s.training(), List.of("cat", "dog"));

        assertEquals(201, take(worker, s.pool()).status());
        List<String> offered = offered(worker);
        assertTrue(offered.contains(s.pool()), offered.toString());
        assertFalse(offered.contains(s.training()), offered.toString());
        assertRefused(take(worker, s.training()), "this worker has the project's training skill already (87.5 % correct)");
    }

    @Test
    void aWorkerBelowThePassingShareStaysRefusedAndAPartlyCorrectAnswerCountsItsWeight() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        ApiClient worker = server.newWorker();

        doSuite(worker, s.training(), List.of("cat", "dog"));
        doSuite(worker, s.training(), List.of("cat", "dog"));

        // (1 + 0 + 1 + 0.5) / 4: the half-right dog counts half, not nothing and not all.
        assertRefused(take(worker, s.pool()), "this worker has 62.5 % correct in training " + s.training()
                + ", and the pool requires 80 %");
        List<String> offered = offered(worker);
        assertFalse(offered.contains(s.pool()), offered.toString());
        assertFalse(offered.contains(s.training()), "the result is fixed: " + offered);
    }

    /** Without task_suites_required_to_pass the whole training is to be done: its three tasks, in two suites. */
    @Test
    void aTrainingThatAsksForNoCountIsDoneWhenNothingIsLeftForTheWorker() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        ObjectNode trainingForm = Fixtures.training(project).put("training_tasks_in_task_suite_count", 2);
        trainingForm.remove("task_suites_required_to_pass");
        String training = api.post("/trainings", trainingForm).field("id");
        assertEquals(201, api.post("/tasks?open_pool=true", trainingTasks(training, 3)).status());
        ObjectNode poolForm = Fixtures.pool(project);
        poolForm.putObject("quality_control").putObject("training_requirement")
                .put("training_pool_id", training).put("training_passing_skill_value", 50);
        String pool = api.post("/pools", poolForm).field("id");
        assertEquals(201, api.post("/tasks?open_pool=true", Json.mapper().createArrayNode()
                .add(Fixtures.task(pool))).status());
        ApiClient worker = server.newWorker();

        doSuite(worker, training, List.of("cat", "cat"));
        assertRefused(take(worker, pool), "the pool requires training " + training
                + ", which this worker has not done");
        // The last task is half right as a dog: (1 + 1 + 0.5) / 3.
        doSuite(worker, training, List.of("dog"));

        assertEquals(201, take(worker, pool).status());
        assertRefused(take(worker, training), "this worker has the project's training skill already (83.3 % correct)");
    }

    @Test
    void aWrongTrainingAnswerBringsItsHintBackAndARightOneDoesNot() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        ApiClient worker = server.newWorker();

        ApiClient.Response first = doSuite(worker, s.training(), List.of("dog", "cat"));
        JsonNode hints = first.json().path("hints");
        assertEquals(1, hints.size(), first.toString());
        assertEquals(first.json().path("tasks").get(0).path("id"), hints.get(0).path("task_id"));
        assertEquals(HINT, hints.get(0).path("message").asText());
        assertEquals(hints, worker.get("/worker/assignments/" + first.field("id")).json().path("hints"),
                "reading the assignment again shows the same hints");
        assertFalse(first.json().path("tasks").get(0).has("known_solutions"), "the answers stay hidden");

        // Right, and half right with a known solution of weight 0.5: no hint.
        ApiClient.Response second = doSuite(worker, s.training(), List.of("cat", "dog"));
        assertFalse(second.json().has("hints"), second.toString());
    }

    private static final String TRAINING_RULES = """
            {"configs": [{"collector_config": {"type": "TRAINING", "uuid": "5b0f2d4e-2a7c-4f1b-9d3e-1c6a8b0e7f21"},
              "rules": [
                {"conditions": [{"key": "submitted_assignments_count", "operator": "GTE", "value": 2},
                                {"key": "correct_answers_rate", "operator": "LT", "value": 50}],
                 "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "POOL",
                            "duration_unit": "PERMANENT", "private_comment": "failed the exam"}}},
                {"conditions": [{"key": "next_assignment_available", "operator": "EQ", "value": false}],
                 "action": {"type": "SET_SKILL", "parameters": {"skill_id": "SKILL_ID", "skill_value": 100}}}]}]}
            """;

    /** A pool of four training tasks, one a suite, whose TRAINING rules ban the poor and mark who did them all. */
    @Test
    void trainingCollectorRulesCountSubmitsAndSeeWhenNothingIsLeft() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Json.object().put("name", "exam done")).field("id");
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        form.remove("filter");
        form.set("quality_control", Json.parseObject(TRAINING_RULES.replace("SKILL_ID", skill)));
        form.putObject("mixer_config").put("real_tasks_count", 0).put("golden_tasks_count", 0)
                .put("training_tasks_count", 1);
        String pool = api.post("/pools", form).field("id");
        assertEquals(201, api.post("/tasks?allow_defaults=true&open_pool=true", trainingTasks(pool, 4)).status());
        ApiClient poor = server.newWorker();
        ApiClient good = server.newWorker();

        doSuite(poor, pool, List.of("dog"));
        assertEquals(0, api.get("/user-restrictions?pool_id=" + pool).json().path("items").size(),
                "one wrong submit is not yet two");
        doSuite(poor, pool, List.of("dog"));
        assertEquals(403, take(poor, pool).status());
        JsonNode restrictions = api.get("/user-restrictions?pool_id=" + pool).json().path("items");
        assertEquals(1, restrictions.size(), restrictions.toString());
        assertEquals(poor.get("/worker/me").field("id"), restrictions.get(0).path("user_id").asText());

        for (int i = 0; i < 4; i++) {
            assertEquals(0, api.get("/user-skills?skill_id=" + skill).json().path("items").size(),
                    "after " + i + " suites there is more to do");
            doSuite(good, pool, List.of("cat"));
        }
        JsonNode values = api.get("/user-skills?skill_id=" + skill).json().path("items");
        assertEquals(1, values.size(), values.toString());
        assertEquals(good.get("/worker/me").field("id"), values.get(0).path("user_id").asText());
        assertEquals(1, api.get("/user-restrictions?pool_id=" + pool).json().path("items").size());
    }
}
