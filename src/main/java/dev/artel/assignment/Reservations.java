package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Document;

/** A task's or suite's {@code reserved_for} (only these workers) and {@code unavailable_for} (never these). */
final class Reservations {
    private Reservations() {
    }

    static boolean allow(Document doc, String workerId) {
        String text = doc.text();
        // Every take weighs several candidates, and nearly none has either list: a scan of the stored text spares
        // parsing each one. A name that only appears inside some value costs the parse, nothing more.
        if (!text.contains("\"reserved_for\"") && !text.contains("\"unavailable_for\"")) {
            return true;
        }
        JsonNode tree = doc.tree();
        JsonNode reserved = tree.path("reserved_for");
        if (reserved.isArray() && !reserved.isEmpty() && !contains(reserved, workerId)) {
            return false;
        }
        return !contains(tree.path("unavailable_for"), workerId);
    }

    private static boolean contains(JsonNode ids, String workerId) {
        for (JsonNode id : ids) {
            if (id.asText().equals(workerId)) {
                return true;
            }
        }
        return false;
    }
}
