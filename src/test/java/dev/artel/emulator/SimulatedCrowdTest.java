package dev.artel.emulator;

import static dev.artel.emulator.CrowdRuns.advanceUntilCompleted;
import static dev.artel.emulator.CrowdRuns.all;
import static dev.artel.emulator.CrowdRuns.answers;
import static dev.artel.emulator.CrowdRuns.define;
import static dev.artel.emulator.CrowdRuns.persona;
import static dev.artel.emulator.CrowdRuns.personaOfWorker;
import static dev.artel.emulator.CrowdRuns.trueSolutions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.StartupFailure;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The emulator's simulated crowd over HTTP: defining it, what its personas answer and do, its true answers, that a
 * seed gives the same run twice, that idle workers cost nothing, and that a server that is no emulator refuses it.
 * The crowd works every account's open pools, so the server has a database of its own, and each test leaves no
 * pool open and no crowd behind.
 */
class SimulatedCrowdTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.startOnOwnDatabase(b -> b.emulator(true));

    @AfterEach
    void dismissTheCrowd() {
        assertEquals(204, server.operator().send("DELETE", "/emulator/crowd", null, null).status());
    }

    /**
     * An open pool of the cats-or-dogs project: {@code real} tasks with the given overlap, and {@code golden} control
     * tasks with infinite overlap whose known answer alternates; suites of {@code perSuite} real tasks and one
     * control task when there are any. {@code form} adjusts the pool before it is created.
     */
    private static String openPool(ApiClient api, int real, int overlap, int golden, int perSuite,
                                   Consumer<ObjectNode> form) {
        String project = Fixtures.createProject(api);
        ObjectNode pool = Fixtures.pool(project);
        pool.put("auto_accept_solutions", true).put("assignment_max_duration_seconds", 600)
                .put("auto_close_after_complete_delay_seconds", 0);
        pool.putObject("mixer_config").put("real_tasks_count", perSuite).put("golden_tasks_count", golden > 0 ? 1 : 0)
                .put("training_tasks_count", 0);
        form.accept(pool);
        String poolId = api.post("/pools", pool).field("id");
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (int i = 0; i < real; i++) {
            ObjectNode task = tasks.addObject().put("pool_id", poolId).put("overlap", overlap);
            task.putObject("input_values").put("image", "http://127.0.0.1/real/" + i + ".png");
        }
        for (int i = 0; i < golden; i++) {
            ObjectNode task = tasks.addObject().put("pool_id", poolId).put("infinite_overlap", true);
            task.putObject("input_values").put("image", "http://127.0.0.1/golden/" + i + ".png");
            task.putArray("known_solutions").addObject().put("correctness_weight", 1).putObject("output_values")
                    .put("result", i % 2 == 0 ? "cat" : "dog");
        }
        ApiClient.Response created = api.post("/tasks", tasks);
        assertEquals(201, created.status(), created.toString());
        assertEquals(202, api.post("/pools/" + poolId + "/open").status());
        return poolId;
    }

    private static String openPool(ApiClient api, int real, int overlap, int golden, int perSuite) {
        return openPool(api, real, overlap, golden, perSuite, pool -> { });
    }

    @Test
    void aCrowdIsDefinedWithDefaultsFilledReadAndDismissed() {
        ApiClient operator = server.operator();
        ObjectNode careful = persona("careful", 2, 0.9);
        careful.putObject("field_accuracy").put("result", 0.8);
        careful.putObject("profile").put("country", "US").putArray("languages").add("EN");
        ObjectNode quick = Json.object().put("name", "quick").put("count", 1);
        JsonNode crowd = define(operator, 42, careful, quick);

        assertEquals(42, crowd.path("seed").asLong());
        JsonNode defaults = crowd.path("personas").get(1);
        assertEquals(1.0, defaults.path("accuracy").asDouble());
        assertEquals(0.0, defaults.path("skip_rate").asDouble());
        assertEquals(0.0, defaults.path("abandon_rate").asDouble());
        assertEquals("fixed", defaults.path("seconds_per_task").path("distribution").asText());
        assertEquals(0.8, crowd.path("personas").get(0).path("field_accuracy").path("result").asDouble());
        List<String> names = new ArrayList<>();
        crowd.path("workers").forEach(w -> names.add(w.path("name").asText() + "/" + w.path("persona").asText()));
        assertEquals(List.of("careful-1/careful", "careful-2/careful", "quick-1/quick"), names);
        assertEquals(crowd, operator.get("/emulator/crowd").json());

        // Real worker rows, with the persona's profile, that the operator API reads like any other.
        JsonNode worker = operator.get("/operator/workers/" + crowd.path("workers").get(0).path("id").asText()).json();
        assertEquals("careful-1", worker.path("name").asText());
        assertEquals("US", worker.path("profile").path("country").asText());

        assertEquals(204, operator.send("DELETE", "/emulator/crowd", null, null).status());
        JsonNode none = operator.get("/emulator/crowd").json();
        assertEquals(0, none.path("personas").size());
        assertEquals(0, none.path("workers").size());
        assertEquals(0, none.path("seed").asLong());
    }

    @Test
    void aFormThatMakesNoCrowdIsRefusedFieldByField() {
        ApiClient operator = server.operator();
        Map<String, ObjectNode> bad = new LinkedHashMap<>();
        bad.put("personas.1.name", Json.parseObject("""
                {"personas": [{"name": "a", "count": 1}, {"name": "a", "count": 2}]}"""));
        bad.put("personas.0.abandon_rate", Json.parseObject("""
                {"personas": [{"name": "a", "count": 1, "skip_rate": 0.6, "abandon_rate": 0.5}]}"""));
        bad.put("personas.0.seconds_per_task.max", Json.parseObject("""
                {"personas": [{"name": "a", "count": 1, "seconds_per_task": {"distribution": "uniform", "min": 5}}]}"""));
        bad.put("personas.0.accuracy", Json.parseObject("""
                {"personas": [{"name": "a", "count": 1, "accuracy": 1.5}]}"""));
        bad.put("personas", Json.parseObject("""
                {"personas": [{"name": "a", "count": 6000}, {"name": "b", "count": 6000}]}"""));
        bad.forEach((field, form) -> {
            ApiClient.Response refused = operator.put("/emulator/crowd", form);
            assertEquals(400, refused.status(), refused.toString());
            assertTrue(refused.json().path("payload").has(field), field + ": " + refused);
        });
        assertEquals(0, operator.get("/emulator/crowd").json().path("workers").size(), "nothing was defined");
    }

    @Test
    void aPersonaOfAccuracyOneAlwaysGivesTheTruthAndOfZeroNeverNorDoesAFieldAccuracyOfZero() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        String pool = openPool(api, 40, 2, 10, 3);
        ObjectNode overridden = persona("overridden", 1, 1.0);
        overridden.putObject("field_accuracy").put("result", 0.0);
        define(operator, 7, persona("right", 2, 1.0), persona("wrong", 2, 0.0), overridden);
        advanceUntilCompleted(operator, api, pool, "PT1H", 24);

        Map<String, String> personas = personaOfWorker(operator);
        Map<String, JsonNode> truths = trueSolutions(operator, pool);
        Map<String, int[]> counts = new HashMap<>();
        for (JsonNode assignment : all(api, "/assignments", "pool_id=" + pool)) {
            assertEquals("ACCEPTED", assignment.path("status").asText(), assignment.toString());
            String persona = personas.get(assignment.path("user_id").asText());
            for (Map.Entry<JsonNode, JsonNode> answer : answers(assignment)) {
                JsonNode truth = truths.get(answer.getKey().path("id").asText());
                boolean golden = truth.path("source").asText().equals("KNOWN_SOLUTION");
                boolean right = truth.path("output_values").equals(answer.getValue());
                assertEquals(persona.equals("right"), right, persona + " answered " + answer + ", truth " + truth);
                counts.computeIfAbsent(persona, p -> new int[2])[golden ? 1 : 0]++;
            }
        }
        for (String persona : List.of("right", "wrong", "overridden")) {
            int[] seen = counts.get(persona);
            assertTrue(seen != null && seen[0] > 0 && seen[1] > 0, persona + " answered real and control tasks");
        }
        assertEquals(80, counts.values().stream().mapToInt(c -> c[0]).sum(), "every real task answered twice");
    }

    @Test
    void aPoolsFilterKeepsOutSimulatedWorkersWhoseProfileItDoesNotMatch() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        // Fixtures.pool lets in Tolokers whose languages include EN.
        String pool = openPool(api, 6, 1, 0, 1);
        ObjectNode russian = persona("russian", 2, 1.0);
        russian.putObject("profile").putArray("languages").add("RU");
        define(operator, 4, russian, persona("english", 1, 1.0));
        advanceUntilCompleted(operator, api, pool, "PT1H", 24);

        Map<String, String> personas = personaOfWorker(operator);
        List<JsonNode> assignments = all(api, "/assignments", "pool_id=" + pool);
        assertEquals(6, assignments.size());
        assignments.forEach(a -> assertEquals("english", personas.get(a.path("user_id").asText()), a.toString()));
    }

    @Test
    void skipAndAbandonRatesLeaveSkippedAndExpiredAssignmentsAtTheirTimes() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        String pool = openPool(api, 60, 1, 0, 2, p -> p.put("assignment_max_duration_seconds", 60));
        // Enough workers that no task is skipped or abandoned by every one of them, which would never complete.
        ObjectNode flaky = persona("flaky", 15, 1.0).put("skip_rate", 0.3).put("abandon_rate", 0.15);
        define(operator, 11, flaky);
        advanceUntilCompleted(operator, api, pool, "PT1H", 24);

        Map<String, Integer> byStatus = new HashMap<>();
        int answered = 0;
        for (JsonNode assignment : all(api, "/assignments", "pool_id=" + pool)) {
            String status = assignment.path("status").asText();
            byStatus.merge(status, 1, Integer::sum);
            long created = Timestamps.parse(assignment.path("created").asText()).orElseThrow();
            // 10 s a task; an abandoned one ends when its 60 s are up.
            String ended = switch (status) {
                case "SKIPPED" -> assignment.path("skipped").asText();
                case "EXPIRED" -> assignment.path("expired").asText();
                default -> assignment.path("submitted").asText();
            };
            int tasks = assignment.path("tasks").size();
            long expected = created + (status.equals("EXPIRED") ? 60_000 : 10_000L * tasks);
            assertEquals(Timestamps.format(expected), ended, assignment.toString());
            answered += status.equals("ACCEPTED") ? tasks : 0;
        }
        assertEquals(60, answered, "every task answered once in the end: " + byStatus);
        int total = byStatus.values().stream().mapToInt(Integer::intValue).sum();
        double skipped = byStatus.getOrDefault("SKIPPED", 0) / (double) total;
        double expired = byStatus.getOrDefault("EXPIRED", 0) / (double) total;
        assertTrue(skipped > 0.15 && skipped < 0.45, "skip rate 0.3: " + byStatus);
        assertTrue(expired > 0.05 && expired < 0.3, "abandon rate 0.15: " + byStatus);
    }

    @Test
    void trueSolutionsComeFromKnownThenBaselineSolutionsElseAHiddenAnswerFixedBySeed() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        String project = Fixtures.createProject(api);
        String pool = api.post("/pools", Fixtures.pool(project)).field("id");
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (int i = 0; i < 28; i++) {
            // The last eight ask the same question.
            tasks.addObject().put("pool_id", pool).put("overlap", 1).putObject("input_values")
                    .put("image", "http://127.0.0.1/" + Math.min(i, 20) + ".png");
        }
        ((ObjectNode) tasks.get(0)).putArray("known_solutions").addObject().putObject("output_values")
                .put("result", "dog");
        ((ObjectNode) tasks.get(1)).putArray("baseline_solutions").addObject().put("confidence_weight", 1)
                .putObject("output_values").put("result", "cat");
        assertEquals(201, api.post("/tasks", tasks).status());
        List<String> ids = all(api, "/tasks", "pool_id=" + pool).stream().map(t -> t.path("id").asText()).toList();

        define(operator, 1, persona("any", 1, 1.0));
        JsonNode golden = operator.get("/emulator/tasks/" + ids.get(0) + "/true-solution").json();
        assertEquals("KNOWN_SOLUTION", golden.path("source").asText());
        assertEquals("dog", golden.path("output_values").path("result").asText());
        assertEquals(pool, golden.path("pool_id").asText());
        JsonNode baseline = operator.get("/emulator/tasks/" + ids.get(1) + "/true-solution").json();
        assertEquals("BASELINE_SOLUTION", baseline.path("source").asText());
        assertEquals("cat", baseline.path("output_values").path("result").asText());

        Map<String, JsonNode> first = trueSolutions(operator, pool);
        assertEquals(ids, List.copyOf(first.keySet()), "every task, in id order");
        assertEquals(first, trueSolutions(operator, pool), "the same on every read");
        JsonNode page = operator.get("/emulator/pools/" + pool + "/true-solutions?limit=5&task_id_gt=" + ids.get(9))
                .json();
        assertTrue(page.path("has_more").asBoolean());
        assertEquals(ids.get(10), page.path("items").get(0).path("task_id").asText());
        List<String> hidden = new ArrayList<>();
        first.values().stream().filter(t -> t.path("source").asText().equals("HIDDEN"))
                .forEach(t -> hidden.add(t.path("output_values").path("result").asText()));
        assertEquals(26, hidden.size());
        assertTrue(hidden.contains("cat") && hidden.contains("dog"), "drawn, not constant: " + hidden);
        assertEquals(1, ids.subList(20, 28).stream().map(id -> first.get(id).path("output_values")).distinct().count(),
                "tasks with the same inputs have the same hidden answer");

        define(operator, 2, persona("any", 1, 1.0));
        Map<String, JsonNode> reseeded = trueSolutions(operator, pool);
        assertEquals(first.get(ids.get(0)), reseeded.get(ids.get(0)), "a known solution does not depend on the seed");
        assertNotEquals(first, reseeded, "another seed hides other answers");

        assertEquals(404, operator.get("/emulator/tasks/nosuchtask/true-solution").status());
        assertEquals(404, operator.get("/emulator/pools/999999999999/true-solutions").status());
        assertEquals(400, operator.get("/emulator/pools/" + pool + "/true-solutions?limit=0").status());
    }

    /** An output spec with every field type and the attributes that bind each. */
    private static final String EVERY_TYPE = """
            {"label": {"type": "string", "allowed_values": ["a", "b", "c"]},
             "comment": {"type": "string", "min_length": 3, "max_length": 8},
             "code": {"type": "string", "pattern": "[A-Z]{3}-[0-9]{2}"},
             "optional_exotic": {"type": "string", "pattern": "\\\\p{Lu}{5}", "required": false},
             "count": {"type": "integer", "min_value": 1, "max_value": 5},
             "score": {"type": "float", "min_value": 0.5, "max_value": 1.5},
             "flag": {"type": "boolean"},
             "link": {"type": "url"},
             "photo": {"type": "file"},
             "place": {"type": "coordinates"},
             "extra": {"type": "json"},
             "tags": {"type": "array_string", "allowed_values": ["x", "y"], "min_size": 1, "max_size": 2},
             "levels": {"type": "array_integer", "min_value": 0, "max_value": 9, "min_size": 2, "max_size": 3},
             "areas": {"type": "array_json"}}
            """;

    private static String projectWithOutputs(ApiClient api, String outputSpec) {
        ObjectNode project = Fixtures.project();
        ((ObjectNode) project.get("task_spec")).set("output_spec", Json.parseObject(outputSpec));
        ApiClient.Response created = api.post("/projects", project);
        assertEquals(201, created.status(), created.toString());
        return created.field("id");
    }

    private static String openPoolOf(ApiClient api, String project, int tasks, int overlap) {
        ObjectNode form = Fixtures.pool(project);
        form.put("auto_accept_solutions", true).put("auto_close_after_complete_delay_seconds", 0);
        form.putObject("mixer_config").put("real_tasks_count", 2).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        String pool = api.post("/pools", form).field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < tasks; i++) {
            batch.addObject().put("pool_id", pool).put("overlap", overlap).putObject("input_values")
                    .put("image", "http://127.0.0.1/types/" + i + ".png");
        }
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return pool;
    }

    @Test
    void everyOutputFieldTypeGetsAnAnswerTheServersOwnValidationTakes() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        String pool = openPoolOf(api, projectWithOutputs(api, EVERY_TYPE), 20, 2);
        // Half right, half wrong: both the true values and the made-up wrong ones must be valid.
        define(operator, 5, persona("mixed", 4, 0.5));
        advanceUntilCompleted(operator, api, pool, "PT1H", 24);

        Map<String, JsonNode> truths = trueSolutions(operator, pool);
        int answers = 0;
        int wrong = 0;
        for (JsonNode assignment : all(api, "/assignments", "pool_id=" + pool)) {
            assertEquals("ACCEPTED", assignment.path("status").asText(), "submitted, so valid: " + assignment);
            for (Map.Entry<JsonNode, JsonNode> answer : answers(assignment)) {
                JsonNode values = answer.getValue();
                answers++;
                assertTrue(Pattern.matches("[A-Z]{3}-[0-9]{2}", values.path("code").asText()), values.toString());
                assertFalse(values.has("optional_exotic"), "a pattern the sampler cannot model is left out");
                JsonNode truth = truths.get(answer.getKey().path("id").asText()).path("output_values");
                for (String field : List.of("label", "comment", "code", "count", "score", "flag", "link", "photo",
                        "place", "extra", "tags", "levels", "areas")) {
                    assertTrue(values.has(field), field + " answered: " + values);
                    wrong += truth.path(field).equals(values.path(field)) ? 0 : 1;
                }
            }
        }
        assertEquals(40, answers);
        assertTrue(wrong > 40 * 13 / 4 && wrong < 40 * 13 * 3 / 4, "about half the fields wrong: " + wrong);
    }

    @Test
    void aRequiredFieldNoValidAnswerCanBeMadeForIsSkipped() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        String pool = openPoolOf(api, projectWithOutputs(api,
                "{\"code\": {\"type\": \"string\", \"pattern\": \"\\\\p{Lu}{5}\"}}"), 2, 1);
        define(operator, 5, persona("stuck", 1, 1.0));
        operator.post("/emulator/clock/advance", Json.object().put("by", "PT1H"));
        List<JsonNode> assignments = all(api, "/assignments", "pool_id=" + pool);
        assertFalse(assignments.isEmpty());
        assignments.forEach(a -> assertEquals("SKIPPED", a.path("status").asText(), a.toString()));
        String task = assignments.get(0).path("tasks").get(0).path("id").asText();
        assertFalse(operator.get("/emulator/tasks/" + task + "/true-solution").json().path("output_values")
                .has("code"));
        assertEquals(202, api.post("/pools/" + pool + "/close").status());
    }

    @Test
    void theSameSeedGivesTheSameAnswersWorkersAndOrderOnTwoFreshServers() {
        List<String> first = run(42);
        List<String> second = run(42);
        assertTrue(first.size() > 40, first.toString());
        assertEquals(first, second);
        assertNotEquals(first, run(43), "another seed, another run");
    }

    /** A whole run on a fresh server whose clock starts at a fixed time, as {@link #transcript} tells it. */
    private static List<String> run(long seed) {
        try (TestServer own = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            own.clock().set(Instant.parse("2026-06-01T00:00:00Z").toEpochMilli());
            ApiClient api = own.newAccount();
            ApiClient operator = own.operator();
            String pool = openPool(api, 30, 3, 60, 2);
            defineMixedCrowd(operator, seed);
            advanceUntilCompleted(operator, api, pool, "PT1H", 24);
            return transcript(api, operator, pool);
        }
    }

    /**
     * Slow and fast workers, with skips and abandons, so that a run has every kind of event; enough of them, and
     * control tasks enough for each (a worker has each once), that no task is left without three who may answer it.
     */
    private static void defineMixedCrowd(ApiClient operator, long seed) {
        ObjectNode slow = persona("slow", 3, 0.7).put("skip_rate", 0.1).put("abandon_rate", 0.05);
        slow.putObject("seconds_per_task").put("distribution", "lognormal").put("median", 20).put("sigma", 0.5);
        ObjectNode fast = persona("fast", 5, 0.8).put("skip_rate", 0.05);
        fast.putObject("seconds_per_task").put("distribution", "uniform").put("min", 3).put("max", 9);
        define(operator, seed, slow, fast);
    }

    /**
     * The pool's run: each assignment in creation order as worker, status, times and each task's input with its
     * answer; then each task's input with its true answer.
     */
    private static List<String> transcript(ApiClient api, ApiClient operator, String pool) {
        Map<String, String> names = CrowdRuns.nameOfWorker(operator);
        List<String> transcript = new ArrayList<>();
        for (JsonNode a : all(api, "/assignments", "pool_id=" + pool)) {
            StringBuilder line = new StringBuilder(names.get(a.path("user_id").asText()) + " "
                    + a.path("status").asText() + " " + a.path("created").asText());
            for (String time : List.of("submitted", "skipped", "expired")) {
                line.append(a.has(time) ? " " + time + " " + a.path(time).asText() : "");
            }
            answers(a).forEach(answer -> line.append(" | ").append(answer.getKey().path("input_values")
                    .path("image").asText()).append(" ").append(answer.getValue()));
            transcript.add(line.toString());
        }
        Map<String, String> inputOf = new HashMap<>();
        all(api, "/tasks", "pool_id=" + pool).forEach(t -> inputOf.put(t.path("id").asText(),
                t.path("input_values").path("image").asText()));
        trueSolutions(operator, pool).forEach((task, truth) -> transcript.add(inputOf.get(task) + " truth "
                + truth.path("output_values")));
        return transcript;
    }

    @Test
    void aRestoredSnapshotReplaysTheCrowdsRun() {
        try (TestServer own = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient api = own.newAccount();
            ApiClient operator = own.operator();
            String pool = openPool(api, 30, 3, 60, 2);
            defineMixedCrowd(operator, 8);
            ApiClient.Response saved = operator.post("/emulator/snapshots", Json.object().put("name", "before"));
            assertEquals(201, saved.status(), saved.toString());
            advanceUntilCompleted(operator, api, pool, "PT1H", 24);
            List<String> first = transcript(api, operator, pool);

            assertEquals(200, operator.post("/emulator/snapshots/before/restore").status());
            assertEquals(0, all(api, "/assignments", "pool_id=" + pool).size(), "back before any work");
            advanceUntilCompleted(operator, api, pool, "PT1H", 24);
            assertEquals(first, transcript(api, operator, pool));
        }
    }

    @Test
    void idleWorkersCostNothingUntilWorkAppears() {
        try (TestServer own = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient api = own.newAccount();
            ApiClient operator = own.operator();
            define(operator, 3, persona("idle", 1000, 1.0));
            // No pool is open: the workers wait for one, and 30 days pass without a firing.
            assertEquals(0, advance(operator, "P30D"));

            // A pool opening wakes each idle worker once (fewer of them, to keep the test quick on a busy machine):
            // five take a task and answer it, the pool completes, and they all wait again.
            define(operator, 3, persona("idle", 100, 1.0));
            String pool = openPool(api, 5, 1, 0, 1);
            int fired = advance(operator, "PT1H");
            assertTrue(fired >= 100 + 5 && fired <= 100 + 5 + 5, "each woke once, five answered: " + fired);
            assertEquals("CLOSED", api.get("/pools/" + pool).field("status"));
            assertEquals(0, advance(operator, "P30D"));
        }
    }

    /**
     * A place given back wakes one idle worker, the first in line, not every one; a worker that cannot take it hands
     * the wake on, so that every idle worker still gets to look at it. Here every worker skips what it takes: the one
     * task goes from worker to worker, each skip waking the next, until all have skipped it and the last wake has
     * gone down the whole line. Waking every idle worker at each skip would fire about a turn per worker per skip.
     */
    @Test
    void aPlaceGivenBackWakesTheNextInLineAndGoesToEveryWorkerWhoCanTakeIt() {
        try (TestServer own = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient api = own.newAccount();
            ApiClient operator = own.operator();
            int workers = 20;
            define(operator, 5, persona("skipper", workers, 1.0).put("skip_rate", 1.0));
            String pool = openPool(api, 1, 1, 0, 1);
            int fired = advance(operator, "PT1H");

            List<JsonNode> assignments = all(api, "/assignments", "pool_id=" + pool);
            assertEquals(workers, assignments.size(), "each worker took the task once and skipped it");
            assertEquals(workers, assignments.stream().map(a -> a.path("user_id").asText()).distinct().count());
            assertTrue(assignments.stream().allMatch(a -> a.path("status").asText().equals("SKIPPED")));
            // The opening wakes all; then each skip is one turn, each handing over one more, and the last wake
            // goes down the line once: about four turns a worker, where waking all would be one per worker a skip.
            assertTrue(fired <= 4 * workers, "turns proportional to the work given back: " + fired);
            assertEquals(0, advance(operator, "P30D"), "then nobody is woken again");
        }
    }

    /**
     * A worker that abandoned an assignment is held out of its pool until the assignment expires, and may then take
     * what nobody else can: the expiry wakes it, whoever takes the places it gave back. Tasks go out in creation
     * order. The steady worker and the skipper take the two places of the first task, the quitter the one place of
     * the second and abandons it. The skipper gives its place back while the quitter is held out, and nobody else
     * may have it (the steady worker did the task, the skipper had it). When the quitter's assignment expires, the
     * steady worker, first in line, takes the place it gave back, and the quitter, woken by its expiry, takes the
     * place only it can have (and abandons that too).
     */
    @Test
    void anAbandonerIsWokenWhenWhatItAbandonedExpires() {
        try (TestServer own = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient api = own.newAccount();
            ApiClient operator = own.operator();
            define(operator, 1, persona("steady", 1, 1.0), persona("skipper", 1, 1.0).put("skip_rate", 1.0),
                    persona("quitter", 1, 1.0).put("abandon_rate", 1.0));
            String project = Fixtures.createProject(api);
            ObjectNode form = Fixtures.pool(project);
            form.put("assignment_max_duration_seconds", 60);
            form.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 0)
                    .put("training_tasks_count", 0).put("mix_tasks_in_creation_order", true);
            String pool = api.post("/pools", form).field("id");
            ArrayNode tasks = Json.mapper().createArrayNode();
            for (int overlap : new int[] {2, 1}) {
                tasks.addObject().put("pool_id", pool).put("overlap", overlap).putObject("input_values")
                        .put("image", "http://127.0.0.1/overlap-" + overlap + ".png");
            }
            assertEquals(201, api.post("/tasks", tasks).status());
            assertEquals(202, api.post("/pools/" + pool + "/open").status());
            advance(operator, "PT1H");

            Map<String, String> names = CrowdRuns.nameOfWorker(operator);
            Map<String, List<String>> byWorker = new HashMap<>();
            for (JsonNode a : all(api, "/assignments", "pool_id=" + pool)) {
                byWorker.computeIfAbsent(names.get(a.path("user_id").asText()), n -> new ArrayList<>())
                        .add(a.path("tasks").get(0).path("input_values").path("image").asText()
                                .replaceAll(".*/(overlap-\\d).*", "$1") + " " + a.path("status").asText());
            }
            assertEquals(Map.of("steady-1", List.of("overlap-2 ACCEPTED", "overlap-1 ACCEPTED"),
                    "skipper-1", List.of("overlap-2 SKIPPED"),
                    "quitter-1", List.of("overlap-1 EXPIRED", "overlap-2 EXPIRED")), byWorker);
        }
    }

    /**
     * An idle simulated worker a pool keeps out is woken when the pool may let it in: a value of the skill its
     * filter asks for is set, its restriction is lifted, or its restriction runs out on the emulator's clock. It
     * then does the pool's work with no other event to wake it; left idle, it would do none.
     */
    @Test
    void anIdleWorkerKeptOutIsWokenWhenASkillLetsItInOrItsRestrictionIsLiftedOrEnds() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        define(operator, 6, persona("steady", 1, 1.0));
        String worker = personaOfWorker(operator).keySet().iterator().next();

        String skill = api.post("/skills", Fixtures.skill()).field("id");
        String skilled = openPool(api, 2, 1, 0, 1, pool -> pool.set("filter", Json.parseObject(
                "{\"and\": [{\"category\": \"skill\", \"key\": \"" + skill + "\", \"operator\": \"GTE\","
                + " \"value\": 50}]}")));
        assertNothingDoneIn(operator, api, skilled);
        assertEquals(200, api.put("/user-skills", Fixtures.userSkill(skill, worker, 80)).status());
        advanceUntilCompleted(operator, api, skilled, "PT1H", 2);

        String project = Fixtures.createProject(api);
        String lifted = api.put("/user-restrictions", Fixtures.projectRestriction(project, worker)).field("id");
        String restricted = openPool(api, 2, 1, 0, 1, pool -> pool.put("project_id", project));
        assertNothingDoneIn(operator, api, restricted);
        assertEquals(204, api.send("DELETE", "/user-restrictions/" + lifted, null, null).status());
        advanceUntilCompleted(operator, api, restricted, "PT1H", 2);

        String now = operator.get("/emulator/clock").field("now");
        String ends = Timestamps.format(Timestamps.parse(now).orElseThrow() + 3 * 3_600_000);
        assertEquals(200, api.put("/user-restrictions", Fixtures.projectRestriction(project, worker)
                .put("will_expire", ends)).status());
        String ending = openPool(api, 2, 1, 0, 1, pool -> pool.put("project_id", project));
        assertNothingDoneIn(operator, api, ending);
        advanceUntilCompleted(operator, api, ending, "PT1H", 3);
    }

    /** An hour passes and the pool gets no assignment. */
    private static void assertNothingDoneIn(ApiClient operator, ApiClient api, String pool) {
        advance(operator, "PT1H");
        assertEquals(List.of(), all(api, "/assignments", "pool_id=" + pool));
    }

    private static int advance(ApiClient operator, String by) {
        ApiClient.Response moved = operator.post("/emulator/clock/advance", Json.object().put("by", by));
        assertEquals(200, moved.status(), moved.toString());
        return moved.json().path("timers_fired").asInt();
    }

    @Test
    void aCrowdFileDefinesTheCrowdAtStartAndKeepsItOnRestart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("crowd.json");
        Files.writeString(file, "{\"seed\": 9, \"personas\": [{\"name\": \"filed\", \"count\": 2, \"accuracy\": 0.5}]}");
        try (TestServer own = TestServer.startOnOwnDatabase(b -> b.emulator(true).crowdFile(file))) {
            JsonNode crowd = own.operator().get("/emulator/crowd").json();
            assertEquals(9, crowd.path("seed").asLong());
            assertEquals(2, crowd.path("workers").size());
            own.restart();
            assertEquals(crowd, own.operator().get("/emulator/crowd").json(), "the same workers, not new ones");
        }
    }

    @Test
    void aBadCrowdFileFailsTheStartWithOneLineSayingWhy(@TempDir Path dir) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("{\"personas\": [{\"name\": \"x\", \"count\": 1, \"accuracy\": 2}]}", "personas.0.accuracy");
        files.put("{\"personas\": [{\"name\": \"x\", \"count\": 1}, {\"name\": \"x\", \"count\": 1}]}",
                "personas.1.name");
        files.put("{\"personas\": [", "not JSON");
        files.put("[]", "not a JSON object");
        int i = 0;
        for (Map.Entry<String, String> bad : files.entrySet()) {
            Path file = dir.resolve("crowd" + i++ + ".json");
            Files.writeString(file, bad.getKey());
            StartupFailure failure = assertThrows(StartupFailure.class,
                    () -> TestServer.startOnOwnDatabase(b -> b.emulator(true).crowdFile(file)).close());
            assertTrue(failure.getMessage().startsWith("the --crowd file defines no crowd ("), failure.getMessage());
            assertTrue(failure.getMessage().contains(bad.getValue()), failure.getMessage());
            assertTrue(failure.getMessage().contains(file.toAbsolutePath().toString()), failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"), failure.getMessage());
        }
        Path missing = dir.resolve("missing.json");
        assertThrows(StartupFailure.class,
                () -> TestServer.startOnOwnDatabase(b -> b.emulator(true).crowdFile(missing)).close());
    }

    @Test
    void aServerThatIsNoEmulatorRefusesTheCrowd() {
        try (TestServer production = TestServer.start()) {
            ApiClient operator = production.operator();
            for (ApiClient.Response refused : new ApiClient.Response[] {operator.get("/emulator/crowd"),
                    operator.put("/emulator/crowd", Json.object()),
                    operator.send("DELETE", "/emulator/crowd", null, null),
                    operator.get("/emulator/tasks/x/true-solution"),
                    operator.get("/emulator/pools/1/true-solutions")}) {
                assertEquals(403, refused.status(), refused.toString());
                assertEquals("EMULATOR_OFF", refused.code());
            }
        }
    }
}
