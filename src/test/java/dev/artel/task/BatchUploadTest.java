package dev.artel.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Batch uploads have a cap of their own, above that of other bodies, and are checked item by item. */
class BatchUploadTest {
    private static final long MAX_BODY = 64 * 1024;
    private static final long MAX_UPLOAD = 2 * 1024 * 1024;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.maxBodyBytes(MAX_BODY)
            .maxUploadBytes(MAX_UPLOAD));

    private static ArrayNode tasks(String pool, int count) {
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < count; i++) {
            ObjectNode task = batch.addObject();
            task.put("pool_id", pool).put("__item_idx", Integer.toString(i));
            task.putObject("input_values").put("image", "http://127.0.0.1/images/" + i + ".png");
        }
        return batch;
    }

    private static String pool(ApiClient api) {
        return api.post("/pools", Fixtures.pool(Fixtures.createProject(api))).field("id");
    }

    @Test
    void anUploadLargerThanOtherBodiesIsStoredWhole() {
        ApiClient api = server.newAccount();
        String pool = pool(api);
        ArrayNode batch = tasks(pool, 5_000);
        assertTrue(Json.write(batch).length() > MAX_BODY, "the batch must be above the cap of other bodies");
        ApiClient.Response accepted = api.post("/tasks?async_mode=true&allow_defaults=true", batch);
        assertEquals(202, accepted.status(), accepted.toString());
        JsonNode operation = api.get("/operations/" + accepted.field("id")).json();
        assertEquals("SUCCESS", operation.path("status").asText(), operation.toString());
        assertEquals(5_000, operation.path("details").path("success_count").asInt());
        assertEquals(5_000, api.get("/operations/" + accepted.field("id") + "/log").json().size());
        long staged = server.artel().database().inTransaction(h -> h.queryLong(
                "SELECT COUNT(*) FROM operation_items WHERE operation_id = ?", accepted.field("id")));
        assertEquals(0, staged, "the staged items are gone once stored");

        ObjectNode pooled = Fixtures.pool(Fixtures.createProject(api));
        pooled.put("private_comment", "x".repeat((int) MAX_BODY));
        assertEquals(413, api.post("/pools", pooled).status(), "other bodies keep their own cap");
    }

    @Test
    void anUploadStagedAnItemARowWithoutCountsIsCheckedFirst() throws InterruptedException {
        ApiClient api = server.newAccount();
        String pool = pool(api);
        ArrayNode batch = tasks(pool, 3);
        ((ObjectNode) batch.get(1)).remove("input_values");
        JsonNode refused = runStagedAnItemARow(api, pool, batch);
        assertEquals("FAIL", refused.path("status").asText(), refused.toString());
        JsonNode log = api.get("/operations/" + refused.path("id").asText() + "/log").json();
        assertEquals(1, log.size(), log.toString());
        assertEquals("1", log.get(0).path("input").path("__item_idx").asText());
        assertEquals(0, api.get("/tasks?pool_id=" + pool).json().path("items").size());

        ((ObjectNode) batch.get(1)).putObject("input_values").put("image", "http://127.0.0.1/images/1.png");
        JsonNode stored = runStagedAnItemARow(api, pool, batch);
        assertEquals("SUCCESS", stored.path("status").asText(), stored.toString());
        assertEquals(3, api.get("/operations/" + stored.path("id").asText() + "/log").json().size());
        assertEquals(3, api.get("/tasks?pool_id=" + pool).json().path("items").size());
    }

    /**
     * Runs an upload of {@code batch} left as one accepted before V17 is: an item a row (which V17 made a run of
     * one) and no counts kept with the operation.
     */
    private static JsonNode runStagedAnItemARow(ApiClient api, String pool, ArrayNode batch)
            throws InterruptedException {
        String account = api.get("/pools/" + pool).json().path("owner").path("id").asText();
        String id = UUID.randomUUID().toString();
        server.artel().database().inTransaction(h -> {
            h.update("INSERT INTO operations (id, account_id, type, status, submitted, progress, parameters)"
                    + " VALUES (?, ?, 'TASK.BATCH_CREATE', 'PENDING', 0, 0, ?)", id, account,
                    "{\"skip_invalid_items\": false, \"allow_defaults\": true, \"open_pool\": false}");
            for (int i = 0; i < batch.size(); i++) {
                h.update("INSERT INTO operation_items (operation_id, idx, doc) VALUES (?, ?, ?)", id, i,
                        "[" + Json.write(batch.get(i)) + "]");
            }
            return null;
        });
        server.artel().operations().runPending();
        JsonNode operation = api.get("/operations/" + id).json();
        for (int i = 0; i < 100 && !operation.path("finished").isTextual(); i++) {
            Thread.sleep(100);
            operation = api.get("/operations/" + id).json();
        }
        return operation;
    }

    @Test
    void anUploadAboveItsCapIsRefusedWith413() {
        ApiClient api = server.newAccount();
        ArrayNode batch = tasks(pool(api), 25_000);
        assertTrue(Json.write(batch).length() > MAX_UPLOAD);
        ApiClient.Response refused = api.post("/tasks?async_mode=true&allow_defaults=true", batch);
        assertEquals(413, refused.status(), refused.toString());
    }

    @Test
    void anItemThatBreaksTheSchemaRefusesTheWholeUploadNamingItsIndex() {
        ApiClient api = server.newAccount();
        String pool = pool(api);
        ArrayNode batch = tasks(pool, 3_000);
        ((ObjectNode) batch.get(2_500)).put("overlap", "three");
        int operationsBefore = Fixtures.operationCount(api);
        ApiClient.Response refused = api.post("/tasks?async_mode=true&allow_defaults=true", batch);
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.json().path("payload").has("2500.overlap"), refused.toString());
        assertEquals(operationsBefore, Fixtures.operationCount(api), "no operation is left behind");
        assertEquals(0, api.get("/tasks?pool_id=" + pool).json().path("items").size());
    }
}
