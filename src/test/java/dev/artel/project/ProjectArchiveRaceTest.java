package dev.artel.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pool creates and clones of a project no longer lock the project's row, only one of its lock stripes, so they
 * run side by side; archiving the project locks every stripe. These tests stop one side in the middle of its
 * transaction (another connection, doing what that side's transaction does) and check that the other side waits
 * for it and then sees what it committed: an archived project never gains a pool.
 */
class ProjectArchiveRaceTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void anArchiveWaitsForAPoolCreateInProgressAndThenRefuses() throws Exception {
        ApiClient api = server.newAccount();
        String accountId = api.get("/requester").field("id");
        String project = Fixtures.createProject(api);

        ApiClient.Response archive;
        try (Connection creating = DriverManager.getConnection(server.dbUrl())) {
            creating.setAutoCommit(false);
            // What a pool create does before it commits: hold one stripe, insert the pool.
            update(creating, "SELECT stripe FROM project_stripes WHERE project_id = ? AND stripe = 7 FOR UPDATE",
                    Long.parseLong(project));
            update(creating, "INSERT INTO pools (id, account_id, kind, project_id, status, created, doc)"
                    + " VALUES (?, ?, 'POOL', ?, 'CLOSED', 0, '{}')", 999_999_999_999L, accountId,
                    Long.parseLong(project));
            // The archive is accepted (it cannot see the uncommitted pool) and its run waits for the stripe.
            CompletableFuture<ApiClient.Response> archiving = CompletableFuture.supplyAsync(
                    () -> api.post("/projects/" + project + "/archive"));
            awaitBlockedOrDone(archiving, 1);
            creating.commit();
            archive = assertTimeoutPreemptively(Duration.ofSeconds(20), archiving::join);
        }

        assertEquals(202, archive.status(), archive.toString());
        assertEquals("FAIL", archive.field("status"), archive.toString());
        assertEquals("UNARCHIVED_POOLS_CONFLICT", archive.json().path("details").path("code").asText(),
                archive.toString());
        assertEquals("ACTIVE", api.get("/projects/" + project).field("status"));
    }

    @Test
    void aPoolCreateAndACloneWaitForAnArchiveInProgressAndThenRefuse() throws Exception {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        String archivedPool = api.post("/pools", Fixtures.pool(project)).field("id");
        assertEquals("SUCCESS", api.post("/pools/" + archivedPool + "/archive").field("status"));

        ApiClient.Response created;
        ApiClient.Response cloned;
        try (Connection archiving = DriverManager.getConnection(server.dbUrl())) {
            archiving.setAutoCommit(false);
            // What a project archive does before it commits: hold every stripe, mark the project archived.
            update(archiving, "SELECT stripe FROM project_stripes WHERE project_id = ? ORDER BY stripe FOR UPDATE",
                    Long.parseLong(project));
            update(archiving, "UPDATE projects SET status = 'ARCHIVED' WHERE id = ?", Long.parseLong(project));
            CompletableFuture<ApiClient.Response> creating = CompletableFuture.supplyAsync(
                    () -> api.post("/pools", Fixtures.pool(project)));
            CompletableFuture<ApiClient.Response> cloning = CompletableFuture.supplyAsync(
                    () -> api.post("/pools/" + archivedPool + "/clone"));
            awaitBlockedOrDone(creating, 1);
            awaitBlockedOrDone(cloning, 2);
            archiving.commit();
            created = assertTimeoutPreemptively(Duration.ofSeconds(20), creating::join);
            cloned = assertTimeoutPreemptively(Duration.ofSeconds(20), cloning::join);
        }

        assertEquals(409, created.status(), created.toString());
        assertEquals("PROJECT_INAPPROPRIATE_STATUS", created.code());
        // The clone was accepted before the archive committed; its run, waiting for a stripe, then refuses.
        assertEquals(202, cloned.status(), cloned.toString());
        assertEquals("FAIL", cloned.field("status"), cloned.toString());
        assertEquals("PROJECT_INAPPROPRIATE_STATUS", cloned.json().path("details").path("code").asText());
        JsonNode pools = api.get("/pools?project_id=" + project).json().path("items");
        assertEquals(1, pools.size(), pools.toString());
        assertEquals(archivedPool, pools.get(0).path("id").asText());
    }

    private static void update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.execute();
        }
    }

    /**
     * Waits until {@code blocked} sessions wait for a row lock, or the request has answered: without the lock it
     * would go straight through, and the test must let it, so that it fails.
     */
    private static void awaitBlockedOrDone(CompletableFuture<?> request, int blocked) {
        String sql = TestDatabase.isPostgres()
                ? "SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
                : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
        assertTimeoutPreemptively(Duration.ofSeconds(4), () -> {
            try (Connection watcher = DriverManager.getConnection(server.dbUrl());
                 PreparedStatement st = watcher.prepareStatement(sql)) {
                while (!request.isDone()) {
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) >= blocked) {
                            return;
                        }
                    }
                    Thread.onSpinWait();
                }
            }
        }, "the request neither waited for the lock nor answered");
    }
}
