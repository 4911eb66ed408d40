package dev.artel.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.spec.ApiSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * Every field path of a request schema of fullApi.yaml (after Artel's corrections), with the schema that
 * applies there. Paths go through properties, array items (index 0) and additionalProperties (a made-up
 * key); they stop at oneOf/anyOf, where a value of another type may still match another alternative and so
 * would not be a guaranteed refusal (except at the top, see {@link #objectSchema}), and at a fixed depth,
 * since the schemas refer to themselves.
 */
final class SchemaFields {
    /** One path; {@code schema} is resolved, {@code type} is the JSON type it demands (never empty). */
    record Field(List<Object> path, JsonNode schema, String type) {
        String dotted() {
            StringBuilder out = new StringBuilder();
            for (Object segment : path) {
                out.append(out.length() == 0 ? "" : ".").append(segment);
            }
            return out.toString();
        }
    }

    /** The key used under additionalProperties, where any name is allowed. */
    private static final String ANY_KEY = "fuzz_key";
    private static final int MAX_DEPTH = 8;

    private final ApiSpec spec;

    SchemaFields(ApiSpec spec) {
        this.spec = spec;
    }

    List<Field> of(JsonNode schema) {
        List<Field> out = new ArrayList<>();
        walk(objectSchema(schema), List.of(), 0, out);
        return out;
    }

    /**
     * The schema a valid body, always an object, is held to: the request schema itself, or, where that is one
     * of an object and an array of them (POST /tasks, /task-suites), its one object alternative. A body that
     * stays an object can never match the array, so any field the object alternative forbids is refused.
     */
    /** Whether the operation also takes an array of objects, where JSON that is no object may still be valid. */
    boolean acceptsArray(JsonNode requestSchema) {
        return objectSchema(requestSchema) != spec.resolve(requestSchema);
    }

    JsonNode objectSchema(JsonNode requestSchema) {
        JsonNode schema = spec.resolve(requestSchema);
        JsonNode alternatives = schema.has("oneOf") ? schema.get("oneOf") : schema.path("anyOf");
        List<JsonNode> objects = new ArrayList<>();
        for (JsonNode alternative : alternatives) {
            JsonNode resolved = spec.resolve(alternative);
            if (resolved.path("type").asText(resolved.has("properties") ? "object" : "").equals("object")) {
                objects.add(resolved);
            }
        }
        return objects.size() == 1 ? objects.get(0) : schema;
    }

    private void walk(JsonNode raw, List<Object> path, int depth, List<Field> out) {
        JsonNode schema = spec.resolve(raw);
        if (schema == null || depth > MAX_DEPTH || schema.has("oneOf") || schema.has("anyOf")) {
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            walk(part, path, depth + 1, out);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        if (type.isEmpty()) {
            return;
        }
        if (!path.isEmpty()) {
            out.add(new Field(path, schema, type));
        }
        if (type.equals("object")) {
            for (var property : schema.path("properties").properties()) {
                walk(property.getValue(), append(path, property.getKey()), depth + 1, out);
            }
            JsonNode additional = schema.get("additionalProperties");
            if (additional != null && additional.isObject()) {
                walk(additional, append(path, ANY_KEY), depth + 1, out);
            }
        } else if (type.equals("array") && schema.has("items")) {
            walk(schema.get("items"), append(path, 0), depth + 1, out);
        }
    }

    private static List<Object> append(List<Object> path, Object segment) {
        List<Object> longer = new ArrayList<>(path);
        longer.add(segment);
        return List.copyOf(longer);
    }
}
