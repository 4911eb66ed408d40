package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentService;
import dev.artel.assignment.AssignmentStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * An assignment as a rule sees it at one moment: its status then, when it was taken and finished (submitted,
 * skipped or expired), its reward, the tasks as issued (with their known solutions) and the answers, whether it
 * was ever rejected, and whether its acceptance was the pool's own rather than a review.
 */
record Past(String id, String workerId, String suiteId, AssignmentStatus status, long created, Long submitted,
            Long finished, double reward, List<String> taskIds, JsonNode tasks, JsonNode solutions, boolean mixed,
            boolean wasRejected, boolean autoAccepted) {

    static Past of(Assignment a, JsonNode poolDoc) {
        // Parsed once: the task ids and the mixed flag are read from this tree, not from the record's own parses.
        ObjectNode doc = a.doc().tree();
        List<String> taskIds = new ArrayList<>();
        doc.path("tasks").forEach(task -> taskIds.add(task.path("id").asText()));
        return new Past(a.id(), a.workerId(), a.taskSuiteId(), a.status(), a.created(), a.submitted(), a.finished(),
                a.reward(), taskIds, doc.path("tasks"), doc.path("solutions"), doc.path("mixed").asBoolean(),
                a.rejected() != null, autoAccepted(a, poolDoc));
    }

    /**
     * Whether the pool accepted it by itself: at the submit ({@code auto_accept_solutions}), or when the review
     * period ran out. Both are told by the times, since only the pool accepts an answer never rejected at the
     * submit or at the end of the period; an acceptance after a rejection is always a review.
     */
    private static boolean autoAccepted(Assignment a, JsonNode poolDoc) {
        if (a.accepted() == null || a.rejected() != null || a.submitted() == null) {
            return false;
        }
        return poolDoc.path("auto_accept_solutions").asBoolean(false)
                || a.accepted() - a.submitted() >= AssignmentService.reviewPeriodMillis(poolDoc);
    }

    Past as(AssignmentStatus next, long at) {
        boolean finishing = status == AssignmentStatus.ACTIVE;
        return new Past(id, workerId, suiteId, next, created,
                next == AssignmentStatus.SUBMITTED ? Long.valueOf(at) : submitted, finishing ? Long.valueOf(at)
                : finished, reward, taskIds, tasks, solutions, mixed, wasRejected || next == AssignmentStatus.REJECTED,
                next == AssignmentStatus.ACCEPTED && autoAccepted);
    }

    /** The same, to be reviewed by a rule: an acceptance that follows is a review, whatever the record says. */
    Past toReview() {
        return new Past(id, workerId, suiteId, status, created, submitted, finished, reward, taskIds, tasks, solutions,
                mixed, wasRejected, false);
    }

    boolean answered() {
        return submitted != null;
    }

    /** The answers that count: submitted and not rejected. */
    boolean answerCounts() {
        return status == AssignmentStatus.SUBMITTED || status == AssignmentStatus.ACCEPTED;
    }

    /** Rejected, or accepted by a review: checked by the requester or a rule. */
    boolean reviewed() {
        return status == AssignmentStatus.REJECTED || acceptedOnReview();
    }

    /** Accepted by a review (the requester's or a rule's), not by the pool itself. */
    boolean acceptedOnReview() {
        return status == AssignmentStatus.ACCEPTED && !autoAccepted;
    }

    /** Task {@code i} as issued and the worker's output values for it (missing if not answered). */
    List<JsonNode[]> answers() {
        List<JsonNode[]> out = new ArrayList<>();
        for (int i = 0; i < tasks.size(); i++) {
            out.add(new JsonNode[] {tasks.get(i), solutions.path(i).path("output_values")});
        }
        return out;
    }
}
