package dev.artel.task.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Values against field specs: every type and attribute, valid and invalid, with the exact paths and codes. */
class FieldSpecsTest {
    private static final String P = "input_values";

    static JsonNode json(String text) {
        try {
            return Json.parse(text.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** The spec of one field {@code f}, given as the attributes' JSON with ' for ". */
    static FieldSpecs field(String attributes) {
        return FieldSpecs.of(json("{'f': " + attributes + "}"));
    }

    static Map<String, String> codes(Map<String, FieldError> errors) {
        Map<String, String> codes = new LinkedHashMap<>();
        errors.forEach((path, error) -> codes.put(path, error.code()));
        return codes;
    }

    /** The errors of the value {@code value} (JSON, ' for ") of field {@code f}. */
    static Map<String, String> errorsOf(FieldSpecs specs, String value) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        values.set("f", json(value));
        return codes(specs.check(values, P));
    }

    static void valid(FieldSpecs specs, String... values) {
        for (String value : values) {
            assertEquals(Map.of(), errorsOf(specs, value), value);
        }
    }

    static void invalid(FieldSpecs specs, String path, String code, String... values) {
        for (String value : values) {
            assertEquals(Map.of(path, code), errorsOf(specs, value), value);
        }
    }

    @Test
    void answersTolokasOwnExampleOfAMissingAndAnUnknownInputField() {
        FieldSpecs specs = FieldSpecs.of(json("{'image': {'type': 'url', 'required': true}}"));
        Map<String, FieldError> errors = specs.check(json("{'imagis': 'http://images.com/3.png'}"), P);
        assertEquals(Map.of(
                "input_values.image", FieldError.of("VALUE_REQUIRED", "Value must be present and not equal to null"),
                "input_values.imagis", FieldError.of("VALUE_NOT_ALLOWED", "Unknown field name")), errors);
        assertEquals(List.of("input_values.image", "input_values.imagis"), List.copyOf(errors.keySet()));
    }

    @Test
    void requiredIsTheDefaultAndNullCountsAsAbsent() {
        FieldSpecs specs = FieldSpecs.of(json("{'a': {'type': 'string'}, 'b': {'type': 'string', 'required': true},"
                + " 'c': {'type': 'string', 'required': false}, 'h': {'type': 'string', 'hidden': true},"
                + " 'o': {'type': 'string', 'hidden': true, 'required': false}}"));
        assertEquals(Map.of("x.a", "VALUE_REQUIRED", "x.b", "VALUE_REQUIRED", "x.h", "VALUE_REQUIRED"),
                codes(specs.check(json("{'a': null, 'c': null, 'o': null}"), "x")));
        assertEquals(Map.of(), codes(specs.check(json("{'a': '', 'b': 'b', 'h': 'h'}"), "x")));
        assertEquals(Map.of("x.a", "VALUE_REQUIRED", "x.b", "VALUE_REQUIRED", "x.h", "VALUE_REQUIRED"),
                codes(specs.check(null, "x")), "absent values");
        assertEquals(Map.of("x.a", "VALUE_REQUIRED", "x.b", "VALUE_REQUIRED", "x.h", "VALUE_REQUIRED"),
                codes(specs.check(json("null"), "x")), "null values");
    }

    @Test
    void valuesThatAreNotAnObjectAreRefusedAtThePrefix() {
        FieldSpecs specs = field("{'type': 'string'}");
        assertEquals(Map.of("known_solutions.0.output_values", "OBJECT_EXPECTED"),
                codes(specs.check(json("['f']"), "known_solutions.0.output_values")));
        assertEquals(Map.of("body", "OBJECT_EXPECTED"), codes(specs.check(json("'f'"), "")));
        assertEquals(Map.of("f", "STRING_EXPECTED", "g", "VALUE_NOT_ALLOWED"),
                codes(specs.check(json("{'f': 1, 'g': 1}"), "")), "an empty prefix puts fields at the top");
    }

    @Test
    void unknownFieldsAreRefusedInOutputValuesToo() {
        FieldSpecs output = FieldSpecs.of(json("{'result': {'type': 'string', 'required': false}}"));
        assertEquals(Map.of("output_values.extra", "VALUE_NOT_ALLOWED", "output_values.other", "VALUE_NOT_ALLOWED"),
                codes(output.check(json("{'extra': 1, 'other': null}"), "output_values")));
        assertEquals(Map.of("output_values.extra", "VALUE_NOT_ALLOWED"),
                codes(FieldSpecs.of(json("{}")).check(json("{'extra': 1}"), "output_values")));
    }

    @Test
    void booleans() {
        FieldSpecs specs = field("{'type': 'boolean'}");
        valid(specs, "true", "false");
        invalid(specs, "input_values.f", "BOOLEAN_EXPECTED", "'true'", "1", "0", "'false'", "{}", "[true]");
        assertEquals(Map.of("input_values.f", FieldError.of("BOOLEAN_EXPECTED", "Boolean expected")),
                specs.check(json("{'f': 'true'}"), P));
        FieldSpecs onlyTrue = field("{'type': 'boolean', 'allowed_values': [true]}");
        valid(onlyTrue, "true");
        invalid(onlyTrue, "input_values.f", "VALUE_NOT_ALLOWED", "false");
    }

    @Test
    void strings() {
        FieldSpecs specs = field("{'type': 'string'}");
        valid(specs, "''", "'text'", "'ёлка 🎄'");
        invalid(specs, "input_values.f", "STRING_EXPECTED", "1", "true", "{}", "['a']", "1.5");
    }

    @Test
    void stringLengthsCountCharactersNotUtf16Units() {
        FieldSpecs specs = field("{'type': 'string', 'min_length': 2, 'max_length': 3}");
        valid(specs, "'ab'", "'abc'", "'🎄🎄🎄'");
        invalid(specs, "input_values.f", "STRING_LENGTH_LESS_THAN_MIN", "''", "'a'", "'🎄'");
        invalid(specs, "input_values.f", "STRING_LENGTH_GREATER_THAN_MAX", "'abcd'", "'🎄🎄🎄🎄'");
        assertEquals(Map.of("input_values.f", FieldError.of("STRING_LENGTH_GREATER_THAN_MAX",
                "String must be at most 3 characters long")), specs.check(json("{'f': 'abcd'}"), P));
        assertEquals(Map.of("input_values.f", FieldError.of("STRING_LENGTH_LESS_THAN_MIN",
                "String must be at least 2 characters long")), specs.check(json("{'f': 'a'}"), P));
    }

    @Test
    void aVeryLongStringIsMeasuredAndMatchedInFull() {
        String million = "a".repeat(1_000_000);
        ObjectNode values = JsonNodeFactory.instance.objectNode().put("f", million);
        assertEquals(Map.of("input_values.f", "STRING_LENGTH_GREATER_THAN_MAX"),
                codes(field("{'type': 'string', 'max_length': 999999}").check(values, P)));
        assertEquals(Map.of(), codes(field("{'type': 'string', 'max_length': 1000000}").check(values, P)));
        assertEquals(Map.of(), codes(field("{'type': 'string', 'pattern': '[a-z]+'}").check(values, P)));
        assertEquals(Map.of("input_values.f", "STRING_DOES_NOT_MATCH_PATTERN"),
                codes(field("{'type': 'string', 'pattern': '[a-z]+'}").check(values.put("f", million + "!"), P)));
    }

    @Test
    void stringAllowedValuesAreExact() {
        FieldSpecs specs = field("{'type': 'string', 'allowed_values': ['OK', 'BAD']}");
        valid(specs, "'OK'", "'BAD'");
        invalid(specs, "input_values.f", "VALUE_NOT_ALLOWED", "'ok'", "' OK'", "''", "'NOT OK'");
        assertEquals(Map.of("input_values.f", FieldError.of("VALUE_NOT_ALLOWED", "Value must be one of [\"OK\", \"BAD\"]")),
                specs.check(json("{'f': 'ok'}"), P));
        invalid(specs, "input_values.f", "STRING_EXPECTED", "1");
    }

    @Test
    void aPatternMustMatchTheWholeValue() {
        FieldSpecs specs = field("{'type': 'string', 'pattern': '[a-zA-Z0-9]+'}");
        valid(specs, "'abc123'", "'Z'");
        invalid(specs, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'abc!!'", "'!!abc'", "''", "'a b'");
        assertEquals(Map.of("input_values.f", FieldError.of("STRING_DOES_NOT_MATCH_PATTERN",
                "String must match the pattern [a-zA-Z0-9]+")), specs.check(json("{'f': 'a-b'}"), P));
        FieldSpecs lengthFirst = field("{'type': 'string', 'pattern': '[0-9]+', 'max_length': 2}");
        invalid(lengthFirst, "input_values.f", "STRING_LENGTH_GREATER_THAN_MAX", "'abc'");
    }

    static FieldSpecs pattern(String regex) {
        ObjectNode f = JsonNodeFactory.instance.objectNode().put("type", "string").put("pattern", regex);
        FieldSpecs specs = FieldSpecs.of(JsonNodeFactory.instance.objectNode().set("f", f));
        assertEquals(Map.of(), specs.specErrors("task_spec.input_spec"), regex);
        return specs;
    }

    /** The guide's JSON-mode examples, with their regex special characters, do what the guide says. */
    @Test
    void theGuidesPatternsBehaveAsTheGuideDescribesThem() {
        FieldSpecs site = pattern("(?:http(?:s)?:\\/\\/)?(?:[a-zA-z-]+(\\.)+)*(?:yandex\\.ru){1}"
                + "(\\/|\\/[a-zA-Z-\\._~:/\\?#\\[\\]@!\\$&'\\(\\)\\*\\+,;=]+)?");
        valid(site, "'https://yandex.ru/'", "'http://www.yandex.ru/search?text=a+b'", "'yandex.ru'",
                "'https://a.b-c.d.yandex.ru/" + "path/".repeat(400) + "'");
        invalid(site, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'https://example.com/'", "'yandex.ru x'");
        FieldSpecs phone = pattern("\\+?[0-9\\s-]{4,}");
        valid(phone, "'+7 999 123-45-67'", "'1234'");
        invalid(phone, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'123'", "'+7 (999)'");
        FieldSpecs mail = pattern("[a-zA-Z]{1}[a-zA-Z0-9\\.\\-_]+@[a-zA-Z0-9\\.\\-_]+\\.[a-zA-Z]{2,}");
        valid(mail, "'jo.doe@mail.example.com'");
        invalid(mail, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'1jo@mail.com'", "'jo@mail'");
        FieldSpecs decimal = pattern("^([0-9]+)(,([0-9]){1,2})?$");
        valid(decimal, "'12'", "'12,5'", "'12,50'");
        invalid(decimal, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'12.5'", "'12,505'");
        FieldSpecs noDigits = pattern("[^0-9]+");
        valid(noDigits, "'abc def'");
        invalid(noDigits, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'abc1'");
        FieldSpecs cyrillic = pattern("[а-яА-Я0-9]+");
        valid(cyrillic, "'Привет2'");
        invalid(cyrillic, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'Hello'");
    }

    /**
     * Java 9 and later defuse the textbook (a+)+b, so the example is (.*a){20}x, whose effort grows with the
     * value's length to the twentieth power: unbounded, sixty a's take hours, not the seconds allowed here.
     */
    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aCatastrophicPatternIsRefusedWithinABoundedEffort() {
        FieldSpecs specs = field("{'type': 'string', 'pattern': '(.*a){20}x'}");
        for (int i = 0; i < 20; i++) {
            Map<String, FieldError> errors = specs.check(json("{'f': '" + "a".repeat(60) + "'}"), P);
            assertEquals(Map.of("input_values.f", FieldError.of("STRING_DOES_NOT_MATCH_PATTERN",
                    "String could not be matched against the pattern (.*a){20}x within the allowed effort;"
                            + " simplify the pattern or shorten the value")), errors);
        }
        FieldSpecs backReference = field("{'type': 'string', 'pattern': '(?:(a)\\\\1?)+b'}");
        invalid(backReference, "input_values.f", "STRING_DOES_NOT_MATCH_PATTERN", "'" + "a".repeat(60) + "'");
        valid(backReference, "'aaab'");
    }

    /** The engine recurses per repetition of (a|b)*: a long value overflows the stack, which is caught. */
    @Test
    void aPatternThatWouldOverflowTheStackIsRefusedNotThrown() {
        FieldSpecs specs = field("{'type': 'string', 'pattern': '(a|b)*'}");
        valid(specs, "'abab'");
        ObjectNode values = JsonNodeFactory.instance.objectNode().put("f", "ab".repeat(500_000));
        Map<String, FieldError> errors = specs.check(values, P);
        assertEquals(Map.of("input_values.f", "STRING_DOES_NOT_MATCH_PATTERN"), codes(errors));
        assertTrue(errors.get("input_values.f").message().contains("within the allowed effort"), errors.toString());
    }

    @Test
    void integers() {
        FieldSpecs specs = field("{'type': 'integer'}");
        valid(specs, "0", "-7", "42", "1.0", "1e2", "9223372036854775807", "-9223372036854775808");
        invalid(specs, "input_values.f", "INTEGER_EXPECTED", "1.5", "'1'", "true", "'1.0'", "[1]", "{}", "0.0001");
        invalid(specs, "input_values.f", "VALUE_OUT_OF_BOUNDS", "9223372036854775808", "-9223372036854775809", "1e30");
        assertEquals(Map.of("input_values.f", FieldError.of("INTEGER_EXPECTED", "Integer expected")),
                specs.check(json("{'f': 1.5}"), P));
    }

    @Test
    void integerBoundsAreInclusive() {
        FieldSpecs specs = field("{'type': 'integer', 'min_value': 1, 'max_value': 100}");
        valid(specs, "1", "100", "50");
        invalid(specs, "input_values.f", "VALUE_LESS_THAN_MIN", "0", "-1");
        invalid(specs, "input_values.f", "VALUE_GREATER_THAN_MAX", "101", "1000000000000");
        assertEquals(Map.of("input_values.f", FieldError.of("VALUE_LESS_THAN_MIN", "Value must be greater or equal to 1")),
                specs.check(json("{'f': 0}"), P));
        assertEquals(Map.of("input_values.f", FieldError.of("VALUE_GREATER_THAN_MAX", "Value must be less or equal to 100")),
                specs.check(json("{'f': 101}"), P));
    }

    @Test
    void integerAllowedValuesCompareAsNumbers() {
        FieldSpecs specs = field("{'type': 'integer', 'allowed_values': [10, 20, 30]}");
        valid(specs, "10", "20.0", "30");
        invalid(specs, "input_values.f", "VALUE_NOT_ALLOWED", "15", "0");
        invalid(specs, "input_values.f", "INTEGER_EXPECTED", "'10'", "10.5");
    }

    @Test
    void floats() {
        FieldSpecs specs = field("{'type': 'float', 'min_value': 10.11, 'max_value': 65.51}");
        valid(specs, "10.11", "65.51", "11", "42.000001");
        invalid(specs, "input_values.f", "VALUE_LESS_THAN_MIN", "10.1", "-1");
        invalid(specs, "input_values.f", "VALUE_GREATER_THAN_MAX", "65.5100001", "1e300");
        invalid(specs, "input_values.f", "FLOAT_EXPECTED", "'12.5'", "true", "[12.5]");
        assertEquals(Map.of("input_values.f", FieldError.of("VALUE_LESS_THAN_MIN", "Value must be greater or equal to 10.11")),
                specs.check(json("{'f': 10.1}"), P));
        FieldSpecs allowed = field("{'type': 'float', 'allowed_values': [0.5, 1]}");
        valid(allowed, "0.5", "0.50", "1", "1.0");
        invalid(allowed, "input_values.f", "VALUE_NOT_ALLOWED", "0.25");
    }

    @Test
    void urls() {
        FieldSpecs specs = field("{'type': 'url'}");
        valid(specs, "'http://images.com/1.png'", "'https://example.com'", "'HTTPS://EXAMPLE.COM/A?b=c#d'",
                "'www.example.com/img.png'", "'http://localhost:8080/x'", "'http://[::1]:80/'",
                "'https://пример.рф/путь/картинка.jpg'", "'http://user:pw@host.example/'",
                "'https://tlk.s3.yandex.net/wsdm2020/photos/2d5f63a3184919ce7e3e7068cf93da4b.jpg'",
                "'https://example.com/a%20b?q=1&r=[2]'");
        invalid(specs, "input_values.f", "INVALID_URL_SYNTAX", "''", "'/relative/img.png'", "'img.png'",
                "'example.com'", "'ftp://example.com/f'", "'javascript:alert(1)'", "'data:image/png;base64,AAAA'",
                "'http://'", "'https://'", "'http:///path'", "'https:// example.com'", "'http://exa mple.com'",
                "'http://example.com/a b'", "'www.'", "'http://host:99999x/'", "'http://host:/'",
                "'http://[::1/'", "'http://example.com/\\n'", "'//example.com/x'", "'http:/example.com'",
                "'http://user@/'", "'http://-._~/'");
        invalid(specs, "input_values.f", "STRING_EXPECTED", "1", "true", "['http://a.b/']", "{}");
        assertEquals(Map.of("input_values.f", FieldError.of("INVALID_URL_SYNTAX", "Value must be in valid url format")),
                specs.check(json("{'f': 'img.png'}"), P));
    }

    @Test
    void files() {
        FieldSpecs specs = field("{'type': 'file'}");
        valid(specs, "'00001dd0cd--5b8e9bb1e5dc9c6c4f3e07da'", "'x'");
        invalid(specs, "input_values.f", "STRING_LENGTH_LESS_THAN_MIN", "''");
        invalid(specs, "input_values.f", "STRING_EXPECTED", "1", "{'id': 'x'}", "['x']");
    }

    @Test
    void coordinates() {
        FieldSpecs specs = field("{'type': 'coordinates', 'current_location': true}");
        valid(specs, "'53.910236,27.531110'", "'53.910236, 27.531110'", "'22.3341,32.32'", "'-90,180'",
                "'90,-180'", "'0,0'", "' +1.5 , -2 '", "'89.999999999999,179.9'");
        invalid(specs, "input_values.f", "INVALID_COORDINATES_SYNTAX", "''", "'53.9'", "'a,b'", "'1e1,2'",
                "'53.9;27.5'", "'53,9,27,5'", "'53.,27'", "'.5,27'", "'1000,0'", "'53.9 27.5'",
                "'" + "1".repeat(200) + "'");
        invalid(specs, "input_values.f", "VALUE_OUT_OF_BOUNDS", "'91,0'", "'0,180.0001'", "'-90.5,0'",
                "'0,-181'");
        invalid(specs, "input_values.f", "STRING_EXPECTED", "[53.9, 27.5]", "53.9", "{'lat': 1, 'lon': 2}");
    }

    @Test
    void jsonTakesAnyValue() {
        FieldSpecs specs = field("{'type': 'json'}");
        valid(specs, "{'a': [1, {'b': null}]}", "[1, 'two', [3]]", "'text'", "1.5", "false", "{}", "[]");
        assertEquals(Map.of("input_values.f", "VALUE_REQUIRED"), errorsOf(specs, "null"));
    }

    @Test
    void everyArrayTypeChecksItsSizeAndEachItem() {
        String[][] cases = {
            // type, two valid items, a second item that is not, its code, one item, three items
            {"boolean", "[true, false]", "[true, 'false']", "BOOLEAN_EXPECTED", "[true]", "[true, true, false]"},
            {"string", "['a', '']", "['a', 1]", "STRING_EXPECTED", "['a']", "['a', 'b', 'c']"},
            {"integer", "[1, 2.0]", "[1, 2.5]", "INTEGER_EXPECTED", "[1]", "[1, 2, 3]"},
            {"float", "[1, 2.5]", "[1, '2.5']", "FLOAT_EXPECTED", "[1.5]", "[1, 2, 3.5]"},
            {"url", "['http://a.b/', 'www.c.d']", "['http://a.b/', 'c.d']", "INVALID_URL_SYNTAX", "['http://a.b/']",
                "['http://a.b/', 'http://a.b/', 'http://a.b/']"},
            {"file", "['f1', 'f2']", "['f1', '']", "STRING_LENGTH_LESS_THAN_MIN", "['f1']", "['f1', 'f2', 'f3']"},
            {"coordinates", "['1,2', '3, 4']", "['1,2', '95,4']", "VALUE_OUT_OF_BOUNDS", "['1,2']",
                "['1,2', '1,2', '1,2']"},
        };
        for (String[] c : cases) {
            FieldSpecs specs = field("{'type': 'array_" + c[0] + "', 'min_size': 2, 'max_size': 2}");
            valid(specs, c[1]);
            assertEquals(Map.of("input_values.f.1", c[3]), errorsOf(specs, c[2]), c[0]);
            invalid(specs, "input_values.f", "ARRAY_EXPECTED", "'x'", "{}", "1");
            invalid(specs, "input_values.f", "ARRAY_SIZE_LESS_THAN_MIN", c[4], "[]");
            invalid(specs, "input_values.f", "ARRAY_SIZE_GREATER_THAN_MAX", c[5]);
        }
        FieldSpecs json = field("{'type': 'array_json', 'max_size': 3}");
        valid(json, "[]", "[{'a': 1}, [1, [2]], null]");
        invalid(json, "input_values.f", "ARRAY_SIZE_GREATER_THAN_MAX", "[1, 2, 3, 4]");
        invalid(json, "input_values.f", "ARRAY_EXPECTED", "{'a': 1}");
    }

    @Test
    void arraySizeMessagesAndBoundsAreInclusive() {
        FieldSpecs specs = field("{'type': 'array_string', 'min_size': 1, 'max_size': 3}");
        valid(specs, "['a']", "['a', 'b', 'c']");
        assertEquals(Map.of("input_values.f", FieldError.of("ARRAY_SIZE_LESS_THAN_MIN", "Array must have at least 1 items")),
                specs.check(json("{'f': []}"), P));
        assertEquals(Map.of("input_values.f", FieldError.of("ARRAY_SIZE_GREATER_THAN_MAX",
                "Array must have at most 3 items")), specs.check(json("{'f': ['a', 'b', 'c', 'd']}"), P));
        valid(field("{'type': 'array_string'}"), "[]");
    }

    @Test
    void arrayItemsAreHeldToTheItemAttributesAndReportedByIndex() {
        FieldSpecs tags = FieldSpecs.of(json("{'tags': {'type': 'array_string', 'min_length': 2, 'max_length': 4,"
                + " 'pattern': '[a-z]+'}}"));
        assertEquals(Map.of("input_values.tags.0", "STRING_LENGTH_LESS_THAN_MIN",
                        "input_values.tags.2", "STRING_DOES_NOT_MATCH_PATTERN",
                        "input_values.tags.3", "STRING_LENGTH_GREATER_THAN_MAX",
                        "input_values.tags.4", "STRING_EXPECTED",
                        "input_values.tags.5", "STRING_EXPECTED"),
                codes(tags.check(json("{'tags': ['a', 'ok', 'AB', 'abcde', null, ['ab']]}"), P)));
        FieldSpecs scores = FieldSpecs.of(json("{'s': {'type': 'array_integer', 'min_value': 1, 'max_value': 5,"
                + " 'allowed_values': [1, 3, 5, 7]}}"));
        assertEquals(Map.of("o.s.0", "VALUE_NOT_ALLOWED", "o.s.2", "VALUE_GREATER_THAN_MAX",
                        "o.s.3", "INTEGER_EXPECTED"),
                codes(scores.check(json("{'s': [2, 3, 7, '5']}"), "o")));
        FieldSpecs answers = FieldSpecs.of(json("{'a': {'type': 'array_boolean', 'allowed_values': [true]}}"));
        assertEquals(Map.of("o.a.1", "VALUE_NOT_ALLOWED"), codes(answers.check(json("{'a': [true, false]}"), "o")));
        FieldSpecs floats = FieldSpecs.of(json("{'a': {'type': 'array_float', 'min_value': 0}}"));
        assertEquals(Map.of("o.a.1", "VALUE_LESS_THAN_MIN"), codes(floats.check(json("{'a': [0, -0.5]}"), "o")));
    }

    @Test
    void nestedArraysAreNotItemsOfAnArrayType() {
        invalid(field("{'type': 'array_string'}"), "input_values.f.0", "STRING_EXPECTED", "[['a']]");
        invalid(field("{'type': 'array_integer'}"), "input_values.f.1", "INTEGER_EXPECTED", "[1, [2]]");
        invalid(field("{'type': 'array_url'}"), "input_values.f.0", "STRING_EXPECTED", "[['http://a.b/']]");
        invalid(field("{'type': 'string'}"), "input_values.f", "STRING_EXPECTED", "[['a']]");
    }

    @Test
    void attributesOfAnotherTypeAreIgnored() {
        valid(field("{'type': 'url', 'max_length': 3, 'pattern': 'x', 'min_value': 5}"), "'https://example.com/'");
        valid(field("{'type': 'integer', 'min_length': 5, 'pattern': 'x', 'min_size': 3}"), "1");
        valid(field("{'type': 'string', 'min_value': 5, 'max_size': 0}"), "'a'");
        valid(field("{'type': 'json', 'allowed_values': [1]}"), "2");
        valid(field("{'type': 'coordinates', 'allowed_values': ['1,1']}"), "'2,2'");
    }

    @Test
    void everyProblemIsReportedAtOnceUpToFifty() {
        FieldSpecs specs = FieldSpecs.of(json("{'a': {'type': 'integer'}, 'b': {'type': 'url'},"
                + " 'c': {'type': 'boolean'}, 'd': {'type': 'array_string', 'required': false}}"));
        assertEquals(Map.of("t.a", "INTEGER_EXPECTED", "t.b", "INVALID_URL_SYNTAX", "t.c", "VALUE_REQUIRED", "t.d.1", "STRING_EXPECTED", "t.e", "VALUE_NOT_ALLOWED"),
                codes(specs.check(json("{'a': '1', 'b': 'x', 'd': ['ok', 2], 'e': 0}"), "t")));
        ObjectNode many = JsonNodeFactory.instance.objectNode();
        many.set("d", json("[" + "1,".repeat(999) + "1]"));
        many.put("a", 1).put("b", "http://a.b/").put("c", true);
        Map<String, FieldError> errors = specs.check(many, "t");
        assertEquals(50, errors.size());
        assertEquals("STRING_EXPECTED", errors.get("t.d.49").code());
    }

    @Test
    void longUnknownFieldNamesAreCutInTheirPath() {
        String name = "n".repeat(5000);
        ObjectNode values = JsonNodeFactory.instance.objectNode().put(name, 1);
        Map<String, FieldError> errors = FieldSpecs.of(json("{}")).check(values, P);
        assertEquals(Map.of("input_values." + "n".repeat(100) + "…", "VALUE_NOT_ALLOWED"), codes(errors));
    }

    @Test
    void oneSpecServesManyChecksAndIsNotChangedByThem() {
        JsonNode spec = json("{'f': {'type': 'array_integer', 'max_size': 2}}");
        JsonNode before = spec.deepCopy();
        FieldSpecs specs = FieldSpecs.of(spec);
        for (int i = 0; i < 3; i++) {
            assertEquals(Map.of("x.f", "ARRAY_SIZE_GREATER_THAN_MAX"), codes(specs.check(json("{'f': [1, 2, 3]}"), "x")));
            assertEquals(Map.of(), codes(specs.check(json("{'f': [1, 2]}"), "x")));
        }
        assertEquals(before, spec);
    }
}
