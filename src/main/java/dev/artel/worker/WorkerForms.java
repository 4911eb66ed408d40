package dev.artel.worker;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import dev.artel.spec.ApiSpec;
import dev.artel.spec.SchemaValidator;
import java.util.Map;
import java.util.stream.Collectors;

/** A WorkerForm made from command-line options, held to artel-api.yaml as an HTTP body is. */
public final class WorkerForms {
    private WorkerForms() {
    }

    /**
     * {@code languages} and {@code verifiedLanguages} are comma-separated ({@code EN,RU}); they and {@code country}
     * may be null. A form the spec refuses is an {@link IllegalArgumentException} naming each field, as a usage
     * error.
     */
    public static ObjectNode fromOptions(String name, String languages, String verifiedLanguages, String country) {
        ObjectNode form = Json.object().put("name", name);
        ObjectNode profile = form.putObject("profile");
        putList(profile, "languages", languages);
        putList(profile, "verified_languages", verifiedLanguages);
        if (country != null) {
            profile.put("country", country);
        }
        ApiSpec spec = ApiSpec.load(ApiSpec.ARTEL);
        Map<String, FieldError> errors = new SchemaValidator(spec).validate(form, spec.schema("WorkerForm"));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(errors.entrySet().stream()
                    .map(e -> cliName(e.getKey()) + ": " + e.getValue().message())
                    .collect(Collectors.joining("; ")));
        }
        return form;
    }

    private static void putList(ObjectNode profile, String field, String commaSeparated) {
        if (commaSeparated != null) {
            ArrayNode list = profile.putArray(field);
            for (String item : commaSeparated.split(",", -1)) {
                list.add(item.trim());
            }
        }
    }

    /** The option a field of the form came from. */
    private static String cliName(String field) {
        return "--" + field.replaceFirst("^profile\\.", "").replaceFirst("\\.\\d+$", "").replace('_', '-');
    }
}
