package dev.artel.assignment;

import dev.artel.storage.Handle;

/**
 * What else happens when an assignment changes status (submitted, skipped, expired, accepted, rejected): run in
 * the move's own transaction, after the assignment is stored, so it happens exactly once per move on whichever
 * node makes it, and not at all if the move rolls back: quality-control rules, and dynamic overlap.
 */
public interface AfterMove {
    AfterMove NOTHING = (h, moved, reviewer) -> false;

    /** Reviews an assignment on the requester's behalf, in the same transaction. */
    interface Reviewer {
        /** Moves {@code assignment} (SUBMITTED) to ACCEPTED or REJECTED, with the comment if one is given. */
        void review(Handle h, Assignment assignment, AssignmentStatus next, String publicComment);
    }

    /** True when it changed assignments, so the caller reads the moved one again before going on. */
    boolean moved(Handle h, Assignment moved, Reviewer reviewer);

    /** {@code first}, then {@code then}, which sees what {@code first} changed; true when either changed assignments. */
    static AfterMove inOrder(AfterMove first, AfterMove then) {
        return (h, moved, reviewer) -> first.moved(h, moved, reviewer) | then.moved(h, moved, reviewer);
    }
}
