package dev.artel.task.spec;

import static dev.artel.task.spec.FieldSpecsTest.field;
import static dev.artel.task.spec.FieldSpecsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Values made for simulated workers: valid for the field, wrong ones different and near, none where none exists. */
class MadeValuesTest {
    private static final int DRAWS = 200;

    /** Field specs of every type, with the attributes that bind each. */
    private static final List<String> SPECS = List.of(
            "{'type': 'boolean'}",
            "{'type': 'boolean', 'allowed_values': [true, false]}",
            "{'type': 'string'}",
            "{'type': 'string', 'allowed_values': ['cat', 'dog', 'bird']}",
            "{'type': 'string', 'min_length': 5, 'max_length': 7}",
            "{'type': 'string', 'pattern': '[A-Z]{3}-\\\\d{2}'}",
            "{'type': 'string', 'pattern': '(yes|no|maybe)'}",
            "{'type': 'string', 'pattern': '[a-z]+@[a-z]+\\\\.com', 'max_length': 20}",
            "{'type': 'string', 'pattern': '[^0-9]+'}",
            "{'type': 'string', 'pattern': '#[0-9a-fA-F]{6}'}",
            "{'type': 'string', 'pattern': '^\\\\d{4}-\\\\d{2}-\\\\d{2}$'}",
            "{'type': 'integer'}",
            "{'type': 'integer', 'min_value': 1, 'max_value': 5}",
            "{'type': 'integer', 'min_value': -9, 'max_value': -0.5}",
            "{'type': 'integer', 'min_value': 1000000}",
            "{'type': 'integer', 'allowed_values': [10, 20, 30]}",
            "{'type': 'float', 'min_value': 10.11, 'max_value': 65.51}",
            "{'type': 'float', 'max_value': -3}",
            "{'type': 'float', 'min_value': -1e300, 'max_value': 1e300}",
            "{'type': 'url'}",
            "{'type': 'file'}",
            "{'type': 'coordinates'}",
            "{'type': 'json'}",
            "{'type': 'array_string', 'allowed_values': ['a', 'b'], 'min_size': 1, 'max_size': 2}",
            "{'type': 'array_integer', 'min_value': 0, 'max_value': 3, 'min_size': 2}",
            "{'type': 'array_json', 'max_size': 1}",
            "{'type': 'array_coordinates'}",
            "{'type': 'array_file', 'min_size': 3, 'max_size': 3}");

    private static boolean valid(FieldSpecs specs, JsonNode value) {
        ObjectNode values = Json.object();
        values.set("f", value);
        return specs.check(values, "output_values").equals(Map.of());
    }

    @Test
    void everyTypeGetsValidValuesAndValidWrongOnes() {
        for (String spec : SPECS) {
            FieldSpecs specs = field(spec);
            Set<JsonNode> seen = new HashSet<>();
            for (int seed = 0; seed < DRAWS; seed++) {
                JsonNode value = specs.anyValue("f", new SplittableRandom(seed)).orElseThrow(() -> new AssertionError(spec));
                assertTrue(valid(specs, value), spec + " made " + value);
                seen.add(value);
                JsonNode other = specs.otherValue("f", value, new SplittableRandom(seed)).orElseThrow(
                        () -> new AssertionError(spec + " has no other value than " + value));
                assertTrue(valid(specs, other), spec + " made " + other + " as another value than " + value);
                assertNotEquals(value, other, spec);
            }
            assertTrue(seen.size() > 1, spec + " always makes " + seen);
        }
    }

    @Test
    void aValueIsTheSameForTheSameDraws() {
        for (String spec : SPECS) {
            FieldSpecs specs = field(spec);
            assertEquals(specs.anyValue("f", new SplittableRandom(7)), specs.anyValue("f", new SplittableRandom(7)));
        }
    }

    @Test
    void wrongValuesArePlausible() {
        SplittableRandom random = new SplittableRandom(1);
        assertEquals(Optional.of(json("'dog'")), field("{'type': 'string', 'allowed_values': ['cat', 'dog']}")
                .otherValue("f", json("'cat'"), random));
        assertEquals(Optional.of(json("false")), field("{'type': 'boolean'}").otherValue("f", json("true"), random));
        for (int i = 0; i < DRAWS; i++) {
            long near = field("{'type': 'integer'}").otherValue("f", json("1000"), random).orElseThrow().asLong();
            assertTrue(near != 1000 && Math.abs(near - 1000) <= 100, "an integer near 1000: " + near);
            double far = field("{'type': 'float'}").otherValue("f", json("50.0"), random).orElseThrow().asDouble();
            assertTrue(far != 50.0 && Math.abs(far - 50) <= 5, "a float near 50: " + far);
            String typo = field("{'type': 'string'}").otherValue("f", json("'kitten'"), random).orElseThrow().asText();
            int changed = 0;
            for (int c = 0; c < typo.length(); c++) {
                changed += typo.charAt(c) == "kitten".charAt(c) ? 0 : 1;
            }
            assertEquals(1, changed, "one letter changed in " + typo);
        }
    }

    @Test
    void noValueWhereNoneCanBeMade() {
        SplittableRandom random = new SplittableRandom(3);
        for (String spec : List.of("{'type': 'string', 'min_length': 3, 'max_length': 2}",
                "{'type': 'integer', 'min_value': 0.2, 'max_value': 0.8}",
                "{'type': 'string', 'allowed_values': []}",
                "{'type': 'array_string', 'min_size': 100000}",
                "{'type': 'string', 'pattern': '\\\\p{Lu}{5}'}")) {
            assertEquals(Optional.empty(), field(spec).anyValue("f", random), spec);
        }
        assertEquals(Optional.empty(), field("{'type': 'string'}").anyValue("g", random), "no such field");
        assertEquals(Optional.empty(), field("{'type': 'string', 'allowed_values': ['x']}")
                .otherValue("f", json("'x'"), random), "one allowed value has no other");
        assertEquals(Optional.empty(), field("{'type': 'integer', 'min_value': 5, 'max_value': 5}")
                .otherValue("f", json("5"), random));
    }

    @Test
    void aPatternTheSamplerDoesNotModelFallsBackToAStockStringItMatches() {
        FieldSpecs lookahead = field("{'type': 'string', 'pattern': '(?=[a-z])[a-z0-9]+'}");
        assertEquals(Optional.of(json("'a'")), lookahead.anyValue("f", new SplittableRandom(5)));
    }
}
