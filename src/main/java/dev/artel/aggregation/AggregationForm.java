package dev.artel.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * A request body of {@code aggregate-by-pool} or {@code aggregate-by-task}, past the spec's schema. The schema is
 * a oneOf of the two forms, which the validator takes as "either", and the Dawid-Skene form's {@code type} enum
 * names both algorithms; so what only the chosen {@code type} decides is checked here: Dawid-Skene takes at most
 * one field (the API reference: "you can't aggregate more than one field via the API"), aggregation by skill
 * needs its skill.
 */
record AggregationForm(Algorithm algorithm, String poolId, String taskId, List<String> fields, String skillId) {
    static AggregationForm of(ObjectNode body) {
        Algorithm algorithm = Algorithm.valueOf(body.path("type").asText());
        List<String> fields = new ArrayList<>();
        for (JsonNode field : body.path("fields")) {
            fields.add(field.path("name").asText());
        }
        String skillId = text(body, "answer_weight_skill_id");
        if (algorithm == Algorithm.DAWID_SKENE && fields.size() > 1) {
            throw ApiException.invalidField("fields", "ARRAY_SIZE_GREATER_THAN_MAX",
                    "Array must have at most 1 items: DAWID_SKENE aggregates one field");
        }
        if (algorithm == Algorithm.WEIGHTED_DYNAMIC_OVERLAP && skillId == null) {
            throw ApiException.invalidField("answer_weight_skill_id", "VALUE_REQUIRED",
                    "Value must be present and not equal to null");
        }
        // The reference: for DAWID_SKENE "the answer_weight_skill_id key ... is ignored".
        return new AggregationForm(algorithm, body.path("pool_id").asText(), text(body, "task_id"), List.copyOf(fields),
                algorithm == Algorithm.DAWID_SKENE ? null : skillId);
    }

    private static String text(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    /** The task, which {@code aggregate-by-task} needs and its schema does not require. */
    String requireTaskId() {
        if (taskId == null) {
            throw ApiException.invalidField("task_id", "VALUE_REQUIRED", "Value must be present and not equal to null");
        }
        return taskId;
    }
}
