package dev.artel.storage;

import dev.artel.core.Text;
import dev.artel.core.Timestamps;
import dev.artel.core.ObjectIds;
import dev.artel.error.ApiException;
import dev.artel.error.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Paging, sorting and range filtering of every list endpoint, parsed once. Each resource declares which
 * fields it sorts and filters on and which column each maps to; nothing from the query string reaches SQL
 * except through that whitelist or as a bound parameter.
 */
public final class ListQuery {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 300;
    private static final int MAX_STRING_ID_CHARS = 128;
    private static final List<String> RANGE_OPS = List.of("gt", "gte", "lt", "lte");
    private static final Pattern FRACTION = Pattern.compile(":\\d{2}\\.(\\d+)");

    /** How a filterable field's text is read, and so how it compares. */
    public enum Kind { OBJECT_ID, STRING_ID, TIME, INTEGER }

    public record Field(String column, Kind kind) {
    }

    /**
     * What one list endpoint allows: field name to column, for sorting, for range filters ({@code name_gt} …) and
     * for equality filters ({@code name=value}).
     */
    public record Spec(Map<String, Field> sortable, Map<String, Field> ranges, Field id, Map<String, Field> equal) {
        public Spec(Map<String, Field> sortable, Map<String, Field> ranges, Field id) {
            this(sortable, ranges, id, Map.of());
        }
    }

    /** The query string of one request. */
    public record Params(Map<String, List<String>> values) {
        public String get(String name) {
            List<String> v = values.get(name);
            return v == null || v.isEmpty() ? null : v.get(v.size() - 1);
        }
    }

    /** Rendered for the database at hand: a declared equality filter is written differently for each. */
    private final List<Function<Dialect, String>> conditions = new ArrayList<>();
    private final List<Object> args = new ArrayList<>();
    private final String orderBy;
    /** Columns an equality filter of the declaration fixes, which lead the ORDER BY (see orderAndLimit). */
    private final List<String> fixedColumns = new ArrayList<>();
    private final int limit;

    private ListQuery(String orderBy, int limit) {
        this.orderBy = orderBy;
        this.limit = limit;
    }

    public static ListQuery parse(Spec spec, Params params) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        int limit = parseLimit(params.get("limit"), errors);
        String orderBy = parseSort(spec, params.get("sort"), errors);
        ListQuery query = new ListQuery(orderBy, limit);
        spec.ranges().forEach((name, field) -> {
            for (String op : RANGE_OPS) {
                String key = name + "_" + op;
                String text = params.get(key);
                if (text != null) {
                    Object value = parseValue(field.kind(), op, text);
                    if (value == null) {
                        errors.put(key, FieldError.of(expectedCode(field.kind()), expectation(field.kind(), key)));
                    } else {
                        query.conditions.add(constant(field.column() + " " + sqlOperator(op) + " ?"));
                        query.args.add(value);
                    }
                }
            }
        });
        spec.equal().forEach((name, field) -> {
            String text = params.get(name);
            if (text == null) {
                return;
            }
            Object value = parseValue(field.kind(), "eq", text);
            if (value == null && field.kind() == Kind.OBJECT_ID) {
                // An id that cannot exist names no object: the filter matches nothing, as for a missing one.
                value = -1L;
            }
            if (value == null) {
                errors.put(name, FieldError.of(expectedCode(field.kind()), expectation(field.kind(), name)));
            } else {
                query.conditions.add(dialect -> dialect.oneValueCondition(field.column()));
                query.args.add(value);
                query.args.add(value);
                query.fixedColumns.add(field.column());
            }
        });
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        return query;
    }

    /** Adds {@code column = value}; the column name comes from code, never from the request. */
    public ListQuery whereEquals(String column, Object value) {
        conditions.add(constant(column + " = ?"));
        args.add(value);
        return this;
    }

    /** Adds a filter matching any of several listed values (Toloka's comma-separated lists); others are refused. */
    public ListQuery whereAnyOf(String column, String param, List<String> values, List<String> allowed) {
        for (String value : values) {
            if (!allowed.contains(value)) {
                throw ApiException.invalidField(param, "UNKNOWN_ENUM_VALUE", "Expected one of " + allowed);
            }
        }
        conditions.add(constant(column + " IN (" + String.join(", ", java.util.Collections.nCopies(values.size(), "?"))
                + ")"));
        args.addAll(values);
        return this;
    }

    /** Adds {@code column IN (subquery)}; the subquery is code's, its values are bound. */
    public ListQuery whereIn(String column, String subquery, Object... values) {
        conditions.add(constant(column + " IN (" + subquery + ")"));
        args.addAll(List.of(values));
        return this;
    }

    /** Adds a condition of the store's own, written in code; every value in it is bound. */
    public ListQuery where(String condition, Object... values) {
        conditions.add(constant("(" + condition + ")"));
        args.addAll(List.of(values));
        return this;
    }

    /** Adds an equality filter from a query parameter whose allowed values are listed; others are refused. */
    public ListQuery whereEnum(String column, String param, String value, List<String> allowed) {
        if (value == null) {
            return this;
        }
        if (!allowed.contains(value)) {
            throw ApiException.invalidField(param, "UNKNOWN_ENUM_VALUE", "Expected one of " + allowed);
        }
        return whereEquals(column, value);
    }

    /** Adds a filter on a referenced object id; an id that cannot exist matches nothing. */
    public ListQuery whereObjectId(String column, String text) {
        if (text == null) {
            return this;
        }
        return whereEquals(column, ObjectIds.parse(text).orElse(-1L));
    }

    private static Function<Dialect, String> constant(String condition) {
        return dialect -> condition;
    }

    /** The conditions as SQL for the database at hand, each leading with AND. */
    public String where(Dialect dialect) {
        return conditions.isEmpty() ? "" : " AND " + conditions.stream().map(c -> c.apply(dialect))
                .collect(Collectors.joining(" AND "));
    }

    public Object[] args(Object... leading) {
        List<Object> all = new ArrayList<>(List.of(leading));
        all.addAll(args);
        return all.toArray();
    }

    public String orderBy() {
        return orderBy;
    }

    public int limit() {
        return limit;
    }

    /** SQL tail that fetches one row more than the page, to know whether there are more. */
    public String orderAndLimit() {
        // A column every row has the same value in changes no order, but leading with it lets H2 read an index on
        // (pool_id, id) in order instead of reading and sorting every row of the pool; in the direction of the
        // first sort key, so that one scan of the index, forwards or backwards, gives the whole order.
        String direction = orderBy.split(",", 2)[0].contains(" DESC") ? " DESC" : "";
        String fixed = fixedColumns.stream().map(column -> column + direction + ", ").collect(Collectors.joining());
        return " ORDER BY " + fixed + orderBy + " LIMIT " + (limit + 1);
    }

    /** Cuts the extra row fetched by {@link #orderAndLimit()} and reports whether it was there. */
    public <T> dev.artel.json.Page<T> page(List<T> rows) {
        boolean more = rows.size() > limit;
        return new dev.artel.json.Page<>(more ? List.copyOf(rows.subList(0, limit)) : rows, more);
    }

    private static int parseLimit(String text, Map<String, FieldError> errors) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            if (text.trim().matches("\\d{19,}")) {
                return MAX_LIMIT;
            }
            errors.put("limit", FieldError.of("INTEGER_EXPECTED", "limit must be an integer"));
            return DEFAULT_LIMIT;
        }
        if (value < 1) {
            errors.put("limit", FieldError.of("VALUE_LESS_THAN_MIN", "limit must be at least 1"));
            return DEFAULT_LIMIT;
        }
        return (int) Math.min(value, MAX_LIMIT);
    }

    private static String parseSort(Spec spec, String text, Map<String, FieldError> errors) {
        List<String> parts = new ArrayList<>();
        boolean hasId = false;
        if (text != null && !text.isBlank()) {
            for (String raw : text.split(",", -1)) {
                String item = raw.trim();
                boolean desc = item.startsWith("-");
                String name = desc ? item.substring(1) : item;
                Field field = spec.sortable().get(name);
                if (field == null) {
                    errors.put("sort", FieldError.of("INVALID_VALUE", "Cannot sort by '" + Text.abbreviate(name, 40)
                            + "'; allowed: " + spec.sortable().keySet()));
                    return spec.id().column();
                }
                // Explicit, because the engines disagree: H2 puts NULLs first when ascending, PostgreSQL last.
                // A missing time (an operation not finished, a pool never started) sorts as the latest one,
                // which is PostgreSQL's default and so keeps its plans unchanged.
                parts.add(field.column() + (desc ? " DESC NULLS FIRST" : " ASC NULLS LAST"));
                hasId |= field.equals(spec.id());
            }
        }
        if (!hasId) {
            // The id is unique, so ending every sort with it makes pages stable and id_gt paging exact.
            parts.add(spec.id().column() + " ASC");
        }
        return String.join(", ", parts);
    }

    private static Object parseValue(Kind kind, String op, String text) {
        return switch (kind) {
            case OBJECT_ID -> ObjectIds.parse(text.trim()).orElse(null);
            case STRING_ID -> text.length() <= MAX_STRING_ID_CHARS ? text : null;
            case TIME -> Timestamps.parse(text.trim())
                    .map(millis -> roundsUp(op) && hasSubMillisecond(text) ? millis + 1 : millis).orElse(null);
            case INTEGER -> {
                try {
                    yield Long.parseLong(text.trim());
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }

    /**
     * Stored times are whole milliseconds and the parsed bound is cut down to one, which is exact for
     * {@code gt} and {@code lte} but not for {@code gte} and {@code lt}: "at or after …56.123456" must not
     * match …56.123, and "before …56.123456" must. Those two take the next millisecond instead.
     */
    private static boolean roundsUp(String op) {
        return op.equals("gte") || op.equals("lt");
    }

    /** Whether the fraction of seconds goes below the millisecond (toloka-kit sends microseconds). */
    private static boolean hasSubMillisecond(String text) {
        Matcher fraction = FRACTION.matcher(text);
        return fraction.find() && fraction.group(1).length() > 3 && !fraction.group(1).substring(3).matches("0*");
    }

    private static String expectedCode(Kind kind) {
        return switch (kind) {
            case TIME -> "INVALID_DATE_TIME_SYNTAX";
            case INTEGER, OBJECT_ID -> "INTEGER_EXPECTED";
            case STRING_ID -> "STRING_LENGTH_GREATER_THAN_MAX";
        };
    }

    private static String expectation(Kind kind, String key) {
        return switch (kind) {
            case TIME -> key + ": " + Timestamps.EXPECTED;
            case INTEGER -> key + " must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
            case OBJECT_ID -> key + " must be an object id: up to 18 decimal digits";
            case STRING_ID -> key + " must be at most " + MAX_STRING_ID_CHARS + " characters long";
        };
    }

    private static String sqlOperator(String op) {
        return switch (op) {
            case "gt" -> ">";
            case "gte" -> ">=";
            case "lt" -> "<";
            default -> "<=";
        };
    }

}
