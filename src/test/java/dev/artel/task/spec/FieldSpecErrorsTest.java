package dev.artel.task.spec;

import static dev.artel.task.spec.FieldSpecsTest.codes;
import static dev.artel.task.spec.FieldSpecsTest.errorsOf;
import static dev.artel.task.spec.FieldSpecsTest.field;
import static dev.artel.task.spec.FieldSpecsTest.json;
import static dev.artel.task.spec.FieldSpecsTest.valid;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.error.FieldError;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a project's spec itself can get wrong, and how values are checked against a spec read leniently. */
class FieldSpecErrorsTest {
    private static final String P = "task_spec.input_spec";

    private static Map<String, String> specErrors(String spec) {
        return codes(FieldSpecs.of(json(spec)).specErrors(P));
    }

    @Test
    void theGuidesExamplesAndEveryTypeAreSoundSpecs() {
        String spec = "{'my_string': {'type': 'string', 'required': true, 'min_length': 10, 'max_length': 100,"
                + " 'pattern': '[a-zA-Z0-9]+'},"
                + " 'my_month_string': {'type': 'string', 'allowed_values': ['January', 'February']},"
                + " 'my_url': {'type': 'url', 'required': true}, 'my_boolean': {'type': 'boolean'},"
                + " 'my_integer': {'type': 'integer', 'min_value': 1, 'max_value': 100, 'allowed_values': [10, 20]},"
                + " 'my_float': {'type': 'float', 'min_value': 10.11, 'max_value': 65.51},"
                + " 'my_file': {'type': 'file'}, 'my_file_array': {'type': 'array_file', 'max_size': 5},"
                + " 'my_coordinates': {'type': 'coordinates', 'current_location': true}, 'my_json': {'type': 'json'},"
                + " 'hidden-1': {'type': 'string', 'hidden': true}, 'a': {'type': 'array_boolean', 'min_size': 0},"
                + " 'b': {'type': 'array_string'}, 'c': {'type': 'array_integer'}, 'd': {'type': 'array_float'},"
                + " 'e': {'type': 'array_url'}, 'g': {'type': 'array_coordinates'}, 'h': {'type': 'array_json'},"
                + " 'n': {'type': 'string', 'min_length': null, 'unknown_attribute': {'x': 1}}}";
        assertEquals(Map.of(), specErrors(spec));
    }

    @Test
    void aSpecThatIsNotAnObjectHasNoFields() {
        assertEquals(Map.of(P, "OBJECT_EXPECTED"), specErrors("[]"));
        assertEquals(Map.of("body", "OBJECT_EXPECTED"), codes(FieldSpecs.of(null).specErrors("")));
        assertEquals(Map.of("v.x", "VALUE_NOT_ALLOWED"), codes(FieldSpecs.of(json("'x'")).check(json("{'x': 1}"), "v")));
    }

    @Test
    void typesMustBeNamedAndKnown() {
        assertEquals(Map.of(P + ".a.type", "VALUE_REQUIRED", P + ".b.type", "VALUE_REQUIRED",
                        P + ".c.type", "STRING_EXPECTED", P + ".d.type", "UNKNOWN_ENUM_VALUE",
                        P + ".e.type", "UNKNOWN_ENUM_VALUE", P + ".f.type", "UNKNOWN_ENUM_VALUE", P + ".g", "OBJECT_EXPECTED"),
                specErrors("{'a': {}, 'b': {'type': null}, 'c': {'type': 1}, 'd': {'type': 'number'},"
                        + " 'e': {'type': 'array_'}, 'f': {'type': 'array_array_string'}, 'g': 'string'}"));
        FieldError unknown = FieldSpecs.of(json("{'d': {'type': 'number'}}")).specErrors(P).get(P + ".d.type");
        assertEquals(FieldError.of("UNKNOWN_ENUM_VALUE", "Unknown value 'number'; expected one of [boolean,"
                + " array_boolean, string, array_string, integer, array_integer, float, array_float, url, array_url,"
                + " file, array_file, coordinates, array_coordinates, json, array_json]"), unknown);
    }

    @Test
    void attributesMustHaveTheirTypes() {
        assertEquals(Map.of(P + ".s.required", "BOOLEAN_EXPECTED", P + ".s.hidden", "BOOLEAN_EXPECTED",
                        P + ".s.min_length", "INTEGER_EXPECTED", P + ".s.max_length", "VALUE_LESS_THAN_MIN",
                        P + ".s.pattern", "STRING_EXPECTED", P + ".s.allowed_values", "ARRAY_EXPECTED"),
                specErrors("{'s': {'type': 'string', 'required': 'yes', 'hidden': 1, 'min_length': 1.5,"
                        + " 'max_length': -1, 'pattern': ['a'], 'allowed_values': 'a'}}"));
        assertEquals(Map.of(P + ".i.min_value", "FLOAT_EXPECTED", P + ".i.allowed_values.1", "INTEGER_EXPECTED",
                        P + ".i.allowed_values.2", "INTEGER_EXPECTED", P + ".a.min_size", "INTEGER_EXPECTED",
                        P + ".a.max_size", "INTEGER_EXPECTED", P + ".b.allowed_values.0", "BOOLEAN_EXPECTED"),
                specErrors("{'i': {'type': 'integer', 'min_value': '1', 'allowed_values': [1, 1.5, '2']},"
                        + " 'a': {'type': 'array_string', 'min_size': '1', 'max_size': true},"
                        + " 'b': {'type': 'boolean', 'allowed_values': ['true']}}"));
    }

    @Test
    void aPatternMustBeARegularExpression() {
        Map<String, FieldError> errors = FieldSpecs.of(json("{'s': {'type': 'string', 'pattern': '(ab'}}")).specErrors(P);
        assertEquals(Map.of(P + ".s.pattern", FieldError.of("INVALID_REGEX_SYNTAX",
                "Pattern is not a valid regular expression: Unclosed group")), errors);
    }

    @Test
    void fieldNamesHoldOnlyLatinLettersDigitsHyphensAndUnderscores() {
        assertEquals(Map.of(P + ".a.b", "VALUE_NOT_ALLOWED", P + ".é", "VALUE_NOT_ALLOWED", P + ".", "VALUE_NOT_ALLOWED",
                        P + ".a b", "VALUE_NOT_ALLOWED"),
                specErrors("{'a.b': {'type': 'string'}, 'é': {'type': 'string'}, '': {'type': 'string'},"
                        + " 'a b': {'type': 'string'}, 'Ok_field-2': {'type': 'string'}}"));
    }

    /** Stored projects are not checked again, so a faulty spec still checks what it can and never throws. */
    @Test
    void aFaultySpecIsReadLeniently() {
        valid(field("{'type': 'number'}"), "1", "'x'", "[1]");
        assertEquals(Map.of("input_values.f", "VALUE_REQUIRED"), errorsOf(field("{'type': 'number'}"), "null"));
        valid(field("{'type': 'string', 'pattern': '(ab'}"), "'anything'");
        valid(field("{'type': 'string', 'min_length': 'x', 'max_length': -1}"), "''");
        assertEquals(Map.of("input_values.f", "VALUE_REQUIRED"), errorsOf(field("{'type': 'string', 'required': 'no'}"), "null"));
        assertEquals(Map.of("input_values.f", "VALUE_NOT_ALLOWED"),
                errorsOf(field("{'type': 'integer', 'allowed_values': ['1']}"), "1"), "wrong-typed items allow nothing");
        valid(field("{'type': 'integer', 'min_value': '5'}"), "1");
        valid(field("{'type': 'string', 'max_length': 1e12}"), "'long enough'");
        valid(field("{'type': 'array_string', 'max_size': 99999999999}"), "['a']");
        valid(field("'string'"), "1");
    }
}
