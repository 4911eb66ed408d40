package dev.artel.emulator;

import static dev.artel.emulator.CrowdRuns.advanceUntilCompleted;
import static dev.artel.emulator.CrowdRuns.all;
import static dev.artel.emulator.CrowdRuns.answers;
import static dev.artel.emulator.CrowdRuns.define;
import static dev.artel.emulator.CrowdRuns.persona;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dynamic overlap with the emulator's simulated crowd: a pool of minimum overlap 3 and maximum 5, answered by
 * workers who are right four times in five (and a control task in every suite), ends the tasks its first three answers agree on at 3 and gives the
 * others more answers, and completes.
 */
class DynamicOverlapCrowdTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.startOnOwnDatabase(b -> b.emulator(true));

    private static final int TASKS = 30;

    @Test
    void tasksTheCrowdAgreesOnEndAtTheMinimumAndTheOthersGetMoreAnswers() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        JsonNode crowd = define(operator, 7, persona("fair", 8, 0.8));
        String skill = api.post("/skills", Fixtures.skill()).field("id");
        crowd.path("workers").forEach(worker -> assertEquals(200, api.put("/user-skills",
                Fixtures.userSkill(skill, worker.path("id").asText(), 80)).status()));

        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        form.put("auto_accept_solutions", true).put("auto_close_after_complete_delay_seconds", 0);
        form.putObject("mixer_config").put("real_tasks_count", 2).put("golden_tasks_count", 1)
                .put("training_tasks_count", 0);
        // Cats or dogs by workers of skill 80: three who agree are 98 % confident, two against one 80 %, three
        // against one 94 %, two against two a half.
        ObjectNode dynamic = form.putObject("dynamic_overlap_config").put("type", "BASIC").put("max_overlap", 5)
                .put("min_confidence", 0.9).put("answer_weight_skill_id", skill);
        dynamic.putArray("fields").addObject().put("name", "result");
        String pool = api.post("/pools", form).field("id");
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (int i = 0; i < TASKS; i++) {
            tasks.addObject().put("pool_id", pool).put("overlap", 3).putObject("input_values")
                    .put("image", "http://127.0.0.1/" + i + ".png");
        }
        // Control tasks, in every suite, keep their infinite overlap; a worker sees each once, so there are enough
        // for every suite a worker may need.
        for (int i = 0; i < 20; i++) {
            ObjectNode control = tasks.addObject().put("pool_id", pool).put("infinite_overlap", true);
            control.putObject("input_values").put("image", "http://127.0.0.1/control" + i + ".png");
            control.putArray("known_solutions").addObject().put("correctness_weight", 1)
                    .putObject("output_values").put("result", "cat");
        }
        assertEquals(201, api.post("/tasks", tasks).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());

        advanceUntilCompleted(operator, api, pool, "PT1M", 300);

        // Each task's answers in the order they were submitted.
        List<JsonNode> assignments = new ArrayList<>(all(api, "/assignments", "pool_id=" + pool));
        assignments.sort(Comparator.comparing((JsonNode a) -> a.path("submitted").asText())
                .thenComparing(a -> a.path("id").asText()));
        Map<String, List<String>> answered = new HashMap<>();
        for (JsonNode assignment : assignments) {
            assertEquals("ACCEPTED", assignment.path("status").asText(), assignment.toString());
            answers(assignment).forEach(answer -> answered.computeIfAbsent(answer.getKey().path("id").asText(),
                    id -> new ArrayList<>()).add(answer.getValue().path("result").asText()));
        }
        Map<Integer, Integer> tasksByOverlap = new TreeMap<>();
        for (JsonNode task : all(api, "/tasks", "pool_id=" + pool)) {
            if (task.path("infinite_overlap").asBoolean()) {
                continue;
            }
            int overlap = task.path("overlap").asInt();
            List<String> given = answered.get(task.path("id").asText());
            assertEquals(overlap, given.size(), task + " " + given);
            boolean firstThreeAgree = new HashSet<>(given.subList(0, 3)).size() == 1;
            assertEquals(overlap == 3, firstThreeAgree, task + " " + given);
            if (overlap == 4) {
                assertEquals(3, given.stream().filter(given.get(3)::equals).count(), "three against one: " + given);
            }
            assertTrue(overlap <= 5, task.toString());
            tasksByOverlap.merge(overlap, 1, Integer::sum);
        }
        assertTrue(tasksByOverlap.getOrDefault(3, 0) > 0 && tasksByOverlap.keySet().stream().anyMatch(o -> o > 3),
                "both kinds of task: " + tasksByOverlap);
        assertEquals(204, operator.send("DELETE", "/emulator/crowd", null, null).status());
    }
}
