package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentService;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.json.Document;
import java.util.ArrayList;
import java.util.List;

/**
 * An assignment as a rule sees it at one moment: its status then, when it was taken and finished (submitted,
 * skipped or expired), its reward, the tasks as issued (with their known solutions) and the answers, whether it
 * was ever rejected, and whether its acceptance was the pool's own rather than a review. The tasks and answers
 * are parsed from the stored document when first asked for: most collectors read times and statuses only.
 */
record Past(String id, String workerId, String suiteId, AssignmentStatus status, long created, Long submitted,
            Long finished, double reward, Content content, boolean wasRejected, boolean autoAccepted) {

    static Past of(Assignment a, JsonNode poolDoc) {
        return new Past(a.id(), a.workerId(), a.taskSuiteId(), a.status(), a.created(), a.submitted(), a.finished(),
                a.reward(), new Content(a.doc()), a.rejected() != null, autoAccepted(a, poolDoc));
    }

    /** The stored document's tasks as issued, the answers and whether the suite was mixed, parsed once. */
    static final class Content {
        private final Document doc;
        private List<String> taskIds;
        private JsonNode tasks;
        private JsonNode solutions;
        private boolean mixed;

        Content(Document doc) {
            this.doc = doc;
        }

        private void parse() {
            if (tasks == null) {
                ObjectNode tree = doc.tree();
                List<String> ids = new ArrayList<>();
                tree.path("tasks").forEach(task -> ids.add(task.path("id").asText()));
                taskIds = List.copyOf(ids);
                solutions = tree.path("solutions");
                mixed = tree.path("mixed").asBoolean();
                tasks = tree.path("tasks");
            }
        }
    }

    List<String> taskIds() {
        content.parse();
        return content.taskIds;
    }

    JsonNode tasks() {
        content.parse();
        return content.tasks;
    }

    JsonNode solutions() {
        content.parse();
        return content.solutions;
    }

    boolean mixed() {
        content.parse();
        return content.mixed;
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
                : finished, reward, content, wasRejected || next == AssignmentStatus.REJECTED,
                next == AssignmentStatus.ACCEPTED && autoAccepted);
    }

    /** The same, to be reviewed by a rule: an acceptance that follows is a review, whatever the record says. */
    Past toReview() {
        return new Past(id, workerId, suiteId, status, created, submitted, finished, reward, content, wasRejected,
                false);
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
        JsonNode tasks = tasks();
        for (int i = 0; i < tasks.size(); i++) {
            out.add(new JsonNode[] {tasks.get(i), solutions().path(i).path("output_values")});
        }
        return out;
    }
}
