package dev.artel.quality.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
        String pool = createMixedPool(api, qualityControl, autoAccept);
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

    /** A closed pool whose suites are one general and one control task, with the given quality control. */
    private static String createMixedPool(ApiClient api, JsonNode qualityControl, boolean autoAccept) {
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        form.put("auto_accept_solutions", autoAccept);
        form.set("quality_control", qualityControl);
        form.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 1)
                .put("training_tasks_count", 0);
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        return created.field("id");
    }

    private static ObjectNode qualityControl(String json) {
        return Json.parseObject("{\"configs\": [" + json + "]}");
    }

    private static String rule(String conditions, String action) {
        return "{\"conditions\": [" + conditions + "], \"action\": " + action + "}";
    }

    private static final String BAN_FROM_POOL = "{\"type\": \"RESTRICTION_V2\", \"parameters\": {\"scope\": \"POOL\","
            + " \"duration_unit\": \"PERMANENT\", \"private_comment\": \"quality\"}}";

    /**
     * A pool of {@code real} loose general tasks of the overlap and no control task, one task a suite, with the
     * quality control and what {@code form} changes; opened.
     */
    private static String openPlainPool(ApiClient api, JsonNode qualityControl, int real, int overlap,
                                        Consumer<ObjectNode> form) {
        String project = Fixtures.createProject(api);
        ObjectNode pool = Fixtures.pool(project);
        pool.set("quality_control", qualityControl);
        pool.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        form.accept(pool);
        ApiClient.Response created = api.post("/pools", pool);
        assertEquals(201, created.status(), created.toString());
        String id = created.field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < real; i++) {
            batch.addObject().put("pool_id", id).put("overlap", overlap).putObject("input_values")
                    .put("image", "http://127.0.0.1/plain" + i + ".png");
        }
        ApiClient.Response uploaded = api.post("/tasks", batch);
        assertEquals(201, uploaded.status(), uploaded.toString());
        assertEquals(202, api.post("/pools/" + id + "/open").status());
        return id;
    }

    /** Takes a suite and answers it: the control task {@code golden}, the general task "cat". */
    private static ApiClient.Response doSuite(ApiClient worker, String pool, String golden) {
        return doSuite(worker, pool, golden, "cat");
    }

    /** Takes a suite and answers it: the control task {@code golden}, the general task {@code general}. */
    private static ApiClient.Response doSuite(ApiClient worker, String pool, String golden, String general) {
        return doSuite(worker, pool, golden, Json.object().put("result", general));
    }

    /**
     * Takes a suite, which must be there for the worker, and answers it: the control task {@code golden}, the
     * general task with {@code general}.
     */
    private static ApiClient.Response doSuite(ApiClient worker, String pool, String golden, ObjectNode general) {
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        JsonNode assignment = taken.json();
        ObjectNode body = Json.object();
        ArrayNode solutions = body.putArray("solutions");
        for (JsonNode task : assignment.path("tasks")) {
            boolean control = task.path("input_values").path("image").asText().contains(GOLDEN);
            solutions.addObject().set("output_values", control ? Json.object().put("result", golden) : general);
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
        List<String> ids = new ArrayList<>();
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

    private static String config(String type, String parameters, String... rules) {
        return "{\"collector_config\": {\"type\": \"" + type + "\", \"parameters\": {" + parameters + "}},"
                + " \"rules\": [" + String.join(",", rules) + "]}";
    }

    private static String condition(String key, String operator, Object value) {
        return "{\"key\": \"" + key + "\", \"operator\": \"" + operator + "\", \"value\": "
                + Json.write(Json.mapper().valueToTree(value)) + "}";
    }

    private static double skillOf(ApiClient api, String skill, ApiClient worker) {
        JsonNode values = api.get("/user-skills?skill_id=" + skill + "&user_id=" + idOf(worker)).json().path("items");
        return values.isEmpty() ? Double.NaN : values.get(0).path("exact_value").asDouble();
    }

    private static int take(ApiClient worker, String pool) {
        return worker.post("/worker/pools/" + pool + "/assignments").status();
    }

    private static String statusOf(ApiClient api, String assignment) {
        return api.get("/assignments/" + assignment).field("status");
    }

    @Test
    void anAnswerCountRuleSetsASkillAtTwoSuitesAndRestrictsForADayAtThree() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Json.object().put("name", "seniority")).field("id");
        String pool = openPool(api, qualityControl(config("ANSWER_COUNT", "",
                rule(condition("assignments_accepted_count", "GTE", 2), "{\"type\": \"SET_SKILL\", \"parameters\":"
                        + " {\"skill_id\": \"" + skill + "\", \"skill_value\": 70}}"),
                rule(condition("assignments_accepted_count", "GTE", 3), "{\"type\": \"RESTRICTION\", \"parameters\":"
                        + " {\"scope\": \"POOL\", \"duration_days\": 1, \"private_comment\": \"enough\"}}"))),
                true);
        ApiClient busy = server.newWorker();
        ApiClient once = server.newWorker();
        doSuite(once, pool, "cat");
        doSuite(busy, pool, "cat");
        assertTrue(Double.isNaN(skillOf(api, skill, busy)), "one suite is under the threshold of two");
        doSuite(busy, pool, "cat");
        assertEquals(70, skillOf(api, skill, busy), 1e-9);
        assertEquals(Set.of(), restricted(api, pool));
        doSuite(busy, pool, "cat");
        assertEquals(Set.of(idOf(busy)), restricted(api, pool));
        JsonNode ban = api.get("/user-restrictions?pool_id=" + pool).json().path("items").get(0);
        assertEquals("POOL", ban.path("scope").asText(), ban.toString());
        assertEquals("enough", ban.path("private_comment").asText(), ban.toString());
        assertTrue(ban.has("will_expire"), "duration_days bans for a day: " + ban);
        assertEquals(403, take(busy, pool));
        assertTrue(Double.isNaN(skillOf(api, skill, once)));
        assertEquals(201, take(once, pool));
        server.clock().advance(Duration.ofDays(1).plusMinutes(1));
        // After a temporary ban the collector counts the suites that follow it, as Toloka's guide says.
        doSuite(busy, pool, "cat");
        doSuite(busy, pool, "cat");
        assertEquals(Set.of(), restricted(api, pool));
        doSuite(busy, pool, "cat");
        assertEquals(Set.of(idOf(busy)), restricted(api, pool));
    }

    @Test
    void anIncomeRuleBansAWorkerWhoEarnedTheLimitWithinADayAndNotOneWhoseEarningsAreSpreadOut() {
        ApiClient api = server.newAccount();
        String pool = openPlainPool(api, qualityControl(config("INCOME", "",
                rule(condition("income_sum_for_last_24_hours", "GTE", 0.09), BAN_FROM_POOL))), 20, 3,
                form -> form.put("reward_per_assignment", 0.05));
        ApiClient eager = server.newWorker();
        ApiClient steady = server.newWorker();
        doSuite(eager, pool, "cat");
        doSuite(steady, pool, "cat");
        assertEquals(Set.of(), restricted(api, pool), "0.05 is under the limit");
        doSuite(eager, pool, "cat");
        assertEquals(Set.of(idOf(eager)), restricted(api, pool));
        server.clock().advance(Duration.ofHours(25));
        doSuite(steady, pool, "cat");
        assertEquals(Set.of(idOf(eager)), restricted(api, pool), "the first 0.05 is more than a day old");
    }

    @Test
    void aMajorityVoteRuleJudgesEveryAnswerOfATaskOnceItsMajorityFormsAndBansTheMinority() {
        ApiClient api = server.newAccount();
        // An optional output field is no part of the vote: only required fields are compared.
        ObjectNode projectForm = Fixtures.project();
        ((ObjectNode) projectForm.path("task_spec").path("output_spec")).putObject("note").put("type", "string")
                .put("required", false);
        ApiClient.Response project = api.post("/projects", projectForm);
        assertEquals(201, project.status(), project.toString());
        String skill = api.post("/skills", Json.object().put("name", "agreement")).field("id");
        ObjectNode majority = qualityControl(config("MAJORITY_VOTE", "\"answer_threshold\": 2, \"history_size\": 10",
                rule(condition("total_answers_count", "GTE", 1), "{\"type\": \"SET_SKILL_FROM_OUTPUT_FIELD\","
                        + " \"parameters\": {\"skill_id\": \"" + skill + "\","
                        + " \"from_field\": \"correct_answers_rate\"}}"),
                rule(condition("total_answers_count", "GTE", 1) + "," + condition("incorrect_answers_rate", "GT", 50),
                        BAN_FROM_POOL)));
        String pool = openPlainPool(api, majority, 1, 3, form -> form.put("project_id", project.field("id")));
        ApiClient first = server.newWorker();
        ApiClient second = server.newWorker();
        ApiClient odd = server.newWorker();
        doSuite(first, pool, "cat", Json.object().put("result", "cat").put("note", "tabby"));
        assertTrue(Double.isNaN(skillOf(api, skill, first)), "one answer is no majority of two");
        doSuite(odd, pool, "cat", "dog");
        assertTrue(Double.isNaN(skillOf(api, skill, first)), "one cat and one dog are a tie");
        assertEquals(Set.of(), restricted(api, pool));
        doSuite(second, pool, "cat", "cat");
        // The second cat makes the majority: all three answers are judged at that submit.
        assertEquals(100, skillOf(api, skill, first), 1e-9);
        assertEquals(100, skillOf(api, skill, second), 1e-9);
        assertEquals(0, skillOf(api, skill, odd), 1e-9);
        assertEquals(Set.of(idOf(odd)), restricted(api, pool));
        ApiClient.Response report = api.artelApi().post("/pools/" + pool + "/quality-control/dry-run", majority);
        assertEquals(Set.of(idOf(odd)), users(report.json().path("restrictions")), report.toString());
        assertEquals(Set.of(idOf(first), idOf(second), idOf(odd)), users(report.json().path("skills")));
    }

    /**
     * Rules read a worker's past newest first, a page at a time, only as far as a window reaches: over forty suites,
     * windows of 25 and 30 answers end inside the worker's older answers and windows without a size take all of
     * them. The careless worker answers the first twenty suites wrongly (control and general task alike) and the
     * last twenty right, so each window's rate tells exactly which answers it held.
     */
    @Test
    void windowsOfLongHistoriesHoldExactlyTheLatestAnswers() {
        ApiClient api = server.newAccount();
        Map<String, String> skills = new HashMap<>();
        for (String name : List.of("golden25", "goldenAll", "vote30", "voteAll")) {
            skills.put(name, api.post("/skills", Json.object().put("name", name)).field("id"));
        }
        java.util.function.Function<String, String> rateTo = skill -> rule(condition("total_answers_count", "GTE",
                1), "{\"type\": \"SET_SKILL_FROM_OUTPUT_FIELD\", \"parameters\": {\"skill_id\": \"" + skill + "\","
                + " \"from_field\": \"correct_answers_rate\"}}");
        ObjectNode rules = qualityControl(String.join(",",
                config("GOLDEN_SET", "\"history_size\": 25", rateTo.apply(skills.get("golden25"))),
                config("GOLDEN_SET", "", rateTo.apply(skills.get("goldenAll"))),
                config("MAJORITY_VOTE", "\"answer_threshold\": 2, \"history_size\": 30",
                        rateTo.apply(skills.get("vote30"))),
                config("MAJORITY_VOTE", "\"answer_threshold\": 2", rateTo.apply(skills.get("voteAll")))));
        String pool = createMixedPool(api, rules, true);
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 40; i++) {
            batch.addObject().put("pool_id", pool).put("overlap", 3).putObject("input_values")
                    .put("image", "http://127.0.0.1/long" + i + ".png");
            ObjectNode control = batch.addObject().put("pool_id", pool).put("infinite_overlap", true);
            control.putObject("input_values").put("image", "http://127.0.0.1/" + GOLDEN + "-long" + i + ".png");
            control.putArray("known_solutions").addObject().put("correctness_weight", 1).putObject("output_values")
                    .put("result", "cat");
        }
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        ApiClient careful = server.newWorker();
        ApiClient alsoCareful = server.newWorker();
        ApiClient careless = server.newWorker();
        for (int round = 0; round < 40; round++) {
            doSuite(careful, pool, "cat", "cat");
            doSuite(alsoCareful, pool, "cat", "cat");
            String answer = round < 20 ? "dog" : "cat";
            doSuite(careless, pool, answer, answer);
        }
        // The careless worker's last submit is the last event: every task then has its majority of cats.
        assertEquals(100.0 * 20 / 25, skillOf(api, skills.get("golden25"), careless), 1e-9);
        assertEquals(50, skillOf(api, skills.get("goldenAll"), careless), 1e-9);
        assertEquals(100.0 * 20 / 30, skillOf(api, skills.get("vote30"), careless), 1e-9);
        assertEquals(50, skillOf(api, skills.get("voteAll"), careless), 1e-9);
        assertEquals(100, skillOf(api, skills.get("voteAll"), careful), 1e-9);

        // The dry run replays the same past and comes to the same values.
        JsonNode report = api.artelApi().post("/pools/" + pool + "/quality-control/dry-run", rules).json();
        Map<String, Double> last = new HashMap<>();
        report.path("skills").forEach(s -> {
            if (s.path("user_id").asText().equals(idOf(careless))) {
                last.put(s.path("skill_id").asText(), s.path("value").asDouble());
            }
        });
        assertEquals(Map.of(skills.get("golden25"), 80.0, skills.get("goldenAll"), 50.0,
                skills.get("vote30"), 100.0 * 20 / 30, skills.get("voteAll"), 50.0), last, report.toString());
    }

    /**
     * Eight workers answer the same tasks at once, and each submit sets the skill of every worker who answered
     * the task: each event locks several workers. All of it must go through, not fail as deadlocked.
     */
    @Test
    void concurrentSubmitsToAMajorityVotedPoolAllGoThroughAndAgree() throws Exception {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Json.object().put("name", "together")).field("id");
        String pool = openPlainPool(api, qualityControl(config("MAJORITY_VOTE", "\"answer_threshold\": 2",
                rule(condition("total_answers_count", "GTE", 1), "{\"type\": \"SET_SKILL_FROM_OUTPUT_FIELD\","
                        + " \"parameters\": {\"skill_id\": \"" + skill + "\","
                        + " \"from_field\": \"correct_answers_rate\"}}"))), 15, 8, form -> form.remove("filter"));
        List<ApiClient> workers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            workers.add(server.newWorker());
        }
        ExecutorService threads = Executors.newFixedThreadPool(workers.size());
        try {
            List<Future<Integer>> done = new ArrayList<>();
            for (ApiClient worker : workers) {
                done.add(threads.submit(() -> {
                    int suites = 0;
                    for (ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
                         taken.status() != 409; taken = worker.post("/worker/pools/" + pool + "/assignments")) {
                        assertEquals(201, taken.status(), taken.toString());
                        ObjectNode body = Json.object();
                        taken.json().path("tasks").forEach(t -> body.withArray("solutions").addObject()
                                .putObject("output_values").put("result", "cat"));
                        ApiClient.Response submitted = worker.post("/worker/assignments/" + taken.field("id")
                                + "/submit", body);
                        assertEquals(200, submitted.status(), submitted.toString());
                        suites++;
                    }
                    return suites;
                }));
            }
            for (Future<Integer> suites : done) {
                assertEquals(15, suites.get(2, TimeUnit.MINUTES));
            }
        } finally {
            threads.shutdownNow();
        }
        for (ApiClient worker : workers) {
            assertEquals(100, skillOf(api, skill, worker), 1e-9);
        }
    }

    private static final String MORE_OVERLAP = "{\"type\": \"CHANGE_OVERLAP\", \"parameters\": {\"delta\": 2,"
            + " \"open_pool\": true}}";

    @Test
    void aRejectionAssessedByARuleGoesToExactlyAsManyMoreWorkersAsTheDeltaAndAnAcceptanceToNone() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Json.object().put("name", "second chance")).field("id");
        String pool = openPlainPool(api, qualityControl(config("ASSIGNMENTS_ASSESSMENT", "",
                rule(condition("assessment_event", "EQ", "REJECT") + ","
                        + condition("rejected_assignments_count", "GTE", 1), MORE_OVERLAP),
                rule(condition("assessment_event", "EQ", "ACCEPT_AFTER_REJECT"), "{\"type\": \"SET_SKILL\","
                        + " \"parameters\": {\"skill_id\": \"" + skill + "\", \"skill_value\": 42}}"))), 2, 1,
                form -> form.put("auto_accept_solutions", false));
        List<ApiClient> workers = List.of(server.newWorker(), server.newWorker());
        List<String> done = new ArrayList<>();
        for (ApiClient worker : workers) {
            done.add(doSuite(worker, pool, "cat").json().path("id").asText());
        }
        server.artel().scheduler().runDue();
        assertEquals("COMPLETED", api.get("/pools/" + pool).field("last_close_reason"));
        // An acceptance is no rejection, nor an acceptance after one: nothing reopens, no skill is set.
        assertEquals(200, api.patch("/assignments/" + done.get(0), Json.object().put("status", "ACCEPTED")).status());
        assertEquals("CLOSED", api.get("/pools/" + pool).field("status"));
        assertTrue(Double.isNaN(skillOf(api, skill, workers.get(0))));

        assertEquals(200, api.patch("/assignments/" + done.get(1), Json.object().put("status", "REJECTED")
                .put("public_comment", "wrong")).status());
        // The rejected task gets two more answers, as with Toloka's overlap 1 + 2 and the rejection still counted.
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
        for (int i = 0; i < 2; i++) {
            doSuite(server.newWorker(), pool, "cat");
        }
        assertEquals(409, take(server.newWorker(), pool), "the delta places are all taken");

        assertTrue(Double.isNaN(skillOf(api, skill, workers.get(1))));
        assertEquals(200, api.patch("/assignments/" + done.get(1), Json.object().put("status", "ACCEPTED")).status());
        assertEquals(42, skillOf(api, skill, workers.get(1)), 1e-9);
    }

    @Test
    void aPoolIsCompletedByARuleWithWorkLeftAtTheSecondSuiteOfAWorker() {
        ApiClient api = server.newAccount();
        String pool = openPlainPool(api, qualityControl(config("ANSWER_COUNT", "",
                rule(condition("assignments_accepted_count", "GTE", 2), "{\"type\": \"SET_POOL_COMPLETE\","
                        + " \"parameters\": {}}"))), 10, 1, form -> { });
        ApiClient worker = server.newWorker();
        doSuite(worker, pool, "cat");
        doSuite(server.newWorker(), pool, "cat");
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"), "one suite each");
        doSuite(worker, pool, "cat");
        JsonNode closed = api.get("/pools/" + pool).json();
        assertEquals("CLOSED", closed.path("status").asText(), closed.toString());
        assertEquals("COMPLETED", closed.path("last_close_reason").asText(), closed.toString());
        assertEquals(409, take(server.newWorker(), pool), "seven tasks left, and the pool closed");
    }

    private static final String REPLACE_ANSWERS = "{\"collector_config\": {\"type\": \"USERS_ASSESSMENT\"},"
            + " \"rules\": ["
            + rule(condition("pool_access_revoked_reason", "EQ", "RESTRICTION"), "{\"type\": \"CHANGE_OVERLAP\","
            + " \"parameters\": {\"delta\": 1, \"open_pool\": true}}") + "]}";

    @Test
    void aRestrictionSetByHandGivesTheWorkersAnswersToOthersOnceHoweverOftenItIsSet() {
        ApiClient api = server.newAccount();
        String pool = openPlainPool(api, qualityControl(REPLACE_ANSWERS), 2, 1, form -> { });
        String other = openPlainPool(api, qualityControl(""), 1, 1, form -> { });
        ApiClient banned = server.newWorker();
        doSuite(banned, pool, "cat");
        doSuite(banned, pool, "cat");
        server.artel().scheduler().runDue();
        assertEquals("COMPLETED", api.get("/pools/" + pool).field("last_close_reason"));

        // A restriction from another pool takes nothing from this one.
        ObjectNode elsewhere = Json.object().put("user_id", idOf(banned)).put("scope", "POOL").put("pool_id", other);
        assertEquals(200, api.put("/user-restrictions", elsewhere).status());
        assertEquals("CLOSED", api.get("/pools/" + pool).field("status"));

        ObjectNode ban = Json.object().put("user_id", idOf(banned)).put("scope", "PROJECT")
                .put("project_id", api.get("/pools/" + pool).field("project_id"));
        assertEquals(200, api.put("/user-restrictions", ban).status());
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
        // Set again on a worker already kept out, it takes nothing more: no place more.
        assertEquals(200, api.put("/user-restrictions", ban.put("private_comment", "again")).status());
        for (int i = 0; i < 2; i++) {
            doSuite(server.newWorker(), pool, "cat");
        }
        assertEquals(409, take(server.newWorker(), pool), "each of the two answers was replaced once");
    }

    /**
     * The dry run meets restrictions set by hand as the live rules met them: one that takes the pool from a worker
     * runs the candidate's USERS_ASSESSMENT at that moment, on the answers given until then; a worker one keeps out
     * loses nothing more to the candidate's restriction; an expired one keeps nobody out. The restrictions the
     * pool's own rules set are left out, since the candidate replaces those rules.
     */
    @Test
    void theDryRunMeetsRestrictionsSetByHandAsTheLiveRulesMetThem() {
        ApiClient api = server.newAccount();
        String banAtTwo = config("ANSWER_COUNT", "", rule(condition("assignments_accepted_count", "GTE", 2),
                BAN_FROM_POOL));
        String pool = openPlainPool(api, qualityControl(banAtTwo), 6, 1, form -> { });
        String project = api.get("/pools/" + pool).field("project_id");
        // When each answer would be replaced, by assignment.
        Map<String, String> replaced = new TreeMap<>();

        // Nothing set by hand: restricted by the rule at the second suite, which both answers follow.
        ApiClient plain = server.newWorker();
        String plainFirst = doSuite(plain, pool, "cat").field("id");
        ApiClient.Response plainSecond = doSuite(plain, pool, "cat");
        replaced.put(plainFirst, plainSecond.field("submitted"));
        replaced.put(plainSecond.field("id"), plainSecond.field("submitted"));

        // Kept out of the project by hand between its first and second answer, which it had taken: the first
        // answer follows the restriction, and the rule's restriction at the second takes nothing more.
        ApiClient kept = server.newWorker();
        String keptFirst = doSuite(kept, pool, "cat").field("id");
        ApiClient.Response keptSecond = kept.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, keptSecond.status(), keptSecond.toString());
        server.clock().advance(Duration.ofSeconds(1));
        ApiClient.Response keptBan = api.put("/user-restrictions", Fixtures.projectRestriction(project, idOf(kept)));
        assertEquals(200, keptBan.status(), keptBan.toString());
        replaced.put(keptFirst, keptBan.field("created"));
        server.clock().advance(Duration.ofSeconds(1));
        ApiClient.Response keptSubmitted = kept.post("/worker/assignments/" + keptSecond.field("id") + "/submit",
                Json.parseObject("{\"solutions\": [{\"output_values\": {\"result\": \"cat\"}}]}"));
        assertEquals(200, keptSubmitted.status(), keptSubmitted.toString());

        // Kept out for an hour between its answers: the first follows that restriction, the second the rule's.
        ApiClient lapsed = server.newWorker();
        String lapsedFirst = doSuite(lapsed, pool, "cat").field("id");
        server.clock().advance(Duration.ofSeconds(1));
        ApiClient.Response lapsedBan = api.put("/user-restrictions", Fixtures.projectRestriction(project,
                idOf(lapsed)).put("will_expire", Timestamps.format(server.clock().millis() + 3_600_000)));
        assertEquals(200, lapsedBan.status(), lapsedBan.toString());
        replaced.put(lapsedFirst, lapsedBan.field("created"));
        server.clock().advance(Duration.ofHours(2));
        ApiClient.Response lapsedSecond = doSuite(lapsed, pool, "cat");
        replaced.put(lapsedSecond.field("id"), lapsedSecond.field("submitted"));
        assertEquals(Set.of(idOf(plain), idOf(kept), idOf(lapsed)), restricted(api, pool), "the pool's own rule");

        JsonNode report = api.artelApi().post("/pools/" + pool + "/quality-control/dry-run",
                qualityControl(banAtTwo + "," + REPLACE_ANSWERS)).json();
        Map<String, String> alreadyRestricted = new TreeMap<>();
        report.path("restrictions").forEach(r -> alreadyRestricted.put(r.path("user_id").asText(),
                r.path("already_restricted").asText("-")));
        assertEquals(Map.of(idOf(plain), "-", idOf(kept), "true", idOf(lapsed), "-"), alreadyRestricted,
                report.toString());
        Map<String, String> replacedAt = new TreeMap<>();
        report.path("overlap_changes").forEach(change -> assertEquals(null, replacedAt.put(
                change.path("assignment_id").asText(), change.path("at").asText()), report.toString()));
        assertEquals(replaced, replacedAt, report.toString());
    }

    @Test
    void aRuleMadeRestrictionReplacesTheAnswersOnceThoughTwoRulesRestrict() {
        ApiClient api = server.newAccount();
        // At the second suite, two rules restrict the worker: the pool is lost once.
        String pool = openPlainPool(api, qualityControl(config("ANSWER_COUNT", "",
                rule(condition("assignments_accepted_count", "GTE", 2), BAN_FROM_PROJECT),
                rule(condition("assignments_accepted_count", "GTE", 2), BAN_FROM_POOL)) + "," + REPLACE_ANSWERS),
                2, 1, form -> { });
        ApiClient banned = server.newWorker();
        doSuite(banned, pool, "cat");
        doSuite(banned, pool, "cat");
        assertEquals(2, api.get("/user-restrictions?user_id=" + idOf(banned)).json().path("items").size());
        // The two answers of the banned worker go to two others, once each.
        for (int i = 0; i < 2; i++) {
            doSuite(server.newWorker(), pool, "cat");
        }
        assertEquals(409, take(server.newWorker(), pool));
    }

    private static final String REJECT_ALL = "{\"type\": \"REJECT_ALL_ASSIGNMENTS\", \"parameters\":"
            + " {\"public_comment\": \"banned\"}}";

    @Test
    void answersBothRejectedAndReplacedAfterARestrictionGoToOneOtherWorkerEachInEitherOrder() {
        ApiClient api = server.newAccount();
        String banThenReject = rule(condition("assignments_accepted_count", "GTE", 2), BAN_FROM_POOL) + ","
                + rule(condition("assignments_accepted_count", "GTE", 2), REJECT_ALL);
        String rejectThenBan = rule(condition("assignments_accepted_count", "GTE", 2), REJECT_ALL) + ","
                + rule(condition("assignments_accepted_count", "GTE", 2), BAN_FROM_POOL);
        for (String rules : List.of(banThenReject, rejectThenBan)) {
            String pool = openPlainPool(api, qualityControl(config("ANSWER_COUNT", "", rules) + ","
                    + REPLACE_ANSWERS), 2, 1, form -> form.put("auto_accept_solutions", false));
            ApiClient banned = server.newWorker();
            doSuite(banned, pool, "cat");
            doSuite(banned, pool, "cat");
            assertEquals(2, api.get("/assignments?pool_id=" + pool + "&status=REJECTED").json().path("items").size());
            assertEquals(Set.of(idOf(banned)), restricted(api, pool));
            for (int i = 0; i < 2; i++) {
                doSuite(server.newWorker(), pool, "cat");
            }
            assertEquals(409, take(server.newWorker(), pool), rules);
        }
    }

    @Test
    void aRulesProjectRestrictionRunsUsersAssessmentOfTheProjectsOtherPools() {
        ApiClient api = server.newAccount();
        String other = openPlainPool(api, qualityControl(REPLACE_ANSWERS), 1, 1, form -> { });
        String project = api.get("/pools/" + other).field("project_id");
        String pool = openPlainPool(api, qualityControl(config("SKIPPED_IN_ROW_ASSIGNMENTS", "",
                rule(condition("skipped_in_row_count", "GTE", 1), BAN_FROM_PROJECT))), 1, 1,
                form -> form.put("project_id", project));
        ApiClient banned = server.newWorker();
        doSuite(banned, other, "cat");
        server.artel().scheduler().runDue();
        assertEquals("CLOSED", api.get("/pools/" + other).field("status"));
        skip(banned, pool);
        assertEquals(Set.of(idOf(banned)), restricted(api, null));
        assertEquals("OPEN", api.get("/pools/" + other).field("status"), "the answer in the other pool is replaced");
        doSuite(server.newWorker(), other, "cat");
        assertEquals(409, take(server.newWorker(), other));
    }

    private static ApiClient workerWith(ApiClient api, String skill, int value) {
        ApiClient worker = server.newWorker();
        setSkill(api, skill, worker, value);
        return worker;
    }

    private static void setSkill(ApiClient api, String skill, ApiClient worker, int value) {
        ApiClient.Response set = api.put("/user-skills", Json.object().put("skill_id", skill)
                .put("user_id", idOf(worker)).put("value", value));
        assertEquals(200, set.status(), set.toString());
    }

    @Test
    void aSkillValueThePoolsFilterNoLongerAdmitsGivesTheWorkersAnswersToOthers() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Json.object().put("name", "admission")).field("id");
        String pool = openPlainPool(api, qualityControl("{\"collector_config\": {\"type\": \"USERS_ASSESSMENT\"},"
                + " \"rules\": [" + rule(condition("pool_access_revoked_reason", "EQ", "SKILL_CHANGE") + ","
                + condition("skill_id", "EQ", skill), "{\"type\": \"CHANGE_OVERLAP\", \"parameters\": {\"delta\": 1,"
                + " \"open_pool\": true}}") + "]}"), 2, 1, form -> form.set("filter", Json.parseObject(
                "{\"and\": [{\"category\": \"skill\", \"key\": \"" + skill + "\", \"operator\": \"GTE\","
                + " \"value\": 50}]}")));
        ApiClient worker = workerWith(api, skill, 80);
        ApiClient other = workerWith(api, skill, 80);
        doSuite(worker, pool, "cat");
        doSuite(other, pool, "cat");
        server.artel().scheduler().runDue();
        assertEquals("CLOSED", api.get("/pools/" + pool).field("status"));
        setSkill(api, skill, worker, 60);
        assertEquals("CLOSED", api.get("/pools/" + pool).field("status"), "60 is still admitted");
        setSkill(api, skill, worker, 30);
        assertEquals("OPEN", api.get("/pools/" + pool).field("status"));
        doSuite(workerWith(api, skill, 90), pool, "cat");
        assertEquals(409, take(workerWith(api, skill, 90), pool));
        setSkill(api, skill, worker, 10);
        assertEquals(409, take(workerWith(api, skill, 90), pool), "refused already: nothing more is replaced");

        // A value deleted takes the pool from the worker too.
        String value = api.get("/user-skills?skill_id=" + skill + "&user_id=" + idOf(other)).json().path("items")
                .get(0).path("id").asText();
        assertEquals(204, api.send("DELETE", "/user-skills/" + value, null, null).status());
        doSuite(workerWith(api, skill, 90), pool, "cat");
        assertEquals(409, take(workerWith(api, skill, 90), pool));
    }

    @Test
    void approvingAtTwoSuitesAndCleaningTheCollectorStartsTheCountAgain() {
        ApiClient api = server.newAccount();
        String pool = openPlainPool(api, qualityControl(config("ANSWER_COUNT", "",
                rule(condition("assignments_accepted_count", "GTE", 2), "{\"type\": \"APPROVE_ALL_ASSIGNMENTS\","
                        + " \"parameters\": {}}"),
                rule(condition("assignments_accepted_count", "GTE", 2), "{\"type\": \"CLEAN_COLLECTOR\","
                        + " \"parameters\": {}}"))), 10, 1, form -> form.put("auto_accept_solutions", false));
        ApiClient worker = server.newWorker();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(doSuite(worker, pool, "cat").json().path("id").asText());
        }
        assertEquals(List.of("ACCEPTED", "ACCEPTED", "SUBMITTED"), ids.stream().map(id -> statusOf(api, id)).toList(),
                "approved at two; the third is the first of a new count");
        ids.add(doSuite(worker, pool, "cat").json().path("id").asText());
        assertEquals("ACCEPTED", statusOf(api, ids.get(2)));
        assertEquals("ACCEPTED", statusOf(api, ids.get(3)));
    }

    @Test
    void cleaningTheAssignmentsHistoryResetsEveryCollectorOfThePool() {
        ApiClient api = server.newAccount();
        String pool = openPlainPool(api, qualityControl(config("ANSWER_COUNT", "",
                rule(condition("assignments_accepted_count", "GTE", 2), "{\"type\": \"CLEAN_ASSIGNMENTS_HISTORY\","
                        + " \"parameters\": {}}")) + "," + config("ANSWER_COUNT", "",
                rule(condition("assignments_accepted_count", "GTE", 3), "{\"type\": \"APPROVE_ALL_ASSIGNMENTS\","
                        + " \"parameters\": {}}"))), 10, 1, form -> form.put("auto_accept_solutions", false));
        ApiClient worker = server.newWorker();
        for (int i = 0; i < 4; i++) {
            doSuite(worker, pool, "cat");
        }
        assertEquals(4, api.get("/assignments?pool_id=" + pool + "&status=SUBMITTED").json().path("items").size(),
                "the second collector never counts three");
    }

    @Test
    void anAcceptanceRateRuleCountsReviewsAndNotThePoolsOwnAcceptances() {
        ApiClient api = server.newAccount();
        String rules = config("ACCEPTANCE_RATE", "\"history_size\": 10",
                rule(condition("accepted_assignments_count", "GTE", 1) + ","
                        + condition("accepted_assignments_rate", "GTE", 50), BAN_FROM_POOL));
        String auto = openPlainPool(api, qualityControl(rules), 5, 1, form -> { });
        ApiClient worker = server.newWorker();
        doSuite(worker, auto, "cat");
        doSuite(worker, auto, "cat");
        assertEquals(Set.of(), restricted(api, auto), "accepted on submit by the pool");

        String reviewed = openPlainPool(api, qualityControl(rules), 5, 1, form -> form.put("auto_accept_solutions",
                false).put("auto_accept_period_day", 2));
        String late = doSuite(worker, reviewed, "cat").json().path("id").asText();
        server.clock().advance(Duration.ofDays(2).plusMinutes(1));
        server.artel().scheduler().runDue();
        assertEquals("ACCEPTED", statusOf(api, late));
        assertEquals(Set.of(), restricted(api, reviewed), "accepted when the review period ran out");
        String early = doSuite(worker, reviewed, "cat").json().path("id").asText();
        String rejected = doSuite(worker, reviewed, "cat").json().path("id").asText();
        doSuite(worker, reviewed, "cat");
        assertEquals(200, api.patch("/assignments/" + rejected, Json.object().put("status", "REJECTED")
                .put("public_comment", "no")).status());
        assertEquals(Set.of(), restricted(api, reviewed), "no acceptance on review yet");
        assertEquals(200, api.patch("/assignments/" + early, Json.object().put("status", "ACCEPTED")).status());
        // Of the two assignments checked, one accepted: 50 %, whatever waits for review or the pool accepted.
        assertEquals(Set.of(idOf(worker)), restricted(api, reviewed));
    }

    /** The condition keys OneFieldConditionDtoV1 lists in Toloka's spec. */
    private static List<String> specConditionKeys() throws IOException {
        String spec = Files.readString(Path.of("src/main/resources/spec/fullApi.yaml"));
        String key = spec.substring(spec.indexOf("    OneFieldConditionDtoV1:"));
        key = key.substring(key.indexOf("Values that are checked"), key.indexOf("        operator:"));
        List<String> keys = new ArrayList<>();
        Matcher m = Pattern.compile("- `([a-z_0-9]+)` —").matcher(key);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void everyConditionKeyOfTheSpecIsAcceptedAndKeptAsGiven() throws IOException {
        List<String> keys = specConditionKeys();
        assertEquals(18, keys.size(), keys.toString());
        List<String> rules = new ArrayList<>();
        for (String key : keys) {
            Object value = key.equals("pool_access_revoked_reason") ? "RESTRICTION" : 1;
            rules.add(rule(condition(key, "GTE", value), BAN_FROM_POOL));
        }
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        form.set("quality_control", qualityControl(config("GOLDEN_SET", "", rules.toArray(String[]::new))));
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        JsonNode stored = api.get("/pools/" + created.field("id")).json().path("quality_control").path("configs")
                .get(0).path("rules");
        List<String> back = new ArrayList<>();
        stored.forEach(r -> back.add(r.path("conditions").get(0).path("key").asText()));
        assertEquals(keys, back);
    }
}
