package dev.artel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A large upload leaves PostgreSQL's statistics of the tasks table describing it as it now is, so that the mixer's
 * reads of the pool are planned for the table they read (BatchCreate). Without it, on a server whose autovacuum is
 * off (this machine's and CI's) they never would be.
 */
class UploadStatisticsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.startOnOwnDatabase(b -> { });

    @Test
    void aLargeUploadBringsTheTasksTablesStatisticsUpToDate() {
        assumeTrue(TestDatabase.isPostgres(), "H2 analyzes its tables itself");
        ApiClient api = server.newAccount();
        String pool = api.post("/pools", Fixtures.pool(Fixtures.createProject(api))).field("id");
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (int i = 0; i < 10_000; i++) {
            tasks.addObject().put("pool_id", pool).put("overlap", 1).putObject("input_values")
                    .put("image", "http://127.0.0.1/" + i + ".png");
        }
        ApiClient.Response upload = api.post("/tasks?async_mode=true", tasks);
        assertEquals(202, upload.status(), upload.toString());
        assertEquals("SUCCESS", api.get("/operations/" + upload.field("id")).field("status"));

        long rows = server.artel().database().oneStatement(h -> h.queryLong("SELECT COUNT(*) FROM tasks"));
        double planned = server.artel().database().oneStatement(h -> h.queryOne(
                "SELECT reltuples FROM pg_class WHERE oid = 'tasks'::regclass", rs -> rs.getDouble(1))).orElseThrow();
        assertTrue(rows >= 10_000 && planned >= 0.9 * rows, "the planner sees " + planned + " of " + rows + " rows");
    }
}
