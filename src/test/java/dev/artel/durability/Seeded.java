package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.storage.Database;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.TestServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One account's starting objects for a durability scenario, made through the API of an in-process server:
 * projects, and pools that each hold a task so that they can be opened. The token stays valid for any
 * server, in-process or a separate process, on the same database.
 *
 * @param poolProjects every seeded pool id, mapped to its project id
 */
record Seeded(String token, String accountId, List<String> projectIds, Map<String, String> poolProjects) {

    static Seeded create(TestServer server, int projects, int poolsPerProject) {
        ApiClient api = server.newAccount();
        String accountId = api.get("/requester").field("id");
        List<String> projectIds = new ArrayList<>();
        Map<String, String> poolProjects = new LinkedHashMap<>();
        for (int p = 0; p < projects; p++) {
            String projectId = created(api.post("/projects", Fixtures.project()));
            projectIds.add(projectId);
            for (int i = 0; i < poolsPerProject; i++) {
                String poolId = created(api.post("/pools", Fixtures.pool(projectId)));
                addTask(server.artel().database(), accountId, poolId);
                poolProjects.put(poolId, projectId);
            }
        }
        return new Seeded(api.token(), accountId, projectIds, poolProjects);
    }

    static String created(ApiClient.Response response) {
        assertEquals(201, response.status(), response.toString());
        return response.field("id");
    }

    /** Artel has no task API yet; opening a pool only needs a row in {@code tasks}. */
    static void addTask(Database db, String accountId, String poolId) {
        db.inTransaction(h -> h.update("INSERT INTO tasks (id, account_id, pool_id, created, doc) VALUES (?, ?, ?, ?, ?)",
                "task-" + poolId, accountId, Long.parseLong(poolId), System.currentTimeMillis(),
                "{\"input_values\": {\"image\": \"http://127.0.0.1/cat.png\"}}"));
    }

    List<String> poolIds() {
        return List.copyOf(poolProjects.keySet());
    }
}
