package dev.artel.task.spec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Text;
import dev.artel.error.FieldError;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * A project's {@code input_spec} or {@code output_spec}, read once, and the check of task values against it:
 * a task's {@code input_values} against the input spec, its {@code known_solutions[].output_values} and a
 * worker's solution against the output spec. Immutable and thread-safe, so one instance can serve every task
 * of a project.
 *
 * <p>What {@link #check} refuses, each under the value's dotted path ({@code input_values.image},
 * {@code input_values.tags.2}) with the codes {@link ValueErrors} lists and justifies:
 * <ul>
 * <li>a required field (the default) that is absent or null; hidden fields are no exception. An optional
 * field given null is taken as absent.</li>
 * <li>a field the spec does not name: Toloka answers {@code VALUE_NOT_ALLOWED} "Unknown field name" for an
 * unknown input value (toloka-kit's tests/tasks/test_creation.py reproduces its answer). Output values are
 * held to the same rule, since a solution carries only the answers the spec asks for.</li>
 * <li>a value of the wrong JSON type, with no coercion: {@code "1"} is not an integer nor {@code "true"} a
 * boolean, since Toloka hands values back to the requester as it stored them; {@code 1.0} is an integer,
 * {@code 1.5} is not.</li>
 * <li>every attribute of the field's type, per item for an array type (see {@link FieldSpec}).</li>
 * </ul>
 * At most 50 problems are reported, as for request bodies. A field name longer than 100 characters is cut in
 * its path, since it is echoed back to the client.
 */
public final class FieldSpecs {
    /** The guide: a field ID holds "only Latin letters, numbers, hyphens, and underscores". */
    private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final int MAX_NAME_IN_PATH = 100;

    private final boolean isObject;
    private final Map<String, FieldSpec> fields;
    /** Keyed by the path under the spec: {@code field} or {@code field.attribute}. */
    private final Map<String, FieldError> problems;

    private FieldSpecs(boolean isObject, Map<String, FieldSpec> fields, Map<String, FieldError> problems) {
        this.isObject = isObject;
        this.fields = fields;
        this.problems = problems;
    }

    /**
     * Reads {@code spec}, the object that maps field names to field specs. Never throws: what cannot be read
     * is left out of the checks and reported by {@link #specErrors}, which a project's create and update
     * should refuse on.
     */
    public static FieldSpecs of(JsonNode spec) {
        Map<String, FieldSpec> fields = new LinkedHashMap<>();
        Map<String, FieldError> problems = new LinkedHashMap<>();
        boolean isObject = spec != null && spec.isObject();
        if (isObject) {
            for (Map.Entry<String, JsonNode> field : spec.properties()) {
                String name = field.getKey();
                if (!FIELD_NAME.matcher(name).matches()) {
                    ValueErrors.invalidFieldName(problems, inPath(name));
                }
                fields.put(name, FieldSpec.read(inPath(name), field.getValue(), problems));
            }
        }
        return new FieldSpecs(isObject, Collections.unmodifiableMap(fields), problems);
    }

    /**
     * What is wrong with the spec itself, under {@code pathPrefix} ({@code task_spec.input_spec}): a field
     * that is not an object, a missing or unknown {@code type}, an attribute of the wrong type, a negative
     * length or size, a {@code pattern} that is not a regular expression, a field name outside
     * {@code [A-Za-z0-9_-]}. Empty for a sound spec.
     */
    public Map<String, FieldError> specErrors(String pathPrefix) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        if (!isObject) {
            ValueErrors.objectExpected(errors, whole(pathPrefix));
        }
        problems.forEach((path, error) -> errors.put(ValueErrors.join(pathPrefix, path), error));
        return errors;
    }

    /**
     * Every problem of {@code values} (a task's {@code input_values}, a solution's {@code output_values}),
     * keyed by its path under {@code pathPrefix}; empty if the values are valid. Absent or null
     * {@code values} are checked as an empty object, so each missing required field is named.
     */
    public Map<String, FieldError> check(JsonNode values, String pathPrefix) {
        Map<String, FieldError> errors = new LinkedHashMap<>();
        boolean absent = values == null || values.isNull();
        if (!absent && !values.isObject()) {
            ValueErrors.objectExpected(errors, whole(pathPrefix));
            return errors;
        }
        for (Map.Entry<String, FieldSpec> field : fields.entrySet()) {
            JsonNode value = absent ? null : values.get(field.getKey());
            String path = ValueErrors.join(pathPrefix, inPath(field.getKey()));
            if (value == null || value.isNull()) {
                if (field.getValue().required()) {
                    ValueErrors.required(errors, path);
                }
            } else {
                field.getValue().check(value, path, errors);
            }
        }
        if (!absent) {
            for (Map.Entry<String, JsonNode> value : values.properties()) {
                if (!fields.containsKey(value.getKey())) {
                    ValueErrors.unknownField(errors, ValueErrors.join(pathPrefix, inPath(value.getKey())));
                }
            }
        }
        return errors;
    }

    /** The names of the spec's fields, in the spec's order. */
    public Set<String> fieldNames() {
        return fields.keySet();
    }

    /** Whether {@code field} must have a value; false for a field the spec does not name. */
    public boolean isRequired(String field) {
        FieldSpec spec = fields.get(field);
        return spec != null && spec.required();
    }

    /**
     * A value {@code field} takes, drawn with {@code random}, for simulated workers; empty for a field the spec
     * does not name or one no valid value can be made for ({@link ValueMaker} says which).
     */
    public Optional<JsonNode> anyValue(String field, RandomGenerator random) {
        FieldSpec spec = fields.get(field);
        return spec == null ? Optional.empty() : new ValueMaker(spec, random).any();
    }

    /**
     * A valid value of {@code field} other than {@code value} and near it where that means something (another
     * allowed value, a nearby number), drawn with {@code random}: a plausible wrong answer. Empty where there is
     * none, such as a field with one allowed value.
     */
    public Optional<JsonNode> otherValue(String field, JsonNode value, RandomGenerator random) {
        FieldSpec spec = fields.get(field);
        return spec == null ? Optional.empty() : new ValueMaker(spec, random).other(value);
    }

    private static String inPath(String name) {
        return Text.abbreviate(name, MAX_NAME_IN_PATH);
    }

    /** The path of the whole object; with no prefix it is {@code body}, as in {@code SchemaValidator}. */
    private static String whole(String prefix) {
        return prefix.isEmpty() ? "body" : prefix;
    }
}
