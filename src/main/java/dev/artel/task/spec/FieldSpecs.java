package dev.artel.task.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.error.FieldError;
import java.util.Map;

/** Placeholder until the checker of task values lands. */
public final class FieldSpecs {
    public static FieldSpecs of(JsonNode spec) {
        return new FieldSpecs();
    }

    public Map<String, FieldError> check(JsonNode values, String path) {
        return Map.of();
    }

    public Map<String, FieldError> checkPartial(JsonNode values, String path) {
        return Map.of();
    }
}
