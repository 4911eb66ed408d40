package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sixty-four workers take uploaded suites from one pool at once, each taking and answering until the pool has
 * nothing for them: no suite goes past its overlap, no worker gets a suite twice, every place is filled, and no
 * worker is sent away while the pool still had places for them (a take that waits behind the first suites in
 * issuing order, or gives up on them, would be).
 */
class ConcurrentSuiteIssuingTest {
    private static final int WORKERS = 64;
    private static final int SUITES = 40;
    private static final int OVERLAP = 3;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** A suite another transaction holds (a take, a skip, a node hung mid-way) is passed over, not waited for. */
    @Test
    void aSuiteAnotherTransactionHoldsIsPassedOver() throws SQLException {
        ApiClient requester = server.newAccount();
        String pool = requester.post("/pools", Fixtures.pool(Fixtures.createProject(requester))).field("id");
        String first = requester.post("/task-suites", Fixtures.taskSuite(pool).put("issuing_order_override", 1))
                .field("id");
        String second = requester.post("/task-suites", Fixtures.taskSuite(pool)).field("id");
        assertEquals(202, requester.post("/pools/" + pool + "/open").status());
        try (Connection holder = DriverManager.getConnection(server.dbUrl())) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT id FROM task_suites WHERE id = ? FOR UPDATE")) {
                lock.setString(1, first);
                lock.executeQuery().close();
            }
            ApiClient.Response taken = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> server.newWorker().post("/worker/pools/" + pool + "/assignments"));
            assertEquals(201, taken.status(), taken.toString());
            assertEquals(second, taken.field("task_suite_id"), "the free suite, at once");
            holder.rollback();
        }
        ApiClient.Response after = server.newWorker().post("/worker/pools/" + pool + "/assignments");
        assertEquals(first, after.field("task_suite_id"), after.toString());
    }

    @Test
    void sixtyFourWorkersTakeUploadedSuitesAtOnce() {
        String context = "db=" + (TestDatabase.isPostgres() ? "postgresql" : "h2");
        ApiClient requester = server.newAccount();
        ObjectNode form = Fixtures.pool(Fixtures.createProject(requester));
        form.put("auto_accept_solutions", true);
        String pool = requester.post("/pools", form).field("id");
        ArrayNode suites = Json.mapper().createArrayNode();
        for (int i = 0; i < SUITES; i++) {
            // All of equal issuing order: every take starts from the same first suites.
            suites.add(Fixtures.taskSuite(pool).put("overlap", OVERLAP));
        }
        assertEquals(201, requester.post("/task-suites", suites).status());
        assertEquals(202, requester.post("/pools/" + pool + "/open").status());
        List<ApiClient> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(server.newWorker());
        }

        Map<String, List<String>> suitesByWorker = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
        AtomicInteger retried = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        Workers.run(WORKERS, Duration.ofMinutes(2), context, () -> {
            ApiClient worker = workers.get(next.getAndIncrement());
            List<String> mine = new ArrayList<>();
            while (true) {
                ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
                if (taken.status() == 503) {
                    retried.incrementAndGet();
                    continue;
                }
                if (taken.status() == 409 && taken.code().equals("NO_TASKS_AVAILABLE")) {
                    // Even with nothing of its own: faster workers may have taken every place before this one
                    // came. That no place was left unissued is checked below, over all the suites.
                    break;
                }
                if (taken.status() != 201) {
                    unexpected.add(taken.toString());
                    break;
                }
                JsonNode assignment = taken.json();
                mine.add(assignment.path("task_suite_id").asText());
                ObjectNode answers = Json.object();
                ArrayNode solutions = answers.putArray("solutions");
                assignment.path("tasks").forEach(t -> solutions.addObject().putObject("output_values")
                        .put("result", "cat"));
                ApiClient.Response submitted = worker.post("/worker/assignments/" + assignment.path("id").asText()
                        + "/submit", answers);
                if (submitted.status() != 200) {
                    unexpected.add(submitted.toString());
                    break;
                }
            }
            suitesByWorker.put(worker.get("/worker/me").field("id"), mine);
        });
        assertEquals(List.of(), List.copyOf(unexpected), context);

        Map<String, Integer> takesBySuite = new HashMap<>();
        suitesByWorker.forEach((worker, mine) -> {
            assertEquals(mine.size(), new HashSet<>(mine).size(), context + ": a suite given twice to " + worker);
            mine.forEach(suite -> takesBySuite.merge(suite, 1, Integer::sum));
        });
        assertEquals(SUITES, takesBySuite.size(), context + ": every suite issued " + takesBySuite);
        takesBySuite.forEach((suite, takes) -> assertEquals(OVERLAP, takes, context + ": suite " + suite));
        Set<String> listed = new HashSet<>();
        for (JsonNode item : requester.get("/task-suites?pool_id=" + pool + "&limit=100").json().path("items")) {
            assertEquals(0, item.path("remaining_overlap").asInt(-1), item.toString());
            listed.add(item.path("id").asText());
        }
        assertEquals(takesBySuite.keySet(), listed, context);
        assertTrue(retried.get() < WORKERS, context + ": " + retried + " takes answered 503");
        System.out.println("concurrent suite issuing: " + context + ", " + retried + " takes retried after a 503");
    }
}
