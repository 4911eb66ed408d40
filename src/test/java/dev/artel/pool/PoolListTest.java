package dev.artel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.Fixtures.State;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The filters and sorts of GET /pools and GET /trainings. */
class PoolListTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /**
     * One account; per kind, in id order: X never started, Y opened at t1 and still open, Z opened at t0 and
     * closed since (all in project P), W archived in project Q.
     */
    static ApiClient api;
    static final Map<Kind, Map<String, String>> ids = new EnumMap<>(Kind.class);
    static String projectP;
    static String projectQ;
    static Instant t0;
    static Instant t1;

    @BeforeAll
    static void setUp() {
        api = server.newAccount();
        projectP = Fixtures.createProject(api);
        projectQ = Fixtures.createProject(api);
        Map<Kind, String> started = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            Map<String, String> byLetter = new LinkedHashMap<>();
            byLetter.put("X", kind.create(api, projectP));
            byLetter.put("Y", kind.create(server, api, projectP, State.CLOSED_WITH_TASKS));
            byLetter.put("Z", kind.create(server, api, projectP, State.CLOSED_WITH_TASKS));
            byLetter.put("W", kind.create(server, api, projectQ, State.ARCHIVED));
            ids.put(kind, byLetter);
            started.put(kind, byLetter.get("Z"));
        }
        server.clock().advance(Duration.ofMinutes(1));
        t0 = server.clock().instant();
        started.forEach((kind, id) -> transition(kind, id, "/open"));
        server.clock().advance(Duration.ofMinutes(1));
        started.forEach((kind, id) -> transition(kind, id, "/close"));
        t1 = server.clock().instant();
        ids.forEach((kind, byLetter) -> transition(kind, byLetter.get("Y"), "/open"));
    }

    private static void transition(Kind kind, String id, String action) {
        assertEquals(202, api.post(kind.path(id) + action).status());
    }

    static Stream<Arguments> queries() {
        Stream<Object[]> table = Stream.of(
                new Object[] {"status=OPEN", "Y"},
                new Object[] {"status=CLOSED", "XZ"},
                new Object[] {"status=ARCHIVED", "W"},
                new Object[] {"status=LOCKED", ""},
                new Object[] {"project_id=" + projectP, "XYZ"},
                new Object[] {"project_id=" + projectQ, "W"},
                new Object[] {"project_id=abc", ""},
                new Object[] {"project_id=" + projectP + "&status=CLOSED", "XZ"},
                new Object[] {"last_started_gte=" + Fixtures.wireTime(t1), "Y"},
                new Object[] {"last_started_lt=" + Fixtures.wireTime(t1), "Z"},
                new Object[] {"last_started_lte=" + Fixtures.wireTime(t0), "Z"},
                new Object[] {"sort=-id", "WZYX"},
                // A pool never started sorts after every start time, ties by id.
                new Object[] {"sort=last_started", "ZYXW"},
                new Object[] {"sort=-last_started", "XWYZ"});
        return table.flatMap(row -> Stream.of(Kind.values()).map(kind -> Arguments.of(kind, row[0], row[1])));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("queries")
    void listFiltersAndSorts(Kind kind, String query, String expected) {
        String sort = query.contains("sort=") ? "" : "sort=id&";
        assertEquals(expected, Fixtures.letters(ids.get(kind), api.get(kind.path() + "?" + sort + query)));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void anotherAccountsProjectFiltersToNothing(Kind kind) {
        ApiClient other = server.newAccount();

        assertEquals("", Fixtures.letters(ids.get(kind), other.get(kind.path() + "?project_id=" + projectP)));
    }
}
