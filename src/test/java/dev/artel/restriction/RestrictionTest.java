package dev.artel.restriction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Crowd;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Restrictions over HTTP: what the API stores and lists, and what a restricted worker then sees through the worker
 * API: none of the pools in the restriction's scope, and 403 ACCESS_DENIED on a take.
 */
class RestrictionTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** One account's objects: two projects, two open pools in the first and one in the second, and a training. */
    private record Requester(ApiClient api, String project, String pool, String sibling, String otherProject,
                             String otherPool, String training) {
        static Requester create() {
            ApiClient api = server.newAccount();
            String project = Fixtures.createProject(api);
            String otherProject = Fixtures.createProject(api);
            String training = api.post("/trainings", Fixtures.training(project)).field("id");
            uploadTrainingTasks(api, training);
            assertEquals(202, api.post("/trainings/" + training + "/open").status());
            return new Requester(api, project, open(api, project), open(api, project), otherProject,
                    open(api, otherProject), training);
        }

        List<String> pools() {
            return List.of(pool, sibling, otherPool, training);
        }
    }

    /** Training tasks with a known answer and a hint, enough for a suite. */
    private static void uploadTrainingTasks(ApiClient api, String training) {
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 3; i++) {
            ObjectNode task = batch.addObject().put("pool_id", training);
            task.putObject("input_values").put("image", "http://127.0.0.1/t" + i + ".png");
            task.putArray("known_solutions").addObject().putObject("output_values").put("result", "cat");
            task.put("message_on_unknown_solution", "It is a cat");
        }
        ApiClient.Response created = api.post("/tasks?allow_defaults=true", batch);
        assertEquals(201, created.status(), created.toString());
    }

    private static String open(ApiClient api, String project) {
        return Crowd.openPool(api, Fixtures.reviewedPool(project), 5, 10);
    }

    private static String workerId(ApiClient worker) {
        return worker.get("/worker/me").field("id");
    }

    private static JsonNode restrict(ApiClient api, ObjectNode form) {
        ApiClient.Response set = api.put("/user-restrictions", form);
        assertEquals(200, set.status(), set.toString());
        return set.json();
    }

    private static ObjectNode form(String scope, String worker) {
        return Json.object().put("scope", scope).put("user_id", worker).put("private_comment", "spam");
    }

    /** The pools of {@code pools} the worker is offered, in that order. */
    private static List<String> offered(ApiClient worker, List<String> pools) {
        List<String> shown = Fixtures.ids(worker.get("/worker/pools"));
        return pools.stream().filter(shown::contains).toList();
    }

    /** Whether a take from the pool is refused as not for the worker, else taken (201 or 200). */
    private static boolean refused(ApiClient worker, String pool) {
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        if (taken.status() == 403) {
            assertEquals("ACCESS_DENIED", taken.code(), taken.toString());
            assertTrue(taken.field("message").contains("restriction"), taken.toString());
            return true;
        }
        assertTrue(taken.status() == 201 || taken.status() == 200, taken.toString());
        return false;
    }

    @ParameterizedTest
    @ValueSource(strings = {"ALL_PROJECTS", "PROJECT", "POOL", "TRAINING"})
    void aRestrictedWorkerIsOfferedNothingInItsScopeAndCannotTakeIt(String scope) {
        Requester requester = Requester.create();
        Requester someoneElse = Requester.create();
        ApiClient worker = server.newWorker();
        String id = workerId(worker);
        assertEquals(requester.pools(), offered(worker, requester.pools()));

        ObjectNode form = form(scope.equals("TRAINING") ? "POOL" : scope, id);
        switch (scope) {
            case "PROJECT" -> form.put("project_id", requester.project());
            case "POOL" -> form.put("pool_id", requester.pool());
            case "TRAINING" -> form.put("pool_id", requester.training());
            default -> { }
        }
        JsonNode restriction = restrict(requester.api(), form);
        List<String> barred = switch (scope) {
            case "ALL_PROJECTS" -> requester.pools();
            case "PROJECT" -> List.of(requester.pool(), requester.sibling(), requester.training());
            case "POOL" -> List.of(requester.pool());
            default -> List.of(requester.training());
        };
        List<String> open = requester.pools().stream().filter(p -> !barred.contains(p)).toList();
        assertEquals(open, offered(worker, requester.pools()), restriction.toString());
        for (String pool : requester.pools()) {
            assertEquals(barred.contains(pool), refused(worker, pool), scope + " restriction, pool " + pool);
        }
        assertEquals(someoneElse.pools(), offered(worker, someoneElse.pools()), "another requester's pools");
        assertFalse(refused(worker, someoneElse.pool()));

        ApiClient.Response lifted = requester.api().send("DELETE", "/user-restrictions/" + restriction.path("id")
                .asText(), null, null);
        assertEquals(204, lifted.status(), lifted.toString());
        assertEquals(requester.pools(), offered(worker, requester.pools()));
        assertFalse(refused(worker, barred.get(0)));
    }

    @Test
    void aRestrictionEndsAtWillExpireOnTheServersClock() {
        Requester requester = Requester.create();
        ApiClient worker = server.newWorker();
        String id = workerId(worker);
        String until = Fixtures.wireTime(server.clock().instant().plus(Duration.ofDays(1)));
        JsonNode restriction = restrict(requester.api(), form("ALL_PROJECTS", id).put("will_expire", until));
        assertEquals(until, restriction.path("will_expire").asText());
        String restrictionId = restriction.path("id").asText();

        server.clock().advance(Duration.ofDays(1).minusMillis(1));
        assertTrue(refused(worker, requester.pool()));
        assertEquals(200, requester.api().get("/user-restrictions/" + restrictionId).status());
        server.clock().advance(Duration.ofMillis(1));
        assertEquals(requester.pools(), offered(worker, requester.pools()));
        assertFalse(refused(worker, requester.pool()));
        assertEquals("DOES_NOT_EXIST", requester.api().get("/user-restrictions/" + restrictionId).code());
        assertEquals(List.of(), Fixtures.ids(requester.api().get("/user-restrictions?user_id=" + id)));
        assertEquals("DOES_NOT_EXIST", requester.api().send("DELETE", "/user-restrictions/" + restrictionId, null,
                null).code(), "nothing left to lift");

        JsonNode again = restrict(requester.api(), form("ALL_PROJECTS", id));
        assertFalse(again.path("id").asText().equals(restrictionId), "an expired restriction is replaced: " + again);
        assertEquals(Fixtures.wireTime(server.clock().instant()), again.path("created").asText());
    }

    @Test
    void aWorkerRestrictedDuringASuiteCannotTakeItAgain() {
        Requester requester = Requester.create();
        ApiClient worker = server.newWorker();
        assertEquals(201, worker.post("/worker/pools/" + requester.pool() + "/assignments").status());
        restrict(requester.api(), form("POOL", workerId(worker)).put("pool_id", requester.pool()));
        assertTrue(refused(worker, requester.pool()));
        assertEquals(List.of(), offered(worker, List.of(requester.pool())), "not even with a suite in hand");
    }

    @Test
    void settingTheSameRestrictionAgainChangesItInPlace() {
        Requester requester = Requester.create();
        String worker = workerId(server.newWorker());
        JsonNode first = restrict(requester.api(), Fixtures.projectRestriction(requester.project(), worker));
        assertEquals("PROJECT", first.path("scope").asText());
        assertEquals(requester.project(), first.path("project_id").asText());
        assertFalse(first.has("pool_id"), first.toString());
        assertEquals("too fast", first.path("private_comment").asText());
        assertEquals("2030-01-01T00:00:00", first.path("will_expire").asText(), "as sent");
        server.clock().advance(Duration.ofMinutes(1));
        JsonNode second = restrict(requester.api(), form("PROJECT", worker).put("project_id", requester.project()));
        assertEquals(first.path("id"), second.path("id"));
        assertEquals(first.path("created"), second.path("created"));
        assertEquals("spam", second.path("private_comment").asText());
        assertFalse(second.has("will_expire"), "for ever now: " + second);
        assertEquals(second, requester.api().get("/user-restrictions/" + second.path("id").asText()).json());
        JsonNode otherProject = restrict(requester.api(), form("PROJECT", worker)
                .put("project_id", requester.otherProject()));
        assertFalse(otherProject.path("id").equals(first.path("id")), "another key, another restriction");
    }

    @Test
    void whatARestrictionNamesMustExistAndSystemOnesAreThePlatforms() {
        Requester requester = Requester.create();
        String worker = workerId(server.newWorker());
        ApiClient api = requester.api();
        Map<ObjectNode, Map<String, String>> refusals = new LinkedHashMap<>();
        refusals.put(form("PROJECT", worker), Map.of("project_id", "VALUE_REQUIRED"));
        refusals.put(form("POOL", worker).put("project_id", requester.project()), Map.of("pool_id", "VALUE_REQUIRED"));
        refusals.put(form("PROJECT", worker).put("project_id", "123"), Map.of("project_id", "DOES_NOT_EXIST"));
        refusals.put(form("POOL", worker).put("pool_id", requester.project()), Map.of("pool_id", "DOES_NOT_EXIST"));
        refusals.put(form("ALL_PROJECTS", "0123456789abcdef0123456789abcdef"), Map.of("user_id", "DOES_NOT_EXIST"));
        refusals.put(form("ALL_PROJECTS", worker).put("will_expire", "soon"),
                Map.of("will_expire", "INVALID_DATE_TIME_SYNTAX"));
        refusals.put(form("EVERYWHERE", worker), Map.of("scope", "UNKNOWN_ENUM_VALUE"));
        refusals.put(Json.object().put("scope", "ALL_PROJECTS"), Map.of("user_id", "VALUE_REQUIRED"));
        refusals.forEach((body, codes) -> {
            ApiClient.Response refused = api.put("/user-restrictions", body);
            assertEquals(400, refused.status(), body + " -> " + refused);
            assertEquals(codes, Fixtures.fieldCodes(refused), body.toString());
        });
        ApiClient.Response system = api.put("/user-restrictions", form("SYSTEM", worker));
        assertEquals(403, system.status(), system.toString());
        assertEquals("SYSTEM_SCOPE_MODIFICATION", system.code());
        assertEquals(List.of(), Fixtures.ids(api.get("/user-restrictions")), "nothing was stored");
        assertEquals(List.of(), Fixtures.ids(api.get("/user-restrictions?scope=SYSTEM")));
    }

    @Test
    void anotherAccountsRestrictionsNeitherShowNorApply() {
        Requester owner = Requester.create();
        Requester other = Requester.create();
        ApiClient worker = server.newWorker();
        String restriction = restrict(other.api(), form("ALL_PROJECTS", workerId(worker))).path("id").asText();
        assertEquals(owner.pools(), offered(worker, owner.pools()));
        assertEquals("DOES_NOT_EXIST", owner.api().get("/user-restrictions/" + restriction).code());
        assertEquals("DOES_NOT_EXIST", owner.api().send("DELETE", "/user-restrictions/" + restriction, null, null)
                .code());
        assertEquals(List.of(), Fixtures.ids(owner.api().get("/user-restrictions")));
        assertEquals(200, other.api().get("/user-restrictions/" + restriction).status(), "still there");
    }

    @Test
    void listsFilterSortAndPageAsTolokaDescribes() {
        Requester requester = Requester.create();
        ApiClient api = requester.api();
        String ann = workerId(server.newWorker());
        String bob = workerId(server.newWorker());
        String start = Fixtures.wireTime(server.clock().instant());
        Map<String, String> ids = new LinkedHashMap<>();
        server.clock().advance(Duration.ofSeconds(1));
        ids.put("a", restrict(api, form("ALL_PROJECTS", ann)).path("id").asText());
        server.clock().advance(Duration.ofSeconds(1));
        String afterA = Fixtures.wireTime(server.clock().instant());
        ids.put("b", restrict(api, form("PROJECT", ann).put("project_id", requester.project())).path("id").asText());
        server.clock().advance(Duration.ofSeconds(1));
        ids.put("c", restrict(api, form("POOL", bob).put("pool_id", requester.pool())).path("id").asText());
        ids.put("d", restrict(api, form("POOL", bob).put("pool_id", requester.training())).path("id").asText());

        assertEquals("abcd", Fixtures.letters(ids, api.get("/user-restrictions")));
        assertEquals("cd", Fixtures.letters(ids, api.get("/user-restrictions?scope=POOL")));
        assertEquals("ab", Fixtures.letters(ids, api.get("/user-restrictions?user_id=" + ann)));
        assertEquals("b", Fixtures.letters(ids, api.get("/user-restrictions?project_id=" + requester.project())));
        assertEquals("d", Fixtures.letters(ids, api.get("/user-restrictions?pool_id=" + requester.training())));
        assertEquals("c", Fixtures.letters(ids, api.get("/user-restrictions?scope=POOL&user_id=" + bob
                + "&pool_id=" + requester.pool())));
        assertEquals("dcba", Fixtures.letters(ids, api.get("/user-restrictions?sort=-created,-id")));
        assertEquals("bcd", Fixtures.letters(ids, api.get("/user-restrictions?created_gte=" + afterA)));
        assertEquals("a", Fixtures.letters(ids, api.get("/user-restrictions?created_lt=" + afterA + "&created_gt="
                + start)));
        assertEquals("cd", Fixtures.letters(ids, api.get("/user-restrictions?id_gte=" + ids.get("c"))));
        ApiClient.Response page = api.get("/user-restrictions?limit=3");
        assertEquals("abc", Fixtures.letters(ids, page));
        assertTrue(page.json().path("has_more").asBoolean());
        assertEquals("d", Fixtures.letters(ids, api.get("/user-restrictions?limit=3&id_gt=" + ids.get("c"))));
        assertEquals(Map.of("scope", "UNKNOWN_ENUM_VALUE"), Fixtures.fieldCodes(api.get("/user-restrictions?scope=X")));
    }
}
