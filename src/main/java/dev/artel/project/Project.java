package dev.artel.project;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import java.util.Set;

/** A stored project: the server's columns plus the client's document. */
public record Project(long id, String accountId, String status, long created, Document doc) {
    public static final String ACTIVE = "ACTIVE";
    public static final String ARCHIVED = "ARCHIVED";
    static final Set<String> SERVER_FIELDS = Set.of("id", "status", "created", "owner");

    public JsonSerializable view() {
        ObjectNode out = Json.object();
        out.put("id", Long.toString(id));
        out.put("status", status);
        out.put("created", Timestamps.format(created));
        out.set("owner", Documents.owner(accountId));
        return doc.behind(out);
    }

    Project withDoc(Document newDoc) {
        return new Project(id, accountId, status, created, newDoc);
    }
}
