package dev.artel.task;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * How an answer compares with a control or training task's {@code known_solutions}: one place for quality-control
 * rules, training results and the hints a worker is shown.
 */
public final class KnownSolutions {
    private KnownSolutions() {
    }

    /**
     * How correct an answer is, from 0 to 1: the largest {@code correctness_weight} (1 when not given) of the known
     * solutions it matches, 0 when it matches none. A known solution matches when every field it gives has the
     * answer's value; fields it leaves out (optional outputs) are not checked, as Toloka's docs say.
     */
    public static double correctness(JsonNode knownSolutions, JsonNode outputValues) {
        double best = 0;
        for (JsonNode known : knownSolutions) {
            if (matches(known.path("output_values"), outputValues)) {
                best = Math.max(best, known.path("correctness_weight").asDouble(1));
            }
        }
        return best;
    }

    /** Whether the task (as issued) has known solutions to score its answers against. */
    public static boolean scored(JsonNode task) {
        JsonNode known = task.path("known_solutions");
        return known.isArray() && !known.isEmpty();
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
    public static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
