package dev.artel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * other's ids come back without them, and an object cannot be created inside another's project.
 */
class AccountIsolationTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static ApiClient owner;
    static ApiClient intruder;
    static Map<String, String> ownerIds;
    static String intruderProject;
    static String ownerAccount;
    static String intruderAccount;

    @BeforeAll
    static void setUp() {
        owner = server.newAccount();
        intruder = server.newAccount();
        ownerIds = OwnedObjects.create(owner);
        intruderProject = OwnedObjects.create(intruder).get("projects");
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
            RawHttp.Request request = RawHttp.request(op.method(),
                    "/api/v1" + op.path().replace("{id}", ownerIds.get(resource))).token(intruder.token());
            // A valid body for the intruder's own project, so that only the ownership can be refused.
            Function<String, ObjectNode> body = ValidBodies.of(op.id());
            if (op.requestSchema().isPresent()) {
                assertTrue(body != null, "no valid body for " + op.id() + ": add one to ValidBodies");
                request.json(Json.write(body.apply(intruderProject)));
            }
            assertNoEffect(() -> TolokaErrors.assertError(send(request), 404, "DOES_NOT_EXIST"));
        }));
    }

    @Test
    void listsFilteredByAnotherAccountsIdsShowNothingOfIt() {
        for (String query : List.of("/projects", "/projects?id_gte=" + ownerIds.get("projects"),
                "/pools?project_id=" + ownerIds.get("projects"), "/pools?id_gte=" + ownerIds.get("pools")
                        + "&id_lte=" + ownerIds.get("pools"), "/trainings?project_id=" + ownerIds.get("projects"),
                "/operations", "/operations?id_gte=" + ownerIds.get("operations"), "/operations?type=POOL.CLONE")) {
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
