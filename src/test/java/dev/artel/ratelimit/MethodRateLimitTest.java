package dev.artel.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Toloka's per-method limits (20 a minute and 100 a day for each create and clone method) through the real
 * server, with its clock moved by hand. Every test uses new accounts, so what one test spends never reaches
 * another; the shared clock only moves forward, which can only free windows.
 */
class MethodRateLimitTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration DAY = Duration.ofDays(1);
    private static final Duration MILLI = Duration.ofMillis(1);

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.rateLimits(true));

    /** The account's objects, made a day before the test starts so that making them has left every window empty. */
    private static LimitedMethod.Objects objectsOf(ApiClient api) {
        LimitedMethod.Objects objects = LimitedMethod.Objects.create(api);
        server.clock().advance(DAY);
        return objects;
    }

    private static void assertTooMany(ApiClient.Response response, String interval) {
        assertEquals(429, response.status(), response.toString());
        assertEquals("TOO_MANY_REQUESTS", response.code(), response.toString());
        assertEquals(Json.object().put("interval", interval), response.json().path("payload"), response.toString());
        assertEquals(interval.equals("MIN") ? "Too many requests: the limit is 20 per minute"
                : "Too many requests: the limit is 100 per day", response.field("message"));
        List<String> fields = new ArrayList<>();
        response.object().fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("request_id", "code", "message", "payload"), fields, "Toloka's error body: " + response);
    }

    @ParameterizedTest
    @EnumSource(LimitedMethod.class)
    void twentyCallsAMinuteThenTooManyUntilTheMinuteHasPassed(LimitedMethod method) {
        ApiClient api = server.newAccount();
        LimitedMethod.Objects objects = objectsOf(api);

        method.succeed(api, objects, 20);
        assertTooMany(method.call(api, objects), "MIN");
        // A refused call is not counted: were it, this one would still fill the window after the first 20 leave it.
        server.clock().advance(Duration.ofSeconds(30));
        assertTooMany(method.call(api, objects), "MIN");
        server.clock().advance(Duration.ofSeconds(30).minus(MILLI));
        assertTooMany(method.call(api, objects), "MIN");
        server.clock().advance(MILLI);
        method.succeed(api, objects, 20);
        assertTooMany(method.call(api, objects), "MIN");
    }

    @ParameterizedTest
    @EnumSource(LimitedMethod.class)
    void aHundredCallsADayThenTooManyUntilTheOldestIsADayOld(LimitedMethod method) {
        ApiClient api = server.newAccount();
        LimitedMethod.Objects objects = objectsOf(api);

        method.succeed(api, objects, 20);
        for (int minute = 1; minute < 5; minute++) {
            server.clock().advance(MINUTE);
            method.succeed(api, objects, 20);
        }
        // The minute and the day are both used up: the client is told the window it has to wait out.
        assertTooMany(method.call(api, objects), "DAY");
        server.clock().advance(MINUTE);
        assertTooMany(method.call(api, objects), "DAY");
        // Back to the first 20 calls plus a day, less a millisecond: they still count.
        server.clock().advance(DAY.minus(MINUTE.multipliedBy(5)).minus(MILLI));
        assertTooMany(method.call(api, objects), "DAY");
        server.clock().advance(MILLI);
        method.succeed(api, objects, 20);
        assertTooMany(method.call(api, objects), "DAY");
    }

    @ParameterizedTest
    @EnumSource(LimitedMethod.class)
    void eachAccountHasItsOwnCount(LimitedMethod method) {
        ApiClient first = server.newAccount();
        ApiClient second = server.newAccount();
        LimitedMethod.Objects firstObjects = LimitedMethod.Objects.create(first);
        LimitedMethod.Objects secondObjects = objectsOf(second);

        method.succeed(first, firstObjects, 20);
        assertTooMany(method.call(first, firstObjects), "MIN");
        method.succeed(second, secondObjects, 20);
        assertTooMany(method.call(second, secondObjects), "MIN");
    }

    @ParameterizedTest
    @EnumSource(LimitedMethod.class)
    void eachMethodHasItsOwnCount(LimitedMethod method) {
        ApiClient api = server.newAccount();
        LimitedMethod.Objects objects = objectsOf(api);

        method.succeed(api, objects, 20);
        assertTooMany(method.call(api, objects), "MIN");
        for (LimitedMethod other : LimitedMethod.values()) {
            if (other != method) {
                other.succeed(api, objects, 1);
            }
        }
    }

    @Test
    void unlimitedMethodsAreNotCounted() {
        ApiClient api = server.newAccount();
        LimitedMethod.Objects objects = objectsOf(api);
        for (int i = 0; i < 25; i++) {
            assertEquals(200, api.put("/projects/" + objects.projectId(), Fixtures.project()).status());
        }
        LimitedMethod.CREATE_PROJECT.succeed(api, objects, 20);
    }

    @Test
    void requestsTheSchemaRefusesAreNotCountedAndStillGetTheirValidationError() {
        ApiClient api = server.newAccount();
        var invalid = Fixtures.project().put("assignments_issuing_type", "SOMETIMES");
        for (int i = 0; i < 20; i++) {
            assertEquals(400, api.post("/projects", invalid).status());
        }
        LimitedMethod.CREATE_PROJECT.succeed(api, null, 20);
        assertTooMany(api.post("/projects", Fixtures.project()), "MIN");
        ApiClient.Response stillInvalid = api.post("/projects", invalid);
        assertEquals(400, stillInvalid.status(), stillInvalid.toString());
        assertEquals("UNKNOWN_ENUM_VALUE", stillInvalid.json().path("payload").path("assignments_issuing_type")
                .path("code").asText(), stillInvalid.toString());
    }

    @Test
    void callsThatReachTheMethodAreCountedEvenWhenItRefusesThem() {
        ApiClient api = server.newAccount();
        LimitedMethod.Objects objects = objectsOf(api);
        for (int i = 0; i < 20; i++) {
            ApiClient.Response unknownProject = api.post("/pools", Fixtures.pool("999999999999"));
            assertEquals("ENTITY_DOES_NOT_EXIST", unknownProject.json().path("payload").path("project_id")
                    .path("code").asText(), unknownProject.toString());
        }
        assertTooMany(LimitedMethod.CREATE_POOL.call(api, objects), "MIN");
    }

    @Test
    void ofFortyParallelCallsExactlyTwentyGetThrough() throws Exception {
        ApiClient api = server.newAccount();
        Map<Integer, Long> statuses = inParallel(40, i -> api.post("/projects", Fixtures.project()));
        assertEquals(Map.of(201, 20L, 429, 20L), statuses);
    }

    @Test
    void twoNodesOnOneDatabaseShareOneCount() throws Exception {
        try (TestServer other = TestServer.start(b -> b.dbUrl(server.dbUrl()).rateLimits(true))) {
            // Windows are only meaningful between nodes whose clocks agree; set the new node's to the first's.
            other.clock().advance(Duration.ofMillis(server.clock().millis() - other.clock().millis()));
            ApiClient first = server.newAccount();
            ApiClient second = first.against(other.baseUrl());
            Map<Integer, Long> statuses = inParallel(40, i -> (i % 2 == 0 ? first : second)
                    .post("/projects", Fixtures.project()));
            assertEquals(Map.of(201, 20L, 429, 20L), statuses);
        }
    }

    /** Sends {@code count} requests from as many threads, released together; returns how many got each status. */
    private static Map<Integer, Long> inParallel(int count, IntFunction<ApiClient.Response> request)
            throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<ApiClient.Response>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int index = i;
                futures.add(threads.submit(() -> {
                    go.await();
                    return request.apply(index);
                }));
            }
            go.countDown();
            List<ApiClient.Response> responses = new ArrayList<>();
            for (Future<ApiClient.Response> future : futures) {
                responses.add(future.get(60, TimeUnit.SECONDS));
            }
            return responses.stream().collect(Collectors.groupingBy(ApiClient.Response::status,
                    Collectors.counting()));
        } finally {
            threads.shutdownNow();
        }
    }
}
