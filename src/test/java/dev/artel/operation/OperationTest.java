package dev.artel.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * GET /operations, /operations/{id} and /operations/{id}/log. The server does not run operations inline,
 * so the tests decide when each one runs, and with it its status and times.
 */
class OperationTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.runOperationsInline(false));

    /**
     * One account with four operations, by letter in submission (and so id) order:
     * A POOL.OPEN submitted at t0, run at t0+2m30s; B POOL.CLONE submitted at t0+1m, never run (PENDING);
     * C PROJECT.ARCHIVE submitted at t0+2m, run at t0+5m and failed, since a pool was added meanwhile;
     * D POOL.CLOSE submitted at t0+3m, run at t0+4m. Finishing order is therefore A, D, C.
     */
    static ApiClient api;
    static final Map<String, String> ids = new LinkedHashMap<>();
    static Instant t0;

    @BeforeAll
    static void setUp() {
        api = server.newAccount();
        t0 = server.clock().instant();
        String projectId = Fixtures.createProject(api);
        String pool = Kind.POOL.create(api, projectId);
        server.seedTask(pool);
        String doomedProject = Fixtures.createProject(api);

        submit("A", "/pools/" + pool + "/open");
        at(Duration.ofMinutes(1));
        submit("B", "/pools/" + pool + "/clone");
        at(Duration.ofMinutes(2));
        submit("C", "/projects/" + doomedProject + "/archive");
        Kind.POOL.create(api, doomedProject);
        at(Duration.ofSeconds(150));
        server.artel().operations().run(ids.get("A"));
        at(Duration.ofMinutes(3));
        submit("D", "/pools/" + pool + "/close");
        at(Duration.ofMinutes(4));
        server.artel().operations().run(ids.get("D"));
        at(Duration.ofMinutes(5));
        server.artel().operations().run(ids.get("C"));
    }

    /** Moves the clock to {@code t0 + offset}. */
    private static void at(Duration offset) {
        server.clock().advance(Duration.between(server.clock().instant(), t0.plus(offset)));
    }

    private static String time(Duration offset) {
        return Fixtures.wireTime(t0.plus(offset));
    }

    private static void submit(String letter, String path) {
        ApiClient.Response accepted = api.post(path);
        assertEquals(202, accepted.status(), accepted.toString());
        assertEquals("PENDING", accepted.field("status"));
        ids.put(letter, accepted.field("id"));
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("type=POOL.OPEN", "A"),
                Arguments.of("type=POOL.CLOSE", "D"),
                Arguments.of("type=PROJECT.ARCHIVE", "C"),
                Arguments.of("type=TRAINING.OPEN", ""),
                Arguments.of("status=PENDING", "B"),
                Arguments.of("status=SUCCESS", "AD"),
                Arguments.of("status=FAIL", "C"),
                Arguments.of("status=RUNNING", ""),
                Arguments.of("type=POOL.CLONE&status=PENDING", "B"),
                Arguments.of("id_gt=" + ids.get("A"), "BCD"),
                Arguments.of("id_gte=" + ids.get("B"), "BCD"),
                Arguments.of("id_lt=" + ids.get("C"), "AB"),
                Arguments.of("id_lte=" + ids.get("C"), "ABC"),
                Arguments.of("submitted_gt=" + time(Duration.ZERO), "BCD"),
                Arguments.of("submitted_gte=" + time(Duration.ofMinutes(1)), "BCD"),
                Arguments.of("submitted_lt=" + time(Duration.ofMinutes(2)), "AB"),
                Arguments.of("submitted_lte=" + time(Duration.ofMinutes(2)), "ABC"),
                // An operation that has not finished has no finish time, so no finished_* range holds it.
                Arguments.of("finished_gt=" + time(Duration.ofSeconds(150)), "CD"),
                Arguments.of("finished_gte=" + time(Duration.ofMinutes(4)), "CD"),
                Arguments.of("finished_lt=" + time(Duration.ofMinutes(5)), "AD"),
                Arguments.of("finished_lte=" + time(Duration.ofMinutes(4)), "AD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void listFilters(String filter, String expected) {
        assertEquals(expected, Fixtures.letters(ids, api.get("/operations?sort=id&" + filter)));
    }

    static Stream<Arguments> sorts() {
        return Stream.of(
                Arguments.of("id", "ABCD"),
                Arguments.of("-id", "DCBA"),
                Arguments.of("submitted", "ABCD"),
                Arguments.of("-submitted", "DCBA"),
                // Not finished counts as later than any finish, on every database.
                Arguments.of("finished", "ADCB"),
                Arguments.of("-finished", "BCDA"));
    }

    @ParameterizedTest(name = "sort={0}")
    @MethodSource("sorts")
    void listSorts(String sort, String expected) {
        assertEquals(expected, Fixtures.letters(ids, api.get("/operations?sort=" + sort)));
    }

    @Test
    void finishedOperationsWereSubmittedThenStartedThenFinished() {
        ObjectNode a = operation("A");
        assertEquals(time(Duration.ZERO), a.path("submitted").asText());
        assertEquals(time(Duration.ofSeconds(150)), a.path("started").asText());
        assertEquals(time(Duration.ofSeconds(150)), a.path("finished").asText());
        for (String letter : List.of("A", "C", "D")) {
            ObjectNode op = operation(letter);
            String submitted = op.path("submitted").asText();
            String started = op.path("started").asText();
            String finished = op.path("finished").asText();
            // Fixed-width timestamps compare as text in time order.
            assertTrue(submitted.compareTo(started) <= 0 && started.compareTo(finished) <= 0, op.toString());
            assertEquals(100, op.path("progress").asInt(), op.toString());
        }
    }

    @Test
    void aPendingOperationHasNeitherStartNorFinish() {
        ObjectNode b = operation("B");
        assertEquals("PENDING", b.path("status").asText());
        assertFalse(b.has("started"), b.toString());
        assertFalse(b.has("finished"), b.toString());
        assertEquals(0, b.path("progress").asInt());
    }

    @Test
    void aFailedOperationSaysWhy() {
        ObjectNode c = operation("C");
        assertEquals("FAIL", c.path("status").asText());
        assertEquals("UNARCHIVED_POOLS_CONFLICT", c.path("details").path("code").asText(), c.toString());
        assertEquals("ACTIVE", api.get("/projects/" + c.path("parameters").path("project_id").asText())
                .field("status"), "a failed archive changes nothing");
    }

    /** On a server of its own: runPending runs every pending operation, and the shared account keeps B pending. */
    @Test
    void anAcceptedOperationIsPendingUntilItRuns() {
        try (TestServer queued = TestServer.start(b -> b.runOperationsInline(false))) {
            ApiClient own = queued.newAccount();
            String pool = Kind.POOL.create(own, Fixtures.createProject(own));
            queued.seedTask(pool);

            ApiClient.Response accepted = own.post("/pools/" + pool + "/open");

            assertEquals(202, accepted.status(), accepted.toString());
            assertEquals("PENDING", accepted.field("status"));
            assertEquals("CLOSED", own.get("/pools/" + pool).field("status"), "nothing happens before it runs");
            queued.clock().advance(Duration.ofSeconds(30));
            queued.artel().operations().runPending();
            ObjectNode done = own.get("/operations/" + accepted.field("id")).object();
            assertEquals("SUCCESS", done.path("status").asText());
            assertEquals(Fixtures.wireTime(queued.clock().instant()), done.path("started").asText());
            assertEquals(100, done.path("progress").asInt());
            assertEquals("OPEN", own.get("/pools/" + pool).field("status"));
        }
    }

    @Test
    void theLogOfAnOperationIsAJsonArray() {
        ApiClient.Response log = api.get("/operations/" + ids.get("A") + "/log");

        assertEquals(200, log.status(), log.toString());
        assertTrue(log.json().isArray(), log.toString());
    }

    @Test
    void pagingByIdGtOverManyOperationsNeitherSkipsNorRepeats() {
        ApiClient own = server.newAccount();
        String pool = Kind.POOL.create(own, Fixtures.createProject(own));
        List<String> submitted = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            // Within one millisecond of the test clock: the ids still sort in submission order.
            submitted.add(own.post("/pools/" + pool + "/clone").field("id"));
        }

        List<String> paged = new ArrayList<>();
        String query = "/operations?sort=id&limit=25";
        JsonNode page = own.get(query).json();
        while (true) {
            page.path("items").forEach(item -> paged.add(item.path("id").asText()));
            if (!page.path("has_more").asBoolean()) {
                break;
            }
            page = own.get(query + "&id_gt=" + paged.get(paged.size() - 1)).json();
        }

        assertEquals(submitted, paged);
    }

    private static ObjectNode operation(String letter) {
        ApiClient.Response got = api.get("/operations/" + ids.get(letter));
        assertEquals(200, got.status(), got.toString());
        return got.object();
    }

}
