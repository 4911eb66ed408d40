package dev.artel.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Artel's own API over HTTP: the operator creates and reads workers, a worker reads itself, and the errors
 * and limits are the Toloka API's. Every response is checked against artel-api.yaml by the client.
 */
class WorkerApiTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static ObjectNode fullForm() {
        ObjectNode form = Json.object().put("name", "Ann");
        ObjectNode profile = form.putObject("profile");
        profile.put("gender", "FEMALE").put("country", "US").put("citizenship", "CA").put("education", "HIGH")
                .put("adult_allowed", false).put("date_of_birth", 631152000L).put("city", 213);
        profile.putArray("languages").add("EN").add("RU");
        ObjectNode computed = form.putObject("computed");
        computed.put("os_family", "ANDROID").put("device_category", "SMARTPHONE").put("client_type", "TOLOKA_APP")
                .put("user_agent_type", "OTHER").put("os_version", 14.4).put("region_by_ip", 84);
        return form;
    }

    @Test
    void theOperatorCreatesAWorkerWhoseProfileReadsBackAsSent() {
        ObjectNode form = fullForm();
        ApiClient.Response created = server.operator().post("/operator/workers", form);
        assertEquals(201, created.status(), created.toString());
        ObjectNode worker = created.object();
        assertTrue(worker.path("id").asText().matches("[0-9a-f]{32}"), created.toString());
        assertTrue(worker.path("token").asText().matches("[A-Za-z0-9_-]{40}"), created.toString());
        // Compared as text: a parsed number's node type depends on how it was built.
        assertEquals(Json.write(form.get("profile")), Json.write(worker.get("profile")));
        assertEquals(Json.write(form.get("computed")), Json.write(worker.get("computed")));

        ApiClient.Response read = server.operator().get("/operator/workers/" + worker.path("id").asText());
        assertEquals(200, read.status(), read.toString());
        ObjectNode expected = worker.deepCopy();
        expected.remove("token");
        assertEquals(expected, read.object(), "the token is shown once, at creation");
    }

    @Test
    void aWorkerReadsItselfWithItsToken() {
        ApiClient.Response created = server.operator().post("/operator/workers", fullForm());
        ApiClient worker = server.client(created.field("token")).artelApi();
        ApiClient.Response me = worker.get("/worker/me");
        assertEquals(200, me.status(), me.toString());
        assertEquals(created.field("id"), me.field("id"));
        assertEquals("Ann", me.field("name"));
        assertEquals(List.of("EN", "RU"), Json.mapper().convertValue(me.json().path("profile").path("languages"),
                List.class));
    }

    @Test
    void aFormTheSpecRefusesIsA400NamingEachField() {
        ObjectNode form = Json.object();
        form.putObject("profile").put("gender", "OTHER").putArray("languages").add("EN").add("en");
        form.putObject("computed").put("os_version", "fourteen");
        ApiClient.Response refused = server.operator().post("/operator/workers", form);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals("VALIDATION_ERROR", refused.code());
        ObjectNode payload = (ObjectNode) refused.json().path("payload");
        assertEquals(Set.of("name", "profile.gender", "profile.languages.1", "computed.os_version"),
                fieldNames(payload),
                refused.toString());
        assertEquals("VALUE_REQUIRED", payload.path("name").path("code").asText());
        assertEquals("STRING_PATTERN_MISMATCH", payload.path("profile.languages.1").path("code").asText());
    }

    @Test
    void bodiesAndQueriesGetTheTolokaApisChecks() {
        ApiClient operator = server.operator();
        ApiClient.Response notJson = operator.send("POST", "/operator/workers", "{\"name\": ", "application/json");
        assertEquals(400, notJson.status(), notJson.toString());
        assertEquals("VALIDATION_ERROR", notJson.code());
        ApiClient.Response twice = operator.send("POST", "/operator/workers", "{\"name\": \"a\", \"name\": \"b\"}",
                "application/json");
        assertEquals(400, twice.status(), twice.toString());
        ApiClient.Response text = operator.send("POST", "/operator/workers", "{\"name\": \"a\"}", "text/plain");
        assertEquals(415, text.status(), text.toString());
        ApiClient.Response badQuery = server.newWorker().get("/worker/me?x=%C0");
        assertEquals(400, badQuery.status(), badQuery.toString());
        assertEquals("INVALID_URL_ENCODING", badQuery.json().path("payload").path("x").path("code").asText(),
                badQuery.toString());
    }

    @Test
    void anUnknownWorkerIs404() {
        ApiClient.Response missing = server.operator().get("/operator/workers/0123456789abcdef0123456789abcdef");
        assertEquals(404, missing.status(), missing.toString());
        assertEquals("DOES_NOT_EXIST", missing.code());
        assertEquals("Worker with id 0123456789abcdef0123456789abcdef does not exist", missing.field("message"));
        // No worker has an id of another shape; it is not looked up, and answers the same.
        ApiClient.Response malformed = server.operator().get("/operator/workers/" + "x".repeat(500));
        assertEquals(404, malformed.status(), malformed.toString());
        assertEquals("DOES_NOT_EXIST", malformed.code());
    }

    @Test
    void anUnknownPathUnderTheArtelPrefixIs404InTolokasShape() {
        ApiClient.Response unknown = server.operator().get("/operator/no-such-thing");
        assertEquals(404, unknown.status(), unknown.toString());
        assertEquals("DOES_NOT_EXIST", unknown.code());
    }

    @Test
    void aWorkerRequestWithoutAValidWorkerTokenIs401() {
        ApiClient.Response none = server.anonymous().artelApi().get("/worker/me");
        assertEquals(401, none.status(), none.toString());
        assertEquals("Authorization header is missing", none.field("message"));
        ApiClient.Response unknown = server.client("no-such-token").artelApi().get("/worker/me");
        assertEquals(401, unknown.status(), unknown.toString());
        assertEquals("The token is not valid", unknown.field("message"));
        ApiClient.Response apiKey = server.newWorker().withApiKeyScheme().get("/worker/me");
        assertEquals(401, apiKey.status(), apiKey.toString());
        assertEquals("Authorization must be 'OAuth <token>'", apiKey.field("message"));
    }

    @Test
    void eachApiTakesOnlyItsOwnCredential() {
        ApiClient requester = server.newAccount();
        ApiClient worker = server.newWorker();
        ApiClient operator = server.operator();
        assertEquals(200, requester.get("/requester").status());
        assertEquals(200, worker.get("/worker/me").status());
        assertEquals(201, operator.post("/operator/workers", Json.object().put("name", "n")).status());

        assertRefused(requester.artelApi().get("/worker/me"));
        assertRefused(requester.artelApi().get("/operator/workers/0123456789abcdef0123456789abcdef"));
        assertRefused(worker.tolokaApi().get("/requester"));
        assertRefused(worker.get("/operator/workers/0123456789abcdef0123456789abcdef"));
        assertRefused(operator.tolokaApi().get("/requester"));
        assertRefused(operator.get("/worker/me"));
    }

    private static void assertRefused(ApiClient.Response response) {
        assertEquals(401, response.status(), response.toString());
        assertEquals("AUTHENTICATION_ERROR", response.code(), response.toString());
        assertEquals("The token is not valid", response.field("message"), response.toString());
    }

    @Test
    void theSpecIsServedWithoutAuthentication() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/artel/v1/openapi.yaml")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/yaml; charset=utf-8", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(resource("artel-api.yaml"), response.body());
        assertNotEquals("", response.headers().firstValue("X-Request-Id").orElse(""));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = WorkerApiTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Set<String> fieldNames(ObjectNode object) {
        Set<String> names = new java.util.HashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
