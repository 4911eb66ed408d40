package dev.artel.project;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Documents;
import java.util.Set;

/** A stored project: the server's columns plus the client's document. */
public record Project(long id, String accountId, String status, long created, ObjectNode doc) {
    public static final String ACTIVE = "ACTIVE";
    public static final String ARCHIVED = "ARCHIVED";
    static final Set<String> SERVER_FIELDS = Set.of("id", "status", "created", "owner");

    public ObjectNode view() {
        ObjectNode out = doc.deepCopy();
        out.put("id", Long.toString(id));
        out.put("status", status);
        out.put("created", Timestamps.format(created));
        out.set("owner", Documents.owner(accountId));
        return out;
    }

    Project withDoc(ObjectNode newDoc) {
        return new Project(id, accountId, status, created, newDoc);
    }
}
