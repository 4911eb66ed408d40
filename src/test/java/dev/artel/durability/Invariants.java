package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.Database;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What must hold after any crash, restart or node loss, checked through the API as a client sees it and,
 * for the counts, in the database itself: every operation finished, every accepted one stored, each clone
 * applied once, each pool in exactly one state, and every object readable.
 */
final class Invariants {
    private static final Set<String> POOL_STATES = Set.of("OPEN", "CLOSED", "ARCHIVED");

    private Invariants() {
    }

    /** What the checks found, for the test's log. */
    record Outcome(int operations, int succeeded, int failed, int clones, int pools) {
    }

    /** Waits, with a deadline, until the account has no operation left to run. */
    static void awaitDrained(ApiClient api, Duration timeout, String context) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            ApiClient.Response pending = api.get("/operations?status=PENDING&limit=1");
            assertEquals(200, pending.status(), pending.toString());
            ApiClient.Response running = api.get("/operations?status=RUNNING&limit=1");
            if (pending.json().path("items").isEmpty() && running.json().path("items").isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                fail(context + ": operations still unfinished after " + timeout + ": " + pending.text());
            }
        }
    }

    /**
     * Checks the account's objects against what the clients were told.
     *
     * @param accepted ids of the operations that were answered 202
     */
    static Outcome check(ApiClient api, Seeded seeded, Collection<String> accepted, String context) {
        Map<String, ObjectNode> operations = new LinkedHashMap<>();
        for (JsonNode op : listAll(api, "/operations")) {
            operations.put(op.path("id").asText(), (ObjectNode) op);
        }
        for (String id : accepted) {
            assertTrue(operations.containsKey(id), context + ": accepted operation " + id + " is lost");
        }

        int succeeded = 0;
        int failed = 0;
        Map<String, String> clonesBySource = new HashMap<>();
        Set<String> archivedByOperation = new HashSet<>();
        for (ObjectNode op : operations.values()) {
            String status = op.path("status").asText();
            assertTrue(status.equals("SUCCESS") || status.equals("FAIL"), context + ": unfinished " + op);
            if (status.equals("FAIL")) {
                failed++;
                assertTrue(!op.path("type").asText().equals("POOL.CLONE"), context + ": a clone failed: " + op);
                continue;
            }
            succeeded++;
            String poolId = op.path("parameters").path("pool_id").asText();
            switch (op.path("type").asText()) {
                case "POOL.CLONE" -> {
                    String copy = op.path("details").path("pool_id").asText();
                    assertTrue(!copy.isEmpty(), context + ": clone without details.pool_id: " + op);
                    String before = clonesBySource.put(copy, poolId);
                    assertEquals(null, before, context + ": two clone operations name one new pool " + copy);
                }
                case "POOL.ARCHIVE" -> archivedByOperation.add(poolId);
                default -> { }
            }
        }

        Map<String, ObjectNode> pools = new LinkedHashMap<>();
        for (JsonNode pool : listAll(api, "/pools")) {
            pools.put(pool.path("id").asText(), (ObjectNode) pool);
        }
        Set<String> expected = new HashSet<>(seeded.poolProjects().keySet());
        expected.addAll(clonesBySource.keySet());
        assertEquals(expected, pools.keySet(), context + ": the pools are not exactly the seeded ones plus one per"
                + " successful clone");

        ObjectNode form = Fixtures.pool("0");
        Map<String, String> stateOf = new HashMap<>();
        for (String state : POOL_STATES) {
            for (JsonNode pool : listAll(api, "/pools", "status=" + state)) {
                String before = stateOf.put(pool.path("id").asText(), state);
                assertEquals(null, before, context + ": pool listed as both " + before + " and " + state);
            }
        }
        for (ObjectNode listed : pools.values()) {
            String id = listed.path("id").asText();
            ApiClient.Response got = api.get("/pools/" + id);
            assertEquals(200, got.status(), context + ": " + got);
            ObjectNode pool = got.object();
            assertEquals(listed, pool, context + ": pool " + id + " reads differently alone and in a list");
            String state = pool.path("status").asText();
            assertTrue(POOL_STATES.contains(state), context + ": pool " + id + " in state " + state);
            assertEquals(state, stateOf.get(id), context + ": pool " + id + " listed under another state");
            assertEquals(form.path("private_name"), pool.path("private_name"), context + ": pool " + id + " document");
            String source = clonesBySource.getOrDefault(id, id);
            assertEquals(seeded.poolProjects().get(source), pool.path("project_id").asText(),
                    context + ": pool " + id + " project");
            if (clonesBySource.containsKey(id)) {
                // Traffic never targets clones, so they stay as created.
                assertEquals("CLOSED", state, context + ": clone " + id);
                assertTrue(!pool.has("last_started"), context + ": clone " + id + " has history");
            }
            // Archiving is the one irreversible transition: it happened exactly when an archive succeeded.
            assertEquals(archivedByOperation.contains(id), state.equals("ARCHIVED"),
                    context + ": pool " + id + " is " + state + " but archive operations say otherwise");
            if (state.equals("OPEN")) {
                assertTrue(pool.has("last_started"), context + ": open pool " + id + " never started");
            }
        }
        for (String projectId : seeded.projectIds()) {
            ApiClient.Response project = api.get("/projects/" + projectId);
            assertEquals(200, project.status(), context + ": " + project);
        }
        return new Outcome(operations.size(), succeeded, failed, clonesBySource.size(), pools.size());
    }

    /**
     * The counts straight from the tables, so that a listing bug cannot hide a duplicate pool or a stuck
     * operation. Call it when no other process holds an embedded database.
     */
    static void checkStored(String dbUrl, Seeded seeded, Outcome outcome, String context) {
        try (Database db = new Database(dbUrl, null, null, 2, 5_000).open()) {
            long pools = db.inTransaction(h -> h.queryLong("SELECT COUNT(*) FROM pools WHERE account_id = ?",
                    seeded.accountId()));
            assertEquals(outcome.pools(), pools, context + ": pools stored");
            long unfinished = db.inTransaction(h -> h.queryLong("SELECT COUNT(*) FROM operations WHERE account_id = ?"
                    + " AND status NOT IN ('SUCCESS', 'FAIL')", seeded.accountId()));
            assertEquals(0, unfinished, context + ": unfinished operations stored");
            long clones = db.inTransaction(h -> h.queryLong("SELECT COUNT(*) FROM operations WHERE account_id = ?"
                    + " AND type = 'POOL.CLONE' AND status = 'SUCCESS'", seeded.accountId()));
            assertEquals(outcome.clones(), clones, context + ": successful clones stored");
        }
    }

    /** Every item of a list endpoint, paged by id as toloka-kit pages. */
    static List<JsonNode> listAll(ApiClient api, String path, String... filters) {
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        while (true) {
            StringBuilder query = new StringBuilder(path).append("?sort=id&limit=300");
            for (String filter : filters) {
                query.append('&').append(filter);
            }
            if (after != null) {
                query.append("&id_gt=").append(after);
            }
            ApiClient.Response page = api.get(query.toString());
            assertEquals(200, page.status(), page.toString());
            JsonNode items = page.json().path("items");
            items.forEach(out::add);
            if (!page.json().path("has_more").asBoolean() || items.isEmpty()) {
                return out;
            }
            after = items.get(items.size() - 1).path("id").asText();
        }
    }
}
