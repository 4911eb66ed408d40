package dev.artel.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The one Jackson configuration. Numbers are read as exact decimals so that what a client sent (say
 * {@code 0.10}) is stored and returned unchanged; nesting and string sizes are capped to keep hostile
 * bodies cheap to refuse.
 */
public final class Json {
    public static final int MAX_NESTING_DEPTH = 64;

    private static final ObjectMapper MAPPER = create();
    /** For response streams, which belong to the server: writing must not close them. */
    private static final ObjectWriter STREAM_WRITER = MAPPER.writer().without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    private Json() {
    }

    private static ObjectMapper create() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxNumberLength(100)
                        .build())
                .build();
        ObjectMapper mapper = new ObjectMapper(factory);
        mapper.configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
        mapper.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        return mapper;
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    public static JsonNode parse(String text) throws JsonProcessingException {
        return MAPPER.readTree(text);
    }

    /**
     * The dotted path ({@code metadata.k.0}) of the first string or field name holding U+0000, if any.
     * JSON allows it, but PostgreSQL cannot store it in text, so requests carrying one are refused up front.
     */
    public static Optional<String> pathOfNul(JsonNode node) {
        return pathOfNul(node, "");
    }

    private static Optional<String> pathOfNul(JsonNode node, String path) {
        if (node.isTextual()) {
            return node.textValue().indexOf('\0') >= 0 ? Optional.of(path) : Optional.empty();
        }
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String child = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (field.getKey().indexOf('\0') >= 0) {
                    return Optional.of(child);
                }
                Optional<String> found = pathOfNul(field.getValue(), child);
                if (found.isPresent()) {
                    return found;
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                Optional<String> found = pathOfNul(node.get(i), path.isEmpty() ? Integer.toString(i) : path + "." + i);
                if (found.isPresent()) {
                    return found;
                }
            }
        }
        return Optional.empty();
    }

    public static ObjectNode parseObject(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable", e);
        }
    }

    /** Writes UTF-8 JSON to {@code out}, leaving it open (the caller owns the stream). */
    public static void write(OutputStream out, Object value) {
        try {
            STREAM_WRITER.writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + value.getClass().getSimpleName(), e);
        }
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass(), e);
        }
    }
}
