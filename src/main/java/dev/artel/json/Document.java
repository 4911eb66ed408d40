package dev.artel.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;

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

    /**
     * The object with {@code serverFields} first and then the document's fields, written as raw JSON. The
     * server's field names are stripped from every document before it is stored, so no name appears twice.
     */
    public RawValue behind(ObjectNode serverFields) {
        String head = Json.write(serverFields);
        String fields = text.substring(1, text.length() - 1);
        if (fields.isBlank()) {
            return new RawValue(head);
        }
        if (serverFields.isEmpty()) {
            return new RawValue(text);
        }
        return new RawValue(head.substring(0, head.length() - 1) + "," + fields + "}");
    }
}
