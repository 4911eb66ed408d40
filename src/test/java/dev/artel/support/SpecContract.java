package dev.artel.support;

import com.fasterxml.jackson.databind.JsonNode;

/** Checks every response the suite receives against Toloka's contract. */
public final class SpecContract {
    private SpecContract() {
    }

    public static void verify(ApiClient.Response response) {
        if (response.status() >= 400) {
            JsonNode body = response.json();
            for (String field : new String[] {"request_id", "code", "message"}) {
                if (!body.path(field).isTextual()) {
                    throw new AssertionError("error body lacks " + field + ": " + response);
                }
            }
        }
    }
}
