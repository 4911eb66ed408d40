package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * An assignment as a rule sees it at one moment: its status then, when it was taken and finished (submitted,
 * skipped or expired), its reward, and the tasks as issued (with their known solutions) and the answers.
 */
record Past(String id, String workerId, String suiteId, AssignmentStatus status, long created, Long submitted,
            Long finished, double reward, List<String> taskIds, JsonNode tasks, JsonNode solutions, boolean mixed) {

    static Past of(Assignment a) {
        ObjectNode doc = a.doc().tree();
        Long finished = a.submitted() != null ? a.submitted() : a.skipped() != null ? a.skipped() : a.expired();
        return new Past(a.id(), a.workerId(), a.taskSuiteId(), a.status(), a.created(), a.submitted(), finished,
                a.reward(), a.taskIds(), doc.path("tasks"), doc.path("solutions"), a.mixed());
    }

    Past as(AssignmentStatus next, long at) {
        boolean finishing = status == AssignmentStatus.ACTIVE;
        return new Past(id, workerId, suiteId, next, created,
                next == AssignmentStatus.SUBMITTED ? Long.valueOf(at) : submitted, finishing ? Long.valueOf(at)
                : finished, reward, taskIds, tasks, solutions, mixed);
    }

    boolean answered() {
        return submitted != null;
    }

    /** The answers that count: submitted and not rejected. */
    boolean answerCounts() {
        return status == AssignmentStatus.SUBMITTED || status == AssignmentStatus.ACCEPTED;
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
