package dev.artel.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;
import java.util.function.Supplier;

/** Helpers for the stored-document model: the client's JSON kept as sent, server fields laid over it. */
public final class Documents {
    private Documents() {
    }

    /**
     * The document to store for a create or update body: a copy without the fields the server owns (clients send
     * them back; they are ignored), and with a uuid for every quality-control collector that has none. Collectors
     * are keyed by uuid (clones that keep it share history), so the server assigns one as Toloka does; toloka-kit
     * blanks them on purpose to get fresh collectors.
     */
    public static ObjectNode storedDocument(ObjectNode body, Set<String> serverFields, Supplier<String> newUuid) {
        ObjectNode copy = body.deepCopy();
        copy.remove(serverFields);
        for (JsonNode config : copy.path("quality_control").path("configs")) {
            if (config.path("collector_config") instanceof ObjectNode collector
                    && !collector.path("uuid").isTextual()) {
                collector.put("uuid", newUuid.get());
            }
        }
        return copy;
    }

    /** The Owner object of every view: the account that owns the object, seen by itself. */
    public static ObjectNode owner(String accountId) {
        ObjectNode owner = Json.object();
        owner.put("id", accountId);
        owner.put("myself", true);
        owner.put("company_id", accountId);
        return owner;
    }
}
