package dev.artel.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;

/**
 * A client's JSON object as stored: its text exactly as {@link Json#write} produced it. Reads answer with that
 * text spliced behind the server's fields, so a pool read or listed is never parsed and re-serialized (which
 * was most of the CPU time of a GET); only a change parses it, through {@link #tree()}.
 */
public final class Document {
    private final String text;

    private Document(String text) {
        if (!text.startsWith("{") || !text.endsWith("}")) {
            throw new IllegalStateException("a stored document must be a JSON object: "
                    + text.substring(0, Math.min(40, text.length())));
        }
        this.text = text;
    }

    public static Document of(ObjectNode tree) {
        return new Document(Json.write(tree));
    }

    /** A document read back from storage, trusted to be what {@link #text()} once gave. */
    public static Document stored(String text) {
        return new Document(text);
    }

    public String text() {
        return text;
    }

    /** A fresh tree of the document, the caller's to change. */
    public ObjectNode tree() {
        return Json.parseObject(text);
    }

    private boolean hasFields() {
        for (int i = 1; i < text.length() - 1; i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The object with {@code serverFields} first and then the document's fields, copied as raw text straight
     * into the output. The server's field names are stripped from every document before it is stored, so no
     * name appears twice.
     */
    public JsonSerializable behind(ObjectNode serverFields) {
        return new JsonSerializable.Base() {
            @Override
            public void serialize(JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeStartObject();
                for (Map.Entry<String, JsonNode> field : serverFields.properties()) {
                    gen.writeFieldName(field.getKey());
                    gen.writeTree(field.getValue());
                }
                if (hasFields()) {
                    // The generator keeps its own comma state; raw text bypasses it, so the separator goes in here.
                    gen.writeRaw(serverFields.isEmpty() ? "" : ",");
                    gen.writeRaw(text, 1, text.length() - 2);
                }
                gen.writeEndObject();
            }

            @Override
            public void serializeWithType(JsonGenerator gen, SerializerProvider provider, TypeSerializer typeSer)
                    throws IOException {
                serialize(gen, provider);
            }
        };
    }
}
