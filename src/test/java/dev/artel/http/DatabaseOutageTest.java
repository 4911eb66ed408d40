package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.artel.support.ApiClient;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The health check and the API while the database refuses the server after start-up, and once it lets the
 * server in again. PostgreSQL cuts the server off: its role loses LOGIN and its sessions are terminated, which
 * is what a database restart or a lost network looks like to the server (its connections die and new ones
 * fail). The server runs on a role and schema of its own so that the rest of the suite is not cut off with it.
 * Runs whenever PostgreSQL listens on 127.0.0.1:5432, in the H2 suite too; skipped without it, since an
 * embedded database cannot be taken away from the process that holds it.
 */
class DatabaseOutageTest {
    private static final String LOCAL_POSTGRES = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    private static final long CACHE_MILLIS = 100;
    private static final Duration QUICK = Duration.ofSeconds(5);
    private static final Duration AWAIT = Duration.ofSeconds(30);

    @Test
    void healthSaysDatabaseUnavailableAndRequestsFailFastUntilTheDatabaseIsBack() throws Exception {
        String admin = TestDatabase.isPostgres() ? System.getProperty("artel.test.db-url") : LOCAL_POSTGRES;
        assumeTrue(reachable(admin), "needs PostgreSQL at " + admin);
        String role = "artel_outage_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(admin, "CREATE ROLE " + role + " LOGIN", "CREATE SCHEMA " + role + " AUTHORIZATION " + role);
        String url = admin.substring(0, admin.indexOf('?')) + "?user=" + role + "&currentSchema=" + role;
        try (TestServer server = TestServer.start(b -> b.dbUrl(url).dbConnectionTimeoutMillis(500)
                .healthCheckTimeoutMillis(500).healthCacheMillis(CACHE_MILLIS))) {
            ApiClient api = server.newAccount();
            assertEquals("200 {\"status\":\"ok\"}", health(server, true));
            assertEquals(200, api.get("/requester").status());

            execute(admin, "ALTER ROLE " + role + " NOLOGIN", terminateSessions(role));
            // Within the cache period polling does not reach the database: the last answer stands.
            assertEquals("200 {\"status\":\"ok\"}", health(server, false));
            awaitHealth(server, "503 {\"status\":\"database unavailable\"}");
            // The first requests may get a pooled connection that has died; the later ones wait for a new
            // connection that cannot come, and must give up in the configured time.
            for (int i = 1; i <= 3; i++) {
                long began = System.nanoTime();
                ApiClient.Response during = api.get("/requester");
                Duration took = Duration.ofNanos(System.nanoTime() - began);
                assertEquals(503, during.status(), "request " + i + ": " + during);
                assertEquals("REMOTE_SERVICE_UNAVAILABLE", during.code(), during.toString());
                assertTrue(took.compareTo(QUICK) < 0, "request " + i + " during the outage took " + took);
            }

            execute(admin, "ALTER ROLE " + role + " LOGIN");
            awaitHealth(server, "200 {\"status\":\"ok\"}");
            ApiClient.Response after = api.get("/requester");
            assertEquals(200, after.status(), after.toString());
        } finally {
            execute(admin, terminateSessions(role), "DROP SCHEMA " + role + " CASCADE", "DROP ROLE " + role);
        }
    }

    /** Polls health, each time past the cache period, until it answers {@code expected} or time is up. */
    private static void awaitHealth(TestServer server, String expected) throws InterruptedException {
        long deadline = System.nanoTime() + AWAIT.toNanos();
        String last = health(server, true);
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            last = health(server, true);
        }
        assertEquals(expected, last, "health after waiting up to " + AWAIT);
    }

    private static String health(TestServer server, boolean pastTheCache) {
        if (pastTheCache) {
            server.clock().advance(Duration.ofMillis(CACHE_MILLIS));
        }
        RawHttp.Response response = RawHttp.send(server.artel().port(), RawHttp.request("GET", "/_artel/health"));
        return response.status() + " " + response.text();
    }

    private static String terminateSessions(String role) {
        return "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'";
    }

    private static boolean reachable(String url) {
        try (Connection connection = DriverManager.getConnection(url + "&connectTimeout=2")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    private static void execute(String url, String... statements) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }
}
