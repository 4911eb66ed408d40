package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.operation.OperationRunner;
import dev.artel.support.ApiClient;
import dev.artel.support.ArtelProcess;
import dev.artel.support.Fixtures;
import dev.artel.support.OneStepOperation;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Operations that can never succeed end FAIL after a bounded number of attempts, however they fail, and the
 * operations queued behind them run meanwhile. The server runs operations only when a test makes the workers'
 * pass, and its bounds are set low (3 broken attempts, 2 transient failures).
 */
class PoisonOperationTest {
    private static final int MAX_ATTEMPTS = 3;
    private static final int MAX_TRANSIENT_FAILURES = 2;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.runOperationsInline(false)
            .maxOperationAttempts(MAX_ATTEMPTS).maxOperationTransientFailures(MAX_TRANSIENT_FAILURES));

    private static OperationRunner runner() {
        return server.artel().operations();
    }

    @Test
    void operationWhoseHandlerThrowsEveryTimeFailsAfterTheBoundWhileTheQueueMovesOn() {
        failsAfterTheBound("TEST.THROW.RUNTIME", () -> {
            throw new IllegalStateException("a bug in the handler");
        });
    }

    @Test
    void operationWhoseHandlerThrowsAnErrorEveryTimeFailsAfterTheBoundWhileTheQueueMovesOn() {
        failsAfterTheBound("TEST.THROW.ERROR", () -> {
            throw new StackOverflowError();
        });
    }

    private void failsAfterTheBound(String type, Runnable breaks) {
        AtomicInteger runs = new AtomicInteger();
        runner().register(new OneStepOperation(type, (h, op) -> {
            runs.incrementAndGet();
            breaks.run();
            return null;
        }));
        ApiClient api = server.newAccount();
        String poolId = pool(api);
        String poison = submit(api, type);
        server.clock().advance(Duration.ofSeconds(1));
        String clone = api.post("/pools/" + poolId + "/clone").field("id");

        runner().runPending();
        ApiClient.Response behind = api.get("/operations/" + clone);
        assertEquals("SUCCESS", behind.field("status"), "the operation queued behind the poison one: " + behind);
        for (int pass = 2; pass < MAX_ATTEMPTS; pass++) {
            runner().runPending();
        }
        assertEquals("PENDING", status(poison), "after " + (MAX_ATTEMPTS - 1) + " attempts");
        runner().runPending();
        assertEquals("FAIL", status(poison));
        ObjectNode details = details(poison);
        assertEquals("OPERATION_EXECUTION_ERROR", details.path("code").asText(), details.toString());
        assertEquals(MAX_ATTEMPTS, runs.get());

        runner().runPending();
        assertEquals(MAX_ATTEMPTS, runs.get(), "a failed operation is not tried again");
    }

    /**
     * A lock timeout says nothing about the operation: an operation that has broken once less than the bound
     * and then meets one is still pending. An operation that meets one on every run fails at the bound for
     * transient failures, which is the only thing it counts against then.
     */
    @Test
    void transientFailuresAreBoundedApartFromBrokenAttempts() throws SQLException {
        ApiClient api = server.newAccount();
        String poolId = pool(api);
        AtomicInteger runs = new AtomicInteger();
        runner().register(new OneStepOperation("TEST.LOCKS.POOL", (h, op) -> {
            if (runs.incrementAndGet() < MAX_ATTEMPTS) {
                throw new IllegalStateException("a bug in the handler");
            }
            h.queryOne("SELECT id FROM pools WHERE id = ? FOR UPDATE", rs -> rs.getLong(1), Long.parseLong(poolId));
            return null;
        }));
        String poison = submit(api, "TEST.LOCKS.POOL");
        for (int pass = 1; pass < MAX_ATTEMPTS; pass++) {
            runner().runPending();
        }
        assertEquals("PENDING", status(poison));

        try (Connection hungNode = DriverManager.getConnection(server.dbUrl())) {
            hungNode.setAutoCommit(false);
            try (PreparedStatement lock = hungNode.prepareStatement("SELECT id FROM pools WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, Long.parseLong(poolId));
                lock.executeQuery().close();
            }
            for (int pass = 1; pass < MAX_TRANSIENT_FAILURES; pass++) {
                runner().runPending();
                assertEquals("PENDING", status(poison), "after " + pass + " lock timeouts");
            }
            runner().runPending();
            assertEquals("FAIL", status(poison));
            ObjectNode details = details(poison);
            assertEquals("OPERATION_EXECUTION_ERROR", details.path("code").asText(), details.toString());
            assertTrue(details.path("message").asText().contains("transient"), details.toString());
            assertEquals(MAX_ATTEMPTS - 1 + MAX_TRANSIENT_FAILURES, runs.get());
            hungNode.rollback();
        }
    }

    /**
     * A handler that kills its process on every run rolls back its whole transaction each time, on every
     * restart; the count of attempts must survive that. A separate JVM on this test's database runs the
     * workers' pass once per start and dies in it; it is restarted until the operation is no longer pending,
     * or a few times past the bound, when the test fails. The clone queued behind it must not wait for that.
     */
    @Test
    void operationThatKillsItsProcessEveryTimeFailsAfterTheBoundOfRestarts() {
        TestServer setup = TestServer.start(b -> b.runOperationsInline(false));
        String dbUrl = setup.dbUrl();
        String poison = UUID.randomUUID().toString();
        String clone;
        String projectId;
        try {
            ApiClient api = setup.newAccount();
            String accountId = api.get("/requester").field("id");
            projectId = Seeded.created(api.post("/projects", Fixtures.project()));
            String poolId = Seeded.created(api.post("/pools", Fixtures.pool(projectId)));
            // The type is this test's own, so neither this server nor the submit API would take it.
            setup.artel().database().inTransaction(h -> h.update("INSERT INTO operations (id, account_id, type,"
                    + " status, submitted, progress, parameters) VALUES (?, ?, ?, 'PENDING', ?, 0, '{}')", poison,
                    accountId, PoisonNode.TYPE, setup.clock().millis() - 1000));
            clone = api.post("/pools/" + poolId + "/clone").field("id");
        } finally {
            // On H2 each node then owns the database file, as a single node does: its crash is the database's.
            setup.close();
        }

        List<Integer> exits = new ArrayList<>();
        List<String> cloneStatuses = new ArrayList<>();
        while (exits.size() < MAX_ATTEMPTS + 3 && "PENDING".equals(query(dbUrl, "status", poison))) {
            exits.add(ArtelProcess.runToExit("poison-node", Duration.ofSeconds(90), PoisonNode.class.getName(),
                    dbUrl, String.valueOf(MAX_ATTEMPTS)));
            cloneStatuses.add(query(dbUrl, "status", clone));
        }

        List<Integer> expected = new ArrayList<>(Collections.nCopies(MAX_ATTEMPTS, PoisonNode.HALTED));
        expected.add(0);
        assertEquals(expected, exits, "exit codes of the node, restarted while the operation was pending");
        // The first node dies before it reaches the clone; the next runs it ahead of the operation that has
        // been tried before.
        List<String> expectedClone = new ArrayList<>(Collections.nCopies(MAX_ATTEMPTS + 1, "SUCCESS"));
        expectedClone.set(0, "PENDING");
        assertEquals(expectedClone, cloneStatuses, "the clone queued behind the poison operation, after each start");
        assertEquals("FAIL", query(dbUrl, "status", poison));
        ObjectNode details = Json.parseObject(query(dbUrl, "details", poison));
        assertEquals("OPERATION_EXECUTION_ERROR", details.path("code").asText(), details.toString());
        assertEquals(2, Long.parseLong(queryOne(dbUrl, "SELECT COUNT(*) FROM pools WHERE project_id = ?",
                Long.parseLong(projectId))), "the source pool and its one clone");
    }

    private static String pool(ApiClient api) {
        String projectId = Seeded.created(api.post("/projects", Fixtures.project()));
        return Seeded.created(api.post("/pools", Fixtures.pool(projectId)));
    }

    /** Submits through the engine itself; reads of it go to the database, as the spec knows no test types. */
    private static String submit(ApiClient api, String type) {
        String accountId = api.get("/requester").field("id");
        String id = UUID.randomUUID().toString();
        server.artel().database().inTransaction(h -> runner().submit(h, id, accountId, type, Json.object(), null));
        return id;
    }

    private static String status(String opId) {
        return query(server.dbUrl(), "status", opId);
    }

    private static ObjectNode details(String opId) {
        return Json.parseObject(query(server.dbUrl(), "details", opId));
    }

    private static String query(String dbUrl, String column, String opId) {
        return queryOne(dbUrl, "SELECT " + column + " FROM operations WHERE id = ?", opId);
    }

    /** A connection of its own, closed at once: on H2 no node may find the database held by the test. */
    private static String queryOne(String dbUrl, String sql, Object arg) {
        try (Connection c = DriverManager.getConnection(dbUrl); PreparedStatement st = c.prepareStatement(sql)) {
            st.setObject(1, arg);
            try (ResultSet rs = st.executeQuery()) {
                assertTrue(rs.next(), sql + " with " + arg);
                return rs.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }
}
