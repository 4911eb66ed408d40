package dev.artel.skill;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.json.Document;
import dev.artel.json.Json;
import dev.artel.storage.Handle;
import java.util.Optional;

/**
 * The training skill of a project (V19): Toloka creates it with the project's first training, and later trainings
 * of the project use it. An ordinary skill of the requester otherwise (listed, its values set and deleted by hand,
 * named by filters), marked {@code "training": true}. Which project it belongs to is kept here, not in the skill's
 * view: SkillViewV1 has no field for it.
 */
public final class TrainingSkills {
    private TrainingSkills() {
    }

    /** The project's training skill, if it has a training. */
    public static Optional<Long> ofProject(Handle h, long projectId) {
        return h.queryOne("SELECT skill_id FROM training_skills WHERE project_id = ?", rs -> rs.getLong(1), projectId);
    }

    /**
     * Creates the project's training skill if it has none. The caller holds the project's row, so two first
     * trainings of one project create one skill.
     */
    public static void createIfMissing(Handle h, IdGenerator ids, long now, String accountId, long projectId,
                                       String projectName) {
        if (ofProject(h, projectId).isPresent()) {
            return;
        }
        // The name the guide gives: "choose a skill named <project name> - training".
        String name = projectName + " - training";
        ObjectNode form = Json.object();
        form.put("name", name).put("hidden", false).put("deprecated", false).put("training", true);
        Skill skill = new Skill(ids.nextObjectId(h), accountId, name, now, now, Document.of(form));
        SkillStore.TABLE.insert(h, skill);
        h.update("INSERT INTO training_skills (project_id, skill_id) VALUES (?, ?)", projectId, skill.id());
    }
}
