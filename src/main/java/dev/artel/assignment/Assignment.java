package dev.artel.assignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializable;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Document;
import dev.artel.json.Documents;
import dev.artel.json.Json;
import dev.artel.task.KnownSolutions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A stored assignment: who took which suite of which pool, its status and the time of each step, and a document
 * with the {@code tasks} as issued, the worker's {@code solutions}, {@code public_comment} and {@code mixed}.
 */
public record Assignment(String id, String accountId, long poolId, String taskSuiteId, String workerId,
                         AssignmentStatus status, long created, Long submitted, Long accepted, Long rejected,
                         Long skipped, Long expired, double reward, Document doc) {

    /**
     * The assignment as its requester sees it, each task as a task's own view shows it (Toloka's assignments carry
     * {@code pool_id}, {@code overlap}, {@code created} … on each task, and toloka-kit reads them as tasks), with
     * the server's fields of the tasks from {@code taskFields} (TaskStore.serverFields), read for a whole page.
     */
    public JsonSerializable view(Map<String, ObjectNode> taskFields) {
        ObjectNode out = serverFields();
        out.set("owner", Documents.owner(accountId));
        ObjectNode full = doc.tree();
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (JsonNode task : full.path("tasks")) {
            ObjectNode shown = Json.object();
            shown.setAll(taskFields.getOrDefault(task.path("id").asText(), Json.object()));
            shown.setAll((ObjectNode) task);
            tasks.add(shown);
        }
        full.set("tasks", tasks);
        return out.setAll(full);
    }

    /**
     * The assignment as its worker sees it: each task's id and inputs only, never the known solutions of a control
     * task or anything else of the requester's; once answered, the hints for the answers that were wrong.
     */
    public JsonSerializable workerView() {
        ObjectNode out = serverFields();
        ObjectNode full = doc.tree();
        ArrayNode tasks = out.putArray("tasks");
        for (JsonNode task : full.path("tasks")) {
            ObjectNode shown = tasks.addObject();
            shown.set("id", task.path("id"));
            shown.set("input_values", task.path("input_values"));
        }
        for (String field : List.of("solutions", "public_comment", "mixed")) {
            if (full.has(field)) {
                out.set(field, full.get(field));
            }
        }
        ArrayNode hints = hints(full);
        if (!hints.isEmpty()) {
            out.set("hints", hints);
        }
        return out;
    }

    /**
     * The {@code message_on_unknown_solution} of each answered task whose answer matches none of its known
     * solutions: what Toloka shows a worker who answers a training task wrong.
     */
    private static ArrayNode hints(ObjectNode full) {
        ArrayNode hints = Json.mapper().createArrayNode();
        JsonNode tasks = full.path("tasks");
        JsonNode solutions = full.path("solutions");
        for (int i = 0; i < tasks.size() && i < solutions.size(); i++) {
            JsonNode task = tasks.get(i);
            if (task.path("message_on_unknown_solution").isTextual() && KnownSolutions.scored(task)
                    && KnownSolutions.correctness(task.get("known_solutions"),
                            solutions.get(i).path("output_values")) == 0) {
                hints.addObject().put("task_id", task.path("id").asText())
                        .set("message", task.get("message_on_unknown_solution"));
            }
        }
        return hints;
    }

    private ObjectNode serverFields() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("task_suite_id", taskSuiteId);
        out.put("pool_id", Long.toString(poolId));
        out.put("user_id", workerId);
        out.put("status", status.name());
        out.put("reward", reward);
        out.put("created", Timestamps.format(created));
        time(out, "submitted", submitted);
        time(out, "accepted", accepted);
        time(out, "rejected", rejected);
        time(out, "skipped", skipped);
        time(out, "expired", expired);
        return out;
    }

    private static void time(ObjectNode out, String field, Long millis) {
        if (millis != null) {
            out.put(field, Timestamps.format(millis));
        }
    }

    /** The ids of the tasks, in the order the worker sees them and answers them. */
    public List<String> taskIds() {
        List<String> ids = new ArrayList<>();
        for (JsonNode task : doc.tree().path("tasks")) {
            ids.add(task.path("id").asText());
        }
        return ids;
    }

    /** When it stopped being worked on: submitted, skipped or expired; null while active. */
    public Long finished() {
        return submitted != null ? submitted : skipped != null ? skipped : expired;
    }

    /** Whether a task of the suite has known solutions that score its answer (a control or training task). */
    public boolean controls() {
        // Most suites have none, and their text says so without a parse.
        if (!doc.text().contains("\"known_solutions\"")) {
            return false;
        }
        for (JsonNode task : doc.tree().path("tasks")) {
            if (KnownSolutions.scored(task)) {
                return true;
            }
        }
        return false;
    }

    public boolean mixed() {
        return doc.tree().path("mixed").asBoolean();
    }

    /** The assignment moved to {@code next} at {@code now}, with the document changed as given. */
    Assignment moved(AssignmentStatus next, long now, Document newDoc) {
        return new Assignment(id, accountId, poolId, taskSuiteId, workerId, next, created,
                next == AssignmentStatus.SUBMITTED ? Long.valueOf(now) : submitted,
                next == AssignmentStatus.ACCEPTED ? Long.valueOf(now) : accepted,
                next == AssignmentStatus.REJECTED ? Long.valueOf(now) : rejected,
                next == AssignmentStatus.SKIPPED ? Long.valueOf(now) : skipped,
                next == AssignmentStatus.EXPIRED ? Long.valueOf(now) : expired, reward, newDoc);
    }
}
