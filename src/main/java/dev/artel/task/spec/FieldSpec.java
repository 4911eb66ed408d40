package dev.artel.task.spec;

import static dev.artel.task.spec.ValueErrors.join;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.artel.error.FieldError;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One field of an {@code input_spec} or {@code output_spec}, read once, and the check of one value against it.
 *
 * <p>Which attribute binds which type follows the two SDKs' models (toloka-kit {@code field_spec.py}, the Java
 * SDK's {@code FieldSpec}) and the guide's table: {@code min_length}, {@code max_length} and {@code pattern}
 * bind strings; {@code min_value} and {@code max_value} integers and floats; {@code allowed_values} booleans,
 * strings, integers and floats ("Allowed values for string, integer, float and boolean data types");
 * {@code min_size} and {@code max_size} arrays, whose other attributes bind each item. An attribute on a type
 * it does not bind is ignored, as an unknown one is, and so are {@code hidden} (hidden values are still
 * required when required) and {@code current_location} (how the worker's app fills a value, not what it may
 * be). Lengths count Unicode code points, the characters a person (and Python's {@code len}) counts, not
 * UTF-16 units.
 *
 * <p>A spec is read leniently, since stored projects are not checked again: an attribute that cannot be read
 * is recorded as a problem and otherwise ignored, and a field of an unknown type takes any value.
 */
final class FieldSpec {
    private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
    private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

    // Read by ValueMaker too, which makes values that these attributes take.
    final FieldType type;
    final boolean array;
    /** The spec's default is {@code true} (the API reference and both SDKs; the web editor defaults to false). */
    private final boolean required;
    final Integer minLength;
    final Integer maxLength;
    final Integer minSize;
    final Integer maxSize;
    final JsonNode minValue;
    final JsonNode maxValue;
    final List<JsonNode> allowedValues;
    final BoundedPattern pattern;

    private FieldSpec(Reader r, FieldType type, boolean array) {
        this.type = type;
        this.array = array;
        this.required = r.bool("required", true);
        // Read only to report a value that is not a boolean: hidden values are checked like any other.
        r.bool("hidden", false);
        boolean string = type == FieldType.STRING;
        boolean number = type == FieldType.INTEGER || type == FieldType.FLOAT;
        this.minLength = string ? r.count("min_length") : null;
        this.maxLength = string ? r.count("max_length") : null;
        this.pattern = string ? r.pattern() : null;
        this.minValue = number ? r.number("min_value") : null;
        this.maxValue = number ? r.number("max_value") : null;
        this.allowedValues = string || number || type == FieldType.BOOLEAN ? r.allowedValues(type) : null;
        this.minSize = array ? r.count("min_size") : null;
        this.maxSize = array ? r.count("max_size") : null;
    }

    /** The field {@code name} as {@code node} specifies it; what cannot be read goes to {@code problems}. */
    static FieldSpec read(String name, JsonNode node, Map<String, FieldError> problems) {
        if (!node.isObject()) {
            ValueErrors.objectExpected(problems, name);
            return new FieldSpec(new Reader(JsonNodeFactory.instance.objectNode(), name, problems), FieldType.JSON,
                    false);
        }
        Reader r = new Reader(node, name, problems);
        JsonNode typeNode = node.get("type");
        // Toloka's own examples write types in capitals ("URL", "STRING"), toloka-kit in lower case: both are taken.
        String typeName = typeNode == null || !typeNode.isTextual() ? null
                : typeNode.textValue().toLowerCase(java.util.Locale.ROOT);
        boolean array = typeName != null && typeName.startsWith(FieldType.ARRAY_PREFIX);
        Optional<FieldType> type = typeName == null ? Optional.empty()
                : FieldType.named(array ? typeName.substring(FieldType.ARRAY_PREFIX.length()) : typeName);
        if (typeNode == null || typeNode.isNull()) {
            ValueErrors.required(problems, join(name, "type"));
        } else if (typeName == null) {
            ValueErrors.wrongType(problems, join(name, "type"), FieldType.STRING);
        } else if (type.isEmpty()) {
            ValueErrors.unknownType(problems, join(name, "type"), typeName, FieldType.allNames());
        }
        return new FieldSpec(r, type.orElse(FieldType.JSON), type.isPresent() && array);
    }

    boolean required() {
        return required;
    }

    /** Adds to {@code errors} what is wrong with {@code value}, a non-null value of this field at {@code path}. */
    void check(JsonNode value, String path, Map<String, FieldError> errors) {
        if (!array) {
            checkItem(value, path, errors);
            return;
        }
        if (!value.isArray()) {
            ValueErrors.arrayExpected(errors, path);
            return;
        }
        if (minSize != null && value.size() < minSize) {
            ValueErrors.tooFewItems(errors, path, minSize);
        }
        if (maxSize != null && value.size() > maxSize) {
            ValueErrors.tooManyItems(errors, path, maxSize);
        }
        for (int i = 0; i < value.size() && errors.size() < ValueErrors.MAX_ERRORS; i++) {
            checkItem(value.get(i), join(path, Integer.toString(i)), errors);
        }
    }

    private void checkItem(JsonNode value, String path, Map<String, FieldError> errors) {
        if (type == FieldType.JSON) {
            return;
        }
        if (!hasType(type, value)) {
            ValueErrors.wrongType(errors, path, type);
            return;
        }
        if (allowedValues != null && allowedValues.stream().noneMatch(allowed -> same(allowed, value))) {
            ValueErrors.notAllowed(errors, path, allowedValues);
            return;
        }
        switch (type) {
            case STRING -> checkString(value.textValue(), path, errors);
            case INTEGER, FLOAT -> checkNumber(value, path, errors);
            case URL -> {
                if (!ValueSyntax.isUrl(value.textValue())) {
                    ValueErrors.invalidUrl(errors, path);
                }
            }
            // A file value names an attachment; whether that attachment exists is for the caller to know.
            case FILE -> {
                if (value.textValue().isEmpty()) {
                    ValueErrors.tooShort(errors, path, 1);
                }
            }
            case COORDINATES -> checkCoordinates(value.textValue(), path, errors);
            default -> {
            }
        }
    }

    private static boolean hasType(FieldType type, JsonNode value) {
        return switch (type) {
            case BOOLEAN -> value.isBoolean();
            case INTEGER -> value.isNumber() && isIntegral(value);
            case FLOAT -> value.isNumber();
            case JSON -> true;
            default -> value.isTextual();
        };
    }

    /** 1.0 is an integer, as {@code spec.SchemaValidator} takes it; 1.5 is not. */
    private static boolean isIntegral(JsonNode value) {
        return value.isIntegralNumber() || value.decimalValue().stripTrailingZeros().scale() <= 0;
    }

    static boolean same(JsonNode allowed, JsonNode value) {
        if (allowed.isNumber() && value.isNumber()) {
            return allowed.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return allowed.equals(value);
    }

    private void checkString(String text, String path, Map<String, FieldError> errors) {
        if (minLength != null || maxLength != null) {
            int length = text.codePointCount(0, text.length());
            if (minLength != null && length < minLength) {
                ValueErrors.tooShort(errors, path, minLength);
                return;
            }
            if (maxLength != null && length > maxLength) {
                ValueErrors.tooLong(errors, path, maxLength);
                return;
            }
        }
        if (pattern != null) {
            switch (pattern.match(text)) {
                case MISMATCH -> ValueErrors.patternMismatch(errors, path, pattern.source());
                case TOO_COSTLY -> ValueErrors.patternTooCostly(errors, path, pattern.source());
                default -> {
                }
            }
        }
    }

    private void checkNumber(JsonNode value, String path, Map<String, FieldError> errors) {
        BigDecimal number = value.decimalValue();
        if (type == FieldType.INTEGER && (number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0)) {
            ValueErrors.outOfBounds(errors, path, "Value does not fit a 64-bit integer");
        } else if (minValue != null && number.compareTo(minValue.decimalValue()) < 0) {
            ValueErrors.lessThanMin(errors, path, minValue.asText());
        } else if (maxValue != null && number.compareTo(maxValue.decimalValue()) > 0) {
            ValueErrors.greaterThanMax(errors, path, maxValue.asText());
        }
    }

    private static void checkCoordinates(String text, String path, Map<String, FieldError> errors) {
        Optional<ValueSyntax.Coordinates> point = ValueSyntax.coordinates(text);
        if (point.isEmpty()) {
            ValueErrors.invalidCoordinates(errors, path);
        } else if (!point.get().inRange()) {
            ValueErrors.outOfBounds(errors, path,
                    "Latitude must be between -90 and 90 and longitude between -180 and 180");
        }
    }

    /** Reads the attributes of one field spec, recording under {@code field.attribute} what it cannot read. */
    private record Reader(JsonNode node, String field, Map<String, FieldError> problems) {
        private JsonNode get(String attribute) {
            JsonNode value = node.get(attribute);
            return value == null || value.isNull() ? null : value;
        }

        private String path(String attribute) {
            return join(field, attribute);
        }

        boolean bool(String attribute, boolean absent) {
            JsonNode value = get(attribute);
            if (value == null) {
                return absent;
            }
            if (!value.isBoolean()) {
                ValueErrors.wrongType(problems, path(attribute), FieldType.BOOLEAN);
                return absent;
            }
            return value.booleanValue();
        }

        /** A non-negative whole number; beyond {@code int} it bounds nothing a request can hold, so it is capped. */
        Integer count(String attribute) {
            JsonNode value = get(attribute);
            if (value == null) {
                return null;
            }
            if (!value.isNumber() || !isIntegral(value)) {
                ValueErrors.wrongType(problems, path(attribute), FieldType.INTEGER);
                return null;
            }
            if (value.decimalValue().signum() < 0) {
                ValueErrors.lessThanMin(problems, path(attribute), "0");
                return null;
            }
            return value.decimalValue().min(BigDecimal.valueOf(Integer.MAX_VALUE)).intValue();
        }

        JsonNode number(String attribute) {
            JsonNode value = get(attribute);
            if (value != null && !value.isNumber()) {
                ValueErrors.wrongType(problems, path(attribute), FieldType.FLOAT);
                return null;
            }
            return value;
        }

        BoundedPattern pattern() {
            JsonNode value = get("pattern");
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                ValueErrors.wrongType(problems, path("pattern"), FieldType.STRING);
                return null;
            }
            try {
                return new BoundedPattern(Pattern.compile(value.textValue()));
            } catch (PatternSyntaxException e) {
                ValueErrors.invalidRegex(problems, path("pattern"), e.getDescription());
                return null;
            }
        }

        /** Items of another type than the field's are recorded and left out, so they allow nothing. */
        List<JsonNode> allowedValues(FieldType type) {
            JsonNode value = get("allowed_values");
            if (value == null) {
                return null;
            }
            if (!value.isArray()) {
                ValueErrors.arrayExpected(problems, path("allowed_values"));
                return null;
            }
            List<JsonNode> allowed = new ArrayList<>();
            for (int i = 0; i < value.size(); i++) {
                JsonNode item = value.get(i);
                if (hasType(type, item)) {
                    allowed.add(item);
                } else {
                    ValueErrors.wrongType(problems, join(path("allowed_values"), Integer.toString(i)), type);
                }
            }
            return allowed;
        }
    }
}
