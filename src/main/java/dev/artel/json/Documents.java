package dev.artel.json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/** Helpers for the stored-document model: the client's JSON kept as sent, server fields laid over it. */
public final class Documents {
    private Documents() {
    }

    /** A copy of {@code body} without the fields the server owns (clients send them back; they are ignored). */
    public static ObjectNode withoutServerFields(ObjectNode body, Set<String> serverFields) {
        ObjectNode copy = body.deepCopy();
        copy.remove(serverFields);
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
