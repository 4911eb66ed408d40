package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.task.spec.FieldSpecs;
import java.util.random.RandomGenerator;

/** What a simulated worker answers to one task. */
final class Answers {
    private Answers() {
    }

    /**
     * The worker's output values: for each field of the output spec, the true value with the persona's accuracy for
     * that field, else a plausible wrong one (FieldSpecs.otherValue: another allowed value, a nearby number ...).
     * Where a field has no other value, the wrong answer is the true one; where the truth lacks a required field, a
     * valid value is drawn; fields the spec does not name are left out. Each field draws from its own generator,
     * named by the worker and the task's inputs, so one field's answer does not move another's.
     */
    static ObjectNode of(Truth truth, FieldSpecs outputs, Persona persona, long seed, int worker, String taskKey) {
        ObjectNode answer = Json.object();
        for (String field : outputs.fieldNames()) {
            RandomGenerator random = Draws.of(seed, "answer", worker, taskKey, field);
            JsonNode truthValue = truth.outputValues().get(field);
            boolean known = truthValue != null && !truthValue.isNull();
            boolean right = random.nextDouble() < persona.accuracy(field);
            JsonNode value = right && known ? truthValue
                    : !known ? (outputs.isRequired(field) ? outputs.anyValue(field, random).orElse(null) : null)
                    : outputs.otherValue(field, truthValue, random).orElse(truthValue);
            if (value != null) {
                answer.set(field, value);
            }
        }
        return answer;
    }
}
