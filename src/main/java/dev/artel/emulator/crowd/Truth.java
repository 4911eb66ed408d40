package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.task.spec.FieldSpecs;

/**
 * The answer to a task that the simulated crowd counts as correct: the first known solution of a control (golden)
 * or training task, else the task's first baseline solution, else a hidden answer drawn for each output field from
 * the crowd's seed and the task's inputs, so that the same task has the same truth on every read, on every node.
 * A field no valid value can be made for (see FieldSpecs.anyValue) has no hidden answer.
 */
record Truth(ObjectNode outputValues, Source source) {
    enum Source { KNOWN_SOLUTION, BASELINE_SOLUTION, HIDDEN }

    /** {@code task} is the task's document (input values, known and baseline solutions). */
    static Truth of(JsonNode task, FieldSpecs outputs, long seed) {
        JsonNode known = task.path("known_solutions").path(0).path("output_values");
        if (known.isObject()) {
            return new Truth(((ObjectNode) known).deepCopy(), Source.KNOWN_SOLUTION);
        }
        JsonNode baseline = task.path("baseline_solutions").path(0).path("output_values");
        if (baseline.isObject()) {
            return new Truth(((ObjectNode) baseline).deepCopy(), Source.BASELINE_SOLUTION);
        }
        String key = Draws.taskKey(task.path("input_values"));
        ObjectNode hidden = Json.object();
        for (String field : outputs.fieldNames()) {
            outputs.anyValue(field, Draws.of(seed, "truth", key, field)).ifPresent(value -> hidden.set(field, value));
        }
        return new Truth(hidden, Source.HIDDEN);
    }

    /** As artel-api.yaml's TrueSolution. */
    ObjectNode view(String taskId, long poolId) {
        ObjectNode out = Json.object().put("task_id", taskId).put("pool_id", Long.toString(poolId));
        out.set("output_values", outputValues);
        out.put("source", source.name());
        return out;
    }
}
