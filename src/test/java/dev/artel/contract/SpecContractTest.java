package dev.artel.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.SpecContract;
import org.junit.jupiter.api.Test;

/** The contract check refuses what Toloka's clients would choke on, and accepts what they expect. */
class SpecContractTest {
    private static final String REQUEST_ID = "3f1c6a0e-1d2b-4c5d-8e9f-0a1b2c3d4e5f";

    private static ObjectNode pool() {
        ObjectNode pool = Fixtures.pool("1000000000");
        pool.put("id", "1000000001").put("status", "OPEN").put("created", "2024-05-01T10:00:00.123");
        pool.putObject("owner").put("id", "a1b2").put("myself", true);
        return pool;
    }

    private static ObjectNode operation() {
        return Json.parseObject("""
                {"id": "5f0fbd4e-7ab6-4b1b-9c0a-5d3c2f9d2a11", "type": "POOL.CLONE", "status": "SUCCESS",
                 "submitted": "2024-05-01T10:00:00.000", "started": "2024-05-01T10:00:00.001",
                 "finished": "2024-05-01T10:00:01.999", "progress": 100,
                 "parameters": {"pool_id": "1000000001"}, "details": {"pool_id": "1000000002"}}
                """);
    }

    private static ApiClient.Response ok(String method, String path, int status, Object body) {
        return new ApiClient.Response(method, path, status, body == null ? "" : Json.write(body), REQUEST_ID);
    }

    private static ApiClient.Response error(int status, String body) {
        return new ApiClient.Response("GET", "/pools/1000000001", status, body, REQUEST_ID);
    }

    private static void refused(ApiClient.Response response, String because) {
        AssertionError e = assertThrows(AssertionError.class, () -> SpecContract.verify(response));
        assertTrue(e.getMessage().contains(because), "refused, but not for '" + because + "': " + e.getMessage());
    }

    @Test
    void acceptsCorrectAnswers() {
        ObjectNode page = Json.object().put("has_more", false);
        page.putArray("items").add(pool());
        ObjectNode logItem = Json.parseObject("""
                {"type": "TASK_CREATE", "success": true, "input": {"pool_id": "1", "created": "yesterday"},
                 "output": {"task_id": "000248a756--6422ca21e5997032541d856b"}}
                """);
        assertDoesNotThrow(() -> SpecContract.verify(ok("GET", "/pools/1000000001?fields=all", 200, pool())));
        assertDoesNotThrow(() -> SpecContract.verify(ok("GET", "/pools?limit=5&sort=-id", 200, page)));
        assertDoesNotThrow(() -> SpecContract.verify(ok("POST", "/pools/1000000001/clone", 202, operation())));
        assertDoesNotThrow(() -> SpecContract.verify(ok("POST", "/pools/1000000001/open", 204, null)));
        assertDoesNotThrow(() -> SpecContract.verify(ok("GET", "/operations/5f0f/log", 200,
                Json.mapper().createArrayNode().add(logItem))));
        assertDoesNotThrow(() -> SpecContract.verify(error(404, "{\"request_id\": \"" + REQUEST_ID
                + "\", \"code\": \"DOES_NOT_EXIST\", \"message\": \"Pool 1 does not exist\"}")));
        assertDoesNotThrow(() -> SpecContract.verify(error(400, "{\"request_id\": \"" + REQUEST_ID
                + "\", \"code\": \"VALIDATION_ERROR\", \"message\": \"Validation error\", \"payload\":"
                + " {\"priority\": {\"code\": \"VALUE_GREATER_THAN_MAX\", \"message\": \"at most 100\"}}}")));
    }

    @Test
    void refusesBodiesTheSchemaForbids() {
        refused(ok("GET", "/pools/1000000001", 200, pool().put("priority", "high")), "/priority");
        refused(ok("GET", "/pools/1000000001", 200, pool().put("status", "SLEEPING")), "/status");
        refused(ok("GET", "/pools/1000000001", 200, pool().put("id", 1000000001)), "/id");
        ObjectNode page = Json.object().put("has_more", "no");
        page.putArray("items").add(pool());
        refused(ok("GET", "/pools", 200, page), "/has_more");
        refused(ok("POST", "/pools/1000000001/open", 202, operation().put("type", "POOL.REOPEN")), "/type");
        refused(ok("GET", "/operations/5f0f/log", 200, operation()), "array expected");
    }

    @Test
    void refusesServerTimesWithoutMillisecondsOrWithAZone() {
        refused(ok("GET", "/pools/1000000001", 200, pool().put("created", "2024-05-01T10:00:00")), "$.created");
        refused(ok("GET", "/pools/1000000001", 200, pool().put("last_started", "2024-05-01T10:00:00.000Z")),
                "$.last_started");
        ObjectNode page = Json.object().put("has_more", false);
        page.putArray("items").add(operation().put("finished", "2024-05-01 10:00:01.999"));
        refused(ok("GET", "/operations", 200, page), "$.items[0].finished");
    }

    @Test
    void refusesIdsThatAreNotStrings() {
        ObjectNode numericDetail = operation();
        ((ObjectNode) numericDetail.get("details")).put("pool_id", 1000000002);
        refused(ok("POST", "/pools/1000000001/clone", 202, numericDetail), "details.pool_id");
        ObjectNode numericParameter = operation();
        ((ObjectNode) numericParameter.get("parameters")).put("pool_id", 1000000001);
        refused(ok("POST", "/pools/1000000001/clone", 202, numericParameter), "/parameters/pool_id");
    }

    @Test
    void refusesStatusesTheSpecDoesNotGiveTheOperation() {
        refused(ok("GET", "/pools/1000000001", 204, null), "does not list status 204");
        refused(ok("GET", "/pools/1000000001", 201, pool()), "does not list status 201");
        refused(ok("POST", "/pools/1000000001/open", 204, operation()), "must have an empty body");
        refused(ok("GET", "/pool/1000000001", 200, pool()), "no operation of fullApi.yaml");
        refused(ok("GET", "/pools/1000000001", 302, null), "neither a success nor an error");
        refused(new ApiClient.Response("GET", "/pools/1000000001", 200, "<html>", REQUEST_ID), "not JSON");
    }

    @Test
    void refusesErrorsNotInTolokasShape() {
        refused(error(404, "{\"code\": \"DOES_NOT_EXIST\", \"message\": \"gone\"}"), "request_id");
        refused(error(404, "{\"request_id\": \"other\", \"code\": \"DOES_NOT_EXIST\", \"message\": \"gone\"}"),
                "X-Request-Id");
        refused(error(409, "{\"request_id\": \"" + REQUEST_ID + "\", \"code\": 409, \"message\": \"conflict\"}"),
                "string code");
        refused(error(400, "{\"request_id\": \"" + REQUEST_ID + "\", \"code\": \"VALIDATION_ERROR\","
                + " \"message\": \"bad\", \"payload\": [\"priority\"]}"), "payload must be an object");
        refused(error(500, ""), "not JSON");
    }

    @Test
    void holdsAFileDownloadToItsMediaType() {
        String path = "/new/requester/pools/1000000001/assignments.tsv?status=APPROVED";
        String tsv = "INPUT:image\tOUTPUT:result\nhttp://a/1.png\tcat\n";
        assertDoesNotThrow(() -> SpecContract.verify(SpecContract.Api.TOLOKA_EXTRA, new ApiClient.Response("GET",
                path, 200, tsv, REQUEST_ID, "text/tab-separated-values; charset=utf-8")));
        AssertionError json = assertThrows(AssertionError.class, () -> SpecContract.verify(
                SpecContract.Api.TOLOKA_EXTRA, new ApiClient.Response("GET", path, 200, "{}", REQUEST_ID,
                        "application/json")));
        assertTrue(json.getMessage().contains("Content-Type application/json is not one getAssignmentsTsv lists"),
                json.getMessage());
    }
}
