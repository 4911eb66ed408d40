package dev.artel.training;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The training skill over HTTP: completing a training sets the worker's value of its project's skill, an ordinary
 * skill of the requester that pools requiring the training admit by, that keeps the project's trainings from the
 * worker while they have it, and that goes {@code retry_training_after_days} after the last work in a pool
 * requiring the training, on the server's clock. A training is held to the requirements of those pools, and a
 * pool may only require a training of its account.
 */
class TrainingSkillTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** The fixture's training: 7 days. */
    private static final Duration RETRY = Duration.ofDays(7);
    private static final List<String> CATS = Collections.nCopies(10, "cat");

    private static String id(ApiClient worker) {
        return worker.get("/worker/me").field("id");
    }

    /** The project's training skill, found as a requester finds it: by the name Toloka gives it. */
    private static JsonNode trainingSkill(ApiClient api) {
        JsonNode items = api.get("/skills?name=Cats%20or%20dogs%20-%20training").json().path("items");
        assertEquals(1, items.size(), items.toString());
        return items.get(0);
    }

    /** The worker's live values of the skill, as GET /user-skills lists them. */
    private static JsonNode values(ApiClient api, String skill, ApiClient worker) {
        return api.get("/user-skills?skill_id=" + skill + "&user_id=" + id(worker)).json().path("items");
    }

    private static void pass(ApiClient worker, Setup s) {
        doSuite(server, worker, s.training(), List.of("cat", "cat"));
        // A dog for the last task is a known solution of weight 0.5: (1 + 1 + 1 + 0.5) / 4 = 87.5 %.
        doSuite(server, worker, s.training(), List.of("cat", "dog"));
    }

    private static void fail(ApiClient worker, Setup s) {
        // (1 + 0 + 1 + 0.5) / 4 = 62.5 %.
        doSuite(server, worker, s.training(), List.of("cat", "dog"));
        doSuite(server, worker, s.training(), List.of("cat", "dog"));
    }

    private static void assertHasSkillAlready(ApiClient worker, String training, String percent) {
        assertRefused(take(worker, training), "this worker has the project's training skill already (" + percent
                + " % correct)");
        assertFalse(offered(worker).contains(training));
    }

    @Test
    void completingATrainingSetsTheProjectsTrainingSkill() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        String second = api.post("/trainings", Fixtures.training(s.project())).field("id");
        assertEquals(201, api.post("/tasks?open_pool=true", trainingTasks(second, 2)).status());
        JsonNode skill = trainingSkill(api);
        assertTrue(skill.path("training").asBoolean(), skill.toString());
        assertFalse(skill.path("global").asBoolean(), skill.toString());
        String skillId = skill.path("id").asText();
        ApiClient worker = server.newWorker();
        assertTrue(offered(worker).containsAll(List.of(s.training(), second)));

        pass(worker, s);

        assertEquals(skill, trainingSkill(api), "the second training used the project's skill");
        JsonNode values = values(api, skillId, worker);
        assertEquals(1, values.size(), values.toString());
        assertEquals(87.5, values.get(0).path("exact_value").asDouble());
        assertEquals(88, values.get(0).path("value").asInt());
        assertEquals(201, take(worker, s.pool()).status());
        assertHasSkillAlready(worker, s.training(), "87.5");
        assertHasSkillAlready(worker, second, "87.5");
    }

    @Test
    void aPoolsFilterMayNameTheTrainingSkill() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 50);
        String skill = trainingSkill(api).path("id").asText();
        ObjectNode form = Fixtures.pool(s.project());
        form.set("filter", Json.parseObject("{\"category\": \"skill\", \"key\": \"" + skill
                + "\", \"operator\": \"GTE\", \"value\": 80}"));
        String filtered = api.post("/pools", form).field("id");
        assertEquals(201, api.post("/tasks?open_pool=true", Json.mapper().createArrayNode()
                .add(Fixtures.task(filtered))).status());
        ApiClient good = server.newWorker();
        ApiClient poor = server.newWorker();

        pass(good, s);
        fail(poor, s);

        assertEquals(201, take(good, filtered).status());
        assertRefused(take(poor, filtered), "the pool's filter does not admit this worker");
        assertEquals(201, take(poor, s.pool()).status(), "62.5 reaches the required 50");
    }

    @Test
    void valuesSetAndDeletedByHandDecide() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        String skill = trainingSkill(api).path("id").asText();
        ApiClient worker = server.newWorker();

        ApiClient.Response set = api.put("/user-skills", Fixtures.userSkill(skill, id(worker), 90));
        assertEquals(200, set.status(), set.toString());
        assertTrue(offered(worker).contains(s.pool()));
        assertHasSkillAlready(worker, s.training(), "90");

        assertEquals(204, api.send("DELETE", "/user-skills/" + set.field("id"), null, null).status());
        assertRefused(take(worker, s.pool()), "the pool requires training " + s.training()
                + ", which this worker has not done");
        assertTrue(offered(worker).contains(s.training()), "deleting the value lets the worker train again");

        // The deleted value is no part of the training: it takes the suites it requires from now on.
        doSuite(server, worker, s.training(), List.of("cat", "cat"));
        assertEquals(0, values(api, skill, worker).size());
        doSuite(server, worker, s.training(), List.of("cat", "cat"));
        assertEquals(100, values(api, skill, worker).get(0).path("exact_value").asDouble());
    }

    @Test
    void aFailedWorkerMayRetrainExactlyTheRetryDaysAfterTheTraining() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        String skill = trainingSkill(api).path("id").asText();
        ApiClient worker = server.newWorker();
        fail(worker, s);
        // New tasks to retrain on: a worker never gets one task twice.
        assertEquals(201, api.post("/tasks", trainingTasks(s.training(), 4)).status());

        server.clock().advance(RETRY.minusMillis(1));
        assertHasSkillAlready(worker, s.training(), "62.5");
        assertEquals(1, values(api, skill, worker).size());

        server.clock().advance(Duration.ofMillis(1));
        assertEquals(0, values(api, skill, worker).size());
        assertTrue(offered(worker).contains(s.training()), offered(worker).toString());
        assertRefused(take(worker, s.pool()), "the pool requires training " + s.training()
                + ", which this worker has not done");

        // The retraining counts its own suites only: one is not yet the two the training requires.
        doSuite(server, worker, s.training(), List.of("cat", "cat"));
        assertEquals(0, values(api, skill, worker).size());
        doSuite(server, worker, s.training(), List.of("cat", "cat"));
        assertEquals(100, values(api, skill, worker).get(0).path("exact_value").asDouble());
        assertEquals(201, take(worker, s.pool()).status());
    }

    @Test
    void workInARequiringPoolKeepsTheSkillAndIdlenessLosesIt() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        String skill = trainingSkill(api).path("id").asText();
        // Work in a pool that does not require the training keeps nothing.
        ObjectNode otherForm = Fixtures.pool(s.project());
        String other = api.post("/pools", otherForm).field("id");
        assertEquals(201, api.post("/tasks?open_pool=true", Json.mapper().createArrayNode()
                .add(Fixtures.task(other))).status());
        assertEquals(201, api.post("/tasks", trainingTasks(s.training(), 4)).status());
        ApiClient active = server.newWorker();
        ApiClient idle = server.newWorker();
        pass(active, s);
        pass(idle, s);
        Instant idleTrained = server.clock().instant();

        server.clock().advance(Duration.ofDays(5));
        doSuite(server, active, s.pool(), CATS);
        Instant activeWorked = server.clock().instant();
        doSuite(server, idle, other, CATS);
        advanceTo(idleTrained.plus(RETRY).minusMillis(1));
        assertHasSkillAlready(idle, s.training(), "87.5");
        server.clock().advance(Duration.ofMillis(1));
        assertEquals(0, values(api, skill, idle).size());
        assertTrue(offered(idle).contains(s.training()));

        // Seven days after the submit in the pool, not after the training.
        assertHasSkillAlready(active, s.training(), "87.5");
        advanceTo(activeWorked.plus(RETRY).minusMillis(1));
        assertEquals(1, values(api, skill, active).size());
        server.clock().advance(Duration.ofMillis(1));
        assertEquals(0, values(api, skill, active).size());
        assertTrue(offered(active).contains(s.training()));
    }

    private static void advanceTo(Instant when) {
        server.clock().advance(Duration.between(server.clock().instant(), when));
    }

    @Test
    void withoutRetryDaysTheSkillIsForEver() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.training(project);
        form.remove("retry_training_after_days");
        Setup s = setUp(api, project, form, 80);
        String skill = trainingSkill(api).path("id").asText();
        ApiClient worker = server.newWorker();
        fail(worker, s);

        server.clock().advance(Duration.ofDays(400));

        assertEquals(62.5, values(api, skill, worker).get(0).path("exact_value").asDouble());
        assertHasSkillAlready(worker, s.training(), "62.5");
    }

    @Test
    void aTrainingIsHeldToThePoolsThatRequireIt() {
        ApiClient api = server.newAccount();
        Setup s = setUp(api, 80);
        ApiClient german = server.newWorker(Json.parseObject("{\"profile\": {\"languages\": [\"DE\"]}}"));
        String trainingsOwnWorry = "no pool that requires the training admits this worker";

        // The one pool requiring it takes English speakers only.
        assertRefused(take(german, s.training()), trainingsOwnWorry);
        assertFalse(offered(german).contains(s.training()));
        assertTrue(offered(server.newWorker()).contains(s.training()));

        // One pool requiring it that admits the worker is enough.
        ObjectNode anyone = Fixtures.pool(s.project());
        anyone.remove("filter");
        anyone.putObject("quality_control").putObject("training_requirement")
                .put("training_pool_id", s.training()).put("training_passing_skill_value", 80);
        String open = api.post("/pools", anyone).field("id");
        assertTrue(offered(german).contains(s.training()));

        // Its restrictions count as its filter does.
        ObjectNode ban = Json.object().put("scope", "POOL").put("user_id", id(german)).put("pool_id", open)
                .put("private_comment", "not here");
        assertEquals(200, api.put("/user-restrictions", ban).status());
        assertRefused(take(german, s.training()), trainingsOwnWorry);

        // A training no pool requires has no requirements to take over.
        String alone = api.post("/trainings", Fixtures.training(s.project())).field("id");
        assertEquals(201, api.post("/tasks?open_pool=true", trainingTasks(alone, 2)).status());
        assertTrue(offered(german).contains(alone));
    }

    @Test
    void aPoolMayRequireOnlyATrainingOfItsAccount() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        String training = api.post("/trainings", Fixtures.training(project)).field("id");
        String pool = api.post("/pools", Fixtures.pool(project)).field("id");
        ApiClient other = server.newAccount();
        String othersTraining = other.post("/trainings", Fixtures.training(Fixtures.createProject(other))).field("id");
        String field = "quality_control.training_requirement.training_pool_id";

        for (String named : List.of("1999999999", pool, othersTraining, "not-an-id")) {
            ObjectNode form = Fixtures.pool(project);
            form.putObject("quality_control").putObject("training_requirement")
                    .put("training_pool_id", named).put("training_passing_skill_value", 80);

            ApiClient.Response created = api.post("/pools", form);
            assertEquals(400, created.status(), created.toString());
            assertEquals("VALIDATION_ERROR", created.code());
            assertEquals(Map.of(field, "ENTITY_DOES_NOT_EXIST"), Fixtures.fieldCodes(created));

            ApiClient.Response replaced = api.put("/pools/" + pool, form);
            assertEquals(400, replaced.status(), replaced.toString());
            assertEquals(Map.of(field, "ENTITY_DOES_NOT_EXIST"), Fixtures.fieldCodes(replaced));
        }
        assertEquals(List.of(pool), Fixtures.ids(api.get("/pools?project_id=" + project)));
        assertFalse(api.get("/pools/" + pool).json().path("quality_control").has("training_requirement"));

        ObjectNode good = Fixtures.pool(project);
        good.putObject("quality_control").putObject("training_requirement")
                .put("training_pool_id", training).put("training_passing_skill_value", 80);
        assertEquals(200, api.put("/pools/" + pool, good).status());
    }
}
