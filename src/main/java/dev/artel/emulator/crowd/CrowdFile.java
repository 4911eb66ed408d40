package dev.artel.emulator.crowd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import dev.artel.spec.ApiSpec;
import dev.artel.spec.SchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/** The crowd a server defines at start from {@code --crowd FILE}: the body of PUT /emulator/crowd, held to it. */
public final class CrowdFile {
    /** Why the file defines no crowd, in a few words fit for the one line a failed start prints. */
    public static final class Invalid extends RuntimeException {
        Invalid(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    private CrowdFile() {
    }

    /** The file's crowd form, checked as the HTTP body is (schema, then what the schema cannot say). */
    public static ObjectNode read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new Invalid("cannot read it: " + e, e);
        }
        JsonNode form;
        try {
            form = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new Invalid("not JSON: " + e.getOriginalMessage() + " at line " + e.getLocation().getLineNr(), e);
        }
        if (!form.isObject()) {
            throw new Invalid("not a JSON object", null);
        }
        ApiSpec spec = ApiSpec.load(ApiSpec.ARTEL);
        Map<String, FieldError> errors = new SchemaValidator(spec).validate(form, spec.schema("CrowdForm"));
        if (!errors.isEmpty()) {
            throw new Invalid(describe(errors), null);
        }
        try {
            Crowd.read(form);
        } catch (ApiException e) {
            throw new Invalid(e.payload() instanceof Map<?, ?> fields ? describe(fields) : e.getMessage(), e);
        }
        return (ObjectNode) form;
    }

    private static String describe(Map<?, ?> errors) {
        return errors.entrySet().stream()
                .map(e -> e.getKey() + ": " + (e.getValue() instanceof FieldError f ? f.message() : e.getValue()))
                .collect(Collectors.joining("; "));
    }
}
