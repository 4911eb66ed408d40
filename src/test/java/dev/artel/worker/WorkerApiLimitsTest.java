package dev.artel.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A server started without an operator token, and with a small body limit: both hold on /artel/v1. */
class WorkerApiLimitsTest {
    private static final int MAX_BODY = 4096;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.operatorToken(null).maxBodyBytes(MAX_BODY));

    @Test
    void withoutAnOperatorTokenTheOperatorApiIsOff() {
        ApiClient.Response off = server.client("anything").artelApi().get("/operator/workers/0123456789abcdef0123456789abcdef");
        assertEquals(403, off.status(), off.toString());
        assertEquals("ACCESS_DENIED", off.code());
        assertEquals("The operator API is off: start the server with --operator-token-file PATH"
                + " or the environment variable ARTEL_OPERATOR_TOKEN", off.field("message"));
        ApiClient.Response anonymous = server.anonymous().artelApi().post("/operator/workers",
                Json.object().put("name", "n"));
        assertEquals(403, anonymous.status(), anonymous.toString());
        // The worker API does not depend on the operator's.
        assertEquals(200, server.newWorker().get("/worker/me").status());
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = Json.write(Json.object().put("name", "x".repeat(MAX_BODY)));
        ApiClient.Response refused = server.newWorker().send("POST", "/operator/workers", big, "application/json");
        assertEquals(413, refused.status(), refused.toString());
        assertEquals("PAYLOAD_TOO_LARGE", refused.code());
    }
}
