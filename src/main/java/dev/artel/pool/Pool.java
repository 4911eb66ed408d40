package dev.artel.pool;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.core.ObjectIds;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import java.util.Set;

/** A stored pool or training: the server's columns plus the client's document. */
public record Pool(long id, String accountId, PoolKind kind, long projectId, String status, long created,
                   Long lastStarted, Long lastStopped, String lastCloseReason, Document doc) {
    public static final String OPEN = "OPEN";
    public static final String CLOSED = "CLOSED";
    public static final String ARCHIVED = "ARCHIVED";
    static final Set<String> SERVER_FIELDS = Set.of("id", "project_id", "status", "created", "owner",
            "last_started", "last_stopped", "last_close_reason");

    public JsonSerializable view() {
        ObjectNode out = Json.object();
        out.put("id", Long.toString(id));
        out.put("project_id", Long.toString(projectId));
        out.put("status", status);
        out.put("created", Timestamps.format(created));
        out.set("owner", Documents.owner(accountId));
        if (lastStarted != null) {
            out.put("last_started", Timestamps.format(lastStarted));
        }
        if (lastStopped != null) {
            out.put("last_stopped", Timestamps.format(lastStopped));
        }
        if (lastCloseReason != null) {
            out.put("last_close_reason", lastCloseReason);
        }
        return doc.behind(out);
    }

    /** The training this pool requires its Tolokers to pass, if its document names one that can exist. */
    public Long linkedTrainingId() {
        // Most pools name none; the text check spares them a parse on every write.
        if (kind != PoolKind.POOL || !doc.text().contains("\"training_requirement\"")) {
            return null;
        }
        String id = doc.tree().path("quality_control").path("training_requirement").path("training_pool_id").asText();
        return ObjectIds.parse(id).orElse(null);
    }

    Pool withDoc(Document newDoc) {
        return new Pool(id, accountId, kind, projectId, status, created, lastStarted, lastStopped, lastCloseReason,
                newDoc);
    }

    Pool opened(long now) {
        return new Pool(id, accountId, kind, projectId, OPEN, created, now, lastStopped, lastCloseReason, doc);
    }

    Pool closed(long now, String reason) {
        return new Pool(id, accountId, kind, projectId, CLOSED, created, lastStarted, now, reason, doc);
    }

    Pool archived() {
        return new Pool(id, accountId, kind, projectId, ARCHIVED, created, lastStarted, lastStopped, lastCloseReason,
                doc);
    }

    /** The clone: every client field, a new id, CLOSED, created now, and no history. */
    Pool cloned(long newId, long now) {
        return new Pool(newId, accountId, kind, projectId, CLOSED, now, null, null, null, doc);
    }
}
