package dev.artel.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole loop over HTTP: upload, open, workers take and answer, the requester reviews, timers fire. */
class CrowdLoopTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** A pool of {@code tasks} tasks with overlap {@code overlap}, two tasks a suite, opened. */
    private static String openPool(ApiClient api, int tasks, int overlap, boolean autoAccept) {
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.put("auto_accept_solutions", autoAccept);
        form.put("auto_accept_period_day", 1);
        form.put("assignment_max_duration_seconds", 60);
        form.put("auto_close_after_complete_delay_seconds", 0);
        form.putObject("mixer_config").put("real_tasks_count", 2).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0).put("shuffle_tasks_in_task_suite", false);
        String pool = api.post("/pools", form).field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < tasks; i++) {
            ObjectNode task = batch.addObject();
            task.put("pool_id", pool).put("overlap", overlap);
            task.putObject("input_values").put("image", "http://127.0.0.1/" + i + ".png");
        }
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return pool;
    }

    private static ObjectNode answers(JsonNode assignment, String value) {
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        assignment.path("tasks").forEach(t -> solutions.addObject().putObject("output_values").put("result", value));
        return body;
    }

    @Test
    void aWorkerTakesAndSubmitsAndTheRequesterReviews() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, 4, 1, false);
        ApiClient worker = server.server().newWorker();

        JsonNode pools = worker.get("/worker/pools").json();
        assertTrue(pools.path("items").findValuesAsText("id").contains(pool), pools.toString());

        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        JsonNode assignment = taken.json();
        assertEquals("ACTIVE", assignment.path("status").asText());
        assertEquals(2, assignment.path("tasks").size());
        assertEquals(0.01, assignment.path("reward").asDouble(), 1e-9);
        ApiClient.Response again = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(200, again.status());
        assertEquals(assignment.path("id"), again.json().path("id"));

        String id = assignment.path("id").asText();
        ApiClient.Response wrong = worker.post("/worker/assignments/" + id + "/submit", answers(assignment, "horse"));
        assertEquals(400, wrong.status(), wrong.toString());
        assertTrue(wrong.json().path("payload").has("solutions.0.output_values.result"), wrong.toString());
        assertEquals("ACTIVE", worker.get("/worker/assignments/" + id).field("status"));

        JsonNode submitted = worker.post("/worker/assignments/" + id + "/submit", answers(assignment, "cat")).json();
        assertEquals("SUBMITTED", submitted.path("status").asText(), submitted.toString());
        assertEquals(409, worker.post("/worker/assignments/" + id + "/submit", answers(assignment, "cat")).status());
        assertEquals(404, server.server().newWorker().get("/worker/assignments/" + id).status());

        JsonNode listed = api.get("/assignments?pool_id=" + pool + "&status=SUBMITTED,ACCEPTED").json();
        assertEquals(1, listed.path("items").size(), listed.toString());
        assertEquals("cat", listed.path("items").get(0).path("solutions").get(0).path("output_values")
                .path("result").asText());
        String taskId = assignment.path("tasks").get(0).path("id").asText();
        assertEquals(1, api.get("/assignments?task_id=" + taskId).json().path("items").size());
        assertEquals(0, api.get("/tasks/" + taskId).json().path("remaining_overlap").asInt());

        ApiClient.Response noComment = api.patch("/assignments/" + id, Json.object().put("status", "REJECTED"));
        assertEquals(400, noComment.status());
        JsonNode rejected = api.patch("/assignments/" + id, Json.object().put("status", "REJECTED")
                .put("public_comment", "blurry")).json();
        assertEquals("REJECTED", rejected.path("status").asText());
        // A rejected answer no longer counts: the task is open to others again.
        assertEquals(1, api.get("/tasks/" + taskId).json().path("remaining_overlap").asInt());
        JsonNode accepted = api.patch("/assignments/" + id, Json.object().put("status", "ACCEPTED")).json();
        assertEquals("ACCEPTED", accepted.path("status").asText());
        assertTrue(accepted.has("accepted") && accepted.has("rejected") && accepted.has("submitted"));
        assertEquals(409, api.patch("/assignments/" + id, Json.object().put("status", "REJECTED")
                .put("public_comment", "no")).status());
        assertEquals(0.01, worker.get("/worker/earnings").json().path("accepted").asDouble(), 1e-9);
    }

    @Test
    void noWorkerGetsATaskTwiceAndNoTaskGoesPastItsOverlap() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, 4, 2, true);
        ApiClient first = server.server().newWorker();
        ApiClient second = server.server().newWorker();
        ApiClient third = server.server().newWorker();
        Set<String> seenByFirst = new HashSet<>();
        for (int round = 0; round < 2; round++) {
            JsonNode a = first.post("/worker/pools/" + pool + "/assignments").json();
            a.path("tasks").forEach(t -> assertTrue(seenByFirst.add(t.path("id").asText()), "task given twice"));
            assertEquals("ACCEPTED", first.post("/worker/assignments/" + a.path("id").asText() + "/submit",
                    answers(a, "dog")).field("status"));
        }
        ApiClient.Response none = first.post("/worker/pools/" + pool + "/assignments");
        assertEquals(409, none.status());
        assertEquals("NO_TASKS_AVAILABLE", none.code());

        for (int round = 0; round < 2; round++) {
            JsonNode a = second.post("/worker/pools/" + pool + "/assignments").json();
            second.post("/worker/assignments/" + a.path("id").asText() + "/submit", answers(a, "dog"));
        }
        // Every task has its two answers: the third worker gets nothing, and the pool completes.
        assertEquals(409, third.post("/worker/pools/" + pool + "/assignments").status());
        server.artel().scheduler().runDue();
        JsonNode closed = api.get("/pools/" + pool).json();
        assertEquals("CLOSED", closed.path("status").asText(), closed.toString());
        assertEquals("COMPLETED", closed.path("last_close_reason").asText());

        // More overlap brings the work, and the pool, back.
        String task = api.get("/tasks?pool_id=" + pool).json().path("items").get(0).path("id").asText();
        api.patch("/tasks/" + task, Json.object().put("overlap", 3));
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
        JsonNode more = third.post("/worker/pools/" + pool + "/assignments").json();
        assertEquals(task, more.path("tasks").get(0).path("id").asText(), more.toString());
    }

    @Test
    void theRequesterSeesEachTaskOfAnAssignmentAsTheTaskItselfReadsWithItsOwner() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, 2, 2, false);
        ApiClient worker = server.server().newWorker();
        JsonNode taken = worker.post("/worker/pools/" + pool + "/assignments").json();
        assertEquals(List.of("id", "input_values"), fieldNames(taken.path("tasks").get(0)),
                "a worker sees nothing of the requester's");
        String id = taken.path("id").asText();
        worker.post("/worker/assignments/" + id + "/submit", answers(taken, "cat"));
        JsonNode one = api.get("/assignments/" + id).json();
        JsonNode listed = api.get("/assignments?pool_id=" + pool).json().path("items").get(0);
        for (JsonNode assignment : List.of(one, listed)) {
            assertEquals(api.get("/pools/" + pool).json().path("owner"), assignment.path("owner"));
            assertEquals(2, assignment.path("tasks").size(), assignment.toString());
            for (JsonNode task : assignment.path("tasks")) {
                JsonNode own = api.get("/tasks/" + task.path("id").asText()).json();
                assertEquals(own, task, "the task as GET /tasks/{id} shows it, remaining_overlap and all");
                assertEquals(1, task.path("remaining_overlap").asInt(), task.toString());
            }
        }
        // Read at every request: the rejection gives the places back, and the review's answer shows it.
        JsonNode rejected = api.patch("/assignments/" + id, Json.object().put("status", "REJECTED")
                .put("public_comment", "blurry")).json();
        assertEquals(2, rejected.path("tasks").get(0).path("remaining_overlap").asInt(), rejected.toString());
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A new worker's assignment in the pool, answered "dog", with the timers its answer set fired. */
    private static JsonNode answeredByANewWorker(String pool) {
        ApiClient worker = server.server().newWorker();
        JsonNode done = worker.post("/worker/pools/" + pool + "/assignments").json();
        worker.post("/worker/assignments/" + done.path("id").asText() + "/submit", answers(done, "dog"));
        server.artel().scheduler().runDue();
        return done;
    }

    @Test
    void aRejectionReopensACompletedPoolForAnotherWorker() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, 2, 1, false);
        JsonNode done = answeredByANewWorker(pool);
        assertEquals("COMPLETED", api.get("/pools/" + pool).field("last_close_reason"));
        ApiClient second = server.server().newWorker();
        assertEquals(409, second.post("/worker/pools/" + pool + "/assignments").status());

        api.patch("/assignments/" + done.path("id").asText(), Json.object().put("status", "REJECTED")
                .put("public_comment", "wrong"));
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
        JsonNode again = second.post("/worker/pools/" + pool + "/assignments").json();
        assertEquals(Set.copyOf(done.path("tasks").findValuesAsText("id")),
                Set.copyOf(again.path("tasks").findValuesAsText("id")));
    }

    @Test
    void loweringTheOverlapToTheAnswersThereAreCompletesThePool() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, 1, 2, true);
        JsonNode done = answeredByANewWorker(pool);
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"), "one answer of two");

        String task = done.path("tasks").get(0).path("id").asText();
        JsonNode lowered = api.patch("/tasks/" + task + "/set-overlap-or-min", Json.object().put("overlap", 1))
                .json();
        assertEquals(1, lowered.path("overlap").asInt(), lowered.toString());
        server.artel().scheduler().runDue();
        JsonNode closed = api.get("/pools/" + pool).json();
        assertEquals("CLOSED", closed.path("status").asText(), closed.toString());
        assertEquals("COMPLETED", closed.path("last_close_reason").asText());
    }

    @Test
    void anExpiryThatFindsItsAssignmentHeldStaysDueInsteadOfWaiting() throws Exception {
        ApiClient api = server.newAccount();
        String pool = openPool(api, 2, 1, false);
        String id = server.server().newWorker().post("/worker/pools/" + pool + "/assignments").field("id");
        long expiresAt = server.clock().millis() + 60_000;
        server.clock().advance(Duration.ofSeconds(61));
        // A submit in flight: it holds the assignment, and would next cancel the timer that is firing.
        try (Connection submit = DriverManager.getConnection(server.dbUrl())) {
            submit.setAutoCommit(false);
            try (PreparedStatement lock = submit.prepareStatement("SELECT id FROM assignments WHERE id = ? FOR UPDATE")) {
                lock.setString(1, id);
                lock.executeQuery().close();
            }
            server.artel().scheduler().runDue();
            try (PreparedStatement due = submit.prepareStatement(
                    "SELECT due FROM timers WHERE kind = 'assignment.expire' AND timer_key = ?")) {
                due.setString(1, id);
                try (ResultSet rs = due.executeQuery()) {
                    assertTrue(rs.next(), "the timer is still there, for the holder's cancel to find");
                    assertEquals(expiresAt, rs.getLong(1), "the firing rolled back whole");
                }
            }
            submit.rollback();
        }
        assertEquals("ACTIVE", api.get("/assignments/" + id).field("status"));
        server.artel().scheduler().runDue();
        assertEquals("EXPIRED", api.get("/assignments/" + id).field("status"), "the holder gave up: it expires");
    }

    /** The ids, in creation order, of the tasks that ten new workers get, one task each, from a pool of 60. */
    private static List<String> tenTakes(Boolean inCreationOrder) {
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        ObjectNode mixer = form.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        if (inCreationOrder != null) {
            mixer.put("mix_tasks_in_creation_order", inCreationOrder);
        }
        String pool = api.post("/pools", form).field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 60; i++) {
            batch.addObject().put("pool_id", pool).put("overlap", 1).putObject("input_values")
                    .put("image", "http://127.0.0.1/" + i + ".png");
        }
        List<String> created = new ArrayList<>();
        api.post("/tasks", batch).json().path("items").forEach(task -> created.add(task.path("id").asText()));
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        List<String> taken = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            taken.add(server.server().newWorker().post("/worker/pools/" + pool + "/assignments").json()
                    .path("tasks").get(0).path("id").asText());
        }
        assertEquals(10, Set.copyOf(taken).size(), taken.toString());
        return taken.stream().map(id -> Integer.toString(created.indexOf(id))).toList();
    }

    @Test
    void tasksGoOutInCreationOrderOnlyWhenThePoolAsksForIt() {
        assertEquals(List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), tenTakes(true));
        // Toloka's default for a pool is a random order: ten takes in creation order by chance would be 1 in 10!.
        for (Boolean randomOrder : new Boolean[] {false, null}) {
            List<String> taken = tenTakes(randomOrder);
            assertNotEquals(taken.stream().sorted(java.util.Comparator.comparingInt(Integer::parseInt)).toList(),
                    taken, "mix_tasks_in_creation_order " + randomOrder);
        }
    }

    @Test
    void activeAssignmentsExpireAndSubmittedOnesAreAcceptedOnTheClock() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, 4, 1, false);
        ApiClient slow = server.server().newWorker();
        ApiClient done = server.server().newWorker();
        JsonNode abandoned = slow.post("/worker/pools/" + pool + "/assignments").json();
        JsonNode answered = done.post("/worker/pools/" + pool + "/assignments").json();
        done.post("/worker/assignments/" + answered.path("id").asText() + "/submit", answers(answered, "cat"));
        assertNotEquals(abandoned.path("tasks"), answered.path("tasks"));

        server.clock().advance(Duration.ofSeconds(61));
        server.artel().scheduler().runDue();
        JsonNode expired = api.get("/assignments/" + abandoned.path("id").asText()).json();
        assertEquals("EXPIRED", expired.path("status").asText(), expired.toString());
        assertTrue(expired.has("expired"));
        assertEquals("SUBMITTED", api.get("/assignments/" + answered.path("id").asText()).field("status"));
        // The expired tasks are free again, for another worker.
        JsonNode retaken = server.server().newWorker().post("/worker/pools/" + pool + "/assignments").json();
        assertFalse(retaken.path("tasks").isEmpty());

        server.clock().advance(Duration.ofDays(1));
        server.artel().scheduler().runDue();
        assertEquals("ACCEPTED", api.get("/assignments/" + answered.path("id").asText()).field("status"));
    }

    @Test
    void aPoolClosesAsExpiredAtWillExpire() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.put("will_expire", Fixtures.wireTime(server.clock().instant().plus(Duration.ofHours(1))));
        String pool = api.post("/pools", form).field("id");
        api.post("/tasks?allow_defaults=true&open_pool=true", Json.object().put("pool_id", pool)
                .set("input_values", Json.object().put("image", "http://127.0.0.1/x.png")));
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
        server.artel().scheduler().runDue();
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
        server.clock().advance(Duration.ofHours(1));
        server.artel().scheduler().runDue();
        JsonNode closed = api.get("/pools/" + pool).json();
        assertEquals("EXPIRED", closed.path("last_close_reason").asText(), closed.toString());
    }

    @Test
    void aTrainingIssuesItsTasksBySuiteSizeAndWorkersNeverSeeTheAnswers() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.training(project);
        form.put("training_tasks_in_task_suite_count", 2);
        String training = api.post("/trainings", form).field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 3; i++) {
            ObjectNode task = batch.addObject();
            task.put("pool_id", training).put("infinite_overlap", true);
            task.putObject("input_values").put("image", "http://127.0.0.1/t" + i + ".png");
            task.putArray("known_solutions").addObject().putObject("output_values").put("result", "cat");
            task.put("message_on_unknown_solution", "It is a cat");
        }
        assertEquals(201, api.post("/tasks?open_pool=true", batch).status());
        ApiClient worker = server.server().newWorker();
        JsonNode first = worker.post("/worker/pools/" + training + "/assignments").json();
        assertEquals(2, first.path("tasks").size(), first.toString());
        assertTrue(first.path("tasks").get(0).path("known_solutions").isMissingNode(), first.toString());
        assertTrue(first.path("tasks").get(0).path("message_on_unknown_solution").isMissingNode());
        worker.post("/worker/assignments/" + first.path("id").asText() + "/submit", answers(first, "cat"));
        JsonNode last = worker.post("/worker/pools/" + training + "/assignments").json();
        assertEquals(1, last.path("tasks").size(), last.toString());
        // Infinite overlap: another worker gets the same tasks.
        assertEquals(2, server.server().newWorker().post("/worker/pools/" + training + "/assignments").json()
                .path("tasks").size());
    }

    @Test
    void aPoolClosedForUpdateOpensAgainAfterFifteenMinutesAndAManuallyClosedOneDoesNot() {
        ApiClient api = server.newAccount();
        String forUpdate = openPool(api, 2, 1, true);
        String manual = openPool(api, 2, 1, true);
        assertEquals(202, api.post("/pools/" + forUpdate + "/close-for-update").status());
        assertEquals(202, api.post("/pools/" + manual + "/close").status());
        server.clock().advance(Duration.ofMinutes(14));
        server.artel().scheduler().runDue();
        assertEquals("CLOSED", api.get("/pools/" + forUpdate).field("status"));
        server.clock().advance(Duration.ofMinutes(1));
        server.artel().scheduler().runDue();
        assertEquals("OPEN", api.get("/pools/" + forUpdate).field("status"));
        assertEquals("CLOSED", api.get("/pools/" + manual).field("status"));
    }
}
