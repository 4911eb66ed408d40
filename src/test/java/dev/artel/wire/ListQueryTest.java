package dev.artel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
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
import org.junit.jupiter.params.provider.ValueSource;

/** Paging, limits, parameter validation and datetime forms, which every list endpoint shares. */
class ListQueryTest {
    private static final int MANY = 700;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    /** An account with {@value #MANY} pools, ids in creation order, and {@value #MANY} tasks in one of them. */
    static ApiClient crowded;
    static final List<String> crowdedIds = new ArrayList<>();
    static String taskPool;
    static final List<String> taskIds = new ArrayList<>();

    /**
     * An account with four pools created around day D (two days after the test clock's start), so that every
     * datetime form can name an exact boundary: P0 at D-1 23:59:59.999, P1 at D 12:34:56.000, P2 at
     * 12:34:56.123 and P3 at 12:34:56.124.
     */
    static ApiClient dated;
    static final Map<String, String> datedIds = new LinkedHashMap<>();
    static LocalDate day;

    @BeforeAll
    static void setUp() {
        crowded = server.newAccount();
        String projectId = Fixtures.createProject(crowded);
        for (int i = 0; i < MANY; i++) {
            crowdedIds.add(Kind.POOL.create(crowded, projectId));
        }
        taskPool = crowdedIds.get(0);
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < MANY; i++) {
            batch.add(Fixtures.task(taskPool));
        }
        ApiClient.Response uploaded = crowded.post("/tasks", batch);
        assertEquals(201, uploaded.status(), uploaded.toString());
        uploaded.json().path("items").forEach(task -> taskIds.add(task.path("id").asText()));
        taskIds.sort(null);

        dated = server.newAccount();
        String datedProject = Fixtures.createProject(dated);
        day = LocalDate.ofInstant(server.clock().instant(), ZoneOffset.UTC).plusDays(2);
        createAt("P0", datedProject, day.minusDays(1).atTime(LocalTime.of(23, 59, 59, 999_000_000)).toInstant(ZoneOffset.UTC));
        createAt("P1", datedProject, day.atTime(12, 34, 56).toInstant(ZoneOffset.UTC));
        createAt("P2", datedProject, day.atTime(12, 34, 56, 123_000_000).toInstant(ZoneOffset.UTC));
        createAt("P3", datedProject, day.atTime(12, 34, 56, 124_000_000).toInstant(ZoneOffset.UTC));
    }

    private static void createAt(String name, String projectId, Instant at) {
        server.clock().advance(Duration.between(server.clock().instant(), at));
        datedIds.put(name, Kind.POOL.create(dated, projectId));
    }

    @Test
    void pagingByIdGtNeitherSkipsNorRepeats() {
        List<String> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        JsonNode page = crowded.get("/pools?sort=id&limit=300").json();
        while (true) {
            page.path("items").forEach(item -> paged.add(item.path("id").asText()));
            sizes.add(page.path("items").size());
            if (!page.path("has_more").asBoolean()) {
                break;
            }
            page = crowded.get("/pools?sort=id&limit=300&id_gt=" + paged.get(paged.size() - 1)).json();
        }

        assertEquals(crowdedIds, paged);
        assertEquals(List.of(300, 300, 100), sizes);
    }

    /** Task ids are strings, compared as strings: toloka-kit pages a pool's tasks by id_gt the same way. */
    @Test
    void pagingTasksByIdGtNeitherSkipsNorRepeats() {
        List<String> paged = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String query = "/tasks?pool_id=" + taskPool + "&sort=id&limit=300";
        JsonNode page = crowded.get(query).json();
        while (true) {
            page.path("items").forEach(item -> paged.add(item.path("id").asText()));
            sizes.add(page.path("items").size());
            if (!page.path("has_more").asBoolean()) {
                break;
            }
            page = crowded.get(query + "&id_gt=" + paged.get(paged.size() - 1)).json();
        }

        assertEquals(taskIds, paged);
        assertEquals(List.of(300, 300, 100), sizes);
    }

    @Test
    void theDefaultPageHoldsFifty() {
        ApiClient.Response page = crowded.get("/pools");

        assertEquals(crowdedIds.subList(0, 50), Fixtures.ids(page));
        assertTrue(page.json().path("has_more").asBoolean());
    }

    /** Clients ask for more than the maximum (toloka-kit's streaming cursors send 1000): they get the maximum. */
    @ParameterizedTest
    @ValueSource(strings = {"301", "1000", "99999999999999999999"})
    void anOverLargeLimitIsClampedTo300(String limit) {
        ApiClient.Response page = crowded.get("/pools?limit=" + limit);

        assertEquals(200, page.status(), page.toString());
        assertEquals(300, page.json().path("items").size());
        assertTrue(page.json().path("has_more").asBoolean());
    }

    static Stream<Arguments> invalidParameters() {
        return Stream.of(
                Arguments.of("/pools?limit=0", Map.of("limit", "VALUE_LESS_THAN_MIN")),
                Arguments.of("/pools?limit=-3", Map.of("limit", "VALUE_LESS_THAN_MIN")),
                Arguments.of("/pools?limit=abc", Map.of("limit", "INTEGER_EXPECTED")),
                Arguments.of("/pools?limit=2.5", Map.of("limit", "INTEGER_EXPECTED")),
                Arguments.of("/pools?sort=nope", Map.of("sort", "INVALID_VALUE")),
                Arguments.of("/pools?sort=id,-nope", Map.of("sort", "INVALID_VALUE")),
                Arguments.of("/pools?created_gt=notadate", Map.of("created_gt", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/pools?created_lte=2022-13-45", Map.of("created_lte", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/pools?created_lte=2024-02-30", Map.of("created_lte", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/pools?created_gt=2024-04-01T24:00:00", Map.of("created_gt", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/pools?id_gt=abc", Map.of("id_gt", "INTEGER_EXPECTED")),
                Arguments.of("/pools?status=RUNNING", Map.of("status", "UNKNOWN_ENUM_VALUE")),
                Arguments.of("/trainings?last_started_lt=soon", Map.of("last_started_lt", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/projects?id_lte=1e5", Map.of("id_lte", "INTEGER_EXPECTED")),
                Arguments.of("/projects?status=DELETED", Map.of("status", "UNKNOWN_ENUM_VALUE")),
                Arguments.of("/operations?submitted_gte=yesterday",
                        Map.of("submitted_gte", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/operations?type=POOL.DELETE", Map.of("type", "UNKNOWN_ENUM_VALUE")),
                Arguments.of("/operations?status=DONE", Map.of("status", "UNKNOWN_ENUM_VALUE")),
                Arguments.of("/pools?limit=0&sort=nope&id_gt=x", Map.of("limit", "VALUE_LESS_THAN_MIN",
                        "sort", "INVALID_VALUE", "id_gt", "INTEGER_EXPECTED")),
                Arguments.of("/tasks?sort=overlap", Map.of("sort", "INVALID_VALUE")),
                Arguments.of("/tasks?overlap_gt=abc", Map.of("overlap_gt", "INTEGER_EXPECTED")),
                Arguments.of("/assignments?created_gt=notadate", Map.of("created_gt", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/tasks?created_lt=2024-02-30", Map.of("created_lt", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/task-suites?limit=0", Map.of("limit", "VALUE_LESS_THAN_MIN")),
                Arguments.of("/task-suites?overlap=1.5", Map.of("overlap", "INTEGER_EXPECTED")),
                Arguments.of("/assignments?status=DONE", Map.of("status", "UNKNOWN_ENUM_VALUE")),
                Arguments.of("/assignments?accepted_gte=yesterday",
                        Map.of("accepted_gte", "INVALID_DATE_TIME_SYNTAX")),
                Arguments.of("/assignments?sort=-nope", Map.of("sort", "INVALID_VALUE")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidParameters")
    void invalidParametersAre400KeyedByTheParameter(String request, Map<String, String> codes) {
        ApiClient.Response refused = crowded.get(request);

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_ERROR", refused.code());
        assertEquals(codes, Fixtures.fieldCodes(refused));
    }

    static Stream<Arguments> datetimeForms() {
        String d = day.toString();
        return Stream.of(
                Arguments.of("created_gte=" + d, "P1P2P3"),
                Arguments.of("created_lt=" + d, "P0"),
                Arguments.of("created_gt=" + d + "T12:34:56", "P2P3"),
                Arguments.of("created_lte=" + d + "T12:34:56", "P0P1"),
                Arguments.of("created_gt=" + d + "T12:34:56.123", "P3"),
                Arguments.of("created_gte=" + d + "T12:34:56.123", "P2P3"),
                // Microseconds, as toloka-kit sends them: P2 (…56.123) is before …56.123456, P3 after.
                Arguments.of("created_gt=" + d + "T12:34:56.123456", "P3"),
                Arguments.of("created_gte=" + d + "T12:34:56.123456", "P3"),
                Arguments.of("created_lt=" + d + "T12:34:56.123456", "P0P1P2"),
                Arguments.of("created_lte=" + d + "T12:34:56.123456", "P0P1P2"),
                Arguments.of("created_gt=" + d + "T12:34:56Z", "P2P3"),
                Arguments.of("created_gt=" + d + "T12:34:56.000Z", "P2P3"),
                Arguments.of("created_gt=" + d + "T15:34:56%2B03:00", "P2P3"),
                Arguments.of("created_lte=" + d + "T09:34:56.123-03:00", "P0P1P2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("datetimeForms")
    void datetimeFiltersAcceptEveryIsoForm(String filter, String expected) {
        assertEquals(expected, Fixtures.letters(datedIds, dated.get("/pools?sort=id&" + filter)));
    }
}
