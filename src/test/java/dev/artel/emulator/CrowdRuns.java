package dev.artel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What tests of the simulated crowd do over HTTP: define a crowd, move the clock until a pool is done, read it all. */
final class CrowdRuns {
    private CrowdRuns() {
    }

    /** A persona of {@code count} workers who answer right with {@code accuracy} and take 10 s a task. */
    static ObjectNode persona(String name, int count, double accuracy) {
        ObjectNode persona = Json.object().put("name", name).put("count", count).put("accuracy", accuracy);
        persona.putObject("seconds_per_task").put("distribution", "fixed").put("value", 10);
        // Speaking English, as the suite's other workers do: Fixtures.pool's filter admits only them.
        persona.putObject("profile").putArray("languages").add("EN");
        return persona;
    }

    /** PUT /emulator/crowd; returns the crowd view. */
    static JsonNode define(ApiClient operator, long seed, ObjectNode... personas) {
        ObjectNode form = Json.object().put("seed", seed);
        ArrayNode list = form.putArray("personas");
        for (ObjectNode persona : personas) {
            list.add(persona);
        }
        ApiClient.Response defined = operator.put("/emulator/crowd", form);
        assertEquals(200, defined.status(), defined.toString());
        return defined.json();
    }

    /** Worker id to the persona of a simulated worker of the current crowd. */
    static Map<String, String> personaOfWorker(ApiClient operator) {
        Map<String, String> personas = new LinkedHashMap<>();
        operator.get("/emulator/crowd").json().path("workers").forEach(w -> personas.put(w.path("id").asText(),
                w.path("persona").asText()));
        return personas;
    }

    /** Worker id to the name of a simulated worker of the current crowd. */
    static Map<String, String> nameOfWorker(ApiClient operator) {
        Map<String, String> names = new LinkedHashMap<>();
        operator.get("/emulator/crowd").json().path("workers").forEach(w -> names.put(w.path("id").asText(),
                w.path("name").asText()));
        return names;
    }

    /**
     * Advances the clock by {@code step} until the pool closes, at most {@code maxSteps} times, reading the pool
     * between steps as a client polls it; fails unless it closed as COMPLETED. Returns the timers fired.
     */
    static int advanceUntilCompleted(ApiClient operator, ApiClient api, String poolId, String step, int maxSteps) {
        int fired = 0;
        for (int i = 0; i < maxSteps; i++) {
            ApiClient.Response moved = operator.post("/emulator/clock/advance", Json.object().put("by", step));
            assertEquals(200, moved.status(), moved.toString());
            fired += moved.json().path("timers_fired").asInt();
            JsonNode pool = api.get("/pools/" + poolId).json();
            if (pool.path("status").asText().equals("CLOSED")) {
                assertEquals("COMPLETED", pool.path("last_close_reason").asText(), pool.toString());
                return fired;
            }
        }
        throw new AssertionError("pool " + poolId + " is not completed after " + maxSteps + " steps of " + step
                + ": " + api.get("/pools/" + poolId).text());
    }

    /** Every item of a Toloka list, a page of 300 at a time by id. {@code query} is the filter, such as pool_id=1. */
    static List<JsonNode> all(ApiClient api, String path, String query) {
        List<JsonNode> items = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = api.get(path + "?" + query + "&sort=id&limit=300" + after).json();
            page.path("items").forEach(items::add);
            if (!page.path("has_more").asBoolean()) {
                return items;
            }
            after = "&id_gt=" + items.get(items.size() - 1).path("id").asText();
        }
    }

    /** Task id to its true solution, read a page at a time. */
    static Map<String, JsonNode> trueSolutions(ApiClient operator, String poolId) {
        Map<String, JsonNode> truths = new LinkedHashMap<>();
        String after = "";
        while (true) {
            JsonNode page = operator.get("/emulator/pools/" + poolId + "/true-solutions?limit=500" + after).json();
            page.path("items").forEach(item -> truths.put(item.path("task_id").asText(), item));
            if (!page.path("has_more").asBoolean()) {
                return truths;
            }
            after = "&task_id_gt=" + page.path("items").get(page.path("items").size() - 1).path("task_id").asText();
        }
    }

    /** Each task an assignment carries with the answer given to it, in the assignment's order. */
    static List<Map.Entry<JsonNode, JsonNode>> answers(JsonNode assignment) {
        List<Map.Entry<JsonNode, JsonNode>> answers = new ArrayList<>();
        JsonNode tasks = assignment.path("tasks");
        for (int i = 0; i < tasks.size(); i++) {
            answers.add(Map.entry(tasks.get(i), assignment.path("solutions").path(i).path("output_values")));
        }
        return answers;
    }
}
