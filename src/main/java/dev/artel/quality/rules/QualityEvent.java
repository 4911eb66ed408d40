package dev.artel.quality.rules;

import dev.artel.assignment.AssignmentStatus;
import java.util.Optional;

/** The events quality-control rules are evaluated on: an assignment's move to each status but ACTIVE. */
enum QualityEvent {
    SUBMIT, SKIP, EXPIRE, REJECT, ACCEPT;

    static Optional<QualityEvent> of(AssignmentStatus next) {
        return switch (next) {
            case ACTIVE -> Optional.empty();
            case SUBMITTED -> Optional.of(SUBMIT);
            case SKIPPED -> Optional.of(SKIP);
            case EXPIRED -> Optional.of(EXPIRE);
            case REJECTED -> Optional.of(REJECT);
            case ACCEPTED -> Optional.of(ACCEPT);
        };
    }

    AssignmentStatus status() {
        return switch (this) {
            case SUBMIT -> AssignmentStatus.SUBMITTED;
            case SKIP -> AssignmentStatus.SKIPPED;
            case EXPIRE -> AssignmentStatus.EXPIRED;
            case REJECT -> AssignmentStatus.REJECTED;
            case ACCEPT -> AssignmentStatus.ACCEPTED;
        };
    }
}
