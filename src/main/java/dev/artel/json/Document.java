package dev.artel.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Text;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final Logger LOG = LoggerFactory.getLogger(Document.class);
    private final String text;
    /** Why the stored text could not be served as it is; null for a whole document. */
    private final String damage;

    private Document(String text, String damage) {
        this.text = text;
        this.damage = damage;
    }

    public static Document of(ObjectNode tree) {
        return new Document(Json.write(tree), null);
    }

    /**
     * A document read back from storage, trusted to be what {@link #text()} once gave, with two exceptions
     * that must not break a response, least of all a list that holds the object among others. A database
     * written by an older Artel may hold lone UTF-16 surrogates (accepted before {@link InputRules}), which no
     * UTF-8 output can carry: they are served as U+FFFD (and stored so by the next write). A document that is
     * not a JSON object at all (edited by hand, say) is served as empty, leaving the server's fields, but
     * refuses to be written or changed: a clone or an update must not make the loss permanent. Both are logged
     * with the object's id. The checks are a scan of the text, not a parse, which a read must not pay for.
     */
    public static Document stored(String text, String kind, Object id) {
        if (text == null || !text.startsWith("{") || !text.endsWith("}")) {
            String damage = "the stored document of " + kind + " " + id + " is not a JSON object";
            LOG.error("{}; it is served without its fields", damage);
            return new Document("{}", damage);
        }
        if (Text.firstLoneSurrogate(text) >= 0) {
            LOG.warn("the stored document of {} {} holds lone UTF-16 surrogates; they are served as U+FFFD",
                    kind, id);
            return new Document(Text.withoutLoneSurrogates(text), null);
        }
        return new Document(text, null);
    }

    /** The text to store; a damaged document has none (see {@link #stored}). */
    public String text() {
        if (damage != null) {
            throw new IllegalStateException(damage);
        }
        return text;
    }

    /** A fresh tree of the document, the caller's to change. */
    public ObjectNode tree() {
        return Json.parseObject(text());
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
