package dev.artel.restriction;

import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Json;
import java.util.Set;

/**
 * A restriction (a ban) an account put on a worker: its scope and target ({@code projectId} or {@code poolId}, 0
 * where the scope names none), and the form's other fields ({@code private_comment}, {@code will_expire} as sent)
 * as the document. {@code willExpire}, null for never, is when it stops applying: from then on it is gone.
 */
public record UserRestriction(long id, String accountId, String workerId, Scope scope, long projectId, long poolId,
                              long created, Long willExpire, Document doc) {
    /** Fields the server owns or keeps as columns, dropped from a form before it is stored. */
    static final Set<String> SERVER_FIELDS = Set.of("id", "scope", "user_id", "project_id", "pool_id", "created");

    /** The scopes of UserRestrictionFormV1. SYSTEM is the platform's, which no requester sets. */
    public enum Scope { ALL_PROJECTS, PROJECT, POOL, SYSTEM }

    /** As UserRestrictionViewV1. */
    JsonSerializable view() {
        ObjectNode out = Json.object();
        out.put("id", Long.toString(id));
        out.put("scope", scope.name());
        out.put("user_id", workerId);
        if (scope == Scope.PROJECT) {
            out.put("project_id", Long.toString(projectId));
        }
        if (scope == Scope.POOL) {
            out.put("pool_id", Long.toString(poolId));
        }
        out.put("created", Timestamps.format(created));
        return doc.behind(out);
    }

    boolean live(long now) {
        return willExpire == null || willExpire > now;
    }

    /** What it bars, for a worker who asks why they get no work. */
    public String describe() {
        String target = switch (scope) {
            case PROJECT -> "project " + projectId;
            case POOL -> "pool " + poolId;
            default -> "every project of its requester";
        };
        return "restriction " + id + " bars this worker from " + target
                + (willExpire == null ? "" : " until " + Timestamps.format(willExpire));
    }

    UserRestriction changed(Long newWillExpire, Document newDoc) {
        return new UserRestriction(id, accountId, workerId, scope, projectId, poolId, created, newWillExpire, newDoc);
    }
}
