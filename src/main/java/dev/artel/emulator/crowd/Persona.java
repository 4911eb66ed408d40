package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One kind of simulated worker, {@code count} of them: how often an answer is right (overall, or per output field),
 * how long a task takes, how often an assignment is skipped (after its time) or abandoned (left to expire), and the
 * profile its workers are created with.
 */
record Persona(String name, int count, double accuracy, Map<String, Double> fieldAccuracy, TimePerTask secondsPerTask,
               double skipRate, double abandonRate, ObjectNode profile, ObjectNode computed) {

    /** The probability that this persona's answer to {@code field} is the true one. */
    double accuracy(String field) {
        return fieldAccuracy.getOrDefault(field, accuracy);
    }

    /** As given, with defaults filled. */
    ObjectNode view() {
        ObjectNode out = Json.object().put("name", name).put("count", count).put("accuracy", accuracy);
        ObjectNode fields = out.putObject("field_accuracy");
        fieldAccuracy.forEach(fields::put);
        out.set("seconds_per_task", secondsPerTask.view());
        out.put("skip_rate", skipRate).put("abandon_rate", abandonRate);
        out.set("profile", profile.deepCopy());
        out.set("computed", computed.deepCopy());
        return out;
    }

    /** The form of each of its workers, a WorkerForm: the {@code n}th is named {@code <persona>-<n>}. */
    ObjectNode workerForm(int n) {
        ObjectNode form = Json.object().put("name", name + "-" + n);
        form.set("profile", profile.deepCopy());
        form.set("computed", computed.deepCopy());
        return form;
    }

    /**
     * Reads a persona that artel-api.yaml's Persona has admitted (types and ranges); adds to {@code errors} what the
     * schema cannot say, under {@code path}.
     */
    static Persona read(JsonNode form, String path, Map<String, FieldError> errors) {
        Map<String, Double> fieldAccuracy = new LinkedHashMap<>();
        form.path("field_accuracy").properties().forEach(e -> fieldAccuracy.put(e.getKey(), e.getValue().asDouble()));
        double skip = form.path("skip_rate").asDouble(0);
        double abandon = form.path("abandon_rate").asDouble(0);
        if (skip + abandon > 1) {
            errors.put(path + ".abandon_rate", FieldError.of("VALUE_GREATER_THAN_MAX",
                    "skip_rate and abandon_rate together must be at most 1"));
        }
        return new Persona(form.path("name").asText(), form.path("count").asInt(), form.path("accuracy").asDouble(1),
                fieldAccuracy, TimePerTask.read(form.get("seconds_per_task"), path + ".seconds_per_task", errors),
                skip, abandon, objectOrEmpty(form.get("profile")), objectOrEmpty(form.get("computed")));
    }

    private static ObjectNode objectOrEmpty(JsonNode node) {
        return node != null && node.isObject() ? ((ObjectNode) node).deepCopy() : Json.object();
    }
}
