package dev.artel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.TestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Named snapshots over HTTP: a restore puts back every table, the virtual time and the ids, and timers fire
 * after it as they would have after the save. Each test has a database of its own, since a restore replaces
 * every account's data in it.
 */
class EmulatorSnapshotTest {
    @Test
    void aRestoreBringsBackTheStateTheClockAndTheTimersAsAtTheSnapshot() {
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true).rateLimits(true))) {
            ApiClient operator = server.operator();
            ApiClient api = server.newAccount();
            ApiClient worker = server.newWorker();
            String pool = Requester.openPool(api, 3);
            JsonNode assignment = Requester.take(worker, pool);
            String assignmentId = assignment.path("id").asText();
            long created = Timestamps.parse(assignment.path("created").asText()).orElseThrow();
            List<String> before = Requester.everything(api);
            long savedAt = Requester.now(operator);

            ApiClient.Response saved = operator.post("/emulator/snapshots", Json.object().put("name", "fixture"));
            Map<String, List<String>> stored = DatabaseContent.read(server);
            assertEquals(201, saved.status(), saved.toString());
            assertEquals(Timestamps.format(savedAt), saved.field("clock"));
            assertTrue(saved.json().path("rows").asLong() > 10, saved.toString());

            // Afterwards: time passes, the worker answers, the requester makes more, a new account and worker.
            Requester.advance(operator, "PT30S");
            ApiClient.Response submitted = worker.post("/worker/assignments/" + assignmentId + "/submit",
                    Json.parseObject("{\"solutions\": [{\"output_values\": {\"result\": \"dog\"}}]}"));
            assertEquals(200, submitted.status(), submitted.toString());
            String laterProject = Fixtures.createProject(api);
            Requester.upload(api, pool, 2);
            ApiClient laterAccount = server.newAccount();
            ApiClient laterWorker = server.newWorker();
            Requester.advance(operator, "P1D");
            assertNotEquals(before, Requester.everything(api));

            ApiClient.Response restored = operator.post("/emulator/snapshots/fixture/restore");
            assertEquals(200, restored.status(), restored.toString());
            assertEquals(saved.json(), restored.json());
            assertEquals(stored, DatabaseContent.read(server), "every row of every table");
            assertEquals(savedAt, Requester.now(operator), "the clock went back");
            assertEquals(before, Requester.everything(api));
            assertEquals("ACTIVE", api.get("/assignments/" + assignmentId).json().path("status").asText());
            assertEquals(401, laterAccount.get("/requester").status(), "an account made after the save is gone");
            assertEquals(401, laterWorker.get("/worker/me").status(), "so is a worker");
            assertEquals(200, worker.get("/worker/me").status());
            // The sequence went back too: the next project gets the id the one made after the save had.
            assertEquals(laterProject, Fixtures.createProject(api));

            JsonNode fired = Requester.advance(operator, "PT2H").json();
            assertEquals(1, fired.path("timers_fired").asInt(), fired.toString());
            JsonNode expired = api.get("/assignments/" + assignmentId).json();
            assertEquals("EXPIRED", expired.path("status").asText());
            assertEquals(Timestamps.format(created + 60_000), expired.path("expired").asText());
        }
    }

    @Test
    void aSnapshotOutlivesARestart() {
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient api = server.newAccount();
            Requester.take(server.newWorker(), Requester.openPool(api, 2));
            List<String> before = Requester.everything(api);
            long savedAt = Requester.now(server.operator());
            assertEquals(201, server.operator().post("/emulator/snapshots", Json.object().put("name", "kept"))
                    .status());
            Fixtures.createProject(api);
            Requester.advance(server.operator(), "P3D");

            server.restart();
            api = server.client(api.token());

            assertEquals(List.of("kept"), names(server.operator()));
            assertEquals(200, server.operator().post("/emulator/snapshots/kept/restore").status());
            assertEquals(before, Requester.everything(api));
            assertEquals(savedAt, Requester.now(server.operator()));
        }
    }

    @Test
    void aNameSavedAgainIsReplacedAndADeletedOneIsGone() {
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient operator = server.operator();
            ApiClient api = server.newAccount();
            assertEquals(201, operator.post("/emulator/snapshots", Json.object().put("name", "a")).status());
            String project = Fixtures.createProject(api);
            assertEquals(201, operator.post("/emulator/snapshots", Json.object().put("name", "b.2_x-y")).status());
            ApiClient.Response replaced = operator.post("/emulator/snapshots", Json.object().put("name", "a"));
            assertEquals(200, replaced.status(), replaced.toString());
            assertEquals(List.of("a", "b.2_x-y"), names(operator));

            Fixtures.createProject(api);
            assertEquals(200, operator.post("/emulator/snapshots/a/restore").status());
            assertEquals(List.of(project), Fixtures.ids(api.get("/projects")), "the second save of a counts");

            assertEquals(204, operator.send("DELETE", "/emulator/snapshots/a", null, null).status());
            assertEquals(List.of("b.2_x-y"), names(operator));
            for (ApiClient.Response missing : List.of(operator.post("/emulator/snapshots/a/restore"),
                    operator.send("DELETE", "/emulator/snapshots/a", null, null))) {
                assertEquals(404, missing.status(), missing.toString());
                assertEquals("DOES_NOT_EXIST", missing.code());
            }
            for (String bad : List.of("", "a/b", "-a", "x".repeat(101))) {
                ApiClient.Response refused = operator.post("/emulator/snapshots", Json.object().put("name", bad));
                assertEquals(400, refused.status(), bad + ": " + refused);
            }
        }
    }

    @Test
    void aServerThatIsNoEmulatorRefusesResetsAndSnapshots() {
        try (TestServer production = TestServer.start()) {
            ApiClient operator = production.operator();
            for (ApiClient.Response refused : List.of(operator.post("/emulator/reset", Json.object()),
                    operator.post("/emulator/snapshots", Json.object().put("name", "a")),
                    operator.get("/emulator/snapshots"),
                    operator.post("/emulator/snapshots/a/restore"),
                    operator.send("DELETE", "/emulator/snapshots/a", null, null))) {
                assertEquals(403, refused.status(), refused.toString());
                assertEquals("EMULATOR_OFF", refused.code());
            }
        }
    }

    private static List<String> names(ApiClient operator) {
        ApiClient.Response list = operator.get("/emulator/snapshots");
        assertEquals(200, list.status(), list.toString());
        return list.json().path("items").findValuesAsText("name");
    }
}
