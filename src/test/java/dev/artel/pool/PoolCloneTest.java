package dev.artel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PoolCloneTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void cloneCopiesEveryWritableFieldAndResetsHistory() {
        ApiClient api = server.newAccount();
        ApiClient.Response project = api.post("/projects", Fixtures.project());
        assertEquals(201, project.status(), project.toString());
        String projectId = project.field("id");
        ObjectNode form = Fixtures.pool(projectId);
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        String sourceId = created.field("id");

        ApiClient.Response op = api.post("/pools/" + sourceId + "/clone");
        assertEquals(202, op.status(), op.toString());
        assertEquals("POOL.CLONE", op.field("type"));
        assertEquals(sourceId, op.json().path("parameters").path("pool_id").asText());
        assertEquals("SUCCESS", api.get("/operations/" + op.field("id")).field("status"));

        String cloneId = api.get("/operations/" + op.field("id")).json().path("details").path("pool_id").asText();
        assertNotEquals(sourceId, cloneId);
        ObjectNode clone = api.get("/pools/" + cloneId).object();
        assertEquals("CLOSED", clone.path("status").asText());
        assertEquals(projectId, clone.path("project_id").asText());
        assertFalse(clone.has("last_started"));
        form.fieldNames().forEachRemaining(field ->
                assertEquals(form.get(field), clone.get(field), "field " + field + " is copied as sent"));
    }
}
