package dev.artel.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Text;
import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

/**
 * What Artel accepts inside any JSON body, decided once at the boundary, for every field whether the spec
 * knows it or not (clients send unknown fields, and those are stored too):
 * <ul>
 * <li>Text, values and field names alike, is valid Unicode without U+0000. A lone UTF-16 surrogate (the
 * escape {@code \ud800} with no partner) has no UTF-8 encoding: stored, it would make every response that
 * carries it invalid JSON for strict clients, lists included. PostgreSQL's text cannot hold U+0000.</li>
 * <li>A number is one that a client's double can hold: no larger than about 1.8e308 and, unless it is zero,
 * no smaller than about 4.9e-324. JSON allows {@code 1e999999999}; Python reads it as infinity and Java
 * clients fail on it, and expanding it would take gigabytes.</li>
 * </ul>
 */
public final class InputRules {
    public static final String INVALID_CHARACTER = "INVALID_CHARACTER";
    public static final String VALUE_OUT_OF_BOUNDS = "VALUE_OUT_OF_BOUNDS";
    /** Decimal exponents beyond these cannot be a finite, non-zero double whatever the digits. */
    private static final int MAX_EXPONENT = 309;
    private static final int MIN_EXPONENT = -325;

    /** The first rule a body breaks: the dotted path of the field ({@code body} for the whole), code and message. */
    public record Violation(String path, String code, String message) {
    }

    private InputRules() {
    }

    public static Optional<Violation> firstViolation(JsonNode body) {
        return check(body, "");
    }

    /** Why {@code text} is not acceptable text, or null if it is; for query parameters and other strings. */
    public static String textProblem(String text) {
        if (text.indexOf('\0') >= 0) {
            return "Text must not contain the NUL character (U+0000)";
        }
        int lone = Text.firstLoneSurrogate(text);
        if (lone >= 0) {
            return String.format("Text must be valid Unicode: the UTF-16 surrogate \\u%04X at character %d has no"
                    + " partner", (int) text.charAt(lone), lone);
        }
        return null;
    }

    private static Optional<Violation> check(JsonNode node, String path) {
        if (node.isTextual()) {
            return text(node.textValue(), path);
        }
        if (node.isNumber()) {
            return number(node, path);
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                // The name goes into the error's payload as part of the path, so it is shown repaired.
                String child = join(path, Text.withoutLoneSurrogates(field.getKey()));
                Optional<Violation> found = text(field.getKey(), child).or(() -> check(field.getValue(), child));
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<Violation> found = check(node.get(i), join(path, Integer.toString(i)));
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Violation> text(String text, String path) {
        String problem = textProblem(text);
        return problem == null ? Optional.empty() : Optional.of(new Violation(named(path), INVALID_CHARACTER, problem));
    }

    private static Optional<Violation> number(JsonNode node, String path) {
        if (node.isInt() || node.isLong()) {
            return Optional.empty();
        }
        BigDecimal value = node.decimalValue();
        if (value.signum() == 0) {
            return Optional.empty();
        }
        // The exponent is computed without expanding the number, which for 1e999999999 would not finish.
        long exponent = (long) value.precision() - value.scale() - 1;
        double asDouble = exponent > MAX_EXPONENT || exponent < MIN_EXPONENT ? 0 : value.doubleValue();
        if (asDouble == 0 || Double.isInfinite(asDouble)) {
            return Optional.of(new Violation(named(path), VALUE_OUT_OF_BOUNDS,
                    "Number must be 0 or between 4.9e-324 and 1.7e308 in magnitude (what a double holds)"));
        }
        return Optional.empty();
    }

    private static String named(String path) {
        return path.isEmpty() ? "body" : path;
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
