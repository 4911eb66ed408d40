package dev.artel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.fuzz.HostileValues;
import dev.artel.http.RawHttp;
import dev.artel.http.TolokaErrors;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * SQL in sort and range parameters never reaches the database as SQL: a sort must name a whitelisted field
 * (else 400), a range value must parse as the field's type (else 400) or is compared as a bound string. The
 * tables and their row counts stay as they were, and no list shows another account's rows.
 */
class SqlInjectionTest {
    private static final List<String> LISTS = List.of("/projects", "/pools", "/trainings", "/operations", "/tasks",
            "/task-suites", "/assignments", "/skills", "/user-skills", "/user-restrictions");
    private static final List<String> RANGE_FIELDS = List.of("id", "created", "submitted", "finished",
            "last_started", "overlap", "accepted", "modified");
    private static final List<String> RANGE_OPS = List.of("gt", "gte", "lt", "lte");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static ApiClient caller;
    static Set<String> callerIds;

    @BeforeAll
    static void setUp() {
        caller = server.newAccount();
        callerIds = new HashSet<>(OwnedObjects.create(caller, server.newWorker()).values());
        // Someone else's rows, which a successful injection would show or destroy.
        OwnedObjects.create(server.newAccount(), server.newWorker());
    }

    @Test
    void maliciousSortIsRefused() throws Exception {
        Map<String, Long> before = rowCounts();
        for (String list : LISTS) {
            for (String value : HostileValues.SQL) {
                for (String sort : List.of(value, "id," + value, "-" + value)) {
                    RawHttp.Response response = get(list + "?sort=" + encode(sort));
                    TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
                    JsonNode payload = response.json().path("payload");
                    // The sort is named, or for an encoded NUL the query string as a whole.
                    assertTrue(payload.has("sort") || payload.has("query"), response.toString());
                }
            }
        }
        assertEquals(before, rowCounts(), "tables or row counts changed");
    }

    @Test
    void maliciousRangeValuesAreRefusedOrComparedAsText() throws Exception {
        Map<String, Long> before = rowCounts();
        for (String list : LISTS) {
            for (String field : RANGE_FIELDS) {
                for (String op : RANGE_OPS) {
                    for (String value : HostileValues.SQL) {
                        RawHttp.Response response = get(list + "?" + field + "_" + op + "=" + encode(value));
                        if (response.status() == 200) {
                            assertOnlyCallersRows(list, response);
                        } else {
                            TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
                        }
                    }
                }
            }
        }
        assertEquals(before, rowCounts(), "tables or row counts changed");
    }

    @Test
    void maliciousFiltersAndLimitsAreRefusedOrMatchNothingElse() throws Exception {
        Map<String, Long> before = rowCounts();
        for (String list : LISTS) {
            for (String param : List.of("limit", "status", "type", "project_id", "id", "pool_id", "task_id",
                    "task_suite_id", "user_id", "overlap", "skill_id", "scope", "name", "global")) {
                for (String value : HostileValues.SQL) {
                    RawHttp.Response response = get(list + "?" + param + "=" + encode(value));
                    if (response.status() == 200) {
                        assertOnlyCallersRows(list, response);
                    } else {
                        TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
                    }
                }
            }
        }
        assertEquals(before, rowCounts(), "tables or row counts changed");
    }

    /** Each item is one of the caller's objects, or in one of its projects or pools, or a global skill. */
    private static void assertOnlyCallersRows(String list, RawHttp.Response response) {
        for (JsonNode item : response.json().path("items")) {
            assertTrue(callerIds.contains(item.path("id").asText()) || item.path("global").asBoolean()
                    || !list.equals("/projects")
                    && (callerIds.contains(item.path("project_id").asText())
                    || callerIds.contains(item.path("pool_id").asText()))
                    || list.equals("/operations") && callerIds.contains(item.path("parameters").path("pool_id")
                    .asText()), list + " shows a row of another account: " + item);
        }
    }

    /** Row count of every table of the schema: a dropped table fails the query, a deleted row the count. */
    private static Map<String, Long> rowCounts() throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = server.artel().database().dataSource().getConnection();
             Statement st = c.createStatement()) {
            for (String table : AccountSnapshot.tables(c)) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static RawHttp.Response get(String pathAndQuery) {
        return RawHttp.send(server.artel().port(), RawHttp.request("GET", "/api/v1" + pathAndQuery)
                .token(caller.token()));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
