package dev.artel.task.spec;

import static dev.artel.task.spec.FieldSpecsTest.field;
import static dev.artel.task.spec.FieldSpecsTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Values made for simulated workers are valid, or not made. */
class SampleValuesTest {
    private static Optional<JsonNode> sample(String attributes) {
        return field(attributes).sampleValue("f");
    }

    private static void samples(String attributes, String expected) {
        Optional<JsonNode> value = sample(attributes);
        assertEquals(Optional.of(json(expected)), value.map(v -> json(v.toString())), attributes);
        ObjectNode values = json("{}").deepCopy();
        values.set("f", value.get());
        assertEquals(Map.of(), field(attributes).check(values, "output_values"), attributes);
    }

    @Test
    void everyTypeHasASimpleValidValue() {
        samples("{'type': 'boolean'}", "true");
        samples("{'type': 'string'}", "'a'");
        samples("{'type': 'integer'}", "0");
        samples("{'type': 'float'}", "0");
        samples("{'type': 'url'}", "'https://example.com/'");
        samples("{'type': 'coordinates'}", "'0,0'");
        samples("{'type': 'json'}", "{}");
        samples("{'type': 'array_string'}", "['a']");
        samples("{'type': 'array_json', 'min_size': 2}", "[{}, {}]");
        samples("{'type': 'array_integer', 'max_size': 0}", "[]");
    }

    @Test
    void aSampleKeepsWithinTheFieldsAttributes() {
        samples("{'type': 'string', 'allowed_values': ['OK', 'BAD']}", "'OK'");
        samples("{'type': 'integer', 'allowed_values': [10, 20]}", "10");
        samples("{'type': 'boolean', 'allowed_values': [false]}", "false");
        samples("{'type': 'string', 'min_length': 3, 'max_length': 5}", "'aaa'");
        samples("{'type': 'string', 'max_length': 0}", "''");
        samples("{'type': 'string', 'pattern': '[a-z]+'}", "'a'");
        samples("{'type': 'integer', 'min_value': 1.5, 'max_value': 9}", "2");
        samples("{'type': 'integer', 'min_value': -9, 'max_value': -0.5}", "-1");
        samples("{'type': 'float', 'min_value': 10.11, 'max_value': 65.51}", "10.11");
        samples("{'type': 'float', 'max_value': -3}", "-3");
        samples("{'type': 'array_boolean', 'min_size': 3, 'max_size': 4, 'allowed_values': [false]}",
                "[false, false, false]");
    }

    @Test
    void noSampleWhereNoneIsSimpleToMake() {
        assertEquals(Optional.empty(), sample("{'type': 'file'}"), "a file names an uploaded attachment");
        assertEquals(Optional.empty(), sample("{'type': 'array_file'}"));
        assertEquals(Optional.of(json("[]")), sample("{'type': 'array_file', 'max_size': 0}"));
        assertEquals(Optional.empty(), sample("{'type': 'string', 'pattern': '[0-9]+'}"));
        assertEquals(Optional.empty(), sample("{'type': 'string', 'pattern': '[a-z]{2,}'}"));
        assertEquals(Optional.empty(), sample("{'type': 'integer', 'min_value': 5, 'max_value': 4}"));
        assertEquals(Optional.empty(), sample("{'type': 'integer', 'min_value': 0.2, 'max_value': 0.8}"));
        assertEquals(Optional.empty(), sample("{'type': 'string', 'min_length': 3, 'max_length': 2}"));
        assertEquals(Optional.empty(), sample("{'type': 'array_string', 'min_size': 100000}"));
        assertEquals(Optional.empty(), sample("{'type': 'string', 'allowed_values': []}"));
        assertEquals(Optional.empty(), field("{'type': 'string'}").sampleValue("g"), "no such field");
    }

    @Test
    void sampleValuesFillEveryFieldThatHasOne() {
        FieldSpecs specs = FieldSpecs.of(json("{'result': {'type': 'string', 'allowed_values': ['cat', 'dog']},"
                + " 'score': {'type': 'integer', 'min_value': 1, 'max_value': 5},"
                + " 'photo': {'type': 'file', 'required': false}, 'note': {'type': 'string', 'required': false}}"));
        ObjectNode values = specs.sampleValues().orElseThrow();
        assertEquals(json("{'result': 'cat', 'score': 1, 'note': 'a'}"), json(values.toString()));
        assertEquals(Map.of(), specs.check(values, "output_values"));
        assertEquals(Optional.empty(), FieldSpecs.of(json("{'photo': {'type': 'file'}}")).sampleValues(),
                "a required file has no sample");
        assertEquals(Optional.of(json("{}")), FieldSpecs.of(json("{}")).sampleValues());
    }
}
