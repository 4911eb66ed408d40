package dev.artel.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One answer as aggregation sees it: the values of the aggregated output fields, taken together as one label
 * (crowd-kit aggregates a tuple of fields the same way: two answers agree only if every field does). Labels are
 * equal when their values are, numbers by value ({@code 1} and {@code 1.0} are one label), and are ordered as
 * crowd-kit orders them (by value, field by field: numbers numerically, strings by code point, false before true),
 * which is how ties are broken: the first label in this order wins.
 */
record Label(List<Object> key, List<JsonNode> values) implements Comparable<Label> {
    private static final Comparator<List<Object>> KEY_ORDER = Label::compareKeys;

    /** The label of {@code values}, one per aggregated field, none null. */
    static Label of(List<JsonNode> values) {
        List<Object> key = new ArrayList<>(values.size());
        for (JsonNode value : values) {
            key.add(normalized(value));
        }
        return new Label(List.copyOf(key), List.copyOf(values));
    }

    private static Object normalized(JsonNode value) {
        if (value.isNumber()) {
            return value.decimalValue().stripTrailingZeros();
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        // Not a type aggregation accepts (AggregatedFields refuses them), but kept apart from every string.
        return List.of(value.toString());
    }

    /** The label as output values: {@code {field: value}} for each aggregated field, in order. */
    ObjectNode outputValues(List<String> fields) {
        ObjectNode out = Json.object();
        for (int i = 0; i < fields.size(); i++) {
            out.set(fields.get(i), values.get(i));
        }
        return out;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Label label && key.equals(label.key);
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public int compareTo(Label other) {
        return KEY_ORDER.compare(key, other.key);
    }

    private static int compareKeys(List<Object> a, List<Object> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = compareValues(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static int compareValues(Object a, Object b) {
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y) {
            return x.compareTo(y);
        }
        if (a instanceof String x && b instanceof String y) {
            return compareCodePoints(x, y);
        }
        // Values of one field share a type; this only keeps the order total.
        int kinds = Integer.compare(kind(a), kind(b));
        return kinds != 0 ? kinds : a.toString().compareTo(b.toString());
    }

    private static int kind(Object value) {
        return value instanceof Boolean ? 0 : value instanceof BigDecimal ? 1 : value instanceof String ? 2 : 3;
    }

    /** Python's string order, which crowd-kit sorts labels in; Java's UTF-16 order differs above U+FFFF. */
    private static int compareCodePoints(String x, String y) {
        int i = 0;
        int j = 0;
        while (i < x.length() && j < y.length()) {
            int cx = x.codePointAt(i);
            int cy = y.codePointAt(j);
            if (cx != cy) {
                return Integer.compare(cx, cy);
            }
            i += Character.charCount(cx);
            j += Character.charCount(cy);
        }
        return Integer.compare(x.length() - i, y.length() - j);
    }
}
