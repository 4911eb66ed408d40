package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.task.spec.FieldSpecs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Comparing a worker's output values with known solutions and with other workers' answers. */
final class Answers {
    private Answers() {
    }

    /**
     * How correct an answer is, from 0 to 1: the largest {@code correctness_weight} (1 when not given) of the known
     * solutions it matches, 0 when it matches none. A known solution matches when every field it gives has the
     * answer's value; fields it leaves out (optional outputs) are not checked, as Toloka's docs say.
     */
    static double correctness(JsonNode knownSolutions, JsonNode outputValues) {
        double best = 0;
        for (JsonNode known : knownSolutions) {
            if (matches(known.path("output_values"), outputValues)) {
                best = Math.max(best, known.path("correctness_weight").asDouble(1));
            }
        }
        return best;
    }

    private static boolean matches(JsonNode expected, JsonNode actual) {
        if (!expected.isObject() || !actual.isObject()) {
            return false;
        }
        for (Map.Entry<String, JsonNode> field : expected.properties()) {
            if (!same(field.getValue(), actual.path(field.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Equal JSON, numbers compared by value (1 and 1.0 are the same answer). */
    static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    /** The required fields of the project's output spec: those a majority vote compares. */
    static Set<String> votedFields(JsonNode projectDoc) {
        FieldSpecs spec = FieldSpecs.of(projectDoc.path("task_spec").path("output_spec"));
        return spec.fieldNames().stream().filter(spec::isRequired)
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The output values a majority vote compares: those of {@code fields}, or all when it is empty. */
    static JsonNode voted(JsonNode outputValues, Set<String> fields) {
        if (fields.isEmpty() || !outputValues.isObject()) {
            return outputValues;
        }
        ObjectNode out = Json.object();
        for (String field : fields) {
            out.set(field, outputValues.path(field).isMissingNode() ? NullNode.getInstance() : outputValues.get(field));
        }
        return out;
    }

    /**
     * The answer (its {@link #voted} values) at least {@code threshold} workers gave to the task among the answers
     * that count, the most frequent if several reach it; null when none does (and on a tie at the top, when there
     * is no majority).
     */
    static JsonNode majority(List<Past> withTask, String taskId, int threshold, Set<String> fields) {
        List<JsonNode> answers = new ArrayList<>();
        for (Past past : withTask) {
            if (past.answerCounts()) {
                for (JsonNode[] answer : past.answers()) {
                    if (answer[0].path("id").asText().equals(taskId)) {
                        answers.add(voted(answer[1], fields));
                    }
                }
            }
        }
        JsonNode best = null;
        int bestCount = 0;
        boolean tie = false;
        for (JsonNode candidate : answers) {
            int count = (int) answers.stream().filter(other -> same(candidate, other)).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
                tie = false;
            } else if (count == bestCount && !same(candidate, best)) {
                tie = true;
            }
        }
        return bestCount >= Math.max(1, threshold) && !tie ? best : null;
    }
}
