package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node that hangs in the middle of a transaction keeps its row locks. The others must not hang with it:
 * a request that needs the row answers 503 after the lock timeout (PostgreSQL would otherwise wait for
 * ever), an operation that needs it stays pending, and both go through once the lock is released.
 */
class HungLockHolderTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void requestsAndOperationsOnARowAHungNodeHoldsFailOverInsteadOfHanging() throws SQLException {
        ApiClient api = server.newAccount();
        String accountId = api.get("/requester").field("id");
        String projectId = Seeded.created(api.post("/projects", Fixtures.project()));
        String poolId = Seeded.created(api.post("/pools", Fixtures.pool(projectId)));
        Seeded.addTask(server.artel().database(), accountId, poolId);

        String clone;
        try (Connection hungNode = DriverManager.getConnection(server.dbUrl())) {
            hungNode.setAutoCommit(false);
            // The pool's row, which opening it needs, and every lock stripe of its project, one of which a clone
            // needs: the node hangs as if in the middle of archiving the project.
            try (PreparedStatement lock = hungNode.prepareStatement("SELECT id FROM pools WHERE id = ? FOR UPDATE")) {
                lock.setLong(1, Long.parseLong(poolId));
                lock.executeQuery().close();
            }
            try (PreparedStatement lock = hungNode.prepareStatement(
                    "SELECT stripe FROM project_stripes WHERE project_id = ? ORDER BY stripe FOR UPDATE")) {
                lock.setLong(1, Long.parseLong(projectId));
                lock.executeQuery().close();
            }
            // Both at once, as each waits out the lock timeout; on PostgreSQL the timeout counts per lock wait
            // and the second waiter queues behind the first, so it waits twice as long, still bounded.
            CompletableFuture<ApiClient.Response> opening = CompletableFuture.supplyAsync(
                    () -> api.post("/pools/" + poolId + "/open"));
            CompletableFuture<ApiClient.Response> cloning = CompletableFuture.supplyAsync(
                    () -> api.post("/pools/" + poolId + "/clone"));
            ApiClient.Response open = assertTimeoutPreemptively(Duration.ofSeconds(20), opening::join,
                    "a request must not wait for a hung node");
            assertEquals(503, open.status(), open.toString());
            assertEquals("REMOTE_SERVICE_UNAVAILABLE", open.code());

            // Accepting a clone needs no lock; running it needs a stripe, so it is accepted and left pending.
            ApiClient.Response accepted = assertTimeoutPreemptively(Duration.ofSeconds(20), cloning::join,
                    "a request must not wait for a hung node");
            assertEquals(202, accepted.status(), accepted.toString());
            clone = accepted.field("id");
            assertEquals("PENDING", api.get("/operations/" + clone).field("status"));
            hungNode.rollback();
        }

        server.artel().operations().runPending();
        assertEquals("SUCCESS", api.get("/operations/" + clone).field("status"));
        ApiClient.Response open = api.post("/pools/" + poolId + "/open");
        assertEquals(202, open.status(), open.toString());
        assertEquals("SUCCESS", open.field("status"));
    }

    /**
     * A hung node's claimed operation is released by PostgreSQL ending its idle transaction; waiting out the
     * minute is PostgreSQL's part, so the test checks that Artel's sessions carry the setting.
     */
    @Test
    void postgresqlEndsTheTransactionsOfAHungNode() {
        assumeTrue(TestDatabase.isPostgres(), "a PostgreSQL session setting");
        assertEquals("1min", server.artel().database().inTransaction(h -> h.queryOne(
                "SHOW idle_in_transaction_session_timeout", rs -> rs.getString(1))).orElseThrow());
    }
}
