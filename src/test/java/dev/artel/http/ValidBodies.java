package dev.artel.http;

import static java.util.Map.entry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.Fixtures;
import java.util.Map;
import java.util.function.Function;

/**
 * A valid request body for each implemented operation that takes one, by operationId, given the objects of the
 * account that sends it (their ids keyed as {@code security.OwnedObjects} keys them: projects, pools, ...).
 * Tests that break one thing start from these, so that the broken thing is the only reason for a refusal.
 * Each is valid for the object it is sent to as OwnedObjects leaves it; patchAssignment accepts, which only a
 * SUBMITTED assignment allows, so it succeeds once.
 */
public final class ValidBodies {
    private static final Map<String, Function<Map<String, String>, ObjectNode>> BY_OPERATION = Map.ofEntries(
            entry("createProject", owned -> Fixtures.project()),
            entry("updateProject", owned -> Fixtures.project()),
            entry("createPool", owned -> Fixtures.pool(owned.get("projects"))),
            entry("updatePool", owned -> Fixtures.pool(owned.get("projects"))),
            entry("patchPool", owned -> Json.parseObject("{\"priority\": 42}")),
            entry("createTraining", owned -> Fixtures.training(owned.get("projects"))),
            entry("updateTraining", owned -> Fixtures.training(owned.get("projects"))),
            // An object, not an array: every mutation the fuzzer makes then stays inside the one task.
            entry("createTask", owned -> Fixtures.task(owned.get("pools"))),
            entry("createTaskSuite", owned -> Fixtures.taskSuite(owned.get("pools"))),
            entry("patchTask", owned -> Json.parseObject("{\"overlap\": 2}")),
            entry("setOverlapOrMin_1", owned -> Json.parseObject("{\"overlap\": 1}")),
            entry("patchTaskSuite", owned -> Json.parseObject("{\"overlap\": 2, \"issuing_order_override\": 1.5}")),
            entry("setOverlapOrMin", owned -> Json.parseObject("{\"overlap\": 1}")),
            entry("patchAssignment", owned -> Json.parseObject("{\"status\": \"ACCEPTED\", \"public_comment\": \"ok\"}")),
            entry("createSkill", owned -> Fixtures.skill()),
            entry("updateSkill", owned -> Fixtures.skill()),
            entry("upsertUserSkill", owned -> Fixtures.userSkill(owned.get("skills"), owned.get("worker"), 42.5)),
            entry("upsertUserRestriction", owned -> Fixtures.projectRestriction(owned.get("projects"),
                    owned.get("worker"))),
            entry("aggregateSolutionsByPool", owned -> Fixtures.aggregation(owned.get("aggregated-pool"))),
            entry("aggregateSolutionsByTask", owned -> Fixtures.aggregation(owned.get("aggregated-pool"))
                    .put("task_id", owned.get("aggregated-task"))));

    private ValidBodies() {
    }

    /** The body for {@code operationId}, or null when this class has none (the caller decides if that is ok). */
    public static Function<Map<String, String>, ObjectNode> of(String operationId) {
        return BY_OPERATION.get(operationId);
    }
}
