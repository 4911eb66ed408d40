package dev.artel.task.spec;

import dev.artel.core.Text;
import dev.artel.error.FieldError;
import java.util.Map;

/**
 * Every code and message the task-value checker reports, in one place, each with where it comes from.
 *
 * <p>Toloka documents three codes for task values, and they are used as documented:
 * <ul>
 * <li>{@code VALUE_REQUIRED} "Value must be present and not equal to null": the guide's task-upload errors
 * (guide/concepts/task_upload.md) and toloka-kit's tests/tasks/test_creation.py.</li>
 * <li>{@code VALUE_NOT_ALLOWED} "Unknown field name": an input value the spec does not name, in the
 * {@code validation_errors} of toloka-kit's tests/tasks/test_creation.py.</li>
 * <li>{@code INVALID_URL_SYNTAX} "Value must be in valid url format": the guide's task-upload errors.</li>
 * </ul>
 * {@code VALUE_LESS_THAN_MIN} with "Value must be greater or equal to 0.01" is Toloka's answer to a bonus amount
 * below its minimum (toloka-kit tests/test_user_bonus.py); {@code VALUE_GREATER_THAN_MAX} is its twin. The
 * docs are silent on the rest, so they are the codes Artel's {@code spec.SchemaValidator} already answers for
 * the same fault in a request body ({@code STRING_EXPECTED}, {@code STRING_LENGTH_LESS_THAN_MIN},
 * {@code ARRAY_SIZE_GREATER_THAN_MAX}, {@code VALUE_OUT_OF_BOUNDS}, …), and, where Artel had none, a name in
 * the same families: {@code INVALID_COORDINATES_SYNTAX} and {@code INVALID_REGEX_SYNTAX} beside
 * {@code INVALID_URL_SYNTAX} and {@code INVALID_DATE_TIME_SYNTAX}, {@code STRING_DOES_NOT_MATCH_PATTERN}
 * beside the other {@code STRING_} rules. A value outside {@code allowed_values} is {@code VALUE_NOT_ALLOWED},
 * the Toloka task code whose name says exactly that.
 */
final class ValueErrors {
    static final int MAX_ERRORS = 50;
    /** Client text and spec values echoed in messages are cut to this. */
    private static final int ECHO_CHARS = 100;

    private ValueErrors() {
    }

    static void add(Map<String, FieldError> errors, String path, String code, String message) {
        if (errors.size() < MAX_ERRORS) {
            errors.putIfAbsent(path, FieldError.of(code, message));
        }
    }

    static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String echo(Object value) {
        return Text.abbreviate(String.valueOf(value), ECHO_CHARS);
    }

    static void required(Map<String, FieldError> errors, String path) {
        add(errors, path, "VALUE_REQUIRED", "Value must be present and not equal to null");
    }

    static void unknownField(Map<String, FieldError> errors, String path) {
        add(errors, path, "VALUE_NOT_ALLOWED", "Unknown field name");
    }

    static void notAllowed(Map<String, FieldError> errors, String path, Object allowed) {
        add(errors, path, "VALUE_NOT_ALLOWED", "Value must be one of " + echo(allowed));
    }

    static void wrongType(Map<String, FieldError> errors, String path, FieldType type) {
        add(errors, path, type.expectedCode, type.expectedMessage);
    }

    static void arrayExpected(Map<String, FieldError> errors, String path) {
        add(errors, path, "ARRAY_EXPECTED", "Array expected");
    }

    static void objectExpected(Map<String, FieldError> errors, String path) {
        add(errors, path, "OBJECT_EXPECTED", "Object expected");
    }

    static void lessThanMin(Map<String, FieldError> errors, String path, String min) {
        add(errors, path, "VALUE_LESS_THAN_MIN", "Value must be greater or equal to " + echo(min));
    }

    static void greaterThanMax(Map<String, FieldError> errors, String path, String max) {
        add(errors, path, "VALUE_GREATER_THAN_MAX", "Value must be less or equal to " + echo(max));
    }

    static void outOfBounds(Map<String, FieldError> errors, String path, String message) {
        add(errors, path, "VALUE_OUT_OF_BOUNDS", message);
    }

    static void tooShort(Map<String, FieldError> errors, String path, int min) {
        add(errors, path, "STRING_LENGTH_LESS_THAN_MIN", "String must be at least " + min + " characters long");
    }

    static void tooLong(Map<String, FieldError> errors, String path, int max) {
        add(errors, path, "STRING_LENGTH_GREATER_THAN_MAX", "String must be at most " + max + " characters long");
    }

    static void tooFewItems(Map<String, FieldError> errors, String path, int min) {
        add(errors, path, "ARRAY_SIZE_LESS_THAN_MIN", "Array must have at least " + min + " items");
    }

    static void tooManyItems(Map<String, FieldError> errors, String path, int max) {
        add(errors, path, "ARRAY_SIZE_GREATER_THAN_MAX", "Array must have at most " + max + " items");
    }

    static void patternMismatch(Map<String, FieldError> errors, String path, String pattern) {
        add(errors, path, "STRING_DOES_NOT_MATCH_PATTERN", "String must match the pattern " + echo(pattern));
    }

    /** Same code as a mismatch: the value was not shown to match, and a client needs no second case for it. */
    static void patternTooCostly(Map<String, FieldError> errors, String path, String pattern) {
        add(errors, path, "STRING_DOES_NOT_MATCH_PATTERN", "String could not be matched against the pattern "
                + echo(pattern) + " within the allowed effort; simplify the pattern or shorten the value");
    }

    static void invalidUrl(Map<String, FieldError> errors, String path) {
        add(errors, path, "INVALID_URL_SYNTAX", "Value must be in valid url format");
    }

    static void invalidCoordinates(Map<String, FieldError> errors, String path) {
        add(errors, path, "INVALID_COORDINATES_SYNTAX",
                "Value must be coordinates 'latitude,longitude' in decimal degrees, such as '53.910236,27.531110'");
    }

    static void invalidRegex(Map<String, FieldError> errors, String path, String reason) {
        add(errors, path, "INVALID_REGEX_SYNTAX", "Pattern is not a valid regular expression: " + echo(reason));
    }

    static void unknownType(Map<String, FieldError> errors, String path, String type, Object known) {
        add(errors, path, "UNKNOWN_ENUM_VALUE", "Unknown value '" + echo(type) + "'; expected one of " + known);
    }

    static void invalidFieldName(Map<String, FieldError> errors, String path) {
        add(errors, path, "VALUE_NOT_ALLOWED",
                "A field name may hold only Latin letters, digits, hyphens and underscores");
    }
}
