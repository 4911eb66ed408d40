package dev.artel.emulator;

import static dev.artel.emulator.CrowdRuns.advanceUntilCompleted;
import static dev.artel.emulator.CrowdRuns.all;
import static dev.artel.emulator.CrowdRuns.answers;
import static dev.artel.emulator.CrowdRuns.define;
import static dev.artel.emulator.CrowdRuns.persona;
import static dev.artel.emulator.CrowdRuns.personaOfWorker;
import static dev.artel.emulator.CrowdRuns.trueSolutions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 10's proofs on a simulated crowd: the quality machinery does to simulated workers what it does to people,
 * and the answers it leaves are measured against the true answers the emulator exposes. Each run is seeded, so its
 * outcome is the same on every run and on both databases; the thresholds say what any seed should give.
 */
class QualityOnSimulatedCrowdTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.startOnOwnDatabase(b -> b.emulator(true));

    @Test
    void aGoldenSetRuleBanningWorkersUnderSeventyPercentRestrictsExactlyThePersonasBelowIt() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        ObjectNode form = poolForm(api, 4, 1);
        form.putObject("quality_control").putArray("configs").add(Json.parseObject("""
                {"collector_config": {"type": "GOLDEN_SET", "parameters": {"history_size": 10}},
                 "rules": [{"conditions": [{"key": "golden_set_answers_count", "operator": "GTE", "value": 10},
                                           {"key": "golden_set_correct_answers_rate", "operator": "LT", "value": 70}],
                            "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "POOL",
                                       "duration_unit": "PERMANENT", "private_comment": "under 70 %"}}}]}
                """));
        String pool = api.post("/pools", form).field("id");
        upload(api, pool, 200, 3, 60);
        assertEquals(202, api.post("/pools/" + pool + "/open").status());

        // Ten control answers a verdict: a careful worker falls under 70 % on ten of them (four wrong) about once in
        // 6,000 windows, while a sloppy worker stays above it about once in a hundred, and is judged again at each
        // of their next answers. (A coin-tosser stays above it once in six: which of them a run bans is up to the
        // seed, as it is up to chance on Toloka.)
        define(operator, 7, persona("careful", 6, 0.97), persona("sloppy", 4, 0.3));
        advanceUntilCompleted(operator, api, pool, "PT10M", 200);

        Map<String, String> personaOf = personaOfWorker(operator);
        Set<String> restricted = all(api, "/user-restrictions", "pool_id=" + pool).stream()
                .map(r -> r.path("user_id").asText()).collect(Collectors.toCollection(TreeSet::new));
        Set<String> below = personaOf.entrySet().stream().filter(e -> !e.getValue().equals("careful"))
                .map(Map.Entry::getKey).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(below, restricted, "restricted: " + restricted.stream().map(personaOf::get).toList());
        // Banned, they were issued nothing after their ban: the careful workers did the rest.
        for (JsonNode assignment : all(api, "/assignments", "pool_id=" + pool)) {
            if (below.contains(assignment.path("user_id").asText())) {
                assertTrue(assignment.path("created").asText().compareTo(banTime(api, pool,
                        assignment.path("user_id").asText())) <= 0, assignment.toString());
            }
        }
    }

    @Test
    void dawidSkeneRecoversTheTrueAnswersBetterThanMajorityVoteOnACrowdWithAFewBadWorkers() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        ObjectNode form = poolForm(api, 5, 0);
        String pool = api.post("/pools", form).field("id");
        upload(api, pool, 300, 5, 0);
        assertEquals(202, api.post("/pools/" + pool + "/open").status());

        define(operator, 11, persona("good", 5, 0.75), persona("bad", 3, 0.2));
        advanceUntilCompleted(operator, api, pool, "PT10M", 200);

        Map<String, List<String>> votes = new HashMap<>();
        for (JsonNode assignment : all(api, "/assignments", "pool_id=" + pool + "&status=ACCEPTED")) {
            for (Map.Entry<JsonNode, JsonNode> answer : answers(assignment)) {
                votes.computeIfAbsent(answer.getKey().path("id").asText(), t -> new ArrayList<>())
                        .add(answer.getValue().path("result").asText());
            }
        }
        Map<String, JsonNode> truths = trueSolutions(operator, pool);
        assertEquals(300, votes.size());
        votes.forEach((task, given) -> assertEquals(5, given.size(), task + " has its overlap"));

        ApiClient.Response accepted = api.post("/aggregated-solutions/aggregate-by-pool", Json.parseObject("""
                {"type": "DAWID_SKENE", "pool_id": "%s", "fields": [{"name": "result"}]}""".formatted(pool)));
        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals("SUCCESS", api.get("/operations/" + accepted.field("id")).field("status"));
        Map<String, String> dawidSkene = new HashMap<>();
        String after = "";
        JsonNode page;
        do {
            page = api.get("/aggregated-solutions/" + accepted.field("id") + "?limit=100" + after).json();
            for (JsonNode result : page.path("items")) {
                dawidSkene.put(result.path("task_id").asText(), result.path("output_values").path("result")
                        .asText());
                after = "&task_id_gt=" + result.path("task_id").asText();
            }
        } while (page.path("has_more").asBoolean());
        assertEquals(300, dawidSkene.size());

        int majorityRight = 0;
        int dawidSkeneRight = 0;
        for (Map.Entry<String, List<String>> task : votes.entrySet()) {
            String truth = truths.get(task.getKey()).path("output_values").path("result").asText();
            long cats = task.getValue().stream().filter("cat"::equals).count();
            majorityRight += (cats * 2 > task.getValue().size() ? "cat" : "dog").equals(truth) ? 1 : 0;
            dawidSkeneRight += truth.equals(dawidSkene.get(task.getKey())) ? 1 : 0;
        }
        // Each answer is right with probability 0.55 (5 workers at 0.75, 3 at 0.2): a majority of five is right on
        // about 60 % of the tasks. Dawid–Skene learns that the bad workers answer the other label and reads their
        // answers backwards, each then worth one right at 0.8, so its labels are right on about 90 % of them.
        assertTrue(dawidSkeneRight > majorityRight + 30, "Dawid–Skene " + dawidSkeneRight
                + " against majority vote " + majorityRight + " of 300");
        assertTrue(dawidSkeneRight >= 255, "Dawid–Skene is right on " + dawidSkeneRight + " of 300");
    }

    /**
     * A pool of the test fixtures' in a new project, closed as soon as it is complete, with suites of {@code real}
     * general and {@code golden} control tasks, and no quality control yet.
     */
    private static ObjectNode poolForm(ApiClient api, int real, int golden) {
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api)).put("auto_close_after_complete_delay_seconds", 0);
        form.putObject("mixer_config").put("real_tasks_count", real).put("golden_tasks_count", golden)
                .put("training_tasks_count", 0);
        form.remove("quality_control");
        return form;
    }

    /** {@code real} tasks of the given overlap and {@code golden} control tasks of infinite overlap, in one POST. */
    private static void upload(ApiClient api, String pool, int real, int overlap, int golden) {
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (int i = 0; i < real; i++) {
            tasks.addObject().put("pool_id", pool).put("overlap", overlap).putObject("input_values")
                    .put("image", "http://127.0.0.1/photos/" + i + ".jpg");
        }
        for (int i = 0; i < golden; i++) {
            ObjectNode task = tasks.addObject().put("pool_id", pool).put("infinite_overlap", true);
            task.putObject("input_values").put("image", "http://127.0.0.1/control/" + i + ".jpg");
            task.putArray("known_solutions").addObject().put("correctness_weight", 1).putObject("output_values")
                    .put("result", i % 2 == 0 ? "dog" : "cat");
        }
        ApiClient.Response uploaded = api.post("/tasks", tasks);
        assertEquals(201, uploaded.status(), uploaded.toString());
    }

    /** When the worker's restriction from the pool was made. */
    private static String banTime(ApiClient api, String pool, String userId) {
        return all(api, "/user-restrictions", "pool_id=" + pool + "&user_id=" + userId).get(0).path("created")
                .asText();
    }
}
