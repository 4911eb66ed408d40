package dev.artel.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.support.StrictJson;
import java.util.Set;

/** What every error response must look like on the wire, whichever layer of the server produced it. */
public final class TolokaErrors {
    private TolokaErrors() {
    }

    /**
     * Returns null when {@code response} is a well-formed Toloka error (JSON object with string request_id,
     * code and message, an object payload if any, the request_id echoed in X-Request-Id), else what is wrong.
     * HEAD responses carry no body, so only their header is checked.
     */
    public static String problem(RawHttp.Response response, boolean head) {
        String requestId = response.header("X-Request-Id");
        if (requestId == null || requestId.isBlank()) {
            return "no X-Request-Id header";
        }
        if (head) {
            return response.body().length == 0 ? null : "HEAD response has a body";
        }
        String type = response.header("Content-Type");
        if (type == null || !type.startsWith("application/json")) {
            return "Content-Type is " + type;
        }
        String strictProblem = StrictJson.problem(response.body());
        if (strictProblem != null) {
            return strictProblem;
        }
        JsonNode body;
        try {
            body = response.json();
        } catch (AssertionError e) {
            return "body is not JSON";
        }
        for (String field : new String[] {"request_id", "code", "message"}) {
            if (!body.path(field).isTextual() || body.path(field).asText().isEmpty()) {
                return "body lacks " + field;
            }
        }
        if (body.has("payload") && !body.get("payload").isObject()) {
            return "payload is not an object";
        }
        Set<String> allowed = Set.of("request_id", "code", "message", "payload");
        for (var names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                return "unexpected field " + name;
            }
        }
        if (!body.get("request_id").asText().equals(requestId)) {
            return "request_id differs from X-Request-Id " + requestId;
        }
        return null;
    }

    /** Fails unless {@code response} is a Toloka error with this status and, when given, this code. */
    public static void assertError(RawHttp.Response response, int status, String code) {
        if (response.status() != status) {
            throw new AssertionError("expected status " + status + ", got " + response);
        }
        String problem = problem(response, false);
        if (problem != null) {
            throw new AssertionError(problem + ": " + response);
        }
        if (code != null && !response.json().get("code").asText().equals(code)) {
            throw new AssertionError("expected code " + code + ", got " + response);
        }
    }
}
