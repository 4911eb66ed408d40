package dev.artel.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.Fixtures;
import java.util.Map;
import java.util.function.Function;

/**
 * A valid request body for each implemented operation that takes one, by operationId, given the project of
 * the account that sends it. Tests that break one thing start from these, so that the broken thing is the
 * only reason for a refusal.
 */
public final class ValidBodies {
    private static final Map<String, Function<String, ObjectNode>> BY_OPERATION = Map.of(
            "createProject", project -> Fixtures.project(),
            "updateProject", project -> Fixtures.project(),
            "createPool", Fixtures::pool,
            "updatePool", Fixtures::pool,
            "patchPool", project -> Json.parseObject("{\"priority\": 42}"),
            "createTraining", Fixtures::training,
            "updateTraining", Fixtures::training);

    private ValidBodies() {
    }

    /** The body for {@code operationId}, or null when this class has none (the caller decides if that is ok). */
    public static Function<String, ObjectNode> of(String operationId) {
        return BY_OPERATION.get(operationId);
    }
}
