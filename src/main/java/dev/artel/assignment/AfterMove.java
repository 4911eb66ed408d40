package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.pool.Pool;
import dev.artel.storage.Handle;

/**
 * What else happens when an assignment changes status (submitted, skipped, expired, accepted, rejected): run in
 * the move's own transaction, after the assignment is stored, so it happens exactly once per move on whichever
 * node makes it, and not at all if the move rolls back: quality-control rules, training results and dynamic
 * overlap.
 */
public interface AfterMove {
    AfterMove NOTHING = (h, pool, poolDoc, moved, reviewer) -> false;

    /** Reviews an assignment on the requester's behalf, in the same transaction. */
    interface Reviewer {
        /** Moves {@code assignment} (SUBMITTED) to ACCEPTED or REJECTED, with the comment if one is given. */
        void review(Handle h, Assignment assignment, AssignmentStatus next, String publicComment);
    }

    /**
     * True when it changed assignments, so the caller reads the moved one again before going on. {@code pool} and
     * its document {@code poolDoc} (not to be changed) are the ones the caller has read in this transaction.
     */
    boolean moved(Handle h, Pool pool, JsonNode poolDoc, Assignment moved, Reviewer reviewer);

    /** This, then {@code next}, which sees what this changed; true when either changed assignments. */
    default AfterMove then(AfterMove next) {
        return (h, pool, poolDoc, moved, reviewer) -> moved(h, pool, poolDoc, moved, reviewer)
                | next.moved(h, pool, poolDoc, moved, reviewer);
    }
}
