package dev.artel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.ServerExtension;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the server does with request bodies: it keeps what clients send (unknown fields, decimals as
 * written), ignores the read-only fields they echo back, and refuses invalid bodies field by field
 * without creating or changing anything.
 */
class BodyTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** The writable resources, each with the status a new one has. */
    enum Resource {
        PROJECT("/projects", "ACTIVE"), POOL("/pools", "CLOSED"), TRAINING("/trainings", "CLOSED");

        final String path;
        final String initialStatus;

        Resource(String path, String initialStatus) {
            this.path = path;
            this.initialStatus = initialStatus;
        }

        ObjectNode form(String projectId) {
            return switch (this) {
                case PROJECT -> Fixtures.project();
                case POOL -> Kind.POOL.form(projectId);
                case TRAINING -> Kind.TRAINING.form(projectId);
            };
        }
    }

    private static final List<String> HISTORY = List.of("last_started", "last_stopped", "last_close_reason");

    /**
     * The form with the fields of the resource's view that only the server sets (projects have no run
     * history), filled with values a client could echo back from another object.
     */
    private static ObjectNode withReadOnlyFields(Resource resource, ObjectNode form) {
        form.setAll(Json.parseObject("""
                {"id": "42", "status": "ARCHIVED", "created": "2001-02-03T04:05:06.789",
                 "owner": {"id": "someone-else", "myself": false, "company_id": "elsewhere"}}
                """));
        if (resource != Resource.PROJECT) {
            form.setAll(Json.parseObject("""
                    {"last_started": "2001-02-03T04:05:06.789", "last_stopped": "2001-02-03T04:05:07.000",
                     "last_close_reason": "EXPIRED"}
                    """));
        }
        return form;
    }

    @ParameterizedTest
    @EnumSource(Resource.class)
    void readOnlyFieldsAreIgnoredOnCreate(Resource resource) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);

        ApiClient.Response created = api.post(resource.path, withReadOnlyFields(resource, resource.form(projectId)));

        assertEquals(201, created.status(), created.toString());
        ObjectNode view = created.object();
        assertNotEquals("42", view.path("id").asText());
        assertEquals(resource.initialStatus, view.path("status").asText());
        assertEquals(Fixtures.wireTime(server.clock().instant()), view.path("created").asText());
        assertEquals(api.get("/requester").field("id"), view.path("owner").path("id").asText());
        for (String history : HISTORY) {
            assertFalse(view.has(history), history + " in " + view);
        }
        assertEquals(view, api.get(resource.path + "/" + view.path("id").asText()).json());
    }

    @ParameterizedTest
    @EnumSource(Resource.class)
    void readOnlyFieldsAreIgnoredOnUpdate(Resource resource) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        ObjectNode before = resource == Resource.PROJECT ? api.get("/projects/" + projectId).object()
                : api.post(resource.path, resource.form(projectId)).object();
        String id = before.path("id").asText();
        ApiClient.Response updated = api.put(resource.path + "/" + id, withReadOnlyFields(resource, resource.form(projectId)));

        assertEquals(200, updated.status(), updated.toString());
        assertEquals(before, updated.json(), "only server fields differ from the form, and they are kept");
    }

    private static final String UNKNOWN_FIELDS = "\"__item_idx\":0,\"x_custom\":{\"deep\":[1,2.50,\"s\"]}";

    /** Raw text, so that the check sees exactly what a client reads, down to trailing zeros. */
    private static String withUnknownFields(ObjectNode form) {
        String text = Json.write(form);
        return "{" + UNKNOWN_FIELDS + "," + text.substring(1);
    }

    @ParameterizedTest
    @EnumSource(Resource.class)
    void unknownFieldsAreKeptExactly(Resource resource) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);

        ApiClient.Response created = api.send("POST", resource.path, withUnknownFields(resource.form(projectId)),
                "application/json");

        assertEquals(201, created.status(), created.toString());
        String id = created.field("id");
        for (ApiClient.Response seen : List.of(created, api.get(resource.path + "/" + id),
                api.get(resource.path + "?id_gte=" + id),
                api.send("PUT", resource.path + "/" + id, withUnknownFields(resource.form(projectId)),
                        "application/json"))) {
            assertTrue(seen.text().contains(UNKNOWN_FIELDS), seen.toString());
        }
    }

    @Test
    void decimalsRoundTripAsWritten() {
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        String text = "{\"x_weight\":1.10," + Json.write(form).substring(1);
        assertTrue(text.contains("\"reward_per_assignment\":0.010"), "the fixture sends 0.010: " + text);

        ApiClient.Response created = api.send("POST", "/pools", text, "application/json");

        assertEquals(201, created.status(), created.toString());
        for (ApiClient.Response seen : List.of(created, api.get("/pools/" + created.field("id")), api.get("/pools"))) {
            assertTrue(seen.text().contains("\"reward_per_assignment\":0.010"), seen.toString());
            assertTrue(seen.text().contains("\"x_weight\":1.10"), seen.toString());
        }
    }

    /**
     * One invalid request: method, path (where {@code {pool}} is an existing pool of the caller), a body made
     * from the caller's project id, and the expected payload as field path to validation code.
     */
    record Invalid(String name, String method, String path, Function<String, String> body, Map<String, String> codes) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Invalid pool(String name, Function<ObjectNode, Object> edit, Map<String, String> codes) {
        return new Invalid(name, "POST", "/pools", projectId -> {
            ObjectNode form = Fixtures.pool(projectId);
            edit.apply(form);
            return Json.write(form);
        }, codes);
    }

    private static Invalid poolWith(String field, Object value, String code) {
        return pool(field + "=" + value, form -> form.set(field, Json.mapper().valueToTree(value)),
                Map.of(field, code));
    }

    static Stream<Invalid> invalidBodies() {
        return Stream.of(
                new Invalid("malformed JSON", "POST", "/pools", id -> "{\"private_name\": }",
                        Map.of("body", "JSON_EXPECTED")),
                new Invalid("truncated JSON", "POST", "/pools", id -> {
                    String whole = Json.write(Fixtures.pool(id));
                    return whole.substring(0, whole.length() / 2);
                }, Map.of("body", "JSON_EXPECTED")),
                new Invalid("two documents", "POST", "/projects", id -> "{} {}", Map.of("body", "JSON_EXPECTED")),
                new Invalid("an array", "POST", "/projects", id -> "[]", Map.of("body", "OBJECT_EXPECTED")),
                poolWith("private_name", 5, "STRING_EXPECTED"),
                poolWith("priority", "high", "INTEGER_EXPECTED"),
                poolWith("priority", 1.5, "INTEGER_EXPECTED"),
                poolWith("auto_accept_solutions", "yes", "BOOLEAN_EXPECTED"),
                poolWith("reward_per_assignment", "0.01", "FLOAT_EXPECTED"),
                poolWith("mixer_config", 5, "OBJECT_EXPECTED"),
                pool("mixer_config.real_tasks_count=x",
                        form -> ((ObjectNode) form.get("mixer_config")).put("real_tasks_count", "x"),
                        Map.of("mixer_config.real_tasks_count", "INTEGER_EXPECTED")),
                pool("no private_name", form -> form.remove("private_name"), Map.of("private_name", "VALUE_REQUIRED")),
                pool("private_name null", form -> form.putNull("private_name"), Map.of("private_name", "VALUE_REQUIRED")),
                pool("no defaults.default_overlap_for_new_task_suites",
                        form -> ((ObjectNode) form.get("defaults")).remove("default_overlap_for_new_task_suites"),
                        Map.of("defaults.default_overlap_for_new_task_suites", "VALUE_REQUIRED")),
                poolWith("priority", 101, "VALUE_GREATER_THAN_MAX"),
                poolWith("priority", -1, "VALUE_LESS_THAN_MIN"),
                poolWith("assignment_max_duration_seconds", 4, "VALUE_LESS_THAN_MIN"),
                poolWith("auto_accept_period_day", 22, "VALUE_GREATER_THAN_MAX"),
                poolWith("auto_accept_period_day", 0, "VALUE_LESS_THAN_MIN"),
                poolWith("will_expire", "tomorrow", "INVALID_DATE_TIME_SYNTAX"),
                pool("two errors at once", form -> form.put("priority", 101).remove("private_name"),
                        Map.of("priority", "VALUE_GREATER_THAN_MAX", "private_name", "VALUE_REQUIRED")),
                new Invalid("assignments_issuing_type=NOPE", "POST", "/projects",
                        id -> Json.write(Fixtures.project().put("assignments_issuing_type", "NOPE")),
                        Map.of("assignments_issuing_type", "UNKNOWN_ENUM_VALUE")),
                new Invalid("project without name and task_spec", "POST", "/projects", id -> {
                    ObjectNode form = Fixtures.project();
                    form.remove(List.of("public_name", "task_spec"));
                    return Json.write(form);
                }, Map.of("public_name", "VALUE_REQUIRED", "task_spec", "VALUE_REQUIRED")),
                new Invalid("PUT priority=101", "PUT", "/pools/{pool}",
                        id -> Json.write(Fixtures.pool(id).put("priority", 101)),
                        Map.of("priority", "VALUE_GREATER_THAN_MAX")),
                new Invalid("PATCH priority=101", "PATCH", "/pools/{pool}", id -> "{\"priority\": 101}",
                        Map.of("priority", "VALUE_GREATER_THAN_MAX")),
                new Invalid("PATCH priority=\"high\"", "PATCH", "/pools/{pool}", id -> "{\"priority\": \"high\"}",
                        Map.of("priority", "INTEGER_EXPECTED")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidBodies")
    void invalidBodiesAre400KeyedByFieldPath(Invalid request) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String poolId = Kind.POOL.create(api, projectId);
        Map<String, JsonNode> before = everything(api);

        ApiClient.Response refused = api.send(request.method(), request.path().replace("{pool}", poolId),
                request.body().apply(projectId), "application/json");

        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_ERROR", refused.code());
        assertEquals(request.codes(), Fixtures.fieldCodes(refused));
        refused.json().path("payload").forEach(error ->
                assertTrue(error.path("message").isTextual(), "every field error has a message: " + refused));
        assertEquals(before, everything(api), "a refused request creates and changes nothing");
    }

    static Stream<Arguments> wrongContentTypes() {
        return Stream.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", null)
                .flatMap(type -> Stream.of(Arguments.of("POST", type), Arguments.of("PUT", type)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongContentTypes")
    void aBodyThatIsNotDeclaredJsonIs415(String method, String contentType) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String poolId = Kind.POOL.create(api, projectId);
        Map<String, JsonNode> before = everything(api);
        String body = Json.write(Fixtures.pool(projectId).put("private_name", "Sent as text"));

        ApiClient.Response refused = api.send(method, method.equals("POST") ? "/pools" : "/pools/" + poolId, body,
                contentType);

        assertEquals(415, refused.status(), refused.toString());
        assertEquals("UNSUPPORTED_MEDIA_TYPE", refused.code());
        assertEquals(before, everything(api));
    }

    @Test
    void jsonWithParametersInTheContentTypeIsAccepted() {
        ApiClient api = server.newAccount();
        String body = Json.write(Fixtures.pool(Fixtures.createProject(api)));

        ApiClient.Response created = api.send("POST", "/pools", body, "Application/JSON; charset=UTF-8");

        assertEquals(201, created.status(), created.toString());
    }

    /** Every project, pool and training of the account, as listed. */
    private static Map<String, JsonNode> everything(ApiClient api) {
        return Map.of("projects", api.get("/projects?limit=300").json(), "pools", api.get("/pools?limit=300").json(),
                "trainings", api.get("/trainings?limit=300").json());
    }
}
