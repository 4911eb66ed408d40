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
import org.junit.jupiter.api.Test;

/**
 * POST /emulator/reset over HTTP: what one account's and everyone's reset take away, and what they keep. Each
 * test has a database of its own, since a reset of every account reaches every account in it.
 */
class EmulatorResetTest {
    /** The tables of requester data, as the issue names them: each must be empty after a reset of everyone. */
    private static final List<String> REQUESTER_TABLES = List.of("projects", "project_stripes", "pools", "tasks",
            "task_suites", "assignments", "assignment_tasks", "operations", "operation_log", "operation_items",
            "timers", "rate_limit_locks", "rate_limit_events", "request_budget");

    @Test
    void resettingOneAccountLeavesAnotherIntact() {
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient reset = server.newAccount();
            ApiClient kept = server.newAccount();
            ApiClient worker = server.newWorker();
            JsonNode resetAssignment = Requester.take(worker, Requester.openPool(reset, 2));
            JsonNode keptAssignment = Requester.take(worker, Requester.openPool(kept, 2));
            List<String> keptBefore = Requester.everything(kept);
            String resetId = reset.get("/requester").field("id");

            ApiClient.Response done = server.operator().post("/emulator/reset",
                    Json.object().put("account_id", resetId));
            assertEquals(200, done.status(), done.toString());
            assertEquals(resetId, done.field("account_id"));
            assertTrue(done.json().path("rows_deleted").asLong() > 10, done.toString());

            for (String list : List.of("/projects", "/pools", "/operations")) {
                assertEquals(0, reset.get(list).json().path("items").size(), list);
            }
            assertEquals(404, reset.get("/assignments/" + resetAssignment.path("id").asText()).status());
            assertEquals(200, reset.get("/requester").status(), "the token still works");
            assertEquals(keptBefore, Requester.everything(kept));
            // Rows owned through an object of the account went with it: the other's project and assignment keep theirs.
            assertEquals(64, rows(server, "project_stripes"));
            assertEquals(1, rows(server, "assignment_tasks"));

            // The other account's timers are still there: its assignment expires when it is due, the reset
            // account's does not come back to expire.
            JsonNode fired = Requester.advance(server.operator(), "PT2H").json();
            assertEquals(1, fired.path("timers_fired").asInt(), fired.toString());
            JsonNode expired = kept.get("/assignments/" + keptAssignment.path("id").asText()).json();
            assertEquals("EXPIRED", expired.path("status").asText());
            assertEquals(Timestamps.format(Timestamps.parse(keptAssignment.path("created").asText()).orElseThrow()
                    + 60_000), expired.path("expired").asText());
        }
    }

    @Test
    void anAccountThatDoesNotExistIsNotFound() {
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient api = server.newAccount();
            String project = Fixtures.createProject(api);
            ApiClient.Response missing = server.operator().post("/emulator/reset",
                    Json.object().put("account_id", "0123456789abcdef0123456789abcdef"));
            assertEquals(404, missing.status(), missing.toString());
            assertEquals("DOES_NOT_EXIST", missing.code());
            assertEquals(200, api.get("/projects/" + project).status(), "nothing was reset");
        }
    }

    @Test
    void resettingEveryAccountEmptiesRequesterDataAndKeepsEveryCredential() {
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true).rateLimits(true))) {
            ApiClient first = server.newAccount();
            ApiClient second = server.newAccount();
            ApiClient worker = server.newWorker();
            Requester.take(worker, Requester.openPool(first, 3));
            String pool = Requester.openPool(second, 2);
            Fixtures.submitAssignment(worker, pool, Json.object().put("result", "cat"));
            ApiClient.Response async = second.post("/tasks?async_mode=true&allow_defaults=true",
                    Json.mapper().createArrayNode().add(Fixtures.task(pool)));
            assertEquals("SUCCESS", async.field("status"), async.toString());
            for (String table : REQUESTER_TABLES) {
                if (!table.equals("operation_items")) {
                    assertTrue(rows(server, table) > 0, table + " has rows before the reset");
                }
            }
            long before = Requester.now(server.operator());

            ApiClient.Response done = server.operator().post("/emulator/reset", Json.object());
            assertEquals(200, done.status(), done.toString());
            assertTrue(done.json().path("account_id").isMissingNode(), done.toString());

            for (String table : REQUESTER_TABLES) {
                assertEquals(0, rows(server, table), table);
            }
            assertEquals(before, Requester.now(server.operator()), "without --clock-start the clock stays");
            for (ApiClient requester : List.of(first, second)) {
                assertEquals(List.of(), Requester.everything(requester).stream()
                        .filter(list -> !list.endsWith(" []")).toList());
                assertEquals(201, requester.post("/projects", Fixtures.project()).status(), "the token works");
            }
            ApiClient.Response me = worker.get("/worker/me");
            assertEquals(200, me.status(), "the worker's token works: " + me);
            assertEquals(0, worker.get("/worker/assignments").json().path("items").size());
            assertEquals(0, Requester.advance(server.operator(), "P3000D").json().path("timers_fired").asInt());
        }
    }

    @Test
    void resettingEveryAccountOfADeterministicServerStartsTheClockAndIdsAgain() {
        long start = Timestamps.parse("2026-03-01T09:00:00").orElseThrow();
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true).deterministicIds(true)
                .emulatorStart(start))) {
            ApiClient api = server.newAccount();
            String firstProject = Fixtures.createProject(api);
            Requester.advance(server.operator(), "P2D");
            String secondProject = Fixtures.createProject(api);
            assertNotEquals(firstProject, secondProject);

            ApiClient.Response done = server.operator().post("/emulator/reset", Json.object());
            assertEquals(200, done.status(), done.toString());
            assertEquals(Timestamps.format(start), done.field("now"));
            assertEquals(start, Requester.now(server.operator()));
            JsonNode again = api.post("/projects", Fixtures.project()).json();
            assertEquals(firstProject, again.path("id").asText());
            assertEquals(Timestamps.format(start), again.path("created").asText());
        }
    }

    private static long rows(TestServer server, String table) {
        return server.artel().database().oneStatement(h -> h.queryLong("SELECT COUNT(*) FROM " + table));
    }
}
