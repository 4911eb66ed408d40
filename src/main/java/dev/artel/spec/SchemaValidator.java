package dev.artel.spec;

import dev.artel.core.Text;
import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Timestamps;
import dev.artel.error.FieldError;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Checks a request body against a schema of the spec and reports every problem by its dotted field path
 * ({@code mixer_config.real_tasks_count}, {@code filter.and.0.value}) with Toloka's validation codes.
 * Unknown fields are never refused: Toloka's clients send read-only and private fields back.
 */
public final class SchemaValidator {
    private static final int MAX_ERRORS = 50;
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    private final ApiSpec spec;

    public SchemaValidator(ApiSpec spec) {
        this.spec = spec;
    }

    public Map<String, FieldError> validate(JsonNode value, JsonNode schema) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        check(value, schema, "", errors, 0);
        return errors;
    }

    private void check(JsonNode value, JsonNode rawSchema, String path, Map<String, FieldError> errors, int depth) {
        JsonNode schema = spec.resolve(rawSchema);
        if (schema == null || errors.size() >= MAX_ERRORS || depth > 64 || value == null || value.isNull()) {
            return;
        }
        if (schema.has("allOf")) {
            for (JsonNode part : schema.get("allOf")) {
                check(value, part, path, errors, depth + 1);
            }
        }
        if (schema.has("oneOf") || schema.has("anyOf")) {
            checkAlternatives(value, schema.has("oneOf") ? schema.get("oneOf") : schema.get("anyOf"), path, errors,
                    depth);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "");
        switch (type) {
            case "object" -> checkObject(value, schema, path, errors, depth);
            case "array" -> checkArray(value, schema, path, errors, depth);
            case "string" -> checkString(value, schema, path, errors);
            case "integer" -> checkNumber(value, schema, path, errors, true);
            case "number" -> checkNumber(value, schema, path, errors, false);
            case "boolean" -> {
                if (!value.isBoolean()) {
                    add(errors, path, "BOOLEAN_EXPECTED", "Boolean expected");
                }
            }
            default -> {
            }
        }
    }

    private void checkAlternatives(JsonNode value, JsonNode alternatives, String path,
                                   Map<String, FieldError> errors, int depth) {
        Map<String, FieldError> fewest = null;
        for (JsonNode alternative : alternatives) {
            Map<String, FieldError> attempt = new LinkedHashMap<>();
            check(value, alternative, path, attempt, depth + 1);
            if (attempt.isEmpty()) {
                return;
            }
            if (fewest == null || attempt.size() < fewest.size()) {
                fewest = attempt;
            }
        }
        if (fewest != null) {
            fewest.forEach((k, v) -> errors.putIfAbsent(k, v));
        }
    }

    private void checkObject(JsonNode value, JsonNode schema, String path, Map<String, FieldError> errors, int depth) {
        if (!value.isObject()) {
            add(errors, path, "OBJECT_EXPECTED", "Object expected");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            String name = required.asText();
            JsonNode field = value.get(name);
            if (field == null || field.isNull()) {
                add(errors, join(path, name), "VALUE_REQUIRED", "Value must be present and not equal to null");
            }
        }
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").properties().iterator();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            JsonNode field = value.get(property.getKey());
            if (field != null) {
                check(field, property.getValue(), join(path, property.getKey()), errors, depth + 1);
            }
        }
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = value.properties().iterator();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!schema.path("properties").has(field.getKey())) {
                    check(field.getValue(), additional, join(path, field.getKey()), errors, depth + 1);
                }
            }
        }
    }

    private void checkArray(JsonNode value, JsonNode schema, String path, Map<String, FieldError> errors, int depth) {
        if (!value.isArray()) {
            add(errors, path, "ARRAY_EXPECTED", "Array expected");
            return;
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
            add(errors, path, "ARRAY_SIZE_LESS_THAN_MIN", "Array must have at least " + schema.get("minItems").asInt()
                    + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
            add(errors, path, "ARRAY_SIZE_GREATER_THAN_MAX", "Array must have at most "
                    + schema.get("maxItems").asInt() + " items");
        }
        if (schema.has("items")) {
            for (int i = 0; i < value.size(); i++) {
                check(value.get(i), schema.get("items"), join(path, Integer.toString(i)), errors, depth + 1);
            }
        }
    }

    private static void checkString(JsonNode value, JsonNode schema, String path, Map<String, FieldError> errors) {
        if (!value.isTextual()) {
            add(errors, path, "STRING_EXPECTED", "String expected");
            return;
        }
        String text = value.asText();
        if (schema.has("enum") && !enumContains(schema.get("enum"), text)) {
            add(errors, path, "UNKNOWN_ENUM_VALUE", "Unknown value '" + Text.abbreviate(text, 40) + "'; expected one of "
                    + schema.get("enum"));
            return;
        }
        if (schema.has("minLength") && text.length() < schema.get("minLength").asInt()) {
            add(errors, path, "STRING_LENGTH_LESS_THAN_MIN", "String must be at least "
                    + schema.get("minLength").asInt() + " characters long");
        }
        if (schema.has("maxLength") && text.length() > schema.get("maxLength").asInt()) {
            add(errors, path, "STRING_LENGTH_GREATER_THAN_MAX", "String must be at most "
                    + schema.get("maxLength").asInt() + " characters long");
        }
        if (schema.has("pattern") && !pattern(schema.get("pattern").asText()).matcher(text).find()) {
            add(errors, path, "STRING_PATTERN_MISMATCH", "String must match " + schema.get("pattern").asText());
        }
        if ("date-time".equals(schema.path("format").asText()) && Timestamps.parse(text).isEmpty()) {
            add(errors, path, "INVALID_DATE_TIME_SYNTAX", Timestamps.EXPECTED);
        }
    }

    private static void checkNumber(JsonNode value, JsonNode schema, String path, Map<String, FieldError> errors,
                                    boolean integer) {
        if (!value.isNumber() || (integer && !isIntegral(value))) {
            add(errors, path, integer ? "INTEGER_EXPECTED" : "FLOAT_EXPECTED",
                    integer ? "Integer expected" : "Number expected");
            return;
        }
        BigDecimal number = value.decimalValue();
        if (schema.has("enum") && !enumContains(schema.get("enum"), value.asText())) {
            add(errors, path, "UNKNOWN_ENUM_VALUE", "Unknown value; expected one of " + schema.get("enum"));
            return;
        }
        if (schema.has("minimum")) {
            BigDecimal min = schema.get("minimum").decimalValue();
            boolean exclusive = schema.path("exclusiveMinimum").asBoolean(false);
            if (exclusive ? number.compareTo(min) <= 0 : number.compareTo(min) < 0) {
                add(errors, path, "VALUE_LESS_THAN_MIN", "Value must be " + (exclusive ? "greater than " : "at least ")
                        + min.toPlainString());
            }
        }
        if (schema.has("maximum")) {
            BigDecimal max = schema.get("maximum").decimalValue();
            boolean exclusive = schema.path("exclusiveMaximum").asBoolean(false);
            if (exclusive ? number.compareTo(max) >= 0 : number.compareTo(max) > 0) {
                add(errors, path, "VALUE_GREATER_THAN_MAX", "Value must be " + (exclusive ? "less than " : "at most ")
                        + max.toPlainString());
            }
        }
        if (integer && "int32".equals(schema.path("format").asText())
                && (number.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0
                || number.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0)) {
            add(errors, path, "VALUE_OUT_OF_BOUNDS", "Value does not fit a 32-bit integer");
        } else if (integer && (number.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                || number.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0)) {
            add(errors, path, "VALUE_OUT_OF_BOUNDS", "Value does not fit a 64-bit integer");
        }
    }

    /** Compiled once per pattern; the patterns are the spec's own, so the cache is bounded by the spec. */
    private static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, Pattern::compile);
    }

    private static boolean isIntegral(JsonNode value) {
        if (value.isIntegralNumber()) {
            return true;
        }
        BigDecimal d = value.decimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static boolean enumContains(JsonNode values, String text) {
        for (JsonNode v : values) {
            if (v.asText().equals(text)) {
                return true;
            }
        }
        return false;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static void add(Map<String, FieldError> errors, String path, String code, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.putIfAbsent(path.isEmpty() ? "body" : path, FieldError.of(code, message));
        }
    }
}
