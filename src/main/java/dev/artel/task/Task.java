package dev.artel.task;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Json;
import java.util.Set;

/**
 * A stored task: the columns that issuing and lists use, and the client's document ({@code input_values},
 * {@code known_solutions}, hints, baseline solutions, {@code reserved_for} …). {@code overlap} null is infinite
 * overlap. {@code taken} counts the assignments that hold a place in the overlap: active, submitted, accepted.
 */
public record Task(String id, String accountId, long poolId, String suiteId, long created, Long overlap, int taken,
                   boolean issuable, TaskKind kind, Document doc) {
    /**
     * Fields the server owns, dropped from what a client sends. {@code __item_idx} is toloka-kit's numbering of a
     * batch, echoed in the operation log and not part of the task.
     */
    static final Set<String> SERVER_FIELDS = Set.of("id", "pool_id", "created", "overlap", "infinite_overlap",
            "remaining_overlap", "origin_task_id", "__item_idx");

    public JsonSerializable view() {
        return doc.behind(serverFields());
    }

    /** The task as an assignment or a task suite carries it: its id and the client's document, no counters. */
    public ObjectNode inSuite() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.setAll(doc.tree());
        return out;
    }

    private ObjectNode serverFields() {
        return serverFields(id, poolId, overlap, taken, created);
    }

    /** The fields a task's view puts before its document, from the columns that hold them. */
    static ObjectNode serverFields(String id, long poolId, Long overlap, int taken, long created) {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("pool_id", Long.toString(poolId));
        // toloka-kit cannot read back a task that has infinite_overlap true and an overlap.
        if (overlap != null) {
            out.put("overlap", overlap);
        }
        out.put("infinite_overlap", overlap == null);
        if (overlap != null) {
            // Places left in the overlap; infinite overlap has no number.
            out.put("remaining_overlap", Math.max(0, overlap - taken));
        }
        out.put("created", Timestamps.format(created));
        return out;
    }

    Task withOverlap(Long newOverlap) {
        return new Task(id, accountId, poolId, suiteId, created, newOverlap, taken,
                suiteId == null && (newOverlap == null || taken < newOverlap), kind, doc);
    }

    Task withDoc(Document newDoc, TaskKind newKind) {
        return new Task(id, accountId, poolId, suiteId, created, overlap, taken, issuable, newKind, newDoc);
    }
}
