package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Json;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.task.KnownSolutions;
import dev.artel.task.spec.FieldSpecs;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Comparing a worker's output values with other workers' answers. */
final class Answers {
    private Answers() {
    }

    /**
     * The required fields of the project's output spec: those a majority vote compares.
     */
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
            int count = (int) answers.stream().filter(other -> KnownSolutions.same(candidate, other)).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
                tie = false;
            } else if (count == bestCount && !KnownSolutions.same(candidate, best)) {
                tie = true;
            }
        }
        return bestCount >= Math.max(1, threshold) && !tie ? best : null;
    }
}
