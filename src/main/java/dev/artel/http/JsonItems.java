package dev.artel.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import dev.artel.json.InputRules;
import dev.artel.json.Json;
import dev.artel.spec.SchemaValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body of a batch upload, one object or an array of them, read an item at a time: a hundred thousand tasks
 * are some 20 MB of JSON, which as one tree would take several times that in memory, so only the bytes are held
 * and each item is parsed, checked ({@link InputRules}, then the item's schema) and handed on before the next.
 * An item that fails its checks refuses the whole request with 400, its problems named under the item's index
 * ({@code 3.input_values}), as the schema check of a whole array names them.
 */
public final class JsonItems {
    /**
     * Takes one checked item, its index in the body (0 for a body that is one object) and its JSON text as sent,
     * which reads as the same item: what a caller that stores the item may keep, rather than writing it again.
     */
    @FunctionalInterface
    public interface Consumer {
        void accept(int index, ObjectNode item, String text);
    }

    /** Reads one item where the parser stands; the body's end is checked after the last item, not after each. */
    private static final ObjectReader ITEM = Json.mapper().reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final byte[] body;
    private final JsonNode itemSchema;
    private final SchemaValidator validator;

    JsonItems(byte[] body, JsonNode requestSchema, SchemaValidator validator) {
        this.body = body;
        this.itemSchema = itemSchema(requestSchema);
        this.validator = validator;
    }

    /** The schema of one item: the {@code items} of the array alternative, or the object's own. */
    private static JsonNode itemSchema(JsonNode requestSchema) {
        for (JsonNode alternative : requestSchema.path("oneOf")) {
            if (alternative.path("type").asText().equals("array")) {
                return alternative.path("items");
            }
        }
        return requestSchema;
    }

    /** Whether the body is an array of items rather than one. */
    public boolean isArray() {
        try (JsonParser parser = Json.mapper().createParser(body)) {
            return parser.nextToken() == JsonToken.START_ARRAY;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses, checks and hands on every item in order; throws 400 at the first one that fails. */
    public void forEach(Consumer consumer) {
        try (JsonParser parser = Json.mapper().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    long start = parser.currentTokenLocation().getByteOffset();
                    ObjectNode item = checked(ITEM.readTree(parser), index + ".");
                    consumer.accept(index, item, text(item, start, parser));
                    index++;
                }
            } else if (first == JsonToken.START_OBJECT) {
                long start = parser.currentTokenLocation().getByteOffset();
                ObjectNode item = checked(ITEM.readTree(parser), "");
                consumer.accept(0, item, text(item, start, parser));
            } else {
                throw ApiRequest.missingBody();
            }
            if (parser.nextToken() != null) {
                throw new ApiException(ErrorCode.VALIDATION_ERROR, "Request body has more after its JSON value",
                        Map.of("body", FieldError.of("JSON_EXPECTED", "Malformed JSON")));
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The text of the item the parser has just read, from {@code start}: its bytes as sent, or written again when
     * the parser counts no bytes (a body that is not UTF-8).
     */
    private String text(ObjectNode item, long start, JsonParser parser) {
        long end = parser.currentTokenLocation().getByteOffset() + 1;
        return start < 0 || end <= start ? Json.write(item)
                : new String(body, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    }

    private ObjectNode checked(JsonNode item, String prefix) {
        InputRules.firstViolation(item).ifPresent(violation -> {
            throw ApiException.invalidField(prefix + violation.path(), violation.code(), violation.message());
        });
        Map<String, FieldError> errors = validator.validate(item, itemSchema);
        if (!errors.isEmpty()) {
            Map<String, FieldError> named = new LinkedHashMap<>();
            errors.forEach((path, error) -> named.put(prefix + path, error));
            throw ApiException.invalidFields(named);
        }
        if (!(item instanceof ObjectNode object)) {
            throw ApiException.invalidField(prefix.isEmpty() ? "body" : prefix.substring(0, prefix.length() - 1),
                    "OBJECT_EXPECTED", "Object expected");
        }
        return object;
    }

    static ApiException malformed(JsonProcessingException e) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, "Request body is not valid JSON: "
                + e.getOriginalMessage(), Map.of("body", FieldError.of("JSON_EXPECTED", "Malformed JSON")));
    }
}
