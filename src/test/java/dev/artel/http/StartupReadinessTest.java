package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.account.AccountService;
import dev.artel.account.SqlAccountStore;
import dev.artel.core.IdGenerator;
import dev.artel.metrics.Metrics;
import dev.artel.ratelimit.RateLimiter;
import dev.artel.ratelimit.SqlRateLimitStore;
import dev.artel.requester.RequesterRoutes;
import dev.artel.spec.ApiSpec;
import dev.artel.storage.Database;
import dev.artel.storage.DatabaseHealth;
import dev.artel.support.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The server starts HTTP while its database is still being opened (the two run side by side to halve
 * start-up). In between, the health check must say the server is not ready, and an API request must wait for
 * the database rather than fail.
 */
class StartupReadinessTest {
    @Test
    void requestsWaitForTheDatabaseAndHealthSaysStartingUntilItIsOpen() throws Exception {
        Clock clock = Clock.systemUTC();
        Database db = new Database(TestDatabase.newUrl(), null, null, 4, 5_000);
        AccountService accounts = new AccountService(db, new SqlAccountStore(), new IdGenerator(clock), clock);
        ApiServer server = new ApiServer(List.of(ApiMount.of(ApiServer.API_PREFIX, ApiSpec.load(), new RouteTable(),
                        Map.of("api_key1", RequesterRoutes.authenticator(accounts)))),
                new RateLimiter(false, db, new SqlRateLimitStore(), clock),
                new HttpLimits(1 << 20, 16 << 10, 20_000, 30_000, 16 << 10, 250, 1 << 20),
                new Metrics(db), new DatabaseHealth(db, clock, 1_000, 0)).start("127.0.0.1", 0);
        try {
            RawHttp.Response starting = RawHttp.send(server.port(), RawHttp.request("GET", "/_artel/health"));
            assertEquals(503, starting.status(), starting.toString());
            assertEquals("{\"status\":\"starting\"}", starting.text());

            // Authenticating reads the token table, so this request needs the database.
            CompletableFuture<RawHttp.Response> early = CompletableFuture.supplyAsync(() -> RawHttp.send(
                    server.port(), RawHttp.request("GET", "/api/v1/projects").token("no-such-token")));
            assertFalse(early.isDone(), "answered before the database was open: " + early.getNow(null));

            db.open();
            RawHttp.Response afterOpen = early.get(30, TimeUnit.SECONDS);
            assertEquals(401, afterOpen.status(), afterOpen.toString());
            assertTrue(afterOpen.text().contains("\"code\":\"AUTHENTICATION_ERROR\""), afterOpen.text());
            assertEquals(200, RawHttp.send(server.port(), RawHttp.request("GET", "/_artel/health")).status());
        } finally {
            server.close();
            db.close();
        }
    }
}
