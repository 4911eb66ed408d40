package dev.artel.support;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Text;
import dev.artel.json.Json;
import java.io.IOException;
import java.util.Map;

/**
 * Whether a response body is JSON that every client reads the same way: UTF-8 without a malformed byte, well
 * formed, no name twice in an object, and no string (value or name) holding a lone UTF-16 surrogate, which
 * JSON's {@code \ud800} escape can express but no strict client (Python's encoder, a UTF-8 writer) can handle.
 * Jackson alone is not this strict: it decodes such an escape into a Java string without complaint.
 */
public final class StrictJson {
    private StrictJson() {
    }

    /** The body's text, or an AssertionError saying why it is not strict JSON. */
    public static String text(byte[] body) {
        return Text.strictUtf8(body).orElseThrow(() -> new AssertionError("response body is not valid UTF-8"));
    }

    /** Null when {@code body} is strict JSON (or empty), else what is wrong with it. */
    public static String problem(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            JsonNode tree = Json.parse(text(body));
            return loneSurrogate(tree, "");
        } catch (AssertionError e) {
            return e.getMessage();
        } catch (IOException e) {
            return "response body is not JSON: " + e.getMessage();
        }
    }

    private static String loneSurrogate(JsonNode node, String path) {
        if (node.isTextual()) {
            return Text.firstLoneSurrogate(node.textValue()) < 0 ? null : "lone surrogate in the string at " + path;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (Text.firstLoneSurrogate(field.getKey()) >= 0) {
                return "lone surrogate in a field name at " + path;
            }
            String found = loneSurrogate(field.getValue(), path + "." + field.getKey());
            if (found != null) {
                return found;
            }
        }
        for (int i = 0; i < (node.isArray() ? node.size() : 0); i++) {
            String found = loneSurrogate(node.get(i), path + "." + i);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
