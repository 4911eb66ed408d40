package dev.artel.assignment;

import java.util.EnumSet;
import java.util.Set;

/**
 * An assignment's life: a worker takes it (ACTIVE) and submits, skips or lets it expire; the requester, or the
 * pool's auto-accept, accepts or rejects a submitted one, and may still accept a rejected one.
 */
public enum AssignmentStatus {
    ACTIVE, SUBMITTED, ACCEPTED, REJECTED, SKIPPED, EXPIRED;

    /** The statuses this one may come from. */
    Set<AssignmentStatus> from() {
        return switch (this) {
            case ACTIVE -> EnumSet.noneOf(AssignmentStatus.class);
            case SUBMITTED, SKIPPED, EXPIRED -> EnumSet.of(ACTIVE);
            case ACCEPTED -> EnumSet.of(SUBMITTED, REJECTED);
            case REJECTED -> EnumSet.of(SUBMITTED);
        };
    }

    /** Whether an assignment in this status holds a place in its tasks' overlap. */
    boolean holdsPlace() {
        return this == ACTIVE || this == SUBMITTED || this == ACCEPTED;
    }
}
