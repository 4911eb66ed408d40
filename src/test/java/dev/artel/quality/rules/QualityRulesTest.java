package dev.artel.quality.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Quality-control rules at work over HTTP: scripted workers take and answer suites through the worker API, and
 * the pool's rules restrict them, set their skills and review their assignments; the dry run reports the same
 * without writing anything.
 */
class QualityRulesTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static final String GOLDEN = "golden";

    /**
     * A pool of {@code real} loose general tasks (overlap 5) and 10 control tasks answered "cat" (or, half right,
     * "dog"), one of each a suite, with the given quality control; opened.
     */
    private static String openPool(ApiClient api, JsonNode qualityControl, boolean autoAccept) {
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.put("auto_accept_solutions", autoAccept);
        form.set("quality_control", qualityControl);
        form.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 1)
                .put("training_tasks_count", 0);
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        String pool = created.field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 20; i++) {
            ObjectNode task = batch.addObject();
            task.put("pool_id", pool).put("overlap", 5);
            task.putObject("input_values").put("image", "http://127.0.0.1/real" + i + ".png");
        }
        for (int i = 0; i < 10; i++) {
            ObjectNode task = batch.addObject();
            task.put("pool_id", pool).put("infinite_overlap", true);
            task.putObject("input_values").put("image", "http://127.0.0.1/" + GOLDEN + i + ".png");
            ArrayNode known = task.putArray("known_solutions");
            known.addObject().put("correctness_weight", 1).putObject("output_values").put("result", "cat");
            known.addObject().put("correctness_weight", 0.5).putObject("output_values").put("result", "dog");
        }
        ApiClient.Response uploaded = api.post("/tasks", batch);
        assertEquals(201, uploaded.status(), uploaded.toString());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return pool;
    }

    private static ObjectNode qualityControl(String json) {
        return Json.parseObject("{\"configs\": [" + json + "]}");
    }

    private static String rule(String conditions, String action) {
        return "{\"conditions\": [" + conditions + "], \"action\": " + action + "}";
    }

    private static final String BAN_FROM_POOL = "{\"type\": \"RESTRICTION_V2\", \"parameters\": {\"scope\": \"POOL\","
            + " \"duration_unit\": \"PERMANENT\", \"private_comment\": \"quality\"}}";

    /** Takes a suite and answers it: the control task {@code golden}, the general task "cat". */
    private static ApiClient.Response doSuite(ApiClient worker, String pool, String golden) {
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        if (taken.status() >= 300) {
            return taken;
        }
        JsonNode assignment = taken.json();
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        for (JsonNode task : assignment.path("tasks")) {
            boolean control = task.path("input_values").path("image").asText().contains(GOLDEN);
            solutions.addObject().putObject("output_values").put("result", control ? golden : "cat");
        }
        server.clock().advance(Duration.ofSeconds(30));
        ApiClient.Response submitted = worker.post("/worker/assignments/" + assignment.path("id").asText()
                + "/submit", body);
        assertEquals(200, submitted.status(), submitted.toString());
        return submitted;
    }

    private static String idOf(ApiClient worker) {
        return worker.get("/worker/me").field("id");
    }

    private static Set<String> restricted(ApiClient api, String pool) {
        Set<String> out = new TreeSet<>();
        api.get("/user-restrictions?limit=100" + (pool == null ? "" : "&pool_id=" + pool)).json().path("items")
                .forEach(r -> out.add(r.path("user_id").asText()));
        return out;
    }

    private static Set<String> users(JsonNode entries) {
        Set<String> out = new TreeSet<>();
        entries.forEach(e -> out.add(e.path("user_id").asText()));
        return out;
    }

    private static final String GOLDEN_RULES = "{\"collector_config\": {\"type\": \"GOLDEN_SET\","
            + " \"parameters\": {\"history_size\": 10}}, \"rules\": ["
            + rule("{\"key\": \"golden_set_answers_count\", \"operator\": \"GTE\", \"value\": 3},"
                    + "{\"key\": \"golden_set_correct_answers_rate\", \"operator\": \"LT\", \"value\": 70}",
                    BAN_FROM_POOL) + ","
            + rule("{\"key\": \"golden_set_answers_count\", \"operator\": \"GTE\", \"value\": 1}",
                    "{\"type\": \"SET_SKILL_FROM_OUTPUT_FIELD\", \"parameters\": {\"skill_id\": \"SKILL_ID\","
                    + " \"from_field\": \"correct_answers_rate\"}}") + "]}";

    /** Each worker's control answers, three suites each; the rates are 100, 83 (a half-right dog), 67 and 33. */
    private static final Map<String, List<String>> ANSWERS = Map.of(
            "good", List.of("cat", "cat", "cat"),
            "partly", List.of("cat", "dog", "cat"),
            "mediocre", List.of("cat", "cat", "horse-like-dog"),
            "bad", List.of("dog", "dog", "dog"));

    private static Map<String, ApiClient> crowdDoes(String pool) {
        Map<String, ApiClient> workers = new HashMap<>();
        for (String name : new TreeSet<>(ANSWERS.keySet())) {
            workers.put(name, server.newWorker());
        }
        for (int round = 0; round < 3; round++) {
            for (String name : new TreeSet<>(ANSWERS.keySet())) {
                String answer = ANSWERS.get(name).get(round);
                doSuite(workers.get(name), pool, answer.equals("horse-like-dog") ? "dog" : answer);
            }
        }
        return workers;
    }

    @Test
    void aGoldenSetRuleRestrictsExactlyTheWorkersUnderSeventyPercentAndSetsEveryonesSkill() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Json.object().put("name", "accuracy")).field("id");
        String pool = openPool(api, qualityControl(GOLDEN_RULES.replace("SKILL_ID", skill)), true);
        Map<String, ApiClient> workers = crowdDoes(pool);
        // good 100 %, partly (1 + 0.5 + 1) / 3 = 83 %, mediocre and bad (1 + 1 + 0.5) / 3 = 83 % and 50 %.
        String bad = idOf(workers.get("bad"));
        assertEquals(Set.of(bad), restricted(api, pool));
        assertEquals(403, workers.get("bad").post("/worker/pools/" + pool + "/assignments").status());
        assertEquals(201, workers.get("good").post("/worker/pools/" + pool + "/assignments").status());

        Map<String, Double> expected = Map.of("good", 100.0, "partly", 250.0 / 3, "mediocre", 250.0 / 3,
                "bad", 50.0);
        for (Map.Entry<String, Double> e : expected.entrySet()) {
            JsonNode values = api.get("/user-skills?skill_id=" + skill + "&user_id=" + idOf(workers.get(e.getKey())))
                    .json().path("items");
            assertEquals(1, values.size(), e.getKey() + ": " + values);
            assertEquals(e.getValue(), values.get(0).path("exact_value").asDouble(), 1e-6, e.getKey());
        }

        // The dry run of the same rules over the same pool reports what the real run did, and writes nothing.
        int restrictionsBefore = api.get("/user-restrictions?limit=100").json().path("items").size();
        ApiClient.Response report = api.artelApi().post("/pools/" + pool + "/quality-control/dry-run",
                qualityControl(GOLDEN_RULES.replace("SKILL_ID", skill)));
        assertEquals(200, report.status(), report.toString());
        assertEquals(Set.of(bad), users(report.json().path("restrictions")), report.toString());
        assertEquals("POOL", report.json().path("restrictions").get(0).path("scope").asText());
        assertEquals(4, report.json().path("skills").size());
        assertEquals(restrictionsBefore, api.get("/user-restrictions?limit=100").json().path("items").size());
    }

    @Test
    void theDryRunOfACandidateReportsWhatItWouldDoAndChangesNothing() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, qualityControl(""), false);
        Map<String, ApiClient> workers = crowdDoes(pool);
        String candidate = "{\"collector_config\": {\"type\": \"GOLDEN_SET\", \"parameters\": {\"history_size\": 3}},"
                + " \"rules\": [" + rule("{\"key\": \"golden_set_answers_count\", \"operator\": \"GTE\", \"value\": 3},"
                + "{\"key\": \"golden_set_correct_answers_rate\", \"operator\": \"LT\", \"value\": 90}",
                "{\"type\": \"REJECT_ALL_ASSIGNMENTS\", \"parameters\": {\"public_comment\": \"controls\"}}") + ","
                + rule("{\"key\": \"golden_set_correct_answers_rate\", \"operator\": \"LT\", \"value\": 90}",
                BAN_FROM_POOL) + "]}";
        ApiClient.Response report = api.artelApi().post("/pools/" + pool + "/quality-control/dry-run",
                qualityControl(candidate));
        assertEquals(200, report.status(), report.toString());
        Set<String> below = new TreeSet<>(Set.of(idOf(workers.get("partly")), idOf(workers.get("mediocre")),
                idOf(workers.get("bad"))));
        assertEquals(below, users(report.json().path("restrictions")), report.toString());
        // Three suites each of the three below 90 % were waiting for review: all rejected, by the rule of configs[0].
        JsonNode reviews = report.json().path("reviews");
        assertEquals(9, reviews.size(), reviews.toString());
        reviews.forEach(r -> assertEquals("REJECTED", r.path("status").asText()));
        assertEquals(below, users(reviews));
        assertEquals(12, report.json().path("events_replayed").asInt());

        assertEquals(Set.of(), restricted(api, pool));
        assertEquals(12, api.get("/assignments?pool_id=" + pool + "&status=SUBMITTED&limit=100").json()
                .path("items").size());
        assertEquals(404, api.artelApi().post("/pools/999999999/quality-control/dry-run", qualityControl(candidate))
                .status());
        assertEquals(404, server.newAccount().artelApi().post("/pools/" + pool + "/quality-control/dry-run",
                qualityControl(candidate)).status());
    }

    private static final String BAN_FROM_PROJECT = "{\"type\": \"RESTRICTION_V2\", \"parameters\": {\"scope\":"
            + " \"PROJECT\", \"duration_unit\": \"DAYS\", \"duration\": 1, \"private_comment\": \"behaviour\"}}";

    @Test
    void skippingThreeInARowBansAndASubmitBreaksTheRow() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, qualityControl("{\"collector_config\": {\"type\": \"SKIPPED_IN_ROW_ASSIGNMENTS\"},"
                + " \"rules\": [" + rule("{\"key\": \"skipped_in_row_count\", \"operator\": \"GTE\", \"value\": 3}",
                BAN_FROM_PROJECT) + "]}"), true);
        ApiClient skipper = server.newWorker();
        ApiClient mixed = server.newWorker();
        for (int i = 0; i < 3; i++) {
            skip(skipper, pool);
        }
        skip(mixed, pool);
        skip(mixed, pool);
        doSuite(mixed, pool, "cat");
        skip(mixed, pool);
        skip(mixed, pool);
        assertEquals(Set.of(idOf(skipper)), restricted(api, null));
        JsonNode ban = api.get("/user-restrictions?user_id=" + idOf(skipper)).json().path("items").get(0);
        assertEquals("PROJECT", ban.path("scope").asText(), ban.toString());
        assertEquals(403, skipper.post("/worker/pools/" + pool + "/assignments").status());
        // The ban is for a day: the day after, the worker gets work again.
        server.clock().advance(Duration.ofDays(1));
        assertEquals(201, skipper.post("/worker/pools/" + pool + "/assignments").status());
    }

    private static void skip(ApiClient worker, String pool) {
        String id = worker.post("/worker/pools/" + pool + "/assignments").field("id");
        server.clock().advance(Duration.ofSeconds(5));
        assertEquals(200, worker.post("/worker/assignments/" + id + "/skip").status());
    }

    @Test
    void submittingFastTwiceInTheLastFourBansAndSlowWorkersAreLeftAlone() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, qualityControl("{\"collector_config\": {\"type\": \"ASSIGNMENT_SUBMIT_TIME\","
                + " \"parameters\": {\"history_size\": 4, \"fast_submit_threshold_seconds\": 40}}, \"rules\": ["
                + rule("{\"key\": \"total_submitted_count\", \"operator\": \"GTE\", \"value\": 3},"
                        + "{\"key\": \"fast_submitted_count\", \"operator\": \"GTE\", \"value\": 2}",
                        BAN_FROM_PROJECT) + "]}"), true);
        ApiClient fast = server.newWorker();
        ApiClient slow = server.newWorker();
        // doSuite takes 30 seconds a suite, under the threshold of 40; the slow worker thinks 20 more first.
        for (int i = 0; i < 3; i++) {
            doSuite(fast, pool, "cat");
            String id = slow.post("/worker/pools/" + pool + "/assignments").field("id");
            server.clock().advance(Duration.ofSeconds(50));
            JsonNode assignment = slow.get("/worker/assignments/" + id).json();
            ObjectNode body = Json.object();
            ArrayNode solutions = body.putArray("solutions");
            assignment.path("tasks").forEach(t -> solutions.addObject().putObject("output_values").put("result", "cat"));
            assertEquals(200, slow.post("/worker/assignments/" + id + "/submit", body).status());
        }
        assertEquals(Set.of(idOf(fast)), restricted(api, null));
    }

    @Test
    void anAcceptanceRateRuleRejectsTheRestOfAWorkersAssignmentsAfterTwoRejections() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, qualityControl("{\"collector_config\": {\"type\": \"ACCEPTANCE_RATE\","
                + " \"parameters\": {\"history_size\": 10}}, \"rules\": ["
                + rule("{\"key\": \"rejected_assignments_count\", \"operator\": \"GTE\", \"value\": 2},"
                        + "{\"key\": \"rejected_assignments_rate\", \"operator\": \"GT\", \"value\": 30}",
                        "{\"type\": \"REJECT_ALL_ASSIGNMENTS\", \"parameters\": {\"public_comment\": \"too many\"}}")
                + "]}"), false);
        ApiClient worker = server.newWorker();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(doSuite(worker, pool, "cat").json().path("id").asText());
        }
        ObjectNode reject = Json.object().put("status", "REJECTED").put("public_comment", "wrong");
        assertEquals(200, api.patch("/assignments/" + ids.get(0), reject).status());
        assertEquals(5 - 1, api.get("/assignments?pool_id=" + pool + "&status=SUBMITTED").json().path("items").size());
        assertEquals(200, api.patch("/assignments/" + ids.get(1), reject).status());
        JsonNode rejected = api.get("/assignments?pool_id=" + pool + "&status=REJECTED").json().path("items");
        assertEquals(5, rejected.size(), rejected.toString());
        assertEquals("too many", api.get("/assignments/" + ids.get(4)).json().path("public_comment").asText());
    }
}
