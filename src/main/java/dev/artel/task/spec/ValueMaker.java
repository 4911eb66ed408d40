package dev.artel.task.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.artel.error.FieldError;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Values of one field for simulated workers, drawn with the caller's random source: {@link #any} a value the
 * field takes (a hidden true answer), {@link #other} a plausible value other than a given one (a wrong answer):
 * another allowed value, the other boolean, a nearby number, a string with one character changed, a point a
 * little way off. Every value is checked with the field's own {@link FieldSpec#check} before it is given, so
 * the server's submit validation always takes it.
 *
 * <p>Where no valid value can be made, the answer is empty rather than invalid: a {@code pattern} the sampler
 * does not model and that none of a few stock strings matches, bounds that nothing meets ({@code min_length}
 * above {@code max_length}, an integer range between two integers), an empty {@code allowed_values}, more than
 * {@value #MAX_ITEMS} array items required. {@link #other} is also empty where the field has one value only (a
 * single allowed value, a range of one number). A {@code file} value is a made-up attachment id, which passes
 * the check since Artel keeps no attachments to look it up in; a {@code json} value is a small object.
 */
final class ValueMaker {
    /** More array items than any sensible {@code min_size} asks for. */
    private static final int MAX_ITEMS = 100;
    /** Draws before giving up on a value that must also meet lengths or a pattern. */
    private static final int ATTEMPTS = 16;
    /** How far from a one-sided bound, or from 0, an unbounded number is drawn. */
    private static final int SPAN = 100;
    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = LOWER.toUpperCase(Locale.ROOT);
    private static final String DIGITS = "0123456789";
    /** Tried in turn for a pattern string when sampling the pattern fails. */
    private static final List<String> STOCK_STRINGS = List.of("a", "A", "1", "abc", "ABC", "123", "a1", "A1",
            "example", "Example", "yes", "no", "true", "false", "none", "other", "");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final FieldSpec spec;
    private final RandomGenerator random;

    ValueMaker(FieldSpec spec, RandomGenerator random) {
        this.spec = spec;
        this.random = random;
    }

    Optional<JsonNode> any() {
        for (int i = 0; i < ATTEMPTS; i++) {
            JsonNode candidate = spec.array ? anyArray() : anyItem();
            if (candidate != null && valid(candidate)) {
                return Optional.of(candidate);
            }
        }
        if (!spec.array && spec.type == FieldType.STRING) {
            return STOCK_STRINGS.stream().<JsonNode>map(JSON::textNode).filter(this::valid).findFirst();
        }
        return Optional.empty();
    }

    Optional<JsonNode> other(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return any();
        }
        for (int i = 0; i < ATTEMPTS; i++) {
            JsonNode candidate = spec.array ? otherArray(value) : otherItem(value);
            if (candidate != null && !differsNot(candidate, value) && valid(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean differsNot(JsonNode a, JsonNode b) {
        return FieldSpec.same(a, b);
    }

    private boolean valid(JsonNode value) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        spec.check(value, "value", errors);
        return errors.isEmpty();
    }

    private JsonNode anyArray() {
        int min = spec.minSize != null ? spec.minSize : (spec.maxSize != null && spec.maxSize < 1 ? 0 : 1);
        if (min > MAX_ITEMS) {
            return null;
        }
        int max = Math.min(spec.maxSize != null ? spec.maxSize : Math.max(min, 3), Math.max(min, MAX_ITEMS));
        if (max < min) {
            return null;
        }
        int size = min + random.nextInt(max - min + 1);
        ArrayNode items = JSON.arrayNode();
        for (int i = 0; i < size; i++) {
            JsonNode item = anyItem();
            if (item == null) {
                return null;
            }
            items.add(item);
        }
        return items;
    }

    /** Changes one item to another value, or failing that adds or drops one, as the size bounds allow. */
    private JsonNode otherArray(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            return anyArray();
        }
        ArrayNode items = ((ArrayNode) value).deepCopy();
        int i = random.nextInt(items.size());
        JsonNode changed = otherItem(items.get(i));
        if (changed != null) {
            items.set(i, changed);
        } else if (spec.maxSize == null || items.size() < spec.maxSize) {
            JsonNode added = anyItem();
            if (added == null) {
                return null;
            }
            items.add(added);
        } else if (spec.minSize == null || items.size() > spec.minSize) {
            items.remove(i);
        } else {
            return null;
        }
        return items;
    }

    private JsonNode anyItem() {
        if (spec.allowedValues != null) {
            List<JsonNode> allowed = spec.allowedValues;
            return allowed.isEmpty() ? null : allowed.get(random.nextInt(allowed.size()));
        }
        return switch (spec.type) {
            case BOOLEAN -> JSON.booleanNode(random.nextBoolean());
            case INTEGER -> anyInteger();
            case FLOAT -> anyFloat();
            case STRING -> anyString();
            case URL -> JSON.textNode("https://example.com/" + letters(LOWER, 8));
            case FILE -> JSON.textNode(hex(16));
            case COORDINATES -> coordinates(random.nextDouble(-90, 90), random.nextDouble(-180, 180));
            case JSON -> JSON.objectNode().put("value", random.nextInt(SPAN));
        };
    }

    private JsonNode otherItem(JsonNode value) {
        if (spec.allowedValues != null) {
            List<JsonNode> others = spec.allowedValues.stream().filter(a -> !FieldSpec.same(a, value)).toList();
            return others.isEmpty() ? null : others.get(random.nextInt(others.size()));
        }
        return switch (spec.type) {
            case BOOLEAN -> value.isBoolean() ? JSON.booleanNode(!value.booleanValue()) : anyItem();
            case INTEGER -> value.isNumber() ? nearbyInteger(value.decimalValue()) : anyItem();
            case FLOAT -> value.isNumber() ? nearbyFloat(value.decimalValue()) : anyItem();
            case STRING -> spec.pattern != null || !value.isTextual() ? anyItem() : withTypo(value.textValue());
            case URL -> value.isTextual()
                    ? JSON.textNode(value.textValue() + (value.textValue().contains("?") ? "&" : "?") + "v="
                            + (1 + random.nextInt(9)))
                    : anyItem();
            case COORDINATES -> value.isTextual() ? nearbyPoint(value.textValue()) : anyItem();
            case FILE, JSON -> anyItem();
        };
    }

    /**
     * The integer bounds of the field, each rounded inwards; with {@code span}, a missing one lies {@value #SPAN}
     * past the other (or from 0), else at the end of the 64-bit range.
     */
    private BigDecimal[] integerBounds(boolean span) {
        BigDecimal lo = spec.minValue == null ? null : spec.minValue.decimalValue().setScale(0, RoundingMode.CEILING);
        BigDecimal hi = spec.maxValue == null ? null : spec.maxValue.decimalValue().setScale(0, RoundingMode.FLOOR);
        BigDecimal longMin = BigDecimal.valueOf(Long.MIN_VALUE);
        BigDecimal longMax = BigDecimal.valueOf(Long.MAX_VALUE);
        if (lo == null) {
            lo = !span ? longMin : hi == null ? BigDecimal.ZERO : hi.subtract(BigDecimal.valueOf(SPAN));
        }
        if (hi == null) {
            hi = span ? lo.add(BigDecimal.valueOf(SPAN)) : longMax;
        }
        return new BigDecimal[] {lo.max(longMin).min(longMax), hi.max(longMin).min(longMax)};
    }

    private JsonNode anyInteger() {
        BigDecimal[] bounds = integerBounds(true);
        long lo = bounds[0].longValue();
        long hi = bounds[1].longValue();
        if (lo > hi) {
            return null;
        }
        return JSON.numberNode(lo == hi ? lo : hi == Long.MAX_VALUE ? random.nextLong(lo, hi)
                : random.nextLong(lo, hi + 1));
    }

    /** A step of 1 to a tenth of the value away, up or down, kept inside the bounds. */
    private JsonNode nearbyInteger(BigDecimal value) {
        BigDecimal[] bounds = integerBounds(false);
        long reach = Math.max(1, value.abs().divide(BigDecimal.TEN, 0, RoundingMode.DOWN)
                .min(BigDecimal.valueOf(1_000_000)).longValue());
        BigDecimal step = BigDecimal.valueOf(1 + random.nextLong(reach));
        BigDecimal candidate = random.nextBoolean() ? value.add(step) : value.subtract(step);
        candidate = candidate.max(bounds[0]).min(bounds[1]);
        if (candidate.compareTo(value) == 0) {
            candidate = value.add(value.compareTo(bounds[1]) >= 0 ? step.negate() : step).max(bounds[0])
                    .min(bounds[1]);
        }
        return JSON.numberNode(candidate.setScale(0, RoundingMode.DOWN).toBigInteger());
    }

    /** As {@link #integerBounds}, without the rounding; without {@code span}, a missing bound is unbounded. */
    private double[] floatBounds(boolean span) {
        double lo = spec.minValue == null ? Double.NaN : spec.minValue.doubleValue();
        double hi = spec.maxValue == null ? Double.NaN : spec.maxValue.doubleValue();
        if (Double.isNaN(lo)) {
            lo = !span ? -Double.MAX_VALUE : Double.isNaN(hi) ? 0 : hi - SPAN;
        }
        if (Double.isNaN(hi)) {
            hi = span ? lo + SPAN : Double.MAX_VALUE;
        }
        return new double[] {lo, hi};
    }

    private JsonNode anyFloat() {
        double[] bounds = floatBounds(true);
        if (bounds[0] > bounds[1]) {
            return null;
        }
        double u = random.nextDouble();
        // Written so that a range as wide as the doubles does not overflow.
        return twoDecimals(bounds[0] * (1 - u) + bounds[1] * u, bounds);
    }

    /** Up to a tenth of the value (at least 0.1) away, up or down, kept inside the bounds. */
    private JsonNode nearbyFloat(BigDecimal value) {
        double[] bounds = floatBounds(false);
        double v = value.doubleValue();
        double step = Math.max(Math.abs(v) / 10, 1) * (0.1 + 0.9 * random.nextDouble());
        double candidate = random.nextBoolean() ? v + step : v - step;
        if (candidate > bounds[1] || candidate < bounds[0]) {
            candidate = candidate > bounds[1] ? v - step : v + step;
        }
        return twoDecimals(Math.max(bounds[0], Math.min(bounds[1], candidate)), bounds);
    }

    /** The number to two decimals, as people type them; the bound itself when rounding would cross it. */
    private static JsonNode twoDecimals(double value, double[] bounds) {
        if (!Double.isFinite(value)) {
            return null;
        }
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
        if (rounded.doubleValue() < bounds[0] || rounded.doubleValue() > bounds[1]) {
            return JSON.numberNode(BigDecimal.valueOf(rounded.doubleValue() < bounds[0] ? bounds[0] : bounds[1]));
        }
        return JSON.numberNode(rounded);
    }

    private JsonNode anyString() {
        if (spec.pattern != null) {
            return PatternSampler.sample(spec.pattern.source(), random).<JsonNode>map(JSON::textNode).orElse(null);
        }
        int min = spec.minLength != null ? spec.minLength : Math.min(3, maxLength());
        int max = Math.min(maxLength(), min + 12);
        if (min > max || min > MAX_ITEMS * 100) {
            return null;
        }
        return JSON.textNode(letters(LOWER, min + random.nextInt(max - min + 1)));
    }

    private int maxLength() {
        return spec.maxLength != null ? spec.maxLength : Integer.MAX_VALUE;
    }

    /** The text with one letter or digit changed to another of its kind, as a slip of the finger would. */
    private JsonNode withTypo(String text) {
        if (text.isEmpty()) {
            return anyString();
        }
        int i = random.nextInt(text.length());
        char c = text.charAt(i);
        if (Character.isSurrogate(c)) {
            return anyString();
        }
        String kind = Character.isDigit(c) ? DIGITS : Character.isUpperCase(c) ? UPPER : LOWER;
        char replacement;
        do {
            replacement = kind.charAt(random.nextInt(kind.length()));
        } while (replacement == c);
        return JSON.textNode(text.substring(0, i) + replacement + text.substring(i + 1));
    }

    /** A point 0.001 to 0.05 degrees off in each direction, kept on the globe. */
    private JsonNode nearbyPoint(String text) {
        Optional<ValueSyntax.Coordinates> point = ValueSyntax.coordinates(text);
        if (point.isEmpty()) {
            return anyItem();
        }
        double latitude = point.get().latitude().doubleValue() + offset();
        double longitude = point.get().longitude().doubleValue() + offset();
        return coordinates(Math.max(-90, Math.min(90, latitude)), Math.max(-180, Math.min(180, longitude)));
    }

    private double offset() {
        return (random.nextBoolean() ? 1 : -1) * random.nextDouble(0.001, 0.05);
    }

    private static JsonNode coordinates(double latitude, double longitude) {
        return JSON.textNode(String.format(Locale.ROOT, "%.6f,%.6f", latitude, longitude));
    }

    private String letters(String alphabet, int length) {
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return out.toString();
    }

    private String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
