package dev.artel.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.Artel;
import dev.artel.config.ArtelConfig;
import dev.artel.http.RawHttp;
import dev.artel.core.VirtualClock;
import dev.artel.support.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The 300 requests a second per account hold for the account, not per node: two nodes in this JVM share one
 * database and one hand-moved clock, as nodes behind a load balancer share a database and (through NTP) the time.
 */
class RequestRateLimitAcrossNodesTest {

    @Test
    void twoNodesTogetherAdmit300InASecondAndEitherAloneAdmitsAll300() {
        VirtualClock clock = new VirtualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String dbUrl = TestDatabase.newUrl();
        try (Artel a = node(dbUrl, clock); Artel b = node(dbUrl, clock)) {
            String token = a.accounts().create("across-nodes-" + System.nanoTime()).token();

            // One client's requests spread over both nodes, each node sent more than the whole budget, so that
            // neither is left holding a lease its client did not use.
            Map<String, Integer> answers = new TreeMap<>();
            for (int i = 0; i < 600; i++) {
                Artel node = i % 2 == 0 ? a : b;
                answers.merge((node == a ? "a " : "b ") + request(node, token).status(), 1, Integer::sum);
            }
            assertEquals(300, answers.getOrDefault("a 200", 0) + answers.getOrDefault("b 200", 0), answers.toString());
            assertTrue(answers.getOrDefault("a 200", 0) > 0 && answers.getOrDefault("b 200", 0) > 0, answers.toString());
            assertEquals(600, answers.getOrDefault("a 200", 0) + answers.getOrDefault("b 200", 0)
                    + answers.getOrDefault("a 429", 0) + answers.getOrDefault("b 429", 0), answers.toString());
            assertRefused(request(b, token));

            // In the next second one node alone admits all 300; then the other has none left to give either.
            clock.advance(Duration.ofSeconds(1));
            admitAll(a, token, "node a alone");
            assertRefused(request(b, token));

            clock.advance(Duration.ofSeconds(1));
            admitAll(b, token, "node b alone");
            assertRefused(request(a, token));
        }
    }

    /**
     * Nodes' clocks differ a little: a node behind counts in the second the node ahead has opened, so the skew
     * adds no budget. A clock an hour ahead is wrong, and a node behind it does not wait an hour for its own
     * clock to catch up: it opens a second of its own.
     */
    @Test
    void aNodeBehindCountsInTheSecondOpenedAheadOfItUnlessThatClockIsWrong() {
        Instant second = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        VirtualClock behind = new VirtualClock(second.plusMillis(900));
        VirtualClock ahead = new VirtualClock(second.plusMillis(1100));
        String dbUrl = TestDatabase.newUrl();
        try (Artel a = node(dbUrl, behind); Artel b = node(dbUrl, ahead)) {
            String token = a.accounts().create("skewed-nodes-" + System.nanoTime()).token();
            admitAll(b, token, "node b, 200 ms ahead");
            assertRefused(request(a, token));
            behind.advance(Duration.ofMillis(200));
            assertRefused(request(a, token));

            ahead.advance(Duration.ofHours(1));
            admitAll(b, token, "node b, an hour ahead");
            behind.advance(Duration.ofSeconds(1));
            admitAll(a, token, "node a, an hour behind");
        }
    }

    /** Sends the whole budget of a second to one node, all admitted, and one more, refused. */
    private static void admitAll(Artel node, String token, String which) {
        for (int i = 1; i <= RateLimiter.REQUESTS_PER_SECOND; i++) {
            assertEquals(200, request(node, token).status(), "request " + i + " to " + which);
        }
        assertRefused(request(node, token));
    }

    private static Artel node(String dbUrl, VirtualClock clock) {
        return Artel.serve(ArtelConfig.builder().host("127.0.0.1").port(0).dbUrl(dbUrl).rateLimits(true)
                .dbPoolSize(4).workerPollMillis(0).build(), clock);
    }

    private static RawHttp.Response request(Artel node, String token) {
        return RawHttp.send(node.port(), RawHttp.request("GET", "/api/v1/requester").token(token));
    }

    /** The 429 as a single node has always answered it: no payload, so toloka-kit retries with backoff. */
    private static void assertRefused(RawHttp.Response response) {
        assertEquals(429, response.status(), response.toString());
        JsonNode body = response.json();
        assertEquals("TOO_MANY_REQUESTS", body.path("code").asText(), response.toString());
        assertEquals("Too many requests: the limit is 300 per second", body.path("message").asText());
        assertFalse(body.has("payload"), response.toString());
    }
}
