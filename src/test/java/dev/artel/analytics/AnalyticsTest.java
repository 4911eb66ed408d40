package dev.artel.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Crowd;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * toloka-kit's get_analytics over HTTP: POST /api/staging/analytics-2 with the kit's requests, answered by an
 * ANALYTICS operation whose details the kit's pool metrics read.
 */
class AnalyticsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    /** Every pool metric toloka-kit 1.2.3 defines (analytics_request.PoolAnalyticsRequest.Subject). */
    private static final List<String> NAMES = List.of("real_tasks_count", "submitted_assignments_count",
            "skipped_assignments_count", "rejected_assignments_count", "approved_assignments_count",
            "completion_percentage", "avg_submit_assignment_millis", "spent_budget", "unique_workers_count",
            "unique_submitters_count", "active_workers_by_filter_count", "estimated_assignments_count");

    private static ArrayNode requests(String pool, List<String> names) {
        ArrayNode body = Json.mapper().createArrayNode();
        for (String name : names) {
            ObjectNode request = body.addObject().put("name", name).put("subject", "POOL").put("subject_id", pool);
            if (name.equals("active_workers_by_filter_count")) {
                request.put("interval_hours", 1);
            }
        }
        return body;
    }

    /** The results by metric name, after checking the operation's shape and that it reads the same afterwards. */
    private static Map<String, JsonNode> analytics(ApiClient api, String pool, List<String> names) {
        ArrayNode body = requests(pool, names);
        ApiClient.Response answer = api.tolokaExtra().post("/staging/analytics-2", body);
        assertEquals(202, answer.status(), answer.toString());
        JsonNode op = answer.json();
        assertEquals("ANALYTICS", op.path("type").asText());
        assertEquals("SUCCESS", op.path("status").asText(), op.toString());
        assertEquals(100, op.path("progress").asInt());
        assertEquals(body, op.path("parameters").path("value"));
        assertEquals(op, api.get("/operations/" + op.path("id").asText()).json());
        JsonNode items = op.path("details").path("value");
        assertEquals(names.size(), items.size(), op.toString());
        Map<String, JsonNode> results = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            assertEquals(body.get(i), item.path("request"));
            assertEquals(Fixtures.wireTime(server.clock().instant()), item.path("finished").asText());
            results.put(item.path("request").path("name").asText(), item.path("result"));
        }
        return results;
    }

    /** All twelve metrics, in two requests: one takes at most ten. */
    private static Map<String, JsonNode> everything(ApiClient api, String pool) {
        Map<String, JsonNode> results = new LinkedHashMap<>(analytics(api, pool, NAMES.subList(0, 6)));
        results.putAll(analytics(api, pool, NAMES.subList(6, NAMES.size())));
        assertEquals(NAMES, List.copyOf(results.keySet()));
        return results;
    }

    private static ObjectNode estimate(long value, boolean approximate) {
        return Json.object().put("type", "NORMAL").put("value", value).put("infinite", false)
                .put("approximate", approximate);
    }

    @Test
    void everyPoolMetricMidwayAndComplete() {
        // Workers active before this scenario (none here) would count in active_workers_by_filter_count.
        server.clock().advance(Duration.ofHours(2));
        ApiClient api = server.newAccount();
        String pool = Crowd.openPool(api, 4, 0, 2);
        Map<String, JsonNode> fresh = everything(api, pool);
        assertEquals(4, fresh.get("real_tasks_count").asLong());
        assertEquals(estimate(0, false).toString(), fresh.get("completion_percentage").toString());
        assertEquals(estimate(2, true).toString(), fresh.get("estimated_assignments_count").toString());
        assertEquals(0, fresh.get("unique_workers_count").asLong());
        assertEquals(0, fresh.get("avg_submit_assignment_millis").asLong());

        ApiClient first = server.newWorker();
        JsonNode accepted = Crowd.take(first, pool);
        server.clock().advance(Duration.ofSeconds(10));
        Crowd.submit(first, accepted, "dog");
        Crowd.accept(api, accepted);
        ApiClient second = server.newWorker();
        JsonNode skipped = Crowd.take(second, pool);
        second.post("/worker/assignments/" + skipped.path("id").asText() + "/skip");
        ApiClient third = server.newWorker();
        JsonNode rejected = Crowd.take(third, pool);
        server.clock().advance(Duration.ofSeconds(30));
        Crowd.submit(third, rejected, "cat");
        Crowd.reject(api, rejected, "wrong");

        Map<String, JsonNode> midway = everything(api, pool);
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("real_tasks_count", 4);
        expected.put("submitted_assignments_count", 2);
        expected.put("skipped_assignments_count", 1);
        expected.put("rejected_assignments_count", 1);
        expected.put("approved_assignments_count", 1);
        expected.put("completion_percentage", estimate(50, false));
        expected.put("avg_submit_assignment_millis", 20_000);
        expected.put("spent_budget", 0.01);
        expected.put("unique_workers_count", 3);
        expected.put("unique_submitters_count", 2);
        expected.put("estimated_assignments_count", estimate(2, true));
        expected.forEach((name, value) -> assertEquals(Json.write(value), midway.get(name).toString(), name));
        // Server-wide: on a database shared with other tests' servers, those of their workers the pool's filter
        // admits count too (activeWorkersAreThoseTheFilterAndRestrictionsAdmit counts exactly).
        long active = midway.get("active_workers_by_filter_count").asLong();
        assertTrue(active >= 3 && active <= activeInLastHour(), midway.toString());

        ApiClient fourth = server.newWorker();
        JsonNode last = Crowd.take(fourth, pool);
        Crowd.submit(fourth, last, "cat");
        Map<String, JsonNode> submitted = analytics(api, pool, List.of("completion_percentage",
                "submitted_assignments_count", "approved_assignments_count"));
        // A submitted answer counts for completion before it is reviewed.
        assertEquals(estimate(100, false).toString(), submitted.get("completion_percentage").toString());
        assertEquals(3, submitted.get("submitted_assignments_count").asLong());
        Crowd.accept(api, last);
        Map<String, JsonNode> complete = analytics(api, pool, List.of("approved_assignments_count", "spent_budget"));
        assertEquals(2, complete.get("approved_assignments_count").asLong());
        assertEquals(0.02, complete.get("spent_budget").asDouble(), 1e-9);

        // Activity ages out of the interval: this pool's workers no longer count.
        long before = activeInLastHour();
        server.clock().advance(Duration.ofHours(2));
        long after = activeInLastHour();
        assertTrue(after <= before - 4, "this pool's four workers left the window: " + before + " -> " + after);
        assertTrue(after >= analytics(api, pool, List.of("active_workers_by_filter_count"))
                .get("active_workers_by_filter_count").asLong());
    }

    @Test
    void activeWorkersAreThoseTheFilterAndRestrictionsAdmit() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Fixtures.skill()).field("id");
        String busy = Crowd.openPool(api, 8, 0, 1);
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        // A skill of this account: no other test's worker has a value of it, even on a shared database.
        form.set("filter", Json.parseObject("{\"category\": \"skill\", \"key\": \"" + skill
                + "\", \"operator\": \"GTE\", \"value\": 50}"));
        String asked = api.post("/pools", form).field("id");
        ApiClient skilled = worker(api, skill, 80);
        ApiClient unskilled = worker(api, skill, 10);
        ApiClient restricted = worker(api, skill, 90);
        worker(api, skill, 95);
        assertEquals(200, api.put("/user-restrictions", Fixtures.projectRestriction(project,
                restricted.get("/worker/me").field("id"))).status());
        assertEquals(0, active(api, asked), "nobody has worked yet");
        for (ApiClient worker : List.of(skilled, unskilled, restricted)) {
            Crowd.take(worker, busy);
        }
        assertEquals(1, active(api, asked), "the one who worked, has the skill and is not restricted");
        server.clock().advance(Duration.ofHours(2));
        assertEquals(0, active(api, asked), "out of the interval");
    }

    /** A new worker with the skill's value {@code value}. */
    private static ApiClient worker(ApiClient api, String skill, double value) {
        ApiClient worker = server.newWorker();
        assertEquals(200, api.put("/user-skills", Fixtures.userSkill(skill, worker.get("/worker/me").field("id"),
                value)).status());
        return worker;
    }

    private static long active(ApiClient api, String pool) {
        return analytics(api, pool, List.of("active_workers_by_filter_count")).get("active_workers_by_filter_count")
                .asLong();
    }

    /**
     * Workers who took an assignment in the hour before the server's clock, anywhere on its database: on PostgreSQL
     * the database is shared with other tests' servers, whose clocks differ, so their workers may count too.
     */
    private static long activeInLastHour() {
        return server.artel().database().inTransaction(h -> h.queryLong(
                "SELECT COUNT(DISTINCT worker_id) FROM assignments WHERE created >= ?",
                server.clock().millis() - Duration.ofHours(1).toMillis()));
    }

    @Test
    void infiniteOverlapHasNoPercentage() {
        ApiClient api = server.newAccount();
        String pool = api.post("/pools", Fixtures.pool(Fixtures.createProject(api))).field("id");
        ObjectNode task = Json.object().put("pool_id", pool).put("infinite_overlap", true);
        task.putObject("input_values").put("image", "http://127.0.0.1/x.png");
        assertEquals(201, api.post("/tasks", task).status());
        Map<String, JsonNode> results = analytics(api, pool, List.of("completion_percentage",
                "estimated_assignments_count"));
        for (JsonNode result : results.values()) {
            assertTrue(result.path("infinite").asBoolean(), result.toString());
            assertTrue(result.path("value").isNull(), result.toString());
        }
    }

    @Test
    void refusesWhatTolokaRefuses() {
        ApiClient api = server.newAccount();
        String pool = Crowd.openPool(api, 2, 0, 2);
        ApiClient extra = api.tolokaExtra();
        int operations = Fixtures.operationCount(api);

        ArrayNode eleven = Json.mapper().createArrayNode();
        for (int i = 0; i < 11; i++) {
            eleven.add(requests(pool, List.of("real_tasks_count")).get(0));
        }
        assertRefused(extra.post("/staging/analytics-2", eleven), "body", "ARRAY_SIZE_GREATER_THAN_MAX");
        assertRefused(extra.post("/staging/analytics-2", Json.mapper().createArrayNode()), "body",
                "ARRAY_SIZE_LESS_THAN_MIN");
        assertRefused(extra.post("/staging/analytics-2", requests(pool, List.of("real_tasks_count")).get(0)), "body",
                "ARRAY_EXPECTED");
        ArrayNode project = requests(pool, List.of("real_tasks_count"));
        ((ObjectNode) project.get(0)).put("subject", "PROJECT");
        assertRefused(extra.post("/staging/analytics-2", project), "0.subject", "UNKNOWN_ENUM_VALUE");
        assertRefused(extra.post("/staging/analytics-2", requests(pool, List.of("real_tasks_count", "tasks_count"))),
                "1.name", "UNKNOWN_ENUM_VALUE");
        ArrayNode noInterval = requests(pool, List.of("active_workers_by_filter_count"));
        ((ObjectNode) noInterval.get(0)).remove("interval_hours");
        assertRefused(extra.post("/staging/analytics-2", noInterval), "0.interval_hours", "VALUE_REQUIRED");
        ArrayNode noId = requests(pool, List.of("real_tasks_count"));
        ((ObjectNode) noId.get(0)).remove("subject_id");
        assertRefused(extra.post("/staging/analytics-2", noId), "0.subject_id", "VALUE_REQUIRED");

        ApiClient.Response otherAccount = server.newAccount().tolokaExtra().post("/staging/analytics-2",
                requests(pool, List.of("real_tasks_count")));
        assertEquals(404, otherAccount.status(), otherAccount.toString());
        assertEquals("DOES_NOT_EXIST", otherAccount.code());
        // One unknown pool among known ones refuses the whole request.
        ArrayNode mixed = requests(pool, List.of("real_tasks_count"));
        mixed.addAll(requests("no-such-pool", List.of("real_tasks_count")));
        assertEquals(404, extra.post("/staging/analytics-2", mixed).status());
        assertEquals(operations, Fixtures.operationCount(api), "a refused request left an operation");
    }

    private static void assertRefused(ApiClient.Response response, String field, String fieldCode) {
        assertEquals(400, response.status(), response.toString());
        assertEquals("VALIDATION_ERROR", response.code());
        assertEquals(fieldCode, response.json().path("payload").path(field).path("code").asText(),
                response.toString());
    }
}
