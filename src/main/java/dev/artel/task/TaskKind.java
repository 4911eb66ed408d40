package dev.artel.task;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the mixer draws a task as (the pool's {@code mixer_config} counts each kind): a task with known solutions is
 * a control ("golden") task, and one that also has a hint for a wrong answer is a training task; in a training every
 * task with known solutions is a training task.
 */
public enum TaskKind {
    REAL, GOLDEN, TRAINING;

    static TaskKind of(JsonNode doc, boolean inTraining) {
        if (!doc.path("known_solutions").isArray() || doc.path("known_solutions").isEmpty()) {
            return REAL;
        }
        return inTraining || doc.path("message_on_unknown_solution").isTextual() ? TRAINING : GOLDEN;
    }
}
