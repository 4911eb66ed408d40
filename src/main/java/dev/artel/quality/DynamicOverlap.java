package dev.artel.quality;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.aggregation.SkillConfidence;
import dev.artel.assignment.AfterMove;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.core.ObjectIds;
import dev.artel.core.Text;
import dev.artel.error.ApiException;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolService;
import dev.artel.project.Project;
import dev.artel.project.ProjectStore;
import dev.artel.skill.SkillStore;
import dev.artel.storage.Handle;
import dev.artel.task.Task;
import dev.artel.task.TaskKind;
import dev.artel.task.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A pool's {@code dynamic_overlap_config} (type BASIC, "incremental relabeling"): a task is issued at its own
 * overlap, the minimum, and gets one more answer at a time while the confidence of its aggregated answer is below
 * {@code min_confidence}, up to {@code max_overlap}. Confidence is aggregation by skill's
 * ({@link SkillConfidence}): the answer with the largest summed {@code answer_weight_skill_id} of its workers, and
 * its posterior, over the {@code fields} taken together, as Toloka's guide ("Dynamic overlap") computes it.
 * <p>
 * <b>When.</b> Judged at every submit, over the task's submitted and accepted answers: Toloka settles overlap as
 * answers come in, and waiting for reviews would stall every task of a pool reviewed by hand. A task is judged
 * once it has all the answers its overlap asks for (never fewer than the minimum): confident, it is done at that
 * overlap; else its overlap grows by one, which makes it issuable again to a worker who has not had it. An answer
 * rejected later gives its place back as in any pool, and its replacement is judged at its own submit.
 * <p>
 * <b>Exactly once.</b> It runs in the submit's transaction ({@link AfterMove}) and locks each general task of the
 * assignment, in id order as every task lock is taken, before it counts the task's answers. Two workers who give
 * a task its last answers at once are so judged one after the other, and the second sees the first's answer (read
 * committed, on both engines, reads what committed while it waited): the task is judged on all its answers and
 * grows by at most one.
 * <p>
 * Only loose general tasks of finite overlap take part: uploaded suites keep their overlap (Toloka's guide: upload
 * by smart mixing, "otherwise, the tasks are assigned with minimum overlap"), and control and training tasks are
 * not labelled. Answers of workers with no value of the skill carry no weight; a task none of whose answers
 * carries weight has confidence 0 and grows to the maximum.
 */
public final class DynamicOverlap implements AfterMove {
    private final ProjectStore projects;
    private final PoolService poolService;
    private final SkillConfidence confidence;

    public DynamicOverlap(ProjectStore projects, PoolService poolService, SkillConfidence confidence) {
        this.projects = projects;
        this.poolService = poolService;
        this.confidence = confidence;
    }

    /** The pool's BASIC config, as the spec requires it. */
    private record Config(long maxOverlap, double minConfidence, String skillId, List<String> fields) {
        static Optional<Config> of(JsonNode poolDoc) {
            JsonNode config = poolDoc.path("dynamic_overlap_config");
            if (!"BASIC".equals(config.path("type").asText()) || !config.path("answer_weight_skill_id").isTextual()) {
                return Optional.empty();
            }
            List<String> fields = new ArrayList<>();
            config.path("fields").forEach(field -> fields.add(field.path("name").asText()));
            return Optional.of(new Config(config.path("max_overlap").asLong(0),
                    config.path("min_confidence").asDouble(0), config.path("answer_weight_skill_id").asText(),
                    List.copyOf(fields)));
        }
    }

    /**
     * Refuses a pool form whose {@code dynamic_overlap_config} could never work, as Toloka refuses it when the pool
     * is saved (the schema has checked the type, the required keys and the ranges): the skill must be one the
     * account reads, the fields output fields of the project whose answers can be weighed (those aggregation by
     * skill takes), and {@code max_overlap} no lower than the pool's default overlap, the minimum (the reference:
     * "must be higher than the values in defaults"; equal is accepted, it only leaves the overlap as it is).
     */
    public static void check(Handle h, String accountId, Project project, JsonNode poolForm) {
        JsonNode config = poolForm.path("dynamic_overlap_config");
        if (!config.isObject()) {
            return;
        }
        List<String> fields = new ArrayList<>();
        config.path("fields").forEach(field -> fields.add(field.path("name").asText()));
        SkillConfidence.Fields.require(project.doc().tree().path("task_spec").path("output_spec"), fields,
                "dynamic_overlap_config.fields");
        String skillId = config.path("answer_weight_skill_id").asText();
        if (ObjectIds.parse(skillId).flatMap(id -> SkillStore.readable(h, accountId, id)).isEmpty()) {
            throw ApiException.invalidField("dynamic_overlap_config.answer_weight_skill_id", "ENTITY_DOES_NOT_EXIST",
                    "Skill " + Text.abbreviate(skillId, 40) + " does not exist");
        }
        JsonNode minimum = poolForm.path("defaults").path("default_overlap_for_new_tasks");
        if (minimum.isNumber() && config.path("max_overlap").asLong() < minimum.asLong()) {
            throw ApiException.invalidField("dynamic_overlap_config.max_overlap", "VALUE_LESS_THAN_MIN",
                    "Value must be at least " + minimum.asLong() + ", the pool's default_overlap_for_new_tasks");
        }
    }

    @Override
    public boolean moved(Handle h, Pool pool, JsonNode poolDoc, Assignment moved, Reviewer reviewer) {
        if (moved.status() != AssignmentStatus.SUBMITTED || !moved.mixed()) {
            return false;
        }
        Optional<Config> config = Config.of(poolDoc);
        if (config.isEmpty()) {
            return false;
        }
        Optional<SkillConfidence.Fields> fields = Optional.empty();
        boolean grown = false;
        for (String taskId : moved.taskIds().stream().sorted().toList()) {
            // Control tasks are in nearly every suite: locking them would order every submit of the pool and
            // have issuers pass them over. So the kind is read first, without a lock (only a PATCH of the task's
            // known solutions, racing with this submit, could change it meanwhile).
            if (TaskStore.TASKS.findAnyOwner(h, taskId, false).orElseThrow().kind() != TaskKind.REAL) {
                continue;
            }
            Task task = TaskStore.TASKS.findAnyOwner(h, taskId, true).orElseThrow();
            if (task.kind() != TaskKind.REAL || task.overlap() == null
                    || task.overlap() >= config.get().maxOverlap()) {
                continue;
            }
            if (fields.isEmpty()) {
                fields = SkillConfidence.Fields.of(projects.find(h, pool.accountId(), pool.projectId()).orElseThrow()
                        .doc().tree().path("task_spec").path("output_spec"), config.get().fields());
                if (fields.isEmpty()) {
                    // The project no longer has the fields as the config names them: nothing to weigh answers by.
                    return false;
                }
            }
            OptionalDouble judged = confidence.ofTask(h, pool.accountId(), config.get().skillId(), taskId,
                    fields.get(), task.overlap());
            if (judged.isPresent() && judged.getAsDouble() < config.get().minConfidence()
                    && someoneMayAnswer(h, task)) {
                TaskStore.addOverlap(h, List.of(taskId), 1);
                grown = true;
            }
        }
        if (grown) {
            poolService.workMayAppear(h, pool.id());
        }
        return false;
    }

    /**
     * Whether a worker could still be given the task: one {@code reserved_for} workers who have all had it could
     * not, and a place for an answer none of them can give would keep the pool from ever completing.
     */
    private static boolean someoneMayAnswer(Handle h, Task task) {
        if (!task.doc().text().contains("\"reserved_for\"")) {
            return true;
        }
        JsonNode reserved = task.doc().tree().path("reserved_for");
        if (!reserved.isArray() || reserved.isEmpty()) {
            return true;
        }
        for (JsonNode workerId : reserved) {
            if (h.queryOne("SELECT 1 FROM assignment_tasks WHERE task_id = ? AND worker_id = ?", rs -> 1, task.id(),
                    workerId.asText()).isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
