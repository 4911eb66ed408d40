package dev.artel.task.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The value types a field spec names: toloka-kit's {@code FieldType} and the Java SDK's {@code FieldSpec}
 * subtypes. Each also comes as {@code array_<type>}, a list of such values ({@code array_json} included: both
 * SDKs have it and the guide's segmentation tutorial uses it). URL, file and coordinates values are strings
 * (the guide: "similar to the string type"), so a non-string is refused as such before its syntax is looked at.
 */
enum FieldType {
    BOOLEAN("boolean", "BOOLEAN_EXPECTED", "Boolean expected"),
    STRING("string", "STRING_EXPECTED", "String expected"),
    INTEGER("integer", "INTEGER_EXPECTED", "Integer expected"),
    FLOAT("float", "FLOAT_EXPECTED", "Number expected"),
    URL("url", "STRING_EXPECTED", "String expected"),
    FILE("file", "STRING_EXPECTED", "String expected"),
    COORDINATES("coordinates", "STRING_EXPECTED", "String expected"),
    /** Any JSON value: the template builder gives this type to an output whose values differ in type. */
    JSON("json", null, null);

    static final String ARRAY_PREFIX = "array_";

    final String specName;
    final String expectedCode;
    final String expectedMessage;

    FieldType(String specName, String expectedCode, String expectedMessage) {
        this.specName = specName;
        this.expectedCode = expectedCode;
        this.expectedMessage = expectedMessage;
    }

    static Optional<FieldType> named(String name) {
        return Arrays.stream(values()).filter(t -> t.specName.equals(name)).findFirst();
    }

    /** Every name a spec may give, for the message that refuses another. */
    static List<String> allNames() {
        return Arrays.stream(values())
                .flatMap(t -> java.util.stream.Stream.of(t.specName, ARRAY_PREFIX + t.specName))
                .toList();
    }
}
