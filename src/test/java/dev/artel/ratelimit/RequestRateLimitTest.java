package dev.artel.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.artel.support.ApiClient;
import dev.artel.support.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The overall limit of 300 requests a second per account, and a server started with rate limits off. */
class RequestRateLimitTest {

    private static void assertOk(ApiClient api, int times) {
        for (int i = 1; i <= times; i++) {
            ApiClient.Response response = api.get("/requester");
            assertEquals(200, response.status(), "request " + i + " of " + times + ": " + response);
        }
    }

    @Test
    void the301stRequestWithinASecondIsRefusedForThatAccountOnly() {
        try (TestServer server = TestServer.start(b -> b.rateLimits(true))) {
            ApiClient api = server.newAccount();
            // The clock stands still, so all of these fall in one millisecond and thus in one second.
            assertOk(api, 300);
            ApiClient.Response refused = api.get("/requester");
            assertEquals(429, refused.status(), refused.toString());
            assertEquals("TOO_MANY_REQUESTS", refused.code());
            assertEquals("Too many requests: the limit is 300 per second", refused.field("message"));
            // No payload.interval: toloka-kit retries such a 429 with backoff (COMPATIBILITY.md §0.4).
            assertFalse(refused.object().has("payload"), refused.toString());

            assertOk(server.newAccount(), 1);
            // The window is the clock's whole second: refused up to its last millisecond, let in from the next.
            server.clock().advance(Duration.ofMillis(999 - server.clock().millis() % 1000));
            assertEquals(429, api.get("/requester").status());
            server.clock().advance(Duration.ofMillis(1));
            assertOk(api, 300);
        }
    }

    @Test
    void withRateLimitsOffNothingIsLimited() {
        try (TestServer server = TestServer.start(b -> b.rateLimits(false))) {
            ApiClient api = server.newAccount();
            LimitedMethod.Objects objects = LimitedMethod.Objects.create(api);
            for (LimitedMethod method : LimitedMethod.values()) {
                method.succeed(api, objects, 101);
            }
            assertOk(api, 301);
        }
    }
}
