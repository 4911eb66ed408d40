package dev.artel.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Values that a schema forbids at a field, and the edit that puts one into an otherwise valid body. Every
 * value here must be refused: the tests send them to an account whose state has to stay unchanged.
 */
final class JsonMutations {
    private static final JsonNodeFactory NODES = Json.mapper().getNodeFactory();

    private JsonMutations() {
    }

    /** A copy of {@code body} with {@code value} at {@code path}, creating the containers on the way. */
    static ObjectNode with(ObjectNode body, List<Object> path, JsonNode value) {
        ObjectNode copy = body.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < path.size() - 1; i++) {
            boolean arrayNext = path.get(i + 1) instanceof Integer;
            JsonNode child = child(node, path.get(i));
            if (child == null || (arrayNext ? !child.isArray() : !child.isObject())) {
                child = arrayNext ? NODES.arrayNode() : NODES.objectNode();
                put(node, path.get(i), child);
            }
            node = child;
        }
        put(node, path.get(path.size() - 1), value);
        return copy;
    }

    /** A copy of {@code body} without the field at {@code path}, or null when the body has no such field. */
    static ObjectNode without(ObjectNode body, List<Object> path) {
        ObjectNode copy = body.deepCopy();
        JsonNode node = copy;
        for (int i = 0; i < path.size() - 1 && node != null; i++) {
            node = child(node, path.get(i));
        }
        Object last = path.get(path.size() - 1);
        if (node instanceof ObjectNode object && last instanceof String name && object.has(name)) {
            object.remove(name);
            return copy;
        }
        return null;
    }

    /** A value of another JSON type than {@code type}; null is never one (absent and null are both allowed). */
    static JsonNode wrongType(String type, SplittableRandom random) {
        List<JsonNode> candidates = new ArrayList<>();
        if (!type.equals("string")) {
            candidates.add(NODES.textNode(pick(random, "", "1", "true", "{}", "[]", "null", "x".repeat(30))));
        }
        if (!type.equals("number") && !type.equals("integer")) {
            candidates.add(NODES.numberNode(pick(random, 0, 1, -1, Integer.MAX_VALUE)));
            candidates.add(NODES.numberNode(new BigDecimal("0.5")));
        }
        if (type.equals("integer")) {
            candidates.add(NODES.numberNode(new BigDecimal(pick(random, "1.5", "-0.001", "1e-999999999"))));
        }
        if (!type.equals("boolean")) {
            candidates.add(NODES.booleanNode(random.nextBoolean()));
        }
        if (!type.equals("object")) {
            ObjectNode object = NODES.objectNode();
            object.put("k", "v");
            candidates.add(random.nextBoolean() ? NODES.objectNode() : object);
        }
        if (!type.equals("array")) {
            ArrayNode array = NODES.arrayNode();
            array.add(1);
            candidates.add(random.nextBoolean() ? NODES.arrayNode() : array);
        }
        return candidates.get(random.nextInt(candidates.size()));
    }

    /**
     * A value of the right type that breaks another rule of the schema (enum, date-time, bounds, lengths)
     * or of Artel (no NUL in text), or null when there is no such rule for the type.
     */
    static JsonNode badValue(JsonNode schema, String type, SplittableRandom random) {
        List<JsonNode> candidates = new ArrayList<>();
        if (type.equals("string")) {
            // Valid JSON, but no text column of PostgreSQL can hold it: refused for every string.
            candidates.add(NODES.textNode("nul\u0000inside"));
            if (schema.has("enum")) {
                String known = schema.get("enum").get(random.nextInt(schema.get("enum").size())).asText();
                candidates.add(NODES.textNode(pick(random, "NOT_A_VALUE", known + "_", known.toLowerCase(
                        java.util.Locale.ROOT).equals(known) ? known + "X" : known.toLowerCase(java.util.Locale.ROOT),
                        " " + known, "")));
            }
            if ("date-time".equals(schema.path("format").asText())) {
                candidates.add(NODES.textNode(pick(random, "not a date", "2024-13-01T00:00:00",
                        "2024-01-32T00:00:00", "2024-01-01T25:00:00", "2024-01-01T00:61:00", "01/02/2024",
                        "2024-01-01T00:00:00+99:00", "9".repeat(60), "2024-01-01T00:00:00.0000000000",
                        pick(random, HostileValues.EXTREME_TIMES.toArray(String[]::new)))));
            }
            if (schema.has("maxLength")) {
                candidates.add(NODES.textNode("y".repeat(schema.get("maxLength").asInt() + 1)));
            }
            if (schema.path("minLength").asInt() > 0) {
                candidates.add(NODES.textNode("y".repeat(schema.get("minLength").asInt() - 1)));
            }
        } else if (type.equals("integer") || type.equals("number")) {
            BigDecimal step = type.equals("integer") ? BigDecimal.ONE : new BigDecimal("0.001");
            if (schema.has("minimum")) {
                candidates.add(NODES.numberNode(schema.get("minimum").decimalValue().subtract(step)));
            }
            if (schema.has("maximum")) {
                candidates.add(NODES.numberNode(schema.get("maximum").decimalValue().add(step)));
            }
            if (type.equals("integer")) {
                // No Java long holds these, whatever the schema's bounds; nor may they ever be expanded.
                candidates.add(NODES.numberNode(new BigDecimal(pick(random, "9223372036854775808",
                        "-9223372036854775809", "1e999999999", "-1e999999999", "9".repeat(99)))));
            }
            // No double holds these: too large, or too small to be anything but zero.
            candidates.add(NODES.numberNode(new BigDecimal(pick(random, "1e400", "-1.8e308", "1e-400",
                    "-5e-999999999", "1E+2147483647"))));
        } else if (type.equals("array")) {
            if (schema.path("minItems").asInt() > 0) {
                candidates.add(NODES.arrayNode());
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    @SafeVarargs
    static <T> T pick(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    private static JsonNode child(JsonNode node, Object segment) {
        return segment instanceof Integer index ? node.get(index) : node.get((String) segment);
    }

    private static void put(JsonNode node, Object segment, JsonNode value) {
        if (segment instanceof Integer index) {
            ArrayNode array = (ArrayNode) node;
            if (array.size() > index) {
                array.set(index, value);
            } else {
                array.add(value);
            }
        } else {
            ((ObjectNode) node).set((String) segment, value);
        }
    }
}
