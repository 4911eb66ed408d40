package dev.artel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.Endpoints;
import dev.artel.http.RawHttp;
import dev.artel.http.TolokaErrors;
import dev.artel.http.ValidBodies;
import dev.artel.json.Json;
import dev.artel.spec.ApiSpec;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One account names another's objects through every implemented endpoint that takes an id: each answer is
 * 404, as for an object that does not exist, and neither account's stored rows change. Lists filtered by the
 * other's ids come back without them, and an object cannot be created inside another's project or pool.
 */
class AccountIsolationTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static ApiClient owner;
    static ApiClient intruder;
    static Map<String, String> ownerIds;
    static Map<String, String> intruderIds;
    static String ownerAccount;
    static String intruderAccount;

    @BeforeAll
    static void setUp() {
        owner = server.newAccount();
        intruder = server.newAccount();
        ownerIds = OwnedObjects.create(owner, server.newWorker());
        intruderIds = OwnedObjects.create(intruder, server.newWorker());
        ownerAccount = accountOf(owner);
        intruderAccount = accountOf(intruder);
    }

    @TestFactory
    Stream<DynamicTest> everyEndpointWithAnIdAnswers404ForAnotherAccountsObject() {
        List<ApiSpec.Operation> withId = Endpoints.implemented(ApiSpec.load(), server.artel().port(),
                intruder.token()).stream().filter(op -> op.path().contains("{id}")).toList();
        assertTrue(withId.size() >= 20, "implemented endpoints with an id: " + withId);
        return withId.stream().map(op -> DynamicTest.dynamicTest(op.method() + " " + op.path(), () -> {
            String resource = op.path().split("/")[1];
            assertTrue(ownerIds.containsKey(resource), "no owned object for " + op.id() + ": add one to OwnedObjects");
            RawHttp.Request request = RawHttp.request(op.method(),
                    "/api/v1" + op.path().replace("{id}", ownerIds.get(resource))).token(intruder.token());
            // A valid body for the intruder's own objects, so that only the ownership can be refused.
            Function<Map<String, String>, ObjectNode> body = ValidBodies.of(op.id());
            if (op.requestSchema().isPresent()) {
                assertTrue(body != null, "no valid body for " + op.id() + ": add one to ValidBodies");
                request.json(Json.write(body.apply(intruderIds)));
            }
            assertNoEffect(() -> TolokaErrors.assertError(send(request), 404, "DOES_NOT_EXIST"));
        }));
    }

    /**
     * Another account's pool cannot be aggregated, as a whole or by one of its tasks (named with the intruder's own
     * pool too), and its aggregation's results cannot be read: each is 404, and nothing is stored.
     */
    @Test
    void anotherAccountsPoolCannotBeAggregatedNorItsResultsRead() {
        ObjectNode byPool = Fixtures.aggregation(ownerIds.get("aggregated-pool"));
        ObjectNode byTask = byPool.deepCopy().put("task_id", ownerIds.get("aggregated-task"));
        ObjectNode ownPoolForeignTask = Fixtures.aggregation(intruderIds.get("aggregated-pool"))
                .put("task_id", ownerIds.get("aggregated-task"));
        for (RawHttp.Request request : List.of(
                RawHttp.request("GET", "/api/v1/aggregated-solutions/" + ownerIds.get("aggregated-solutions")),
                RawHttp.request("POST", "/api/v1/aggregated-solutions/aggregate-by-pool").json(Json.write(byPool)),
                RawHttp.request("POST", "/api/v1/aggregated-solutions/aggregate-by-task").json(Json.write(byTask)),
                RawHttp.request("POST", "/api/v1/aggregated-solutions/aggregate-by-task")
                        .json(Json.write(ownPoolForeignTask)))) {
            assertNoEffect(() -> TolokaErrors.assertError(send(request.token(intruder.token())), 404,
                    "DOES_NOT_EXIST"));
        }
        ApiClient.Response own = owner.get("/aggregated-solutions/" + ownerIds.get("aggregated-solutions"));
        assertEquals(ownerIds.get("aggregated-task"), own.json().path("items").get(0).path("task_id").asText(),
                own.toString());
    }

    @Test
    void listsFilteredByAnotherAccountsIdsShowNothingOfIt() {
        for (String query : List.of("/projects", "/projects?id_gte=" + ownerIds.get("projects"),
                "/pools?project_id=" + ownerIds.get("projects"), "/pools?id_gte=" + ownerIds.get("pools")
                        + "&id_lte=" + ownerIds.get("pools"), "/trainings?project_id=" + ownerIds.get("projects"),
                "/operations", "/operations?id_gte=" + ownerIds.get("operations"), "/operations?type=POOL.CLONE",
                "/tasks", "/tasks?pool_id=" + ownerIds.get("pools"), "/tasks?pool_id=" + ownerIds.get("crowd-pool"),
                "/tasks?id_gte=" + ownerIds.get("tasks") + "&id_lte=" + ownerIds.get("tasks"),
                "/task-suites", "/task-suites?pool_id=" + ownerIds.get("pools"),
                "/task-suites?task_id=" + ownerIds.get("tasks"),
                "/assignments", "/assignments?pool_id=" + ownerIds.get("crowd-pool"),
                "/assignments?task_suite_id=" + ownerIds.get("task-suites"),
                "/assignments?id_gte=" + ownerIds.get("assignments") + "&status=SUBMITTED",
                "/skills", "/skills?id_gte=" + ownerIds.get("skills") + "&id_lte=" + ownerIds.get("skills"),
                "/skills?global=false", "/skills?name=" + Fixtures.skill().path("name").asText().replace(" ", "%20"),
                "/user-skills", "/user-skills?skill_id=" + ownerIds.get("skills"),
                "/user-skills?user_id=" + ownerIds.get("worker"), "/user-restrictions",
                "/user-restrictions?user_id=" + ownerIds.get("worker"),
                "/user-restrictions?project_id=" + ownerIds.get("projects") + "&scope=PROJECT")) {
            ApiClient.Response list = intruder.get(query);
            assertEquals(200, list.status(), list.toString());
            for (String id : ownerIds.values()) {
                assertFalse(list.text().contains("\"" + id + "\""), query + " shows " + id + ": " + list);
            }
        }
    }

    @Test
    void nothingCanBeCreatedInAnotherAccountsProject() {
        for (String path : List.of("/pools", "/trainings")) {
            ObjectNode body = path.equals("/pools") ? Fixtures.pool(ownerIds.get("projects"))
                    : Fixtures.training(ownerIds.get("projects"));
            assertNoEffect(() -> {
                RawHttp.Response response = send(RawHttp.request("POST", "/api/v1" + path).token(intruder.token())
                        .json(Json.write(body)));
                assertTrue(Set.of(400, 404).contains(response.status()), path + ": " + response);
                assertTrue(TolokaErrors.problem(response, false) == null, response.toString());
            });
        }
    }

    /**
     * A skill value of another account's skill, and a restriction from another account's project or pool, are
     * invalid as for objects that do not exist; the worker, whom every account may name, is not the problem.
     */
    @Test
    void skillValuesAndRestrictionsCannotNameAnotherAccountsObjects() {
        String worker = intruderIds.get("worker");
        Map<String, ObjectNode> foreign = new LinkedHashMap<>();
        foreign.put("skill_id", Fixtures.userSkill(ownerIds.get("skills"), worker, 10));
        foreign.put("project_id", Fixtures.projectRestriction(ownerIds.get("projects"), worker));
        foreign.put("pool_id", Json.object().put("scope", "POOL").put("user_id", worker)
                .put("pool_id", ownerIds.get("crowd-pool")));
        foreign.forEach((field, body) -> assertNoEffect(() -> {
            String path = field.equals("skill_id") ? "/api/v1/user-skills" : "/api/v1/user-restrictions";
            RawHttp.Response response = send(RawHttp.request("PUT", path).token(intruder.token())
                    .json(Json.write(body)));
            TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
            assertEquals("DOES_NOT_EXIST", response.json().path("payload").path(field).path("code").asText(),
                    response.toString());
        }));
    }

    /**
     * A task or suite naming another account's pool is invalid, as for a pool that does not exist: alone, or in
     * an array beside a valid one of the caller's (which then is not stored either).
     */
    @Test
    void nothingCanBeCreatedInAnotherAccountsPool() {
        Map<String, ObjectNode> foreign = Map.of("/tasks", Fixtures.task(ownerIds.get("pools")),
                "/task-suites", Fixtures.taskSuite(ownerIds.get("crowd-pool")));
        Map<String, ObjectNode> own = Map.of("/tasks", Fixtures.task(intruderIds.get("pools")),
                "/task-suites", Fixtures.taskSuite(intruderIds.get("pools")));
        foreign.forEach((path, body) -> {
            assertNoEffect(() -> assertPoolRefused(send(RawHttp.request("POST", "/api/v1" + path)
                    .token(intruder.token()).json(Json.write(body))), null));
            ArrayNode batch = Json.mapper().createArrayNode().add(own.get(path)).add(body);
            assertNoEffect(() -> assertPoolRefused(send(RawHttp.request("POST", "/api/v1" + path)
                    .token(intruder.token()).json(Json.write(batch))), "1"));
        });
    }

    /** An asynchronous upload into another account's pool fails item by item and touches nothing of the owner's. */
    @Test
    void anAsynchronousUploadIntoAnotherAccountsPoolFails() {
        Map<String, ?> ownerBefore = AccountSnapshot.of(server.artel().database(), ownerAccount);
        ArrayNode batch = Json.mapper().createArrayNode().add(Fixtures.task(ownerIds.get("crowd-pool")));
        ApiClient.Response accepted = intruder.post("/tasks?async_mode=true", batch);
        assertEquals(202, accepted.status(), accepted.toString());
        JsonNode operation = intruder.get("/operations/" + accepted.field("id")).json();
        assertEquals("FAIL", operation.path("status").asText(), operation.toString());
        assertEquals(0, operation.path("details").path("success_count").asInt(), operation.toString());
        assertEquals(ownerBefore, AccountSnapshot.of(server.artel().database(), ownerAccount), "owner's rows changed");
    }

    /** 400, naming the pool_id DOES_NOT_EXIST: of the body, or of the array's {@code item}. */
    private static void assertPoolRefused(RawHttp.Response response, String item) {
        TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
        JsonNode payload = response.json().path("payload");
        JsonNode error = (item == null ? payload : payload.path(item)).path("pool_id");
        assertEquals("DOES_NOT_EXIST", error.path("code").asText(), response.toString());
    }

    /** Runs {@code exchange} and checks that neither account's stored rows changed. */
    private static void assertNoEffect(Runnable exchange) {
        Map<String, ?> ownerBefore = AccountSnapshot.of(server.artel().database(), ownerAccount);
        Map<String, ?> intruderBefore = AccountSnapshot.of(server.artel().database(), intruderAccount);
        exchange.run();
        assertEquals(ownerBefore, AccountSnapshot.of(server.artel().database(), ownerAccount), "owner's rows changed");
        assertEquals(intruderBefore, AccountSnapshot.of(server.artel().database(), intruderAccount),
                "intruder's rows changed");
    }

    private static String accountOf(ApiClient client) {
        return server.artel().accounts().authenticate(client.token()).orElseThrow().id();
    }

    private static RawHttp.Response send(RawHttp.Request request) {
        return RawHttp.send(server.artel().port(), request);
    }
}
