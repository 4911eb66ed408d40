package dev.artel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.Fixtures.State;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pool and training status machine as one table: from each state, every action a client can take,
 * with the answer Toloka gives (202 operation, 204 "already there", 200, or 409 with the statuses that
 * would have been appropriate) and the state the object is left in. Trainings run the same table through
 * {@code /trainings}, except PATCH, which only pools have.
 */
class PoolStatusMachineTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    enum Action {
        OPEN("/open"), CLOSE("/close"), CLOSE_FOR_UPDATE("/close-for-update"), ARCHIVE("/archive"), PUT(""), PATCH("");

        final String suffix;

        Action(String suffix) {
            this.suffix = suffix;
        }
    }

    /**
     * One line of the table. {@code operation} is the action part of the expected operation type for a 202;
     * {@code code} and {@code appropriate} describe a 409 ({@code appropriate} null when there is no payload).
     */
    record Row(State start, Action action, int status, String operation, String code, List<String> appropriate,
               String end) {
        static Row accepted(State start, Action action, String operation, String end) {
            return new Row(start, action, 202, operation, null, null, end);
        }

        static Row unchanged(State start, Action action, int status) {
            return new Row(start, action, status, null, null, null, stateOf(start));
        }

        static Row refused(State start, Action action, String code, List<String> appropriate) {
            return new Row(start, action, 409, null, code, appropriate, stateOf(start));
        }

        private static String stateOf(State start) {
            return start == State.CLOSED_WITH_TASKS || start == State.STOPPED ? "CLOSED" : start.name();
        }
    }

    private static final List<String> CLOSED = List.of("CLOSED");
    private static final List<String> OPEN = List.of("OPEN");

    static final List<Row> TABLE = List.of(
            Row.refused(State.CLOSED, Action.OPEN, "EMPTY_POOL", null),
            Row.unchanged(State.CLOSED, Action.CLOSE, 204),
            Row.unchanged(State.CLOSED, Action.CLOSE_FOR_UPDATE, 204),
            Row.accepted(State.CLOSED, Action.ARCHIVE, "ARCHIVE", "ARCHIVED"),
            Row.unchanged(State.CLOSED, Action.PUT, 200),
            Row.unchanged(State.CLOSED, Action.PATCH, 200),

            Row.accepted(State.CLOSED_WITH_TASKS, Action.OPEN, "OPEN", "OPEN"),
            Row.unchanged(State.CLOSED_WITH_TASKS, Action.CLOSE, 204),
            Row.accepted(State.CLOSED_WITH_TASKS, Action.ARCHIVE, "ARCHIVE", "ARCHIVED"),

            Row.accepted(State.STOPPED, Action.OPEN, "OPEN", "OPEN"),
            Row.unchanged(State.STOPPED, Action.CLOSE_FOR_UPDATE, 204),
            Row.unchanged(State.STOPPED, Action.PUT, 200),

            Row.unchanged(State.OPEN, Action.OPEN, 204),
            Row.accepted(State.OPEN, Action.CLOSE, "CLOSE", "CLOSED"),
            // Closing for an update is a close like any other on the wire: POOL.CLOSE, only the reason differs.
            Row.accepted(State.OPEN, Action.CLOSE_FOR_UPDATE, "CLOSE", "CLOSED"),
            Row.refused(State.OPEN, Action.ARCHIVE, "INAPPROPRIATE_STATUS", CLOSED),
            Row.refused(State.OPEN, Action.PUT, "INAPPROPRIATE_STATUS", CLOSED),
            Row.unchanged(State.OPEN, Action.PATCH, 200),

            Row.refused(State.ARCHIVED, Action.OPEN, "INAPPROPRIATE_STATUS", CLOSED),
            Row.refused(State.ARCHIVED, Action.CLOSE, "INAPPROPRIATE_STATUS", OPEN),
            Row.refused(State.ARCHIVED, Action.CLOSE_FOR_UPDATE, "INAPPROPRIATE_STATUS", OPEN),
            Row.unchanged(State.ARCHIVED, Action.ARCHIVE, 204),
            Row.refused(State.ARCHIVED, Action.PUT, "INAPPROPRIATE_STATUS", CLOSED),
            Row.refused(State.ARCHIVED, Action.PATCH, "INAPPROPRIATE_STATUS", List.of("OPEN", "CLOSED")));

    static Stream<Arguments> table() {
        return Stream.of(Kind.values()).flatMap(kind -> TABLE.stream()
                .filter(row -> kind == Kind.POOL || row.action() != Action.PATCH)
                .map(row -> Arguments.of(kind, row)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("table")
    void transition(Kind kind, Row row) {
        ApiClient api = server.newAccount();
        String id = kind.create(server, api, Fixtures.createProject(api), row.start());
        int operationsBefore = Fixtures.operationCount(api);

        ApiClient.Response answer = act(api, kind, id, row.action());

        assertEquals(row.status(), answer.status(), answer.toString());
        switch (row.status()) {
            case 202 -> {
                assertEquals(kind.operationType(row.operation()), answer.field("type"));
                assertEquals(Json.object().put(kind.idField(), id), answer.json().get("parameters"));
                assertEquals("SUCCESS", answer.field("status"));
            }
            case 204 -> assertEquals("", answer.text());
            case 200 -> assertEquals(edited(row.action()), answer.json().get(editedField(row.action())));
            default -> {
                assertEquals(row.code(), answer.code());
                if (row.appropriate() == null) {
                    assertFalse(answer.json().has("payload"), answer.toString());
                } else {
                    assertEquals(Json.mapper().valueToTree(Map.of("appropriate_statuses", row.appropriate())),
                            answer.json().get("payload"));
                }
            }
        }
        ObjectNode after = api.get(kind.path(id)).object();
        assertEquals(row.end(), after.path("status").asText());
        if (row.status() == 200) {
            assertEquals(edited(row.action()), after.get(editedField(row.action())), "the edit is stored");
        }
        assertEquals(operationsBefore + (row.status() == 202 ? 1 : 0), Fixtures.operationCount(api),
                "only an accepted transition creates an operation");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void openStampsLastStarted(Kind kind) {
        ApiClient api = server.newAccount();
        String id = kind.create(server, api, Fixtures.createProject(api), State.CLOSED_WITH_TASKS);
        server.clock().advance(Duration.ofMinutes(7));

        assertEquals(202, api.post(kind.path(id) + "/open").status());

        ObjectNode opened = api.get(kind.path(id)).object();
        assertEquals(Fixtures.wireTime(server.clock().instant()), opened.path("last_started").asText());
        assertFalse(opened.has("last_stopped"), opened.toString());
        assertFalse(opened.has("last_close_reason"), opened.toString());
    }

    static Stream<Arguments> closes() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, Action.CLOSE, "MANUAL"),
                Arguments.of(kind, Action.CLOSE_FOR_UPDATE, "FOR_UPDATE")));
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @MethodSource("closes")
    void closeStampsLastStoppedAndReason(Kind kind, Action close, String reason) {
        ApiClient api = server.newAccount();
        String id = kind.create(server, api, Fixtures.createProject(api), State.OPEN);
        String started = api.get(kind.path(id)).field("last_started");
        server.clock().advance(Duration.ofMinutes(3));

        assertEquals(202, act(api, kind, id, close).status());

        ObjectNode closed = api.get(kind.path(id)).object();
        assertEquals(started, closed.path("last_started").asText(), "closing keeps when it was started");
        assertEquals(Fixtures.wireTime(server.clock().instant()), closed.path("last_stopped").asText());
        assertEquals(reason, closed.path("last_close_reason").asText());
    }


    private static ApiClient.Response act(ApiClient api, Kind kind, String id, Action action) {
        return switch (action) {
            case PUT -> {
                ObjectNode form = kind.form(api.get(kind.path(id)).field("project_id"));
                form.put("private_name", edited(action).asText());
                yield api.put(kind.path(id), form);
            }
            case PATCH -> api.patch(kind.path(id), Json.object().set("priority", edited(action)));
            default -> api.post(kind.path(id) + action.suffix);
        };
    }

    private static String editedField(Action action) {
        return action == Action.PUT ? "private_name" : "priority";
    }

    private static JsonNode edited(Action action) {
        return action == Action.PUT ? Json.mapper().getNodeFactory().textNode("Renamed")
                : Json.mapper().getNodeFactory().numberNode(55);
    }

}
