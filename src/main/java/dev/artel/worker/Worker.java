package dev.artel.worker;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Json;
import java.util.Set;

/**
 * A worker (a Toloker): the server's columns plus the document the operator created it with: {@code name},
 * {@code profile} and {@code computed}, whose attributes carry the keys of pool filter conditions of those
 * categories ({@code profile.languages}, {@code computed.os_family}), so a filter is matched by looking its
 * {@code category} and {@code key} up in {@link #doc()}.
 */
public record Worker(String id, long created, Document doc) {
    /** Fields the server writes; dropped from a form before it is stored. */
    static final Set<String> SERVER_FIELDS = Set.of("id", "created", "token");

    /** As artel-api.yaml's Worker. */
    public JsonSerializable view() {
        return doc.behind(serverFields());
    }

    ObjectNode serverFields() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("created", Timestamps.format(created));
        return out;
    }
}
