package dev.artel.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.operation.Operation;
import dev.artel.pool.Pool;
import dev.artel.project.Project;
import java.util.ArrayList;
import java.util.List;

/**
 * One aggregation, checked and ready to run: the algorithm, the pool, the fields aggregated together, the skill
 * that weighs answers (aggregation by skill only) and the number of possible answers ({@code options}, 0 when
 * the fields do not enumerate them). An operation stores it in its parameters, in the shape of Toloka's own
 * examples of SOLUTION.AGGREGATE (responses/api/aggregated-solution-pool.yaml), which differs by algorithm, and
 * the options in its internal part; so a run needs neither the request nor the project, which may have changed.
 */
record AggregationJob(Algorithm algorithm, long poolId, List<String> fields, String skillId, long options) {
    private static final String OPTIONS = "options";

    /** The operation's {@code parameters}. */
    ObjectNode parameters(String accountId, Pool pool, Project project, AggregatedFields aggregated) {
        ObjectNode out = Json.object();
        out.put("pool_id", Long.toString(poolId));
        out.put("algorithm", algorithm.name());
        out.put("pool_name", pool.doc().tree().path("private_name").asText());
        out.put("project_id", Long.toString(project.id()));
        out.put("requester_id", accountId);
        if (algorithm == Algorithm.DAWID_SKENE) {
            ArrayNode inputs = out.putArray("input_fields");
            project.doc().tree().path("task_spec").path("input_spec").fieldNames().forEachRemaining(inputs::add);
            aggregated.missing().forEach(out.putArray("missing_output_fields")::add);
            fields.forEach(out.putArray("aggregated_output_fields")::add);
        } else {
            ArrayNode named = out.putArray("aggregated_fields");
            fields.forEach(name -> named.addObject().put("name", name));
            out.put("answer_weight_skill_id", skillId);
        }
        return out;
    }

    /** The operation's internal part: what the run needs and clients are not shown. */
    ObjectNode internal() {
        return Json.object().put(OPTIONS, options);
    }

    static AggregationJob of(Operation operation) {
        ObjectNode parameters = operation.parameters();
        Algorithm algorithm = Algorithm.valueOf(parameters.path("algorithm").asText());
        List<String> fields = new ArrayList<>();
        if (algorithm == Algorithm.DAWID_SKENE) {
            parameters.path("aggregated_output_fields").forEach(name -> fields.add(name.asText()));
        } else {
            parameters.path("aggregated_fields").forEach(field -> fields.add(field.path("name").asText()));
        }
        JsonNode skill = parameters.get("answer_weight_skill_id");
        return new AggregationJob(algorithm, Long.parseLong(parameters.path("pool_id").asText()), List.copyOf(fields),
                skill == null ? null : skill.asText(), operation.internal().path(OPTIONS).asLong());
    }
}
