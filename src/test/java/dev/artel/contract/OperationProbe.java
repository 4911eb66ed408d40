package dev.artel.contract;

import dev.artel.support.ApiClient;
import dev.artel.support.SpecContract;
import java.util.Map;

/**
 * Sends one authenticated request to an operation of the spec, with plausible values in its path and an empty
 * JSON object as body where it takes one. Whatever a routed operation makes of that, an unrouted one answers
 * like an unknown path, and an operation without a handler answers 501 NOT_IMPLEMENTED before reading anything.
 */
final class OperationProbe {
    /** Values shaped like Toloka's for each path parameter of fullApi.yaml; anything else gets a numeric id. */
    private static final Map<String, String> PLAUSIBLE = Map.of(
            "operationId", "5f0fbd4e-7ab6-4b1b-9c0a-5d3c2f9d2a11",
            "user_id", "f25a5f41a1d94e8b9f3d7c1e0b6a4c22");
    private static final String NUMERIC_ID = "1000000001";

    private OperationProbe() {
    }

    static ApiClient.Response send(ApiClient api, SpecContract.Operation op) {
        String path = op.path(parameter -> PLAUSIBLE.getOrDefault(parameter, NUMERIC_ID));
        boolean hasBody = op.definition().has("requestBody");
        return api.send(op.method(), path, hasBody ? "{}" : null, hasBody ? "application/json" : null);
    }

    static boolean implemented(ApiClient api, SpecContract.Operation op) {
        return send(api, op).status() != 501;
    }
}
