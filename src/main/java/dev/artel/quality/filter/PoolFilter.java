package dev.artel.quality.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.error.ApiException;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pool's {@code filter}: who may take its work. A tree of {@code {"and": [...]}} and {@code {"or": [...]}} nodes
 * whose leaves are {@link Condition}s; the root may be either, or a single condition. No filter admits everyone.
 * {@link #check} holds a form's filter to Toloka's rules (400 with every problem under its dotted path);
 * {@link #of} reads a stored one, in which anything it cannot read (stored before the check existed) admits
 * nobody rather than everybody.
 */
public final class PoolFilter {
    /** filters.md: "The JSON filter description must not exceed 10,000 characters". */
    static final int MAX_CHARS = 10_000;
    private static final String FIELD = "filter";

    /** A node of the tree: whether it admits a worker, and whether telling needs their skill values. */
    private interface Node {
        boolean admits(WorkerFacts worker);

        boolean readsSkills();
    }

    /** An {@code and} ({@code all}) or an {@code or} of its nodes. */
    private record Group(List<Node> nodes, boolean all) implements Node {
        @Override
        public boolean admits(WorkerFacts worker) {
            return all ? nodes.stream().allMatch(n -> n.admits(worker))
                    : nodes.stream().anyMatch(n -> n.admits(worker));
        }

        @Override
        public boolean readsSkills() {
            return nodes.stream().anyMatch(Node::readsSkills);
        }
    }

    private record Leaf(Condition condition) implements Node {
        @Override
        public boolean admits(WorkerFacts worker) {
            return condition.admits(worker);
        }

        @Override
        public boolean readsSkills() {
            return condition.readsSkills();
        }
    }

    /** What a stored filter cannot be read as: it admits nobody. */
    private record Nobody() implements Node {
        @Override
        public boolean admits(WorkerFacts worker) {
            return false;
        }

        @Override
        public boolean readsSkills() {
            return false;
        }
    }

    private final Node root;

    private PoolFilter(Node root) {
        this.root = root;
    }

    /** Refuses a form's filter that Toloka would: 400 VALIDATION_ERROR naming each problem. */
    public static void check(JsonNode filter) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        if (!absent(filter) && Json.write(filter).length() > MAX_CHARS) {
            errors.put(FIELD, FieldError.of("STRING_LENGTH_GREATER_THAN_MAX",
                    "A filter is at most " + MAX_CHARS + " characters of JSON"));
        } else {
            parse(filter, errors);
        }
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
    }

    /** The stored filter of a pool ({@code null} or a missing node for none). */
    public static PoolFilter of(JsonNode filter) {
        return new PoolFilter(parse(filter, new LinkedHashMap<>()));
    }

    private static Node parse(JsonNode filter, Map<String, FieldError> errors) {
        return absent(filter) ? new Group(List.of(), true) : node(filter, FIELD, errors);
    }

    private static boolean absent(JsonNode filter) {
        return filter == null || filter.isMissingNode() || filter.isNull();
    }

    private static Node node(JsonNode node, String path, Map<String, FieldError> errors) {
        if (!node.isObject()) {
            errors.put(path, FieldError.of("OBJECT_EXPECTED",
                    "Expected {\"and\": [...]}, {\"or\": [...]} or a condition"));
            return new Nobody();
        }
        boolean and = node.has("and");
        boolean or = node.has("or");
        if (and && or) {
            errors.put(path, FieldError.of("INVALID_VALUE", "A node is either \"and\" or \"or\", not both"));
            return new Nobody();
        }
        if (!and && !or) {
            Condition condition = Condition.parse(node, path, errors);
            return condition == null ? new Nobody() : new Leaf(condition);
        }
        String name = and ? "and" : "or";
        JsonNode items = node.get(name);
        String at = path + "." + name;
        if (!items.isArray() || items.isEmpty()) {
            errors.put(at, items.isArray() ? FieldError.of("ARRAY_SIZE_LESS_THAN_MIN", "Give at least one condition")
                    : FieldError.of("ARRAY_EXPECTED", "Expected an array"));
            return new Nobody();
        }
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            nodes.add(node(items.get(i), at + "." + i, errors));
        }
        return new Group(nodes, and);
    }

    /** Whether the filter has a skill condition, so that evaluating it reads the worker's skill values. */
    public boolean readsSkills() {
        return root.readsSkills();
    }

    public boolean admits(WorkerFacts worker) {
        return root.admits(worker);
    }
}
