package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;

/** A task's or suite's {@code reserved_for} (only these workers) and {@code unavailable_for} (never these). */
final class Reservations {
    private Reservations() {
    }

    static boolean allow(JsonNode doc, String workerId) {
        JsonNode reserved = doc.path("reserved_for");
        if (reserved.isArray() && !reserved.isEmpty() && !contains(reserved, workerId)) {
            return false;
        }
        return !contains(doc.path("unavailable_for"), workerId);
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
