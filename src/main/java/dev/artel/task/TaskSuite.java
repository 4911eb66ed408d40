package dev.artel.task;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Json;
import java.util.Set;

/**
 * A stored task suite: uploaded as one ({@code mixed} false, issued as uploaded), or made by the mixer from loose
 * tasks when it issued them ({@code mixed} true, overlap 1). Its document holds the client's fields and the
 * {@code tasks} as issued, each with its id.
 */
public record TaskSuite(String id, String accountId, long poolId, long created, Long overlap, int taken,
                        boolean issuable, boolean mixed, double issuingOrder, Document doc) {
    static final Set<String> SERVER_FIELDS = Set.of("id", "pool_id", "created", "overlap", "infinite_overlap",
            "remaining_overlap", "mixed", "automerged", "issuing_order_override", "__item_idx");

    public JsonSerializable view() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("pool_id", Long.toString(poolId));
        if (overlap != null) {
            out.put("overlap", overlap);
            out.put("remaining_overlap", Math.max(0, overlap - taken));
        }
        out.put("infinite_overlap", overlap == null);
        out.put("mixed", mixed);
        out.put("automerged", false);
        out.put("issuing_order_override", issuingOrder);
        out.put("created", Timestamps.format(created));
        return doc.behind(out);
    }

    TaskSuite withOverlap(Long newOverlap) {
        return new TaskSuite(id, accountId, poolId, created, newOverlap, taken,
                !mixed && (newOverlap == null || taken < newOverlap), mixed, issuingOrder, doc);
    }

    TaskSuite withIssuingOrder(double order) {
        return new TaskSuite(id, accountId, poolId, created, overlap, taken, issuable, mixed, order, doc);
    }
}
