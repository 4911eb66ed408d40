package dev.artel.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.Fixtures.State;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * POST /pools/{id}/clone and /trainings/{id}/clone: "an empty pool will be created with the same
 * parameters". The clone is a new CLOSED object in the same project with every client field of the source,
 * created now, with no run history and no tasks.
 */
class PoolCloneTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** Every writable field of the kind's form, plus a field Artel does not know, which must travel too. */
    private static ObjectNode everyField(Kind kind, String projectId) {
        ObjectNode form = kind == Kind.POOL ? Fixtures.fullPool(projectId) : Fixtures.training(projectId)
                .put("public_instructions", "<p>Train first</p>");
        form.set("x_custom", Json.parseObject("{\"deep\": [1, 2.50, \"s\"]}"));
        return form;
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cloneCopiesEveryWritableField(Kind kind) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        ObjectNode form = everyField(kind, projectId);
        ApiClient.Response created = api.post(kind.path(), form);
        assertEquals(201, created.status(), created.toString());
        String sourceId = created.field("id");
        server.clock().advance(Duration.ofHours(2));

        ApiClient.Response op = api.post(kind.path(sourceId) + "/clone");

        assertEquals(202, op.status(), op.toString());
        assertEquals(kind.operationType("CLONE"), op.field("type"));
        assertEquals(Json.object().put(kind.idField(), sourceId), op.json().get("parameters"));
        ObjectNode finished = api.get("/operations/" + op.field("id")).object();
        assertEquals("SUCCESS", finished.path("status").asText());
        String cloneId = finished.path("details").path(kind.idField()).asText();
        assertNotEquals(sourceId, cloneId);
        ObjectNode clone = api.get(kind.path(cloneId)).object();
        assertEquals(cloneId, clone.path("id").asText());
        assertEquals(projectId, clone.path("project_id").asText());
        assertEquals("CLOSED", clone.path("status").asText());
        assertEquals(Fixtures.wireTime(server.clock().instant()), clone.path("created").asText());
        form.fieldNames().forEachRemaining(field ->
                assertEquals(form.get(field), clone.get(field), "field " + field + " is copied as sent"));
        assertEquals(created.json(), api.get(kind.path(sourceId)).json(), "the source is untouched");
    }

    static Stream<Arguments> sourcesWithHistory() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of(State.OPEN, State.STOPPED, State.ARCHIVED)
                .map(state -> Arguments.of(kind, state)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sourcesWithHistory")
    void aCloneStartsClosedWithoutHistory(Kind kind, State state) {
        ApiClient api = server.newAccount();
        String sourceId = kind.create(server, api, Fixtures.createProject(api), state);

        ApiClient.Response op = api.post(kind.path(sourceId) + "/clone");

        assertEquals(202, op.status(), op.toString());
        ObjectNode clone = api.get(kind.path(op.json().path("details").path(kind.idField()).asText())).object();
        assertEquals("CLOSED", clone.path("status").asText());
        for (String history : List.of("last_started", "last_stopped", "last_close_reason")) {
            assertFalse(clone.has(history), history + " in " + clone);
        }
        assertEquals(state == State.STOPPED ? "CLOSED" : state.name(), api.get(kind.path(sourceId)).field("status"),
                "the source keeps its state");
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tasksAreNotCopied(Kind kind) {
        ApiClient api = server.newAccount();
        String sourceId = kind.create(server, api, Fixtures.createProject(api), State.CLOSED_WITH_TASKS);
        String cloneId = api.post(kind.path(sourceId) + "/clone").json().path("details").path(kind.idField()).asText();

        ApiClient.Response refused = api.post(kind.path(cloneId) + "/open");

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("EMPTY_POOL", refused.code());
    }

    /** {@code OTHER} stands for an object of another account, which does not exist for the caller either. */
    static Stream<Arguments> unknownIds() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of("999999999999", "OTHER", "abc", "-1",
                "99999999999999999999").map(id -> Arguments.of(kind, id)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownIds")
    void cloningWhatTheCallerCannotSeeIs404AndLeavesNoOperation(Kind kind, String id) {
        ApiClient api = server.newAccount();
        ApiClient other = server.newAccount();
        String target = id.equals("OTHER") ? kind.create(other, Fixtures.createProject(other)) : id;

        ApiClient.Response refused = api.post(kind.path(target) + "/clone");

        assertEquals(404, refused.status(), refused.toString());
        assertEquals("DOES_NOT_EXIST", refused.code());
        assertEquals(0, Fixtures.operationCount(api));
        assertEquals(0, Fixtures.operationCount(other));
        assertEquals(id.equals("OTHER") ? 1 : 0, other.get(kind.path()).json().path("items").size());
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void cloningIntoAnArchivedProjectIsRefused(Kind kind) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String sourceId = kind.create(server, api, projectId, State.ARCHIVED);
        assertEquals(202, api.post("/projects/" + projectId + "/archive").status());
        int operations = Fixtures.operationCount(api);

        ApiClient.Response refused = api.post(kind.path(sourceId) + "/clone");

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("PROJECT_INAPPROPRIATE_STATUS", refused.code());
        assertEquals(Json.parseObject("{\"appropriate_statuses\": [\"ACTIVE\"]}"), refused.json().get("payload"));
        assertEquals(operations, Fixtures.operationCount(api));
        assertEquals(1, api.get(kind.path()).json().path("items").size());
    }

    /**
     * The project may be archived between accepting a clone and running it (operations queue when they are
     * not run inline); the clone must then fail rather than put a closed pool into an archived project.
     */
    @ParameterizedTest
    @EnumSource(Kind.class)
    void aCloneThatRunsAfterItsProjectWasArchivedFails(Kind kind) {
        try (TestServer queued = TestServer.start(b -> b.runOperationsInline(false))) {
            ApiClient api = queued.newAccount();
            String projectId = Fixtures.createProject(api);
            String sourceId = kind.create(queued, api, projectId, State.ARCHIVED);
            queued.artel().operations().runPending();
            assertEquals(202, api.post("/projects/" + projectId + "/archive").status());
            ApiClient.Response clone = api.post(kind.path(sourceId) + "/clone");
            assertEquals(202, clone.status(), clone.toString());

            queued.artel().operations().runPending();

            ObjectNode failed = api.get("/operations/" + clone.field("id")).object();
            assertEquals("FAIL", failed.path("status").asText(), failed.toString());
            assertEquals("PROJECT_INAPPROPRIATE_STATUS", failed.path("details").path("code").asText());
            assertEquals("ARCHIVED", api.get("/projects/" + projectId).field("status"));
            assertEquals(1, api.get(kind.path()).json().path("items").size());
        }
    }
}
