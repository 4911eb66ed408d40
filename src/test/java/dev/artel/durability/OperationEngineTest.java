package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.artel.operation.OperationRunner;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operation engine's failure handling, driven pass by pass: operations are accepted with inline
 * execution and the background workers off, and the test runs the workers' pass itself.
 */
class OperationEngineTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.runOperationsInline(false));

    private static OperationRunner runner() {
        return server.artel().operations();
    }

    @Test
    void operationWhoseHandlerKeepsFailingIsFailedAfterFiveAttemptsAndNotRetried() {
        ApiClient api = server.newAccount();
        String projectId = Seeded.created(api.post("/projects", Fixtures.project()));
        String poolId = Seeded.created(api.post("/pools", Fixtures.pool(projectId)));
        ApiClient.Response clone = api.post("/pools/" + poolId + "/clone");
        assertEquals(202, clone.status(), clone.toString());
        String opId = clone.field("id");
        // A source pool whose stored document cannot be read breaks the clone handler on every attempt.
        server.artel().database().inTransaction(h -> h.update("UPDATE pools SET doc = ? WHERE id = ?", "{broken",
                Long.parseLong(poolId)));

        for (int pass = 1; pass < 5; pass++) {
            runner().runPending();
            assertEquals("PENDING", api.get("/operations/" + opId).field("status"), "after pass " + pass);
        }
        runner().runPending();
        ApiClient.Response failed = api.get("/operations/" + opId);
        assertEquals("FAIL", failed.field("status"), failed.toString());
        assertEquals("OPERATION_EXECUTION_ERROR", failed.json().path("details").path("code").asText());

        long attempts = attempts(opId);
        runner().runPending();
        assertEquals(attempts, attempts(opId), "a failed operation is not tried again");
        assertEquals(1, poolsIn(projectId), "no clone was made");
    }

    /**
     * A node that claimed an operation and then hangs holds the operation's row lock; the other nodes must
     * go on with the rest of the queue instead of waiting for it, and must run the operation once the hung
     * node dies and its transaction is rolled back.
     */
    @Test
    void operationClaimedByANodeThatDiesIsRunByAnotherWithoutStallingTheQueue() throws SQLException {
        ApiClient api = server.newAccount();
        String projectId = Seeded.created(api.post("/projects", Fixtures.project()));
        String poolId = Seeded.created(api.post("/pools", Fixtures.pool(projectId)));
        String held = api.post("/pools/" + poolId + "/clone").field("id");
        String behind = api.post("/pools/" + poolId + "/clone").field("id");

        try (Connection otherNode = DriverManager.getConnection(server.dbUrl())) {
            otherNode.setAutoCommit(false);
            try (PreparedStatement claim = otherNode.prepareStatement(
                    "UPDATE operations SET status = 'RUNNING', attempts = attempts + 1 WHERE id = ?")) {
                claim.setString(1, held);
                assertEquals(1, claim.executeUpdate());
            }
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> runner().runPending(),
                    "a pass must not wait for an operation another node is running");
            assertEquals("SUCCESS", api.get("/operations/" + behind).field("status"));
            assertEquals("PENDING", api.get("/operations/" + held).field("status"),
                    "the other node's claim is not committed");
            otherNode.rollback();
        }

        runner().runPending();
        ApiClient.Response done = api.get("/operations/" + held);
        assertEquals("SUCCESS", done.field("status"), done.toString());
        assertEquals(3, poolsIn(projectId), "the source and one pool per clone");
    }

    /**
     * In a cluster mid-upgrade a node may meet an operation that only newer nodes know how to run. It must
     * leave it alone for them, not count attempts against it until it fails.
     */
    @Test
    void operationOfATypeThisNodeCannotRunIsLeftPendingForOneThatCan() {
        ApiClient api = server.newAccount();
        String accountId = api.get("/requester").field("id");
        String opId = UUID.randomUUID().toString();
        // PSEUDO.PSEUDO is a type toloka-kit knows and no Artel version runs.
        server.artel().database().inTransaction(h -> h.update("INSERT INTO operations (id, account_id, type, status,"
                + " submitted, progress, parameters) VALUES (?, ?, 'PSEUDO.PSEUDO', 'PENDING', ?, 0, '{}')", opId,
                accountId, server.clock().millis()));

        for (int pass = 0; pass < 6; pass++) {
            runner().runPending();
        }
        assertEquals("PENDING", server.artel().database().inTransaction(h -> h.queryOne(
                "SELECT status FROM operations WHERE id = ?", rs -> rs.getString(1), opId)).orElseThrow());
        assertEquals(0, attempts(opId));
    }

    private static long poolsIn(String projectId) {
        return server.artel().database().inTransaction(h -> h.queryLong(
                "SELECT COUNT(*) FROM pools WHERE project_id = ?", Long.parseLong(projectId)));
    }

    private static long attempts(String opId) {
        return server.artel().database().inTransaction(h -> h.queryLong(
                "SELECT attempts FROM operations WHERE id = ?", opId));
    }
}
