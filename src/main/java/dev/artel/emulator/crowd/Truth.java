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

    /**
     * {@code task} is the task's document (input values, known and baseline solutions). A known or baseline solution
     * may leave out fields (Toloka compares only those it gives); those get hidden answers, so that the truth is whole.
     */
    static Truth of(JsonNode task, FieldSpecs outputs, long seed) {
        String key = Draws.taskKey(task.path("input_values"));
        ObjectNode values = Json.object();
        for (String field : outputs.fieldNames()) {
            outputs.anyValue(field, Draws.of(seed, "truth", key, field)).ifPresent(value -> values.set(field, value));
        }
        JsonNode known = task.path("known_solutions").path(0).path("output_values");
        JsonNode baseline = task.path("baseline_solutions").path(0).path("output_values");
        Source source = known.isObject() ? Source.KNOWN_SOLUTION
                : baseline.isObject() ? Source.BASELINE_SOLUTION : Source.HIDDEN;
        if (source != Source.HIDDEN) {
            values.setAll((ObjectNode) (known.isObject() ? known : baseline).deepCopy());
        }
        return new Truth(values, source);
    }

    /** As artel-api.yaml's TrueSolution. */
    ObjectNode view(String taskId, long poolId) {
        ObjectNode out = Json.object().put("task_id", taskId).put("pool_id", Long.toString(poolId));
        out.set("output_values", outputValues);
        out.put("source", source.name());
        return out;
    }
}
