package dev.artel.training;

import static dev.artel.training.Trainings.HINT;
import static dev.artel.training.Trainings.assertRefused;
import static dev.artel.training.Trainings.doSuite;
import static dev.artel.training.Trainings.offered;
import static dev.artel.training.Trainings.setUp;
import static dev.artel.training.Trainings.take;
import static dev.artel.training.Trainings.trainingTasks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.training.Trainings.Setup;
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
        doSuite(server, worker, s.training(), List.of("cat", "cat"));
        assertRefused(take(worker, s.pool()), "the pool requires training " + s.training()
                + ", which this worker has not done");
        assertTrue(offered(worker).contains(s.training()));
    }

    @Test
    void aWorkerWhoPassesIsAdmittedAndTheTrainingIsNoLongerOffered() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        ApiClient worker = server.newWorker();

        doSuite(server, worker, s.training(), List.of("cat", "cat"));
        // A dog for the last task is a known solution of weight 0.5: (1 + 1 + 1 + 0.5) / 4 = 87.5 %.
        doSuite(server, worker, s.training(), List.of("cat", "dog"));

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

        doSuite(server, worker, s.training(), List.of("cat", "dog"));
        doSuite(server, worker, s.training(), List.of("cat", "dog"));

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

        doSuite(server, worker, training, List.of("cat", "cat"));
        assertRefused(take(worker, pool), "the pool requires training " + training
                + ", which this worker has not done");
        // The last task is half right as a dog: (1 + 1 + 0.5) / 3.
        doSuite(server, worker, training, List.of("dog"));

        assertEquals(201, take(worker, pool).status());
        assertRefused(take(worker, training), "this worker has the project's training skill already (83.3 % correct)");
    }

    @Test
    void aWrongTrainingAnswerBringsItsHintBackAndARightOneDoesNot() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        ApiClient worker = server.newWorker();

        ApiClient.Response first = doSuite(server, worker, s.training(), List.of("dog", "cat"));
        JsonNode hints = first.json().path("hints");
        assertEquals(1, hints.size(), first.toString());
        assertEquals(first.json().path("tasks").get(0).path("id"), hints.get(0).path("task_id"));
        assertEquals(HINT, hints.get(0).path("message").asText());
        assertEquals(hints, worker.get("/worker/assignments/" + first.field("id")).json().path("hints"),
                "reading the assignment again shows the same hints");
        assertFalse(first.json().path("tasks").get(0).has("known_solutions"), "the answers stay hidden");

        // Right, and half right with a known solution of weight 0.5: no hint.
        ApiClient.Response second = doSuite(server, worker, s.training(), List.of("cat", "dog"));
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

        doSuite(server, poor, pool, List.of("dog"));
        assertEquals(0, api.get("/user-restrictions?pool_id=" + pool).json().path("items").size(),
                "one wrong submit is not yet two");
        doSuite(server, poor, pool, List.of("dog"));
        assertEquals(403, take(poor, pool).status());
        JsonNode restrictions = api.get("/user-restrictions?pool_id=" + pool).json().path("items");
        assertEquals(1, restrictions.size(), restrictions.toString());
        assertEquals(poor.get("/worker/me").field("id"), restrictions.get(0).path("user_id").asText());

        for (int i = 0; i < 4; i++) {
            assertEquals(0, api.get("/user-skills?skill_id=" + skill).json().path("items").size(),
                    "after " + i + " suites there is more to do");
            doSuite(server, good, pool, List.of("cat"));
        }
        JsonNode values = api.get("/user-skills?skill_id=" + skill).json().path("items");
        assertEquals(1, values.size(), values.toString());
        assertEquals(good.get("/worker/me").field("id"), values.get(0).path("user_id").asText());
        assertEquals(1, api.get("/user-restrictions?pool_id=" + pool).json().path("items").size());
    }
}
