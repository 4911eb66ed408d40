package dev.artel.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Toloka's quota for aggregating results: 5 a minute, 30 an hour and 200 a day per account, with the clock moved
 * by hand. Reading the results and aggregating one task are not counted.
 */
class AggregationQuotaTest {
    private static final String AGGREGATE = "/aggregated-solutions/aggregate-by-pool";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.rateLimits(true));

    private static ObjectNode form(String poolId) {
        ObjectNode body = Json.object().put("type", "DAWID_SKENE").put("pool_id", poolId);
        body.putArray("fields").addObject().put("name", "result");
        return body;
    }

    /** A pool of the account's, made a day before the test starts so that making it has left every window empty. */
    private static String pool(ApiClient api) {
        String pool = api.post("/pools", Fixtures.pool(Fixtures.createProject(api))).field("id");
        server.clock().advance(Duration.ofDays(1));
        return pool;
    }

    private static String aggregate(ApiClient api, String pool, int times) {
        String last = null;
        for (int i = 1; i <= times; i++) {
            ApiClient.Response response = api.post(AGGREGATE, form(pool));
            assertEquals(202, response.status(), "call " + i + " of " + times + ": " + response);
            last = response.field("id");
        }
        return last;
    }

    private static void assertTooMany(ApiClient.Response response, String interval, String limit) {
        assertEquals(429, response.status(), response.toString());
        assertEquals("TOO_MANY_REQUESTS", response.code(), response.toString());
        assertEquals(Json.object().put("interval", interval), response.json().path("payload"), response.toString());
        assertEquals("Too many requests: the limit is " + limit, response.field("message"));
    }

    @Test
    void fiveAMinuteThirtyAnHourTwoHundredADay() {
        ApiClient api = server.newAccount();
        String pool = pool(api);
        String operation = aggregate(api, pool, 5);
        assertTooMany(api.post(AGGREGATE, form(pool)), "MIN", "5 per minute");
        // Neither reading results nor aggregating one task spends the quota.
        for (int i = 0; i < 10; i++) {
            assertEquals(200, api.get("/aggregated-solutions/" + operation).status());
            ApiClient.Response oneTask = api.post("/aggregated-solutions/aggregate-by-task",
                    form(pool).put("task_id", "0000000000--000000000000000000000000"));
            assertEquals(404, oneTask.status(), oneTask.toString());
        }
        for (int minute = 1; minute < 6; minute++) {
            server.clock().advance(Duration.ofMinutes(1));
            aggregate(api, pool, 5);
        }
        server.clock().advance(Duration.ofMinutes(1));
        assertTooMany(api.post(AGGREGATE, form(pool)), "HOUR", "30 per hour");
        server.clock().advance(Duration.ofMinutes(54));
        for (int hour = 1; hour < 7; hour++) {
            for (int minute = 0; minute < 6 && 30 * hour + 5 * minute < 200; minute++) {
                aggregate(api, pool, 5);
                server.clock().advance(Duration.ofMinutes(1));
            }
            server.clock().advance(Duration.ofMinutes(54));
        }
        assertTooMany(api.post(AGGREGATE, form(pool)), "DAY", "200 per day");
        // Another account has its own quota.
        ApiClient other = server.newAccount();
        aggregate(other, pool(other), 5);
    }
}
