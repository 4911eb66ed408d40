package dev.artel.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The output fields an aggregation reads, checked against the project's output spec as Toloka's guide lists
 * them ("Fields that can be aggregated"): single values that answers can agree on, so no array, file,
 * coordinates or JSON field. Several fields are aggregated together, as one label.
 * {@code WEIGHTED_DYNAMIC_OVERLAP} also needs the number of possible answers ({@link #options}), so each of its
 * fields must enumerate them: a boolean, a field with {@code allowed_values}, or an integer with
 * {@code min_value} and {@code max_value} at most 32 apart; Toloka refuses aggregation by skill of a field
 * without valid values. {@code DAWID_SKENE} learns its labels from the answers and takes any single-valued
 * field.
 *
 * @param names   the fields aggregated, in order
 * @param missing the output fields of the spec left out
 * @param options how many answers are possible (the product over the fields), or 0 when some field does not say
 */
record AggregatedFields(List<String> names, List<String> missing, long options) {
    private static final Set<String> SINGLE_VALUED = Set.of("string", "integer", "float", "boolean", "url");
    /** The guide: "Integers with minimum and maximum values. The maximum difference between them is 32." */
    private static final long MAX_INTEGER_SPAN = 32;

    /**
     * The fields {@code requested} (names as the request gives them; empty means every single-valued field of
     * the spec), or a 400 naming the first one that cannot be aggregated, under {@code path}, where the request
     * lists them ({@code fields} of an aggregation, {@code dynamic_overlap_config.fields} of a pool).
     */
    static AggregatedFields of(JsonNode outputSpec, List<String> requested, boolean needOptions, String path) {
        List<String> names = new ArrayList<>();
        if (requested.isEmpty()) {
            for (Map.Entry<String, JsonNode> field : outputSpec.properties()) {
                if (SINGLE_VALUED.contains(field.getValue().path("type").asText())) {
                    names.add(field.getKey());
                }
            }
            if (names.isEmpty()) {
                throw ApiException.invalidField(path, "VALUE_REQUIRED",
                        "The project's output spec has no field that can be aggregated; name one");
            }
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < requested.size(); i++) {
                String name = requested.get(i);
                String namePath = path + "." + i + ".name";
                JsonNode spec = outputSpec.get(name);
                if (spec == null) {
                    throw ApiException.invalidField(namePath, "VALUE_NOT_ALLOWED",
                            "The project's output spec has no field '" + Text.abbreviate(name, 100) + "'");
                }
                if (!seen.add(name)) {
                    throw ApiException.invalidField(namePath, "VALUE_NOT_ALLOWED",
                            "Field '" + Text.abbreviate(name, 100) + "' is named twice");
                }
                if (!SINGLE_VALUED.contains(spec.path("type").asText())) {
                    throw ApiException.invalidField(namePath, "VALUE_NOT_ALLOWED", "A " + Text.abbreviate(
                            spec.path("type").asText(), 40) + " field cannot be aggregated: answers to it are not one"
                            + " value each; aggregate a string, integer, float, boolean or url field");
                }
                names.add(name);
            }
        }
        long options = 1;
        for (int i = 0; i < names.size(); i++) {
            long own = options(outputSpec.get(names.get(i)));
            if (own == 0 && needOptions) {
                throw ApiException.invalidField(requested.isEmpty() ? path : path + "." + i + ".name",
                        "VALUE_NOT_ALLOWED", "Aggregation by skill needs the possible answers of field '"
                        + Text.abbreviate(names.get(i), 100) + "': give it allowed_values (or make it a boolean, or"
                        + " an integer with min_value and max_value at most " + MAX_INTEGER_SPAN + " apart)");
            }
            options = own == 0 ? 0 : Math.min(Integer.MAX_VALUE, options * own);
        }
        List<String> missing = new ArrayList<>();
        outputSpec.fieldNames().forEachRemaining(name -> {
            if (!names.contains(name)) {
                missing.add(name);
            }
        });
        return new AggregatedFields(List.copyOf(names), List.copyOf(missing), options);
    }

    /** How many answers a field allows, or 0 when its spec does not enumerate them. */
    private static long options(JsonNode spec) {
        JsonNode allowed = spec.path("allowed_values");
        if (allowed.isArray() && !allowed.isEmpty()) {
            Set<String> distinct = new HashSet<>();
            allowed.forEach(value -> distinct.add(value.isNumber()
                    ? value.decimalValue().stripTrailingZeros().toPlainString() : value.asText()));
            return distinct.size();
        }
        String type = spec.path("type").asText();
        if (type.equals("boolean")) {
            return 2;
        }
        if (type.equals("integer") && spec.path("min_value").isNumber() && spec.path("max_value").isNumber()) {
            long span = spec.path("max_value").asLong() - spec.path("min_value").asLong();
            return span >= 0 && span <= MAX_INTEGER_SPAN ? span + 1 : 0;
        }
        return 0;
    }
}
