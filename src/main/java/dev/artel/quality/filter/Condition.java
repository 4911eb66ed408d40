package dev.artel.quality.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Text;
import dev.artel.error.FieldError;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One condition of a pool filter ({@code {"category", "key", "operator", "value"}}): the keys Toloka documents for
 * each category (filter-profile.md, filter-computed.md, filter-skill.md, and toloka-kit's filter.py), the operators
 * each allows, and how it compares. The comparison rules, in one place:
 * <ul>
 *   <li>A value the worker does not have is null. {@code EQ} with no value (or null) matches exactly the workers
 *       without it (filter-skill.md: "to filter Tolokers without a skill"), and {@code NE} is always the negation of
 *       {@code EQ}, so {@code NE} with no value matches those who have it, and {@code NE 50} those without the skill
 *       too.</li>
 *   <li>{@code GT}, {@code GTE}, {@code LT}, {@code LTE} never match a missing value: "without the skill or whose
 *       skill is 65 and higher" is an {@code or} of {@code EQ} null and {@code GTE 65} in Toloka's tutorials.</li>
 *   <li>{@code IN} matches when the worker has any of the given values (a region, a city, or one of the languages
 *       of their profile); {@code NOT_IN} is its negation. A list value means "any of these".</li>
 *   <li>The computed string attributes (client type, device, OS family, user agent) are {@code UNKNOWN} when missing,
 *       as filter-computed.md says, so {@code NE WINDOWS} matches a worker whose OS is not stated.</li>
 *   <li>Numbers compare as numbers whether sent as 60 or "60" (filters.md writes a skill value as a string).</li>
 * </ul>
 * Regions compare by id only: a city does not match the country it lies in (Artel has no region tree).
 */
final class Condition {
    enum Operator { EQ, NE, GT, GTE, LT, LTE, IN, NOT_IN }

    private static final Set<Operator> IDENTITY = EnumSet.of(Operator.EQ, Operator.NE);
    private static final Set<Operator> COMPARISON = EnumSet.of(Operator.EQ, Operator.NE, Operator.GT, Operator.GTE,
            Operator.LT, Operator.LTE);
    private static final Set<Operator> INCLUSION = EnumSet.of(Operator.IN, Operator.NOT_IN);
    private static final String UNKNOWN = "UNKNOWN";
    private static final double MAX_SKILL = 100;

    /** What a key holds, as the wire gives it. */
    private enum Operand { STRING, BOOLEAN, INTEGER, NUMBER }

    /** A key of a category: what it holds, how it may be compared, and whether missing reads as UNKNOWN. */
    private record Key(Operand operand, Set<Operator> operators, boolean unknownWhenMissing) {
        static Key identity(Operand operand) {
            return new Key(operand, IDENTITY, false);
        }

        static Key compared(Operand operand) {
            return new Key(operand, COMPARISON, false);
        }

        static Key included(Operand operand) {
            return new Key(operand, INCLUSION, false);
        }

        static Key detected() {
            return new Key(Operand.STRING, IDENTITY, true);
        }
    }

    private static final Map<String, Key> PROFILE = Map.of(
            "gender", Key.identity(Operand.STRING),
            "country", Key.identity(Operand.STRING),
            "citizenship", Key.identity(Operand.STRING),
            "education", Key.identity(Operand.STRING),
            "adult_allowed", Key.identity(Operand.BOOLEAN),
            "date_of_birth", Key.compared(Operand.INTEGER),
            "city", Key.included(Operand.INTEGER),
            "languages", Key.included(Operand.STRING));

    private static final Map<String, Key> COMPUTED = Map.ofEntries(
            Map.entry("region_by_phone", Key.included(Operand.INTEGER)),
            Map.entry("region_by_ip", Key.included(Operand.INTEGER)),
            Map.entry("client_type", Key.detected()),
            Map.entry("device_category", Key.detected()),
            Map.entry("os_family", Key.detected()),
            Map.entry("user_agent_type", Key.detected()),
            Map.entry("user_agent_family", Key.detected()),
            Map.entry("os_version", Key.compared(Operand.NUMBER)),
            Map.entry("os_version_major", Key.compared(Operand.INTEGER)),
            Map.entry("os_version_minor", Key.compared(Operand.INTEGER)),
            Map.entry("os_version_bugfix", Key.compared(Operand.INTEGER)),
            Map.entry("user_agent_version", Key.compared(Operand.NUMBER)),
            Map.entry("user_agent_version_major", Key.compared(Operand.INTEGER)),
            Map.entry("user_agent_version_minor", Key.compared(Operand.INTEGER)),
            Map.entry("user_agent_version_bugfix", Key.compared(Operand.INTEGER)));

    private static final Key SKILL = Key.compared(Operand.NUMBER);
    private static final List<String> CATEGORIES = List.of("profile", "computed", "skill");

    private final String category;
    private final String key;
    private final Key kind;
    private final Operator operator;
    /** The condition's values, normalized; empty for "no value" (a skill compared with EQ or NE alone). */
    private final List<Object> values;

    private Condition(String category, String key, Key kind, Operator operator, List<Object> values) {
        this.category = category;
        this.key = key;
        this.kind = kind;
        this.operator = operator;
        this.values = values;
    }

    /** The condition at {@code path}, or null with its problems put into {@code errors}. */
    static Condition parse(JsonNode node, String path, Map<String, FieldError> errors) {
        int before = errors.size();
        String category = node.path("category").asText(null);
        if (category == null || !CATEGORIES.contains(category)) {
            errors.put(path + ".category", absent(node.path("category")) ? required()
                    : FieldError.of("UNKNOWN_ENUM_VALUE", "Expected one of " + CATEGORIES));
            return null;
        }
        String key = keyText(node.path("key"));
        Key kind = switch (category) {
            case "profile" -> PROFILE.get(key);
            case "computed" -> COMPUTED.get(key);
            default -> key != null && key.matches("\\d{1,18}") ? SKILL : null;
        };
        if (kind == null) {
            errors.put(path + ".key", absent(node.path("key")) ? required()
                    : FieldError.of("UNKNOWN_ENUM_VALUE", category.equals("skill") ? "Expected a skill id"
                    : "Expected one of " + (category.equals("profile") ? PROFILE : COMPUTED).keySet()));
            return null;
        }
        Operator operator = operator(node.path("operator"));
        if (operator == null || !kind.operators().contains(operator)) {
            errors.put(path + ".operator", absent(node.path("operator")) ? required()
                    : FieldError.of("UNKNOWN_ENUM_VALUE", "Expected one of " + kind.operators() + " for "
                    + category + " " + Text.abbreviate(key, 40)));
            return null;
        }
        List<Object> values = values(node.path("value"), kind, operator, path + ".value", errors);
        return errors.size() > before ? null : new Condition(category, key, kind, operator, values);
    }

    /** A key as text: skill ids come as numbers too (filter-skill.md writes {@code "key": 1124}). */
    private static String keyText(JsonNode key) {
        return key.isTextual() ? key.asText() : key.canConvertToExactIntegral() ? key.bigIntegerValue().toString()
                : null;
    }

    /** The operator, in any case: filters.md asks for lower case while every example, and toloka-kit, use upper. */
    private static Operator operator(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Operator.valueOf(node.asText().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static List<Object> values(JsonNode value, Key kind, Operator operator, String path,
                                       Map<String, FieldError> errors) {
        if (absent(value)) {
            if (kind == SKILL && IDENTITY.contains(operator)) {
                return List.of();
            }
            errors.put(path, required());
            return List.of();
        }
        List<Object> out = new ArrayList<>();
        if (value.isArray()) {
            if (!INCLUSION.contains(operator)) {
                errors.put(path, expected(kind.operand()));
            } else if (value.isEmpty()) {
                errors.put(path, FieldError.of("ARRAY_SIZE_LESS_THAN_MIN", "Give at least one value"));
            }
            for (int i = 0; i < value.size(); i++) {
                addValue(value.get(i), kind, path + "." + i, out, errors);
            }
        } else {
            addValue(value, kind, path, out, errors);
        }
        return out;
    }

    private static void addValue(JsonNode node, Key kind, String path, List<Object> out,
                                 Map<String, FieldError> errors) {
        Object value = normalized(node, kind.operand());
        if (value == null) {
            errors.put(path, expected(kind.operand()));
        } else if (kind == SKILL && ((Double) value < 0 || (Double) value > MAX_SKILL)) {
            errors.put(path, FieldError.of((Double) value < 0 ? "VALUE_LESS_THAN_MIN" : "VALUE_GREATER_THAN_MAX",
                    "A skill value is from 0 to 100"));
        } else {
            out.add(value);
        }
    }

    /** The value as conditions compare it: text, a boolean, or a double for any number; null if it is none. */
    private static Object normalized(JsonNode node, Operand operand) {
        return switch (operand) {
            case STRING -> node.isTextual() ? node.asText() : null;
            case BOOLEAN -> node.isBoolean() ? node.asBoolean() : null;
            case INTEGER -> {
                Double number = number(node);
                yield number != null && number == Math.rint(number) ? number : null;
            }
            case NUMBER -> number(node);
        };
    }

    private static Double number(JsonNode node) {
        double value;
        if (node.isNumber()) {
            value = node.doubleValue();
        } else if (node.isTextual()) {
            try {
                value = Double.parseDouble(node.asText().trim());
            } catch (NumberFormatException notNumber) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(value) ? value : null;
    }

    private static FieldError expected(Operand operand) {
        return switch (operand) {
            case STRING -> FieldError.of("STRING_EXPECTED", "Expected a string");
            case BOOLEAN -> FieldError.of("BOOLEAN_EXPECTED", "Expected true or false");
            case INTEGER -> FieldError.of("INTEGER_EXPECTED", "Expected an integer");
            case NUMBER -> FieldError.of("FLOAT_EXPECTED", "Expected a number");
        };
    }

    private static boolean absent(JsonNode node) {
        return node.isMissingNode() || node.isNull();
    }

    private static FieldError required() {
        return FieldError.of("VALUE_REQUIRED", "Value must be present and not equal to null");
    }

    boolean readsSkills() {
        return kind == SKILL;
    }

    boolean admits(WorkerFacts worker) {
        List<Object> had = workerValues(worker);
        return switch (operator) {
            case EQ -> equal(had);
            case NE -> !equal(had);
            case IN -> had.stream().anyMatch(values::contains);
            case NOT_IN -> had.stream().noneMatch(values::contains);
            case GT, GTE, LT, LTE -> had.size() == 1 && values.size() == 1
                    && had.get(0) instanceof Double mine && values.get(0) instanceof Double bound
                    && ordered(Double.compare(mine, bound));
        };
    }

    private boolean equal(List<Object> had) {
        return values.isEmpty() ? had.isEmpty() : had.size() == 1 && had.get(0).equals(values.get(0));
    }

    private boolean ordered(int comparison) {
        return switch (operator) {
            case GT -> comparison > 0;
            case GTE -> comparison >= 0;
            case LT -> comparison < 0;
            default -> comparison <= 0;
        };
    }

    /** What the worker has under the key: none, one value, or (languages) several. */
    private List<Object> workerValues(WorkerFacts worker) {
        if (kind == SKILL) {
            Double value = worker.skill(key);
            return value == null ? List.of() : List.of(value);
        }
        JsonNode node = category.equals("profile") ? worker.profile(key) : worker.computed(key);
        List<Object> out = new ArrayList<>();
        for (JsonNode item : node.isArray() ? node : List.of(node)) {
            Object value = normalized(item, kind.operand());
            if (value != null) {
                out.add(value);
            }
        }
        if (out.isEmpty() && kind.unknownWhenMissing()) {
            out.add(UNKNOWN);
        }
        return out;
    }
}
