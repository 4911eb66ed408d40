package dev.artel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.TestServer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --deterministic-ids} with {@code --clock-start}: the ids a run of calls gets depend only on the calls
 * since an empty start, a reset of every account or a restore, so two runs can be compared field by field.
 */
class DeterministicIdsTest {
    private static final long START = Timestamps.parse("2026-01-05T08:00:00").orElseThrow();

    private static TestServer deterministic() {
        return TestServer.startOnOwnDatabase(b -> b.emulator(true).deterministicIds(true).emulatorStart(START));
    }

    /**
     * A pipeline's calls, collecting every id they are answered with: a project and a pool (the sequence), tasks
     * synchronously and asynchronously, the pool's open operation, a worker's assignment and its suite, a
     * collector's uuid made by the server, and the timestamps on the way.
     */
    private static List<String> pipeline(ApiClient api, ApiClient worker, ApiClient operator) {
        List<String> ids = new ArrayList<>();
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.put("assignment_max_duration_seconds", 60);
        form.putObject("mixer_config").put("real_tasks_count", 2).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        ((ObjectNode) form.path("quality_control").path("configs").get(0).path("collector_config")).remove("uuid");
        JsonNode pool = api.post("/pools", form).json();
        String poolId = pool.path("id").asText();
        ids.add(project);
        ids.add(poolId);
        ids.add(pool.path("quality_control").path("configs").get(0).path("collector_config").path("uuid").asText());
        ids.addAll(Requester.upload(api, poolId, 3));
        Requester.advance(operator, "PT1M");
        ApiClient.Response async = api.post("/tasks?async_mode=true&allow_defaults=true",
                Json.mapper().createArrayNode().add(Fixtures.task(poolId)).add(Fixtures.task(poolId)));
        ids.add(async.field("id"));
        ids.addAll(Fixtures.ids(api.get("/tasks?limit=300&created_gte=" + async.field("submitted")
                + "&pool_id=" + poolId)));
        ApiClient.Response opened = api.post("/pools/" + poolId + "/open");
        ids.add(opened.field("id"));
        JsonNode assignment = Requester.take(worker, poolId);
        ids.add(assignment.path("id").asText());
        ids.add(assignment.path("task_suite_id").asText());
        ids.add(assignment.path("user_id").asText());
        ids.add(assignment.path("created").asText());
        Requester.advance(operator, "PT5M");
        JsonNode expired = api.get("/assignments/" + assignment.path("id").asText()).json();
        ids.add(expired.path("status").asText() + " " + expired.path("expired").asText());
        JsonNode again = Requester.take(worker, poolId);
        ids.add(again.path("id").asText());
        ids.add(again.path("tasks").toString());
        return ids;
    }

    @Test
    void twoFreshServersGiveTheSameIdsForTheSameCalls() {
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (TestServer server = deterministic()) {
                ApiClient api = server.newAccount();
                ApiClient worker = server.newWorker();
                List<String> ids = new ArrayList<>();
                ids.add(api.get("/requester").field("id"));
                ids.add(worker.get("/worker/me").field("id"));
                ids.addAll(pipeline(api, worker, server.operator()));
                runs.add(ids);
            }
        }
        assertEquals(runs.get(0), runs.get(1));
        assertEquals(Long.toString(1_000_000_000L), runs.get(0).get(2), "the first project id of the sequence");
    }

    @Test
    void aRestoreOrAResetFollowedByTheSameCallsGivesTheSameIdsAgain() {
        try (TestServer server = deterministic()) {
            ApiClient operator = server.operator();
            ApiClient api = server.newAccount();
            ApiClient worker = server.newWorker();
            Fixtures.createProject(api);
            Requester.advance(operator, "PT10M");
            assertEquals(201, operator.post("/emulator/snapshots", Json.object().put("name", "start")).status());

            List<String> first = pipeline(api, worker, operator);
            assertEquals(200, operator.post("/emulator/snapshots/start/restore").status());
            assertEquals(first, pipeline(api, worker, operator));

            // A reset of every account goes back to an empty start, with the account and worker kept.
            assertEquals(200, operator.post("/emulator/reset", Json.object()).status());
            List<String> fromEmpty = pipeline(api, worker, operator);
            assertEquals(200, operator.post("/emulator/reset", Json.object()).status());
            assertEquals(fromEmpty, pipeline(api, worker, operator));
            assertNotEquals(first, fromEmpty, "the snapshot held a project and ten minutes more");
        }
    }

    @Test
    void idsStayUniqueAcrossRestartsInTheSameVirtualMillisecond() {
        try (TestServer server = deterministic()) {
            ApiClient api = server.newAccount();
            String project = Fixtures.createProject(api);
            String pool = api.post("/pools", Fixtures.pool(project)).field("id");
            List<String> ids = new ArrayList<>(Requester.upload(api, pool, 3));
            server.restart();
            ids.addAll(Requester.upload(server.client(api.token()), pool, 3));
            server.restart();
            api = server.client(api.token());
            ids.addAll(Requester.upload(api, pool, 3));
            assertEquals(9, new HashSet<>(ids).size(), ids.toString());
            assertEquals(START, Requester.now(server.operator()), "the clock did not move");
            assertEquals(9, api.get("/tasks?pool_id=" + pool).json().path("items").size());
        }
    }
}
