package dev.artel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.Fixtures.State;
import dev.artel.support.ServerExtension;
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
 * Another account's objects do not exist for the caller: every request on them is 404, exactly as for an id
 * nobody has, so that ids leak nothing, and nothing of theirs shows in the caller's lists.
 */
class AccountIsolationTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    /** Owner of a project P, a pool L and a training T (both closed, with a task) and an operation O. */
    static ApiClient owner;
    static ApiClient stranger;
    static String project;
    static String pool;
    static String training;
    static String operation;

    @BeforeAll
    static void setUp() {
        owner = server.newAccount();
        stranger = server.newAccount();
        project = Fixtures.createProject(owner);
        pool = Kind.POOL.create(server, owner, project, State.CLOSED_WITH_TASKS);
        training = Kind.TRAINING.create(server, owner, project, State.CLOSED_WITH_TASKS);
        operation = owner.post("/pools/" + pool + "/clone").field("id");
    }

    /**
     * Every list the owner has something in: the pool's and the training's tasks are in /tasks. Suites and
     * assignments are security.AccountIsolationTest's, whose owner has them.
     */
    static List<String> lists() {
        return List.of("/projects", "/pools", "/trainings", "/operations", "/tasks");
    }

    static Stream<Arguments> foreignRequests() {
        Stream<Arguments> common = Stream.of(
                Arguments.of("GET", "/projects/" + project, null),
                Arguments.of("PUT", "/projects/" + project, Fixtures.project()),
                Arguments.of("POST", "/projects/" + project + "/archive", null),
                Arguments.of("PATCH", "/pools/" + pool, Json.object().put("priority", 1)),
                Arguments.of("GET", "/operations/" + operation, null),
                Arguments.of("GET", "/operations/" + operation + "/log", null));
        Stream<Arguments> perKind = Stream.of(Kind.values()).flatMap(kind -> {
            String id = kind == Kind.POOL ? pool : training;
            return Stream.of(
                    Arguments.of("GET", kind.path(id), null),
                    Arguments.of("PUT", kind.path(id), kind.form(project)),
                    Arguments.of("POST", kind.path(id) + "/open", null),
                    Arguments.of("POST", kind.path(id) + "/close", null),
                    Arguments.of("POST", kind.path(id) + "/close-for-update", null),
                    Arguments.of("POST", kind.path(id) + "/archive", null),
                    Arguments.of("POST", kind.path(id) + "/clone", null));
        });
        return Stream.concat(common, perKind);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("foreignRequests")
    void anotherAccountsObjectIs404AndUntouched(String method, String path, ObjectNode body) {
        Map<String, JsonNode> before = ownersObjects();

        ApiClient.Response refused = body == null ? stranger.send(method, path, null, null)
                : stranger.send(method, path, Json.write(body), "application/json");

        assertEquals(404, refused.status(), refused.toString());
        assertEquals("DOES_NOT_EXIST", refused.code());
        assertEquals(before, ownersObjects());
        assertEquals(0, Fixtures.operationCount(stranger));
    }

    @ParameterizedTest
    @MethodSource("lists")
    void anotherAccountsObjectsAreNotListed(String path) {
        assertEquals(0, stranger.get(path + "?limit=300").json().path("items").size());
        assertEquals(0, stranger.get(path + "?limit=300&sort=-id").json().path("items").size());
    }

    @Test
    void noPoolCanBeCreatedInAnotherAccountsProject() {
        Map<String, JsonNode> before = ownersObjects();

        ApiClient.Response refused = stranger.post("/pools", Fixtures.pool(project));

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_ERROR", refused.code());
        assertEquals(Map.of("project_id", "ENTITY_DOES_NOT_EXIST"), Fixtures.fieldCodes(refused));
        assertEquals(before, ownersObjects());
        assertEquals(0, stranger.get("/pools").json().path("items").size());
    }

    /** Everything the owner can read, to show that a stranger's request changed none of it. */
    private static Map<String, JsonNode> ownersObjects() {
        Map<String, JsonNode> all = new LinkedHashMap<>();
        for (String path : lists()) {
            all.put(path, owner.get(path + "?limit=300").json());
        }
        return all;
    }
}
