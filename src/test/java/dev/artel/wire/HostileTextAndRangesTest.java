package dev.artel.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.RawHttp;
import dev.artel.http.TolokaErrors;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.ServerExtension;
import dev.artel.support.StrictJson;
import dev.artel.support.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input that is valid JSON but not valid text, numbers or times for Artel, its clients or its databases:
 * refused with 400 naming the field, nothing stored; and stored data that an older version let in never
 * makes a response invalid. Every response here passes {@link StrictJson} (through ApiClient or TolokaErrors).
 */
class HostileTextAndRangesTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static final String EMOJI = "\uD83D\uDE00";

    /** A project form as JSON text with {@code fragment} spliced in as the value of public_name. */
    private static String projectWithName(String jsonFragment) {
        return Json.write(Fixtures.project()).replaceFirst("\"public_name\":\"[^\"]*\"",
                "\"public_name\":" + jsonFragment.replace("\\", "\\\\"));
    }

    private static RawHttp.Response post(ApiClient api, String path, String body) {
        return RawHttp.send(server.artel().port(), RawHttp.request("POST", "/api/v1" + path).token(api.token())
                .json(body));
    }

    private static void assertInvalidField(RawHttp.Response response, String field, String fieldCode) {
        TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
        JsonNode entry = response.json().path("payload").path(field);
        assertEquals(fieldCode, entry.path("code").asText(), response.toString());
    }

    private static int projectCount(ApiClient api) {
        return api.get("/projects?limit=300").json().path("items").size();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"a\\ud800b\"", "\"\\udc00\"", "\"end\\ud83d\"", "\"\\ude00\\ud83d reversed\""})
    void loneSurrogatesInAStringAreRefusedAndNothingIsStored(String value) {
        ApiClient api = server.newAccount();
        assertInvalidField(post(api, "/projects", projectWithName(value)), "public_name", "INVALID_CHARACTER");
        assertEquals(0, projectCount(api));
    }

    @Test
    void loneSurrogatesAnywhereInTheBodyAreRefusedWithTheirPath() {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String pool = Json.write(Kind.POOL.form(projectId));
        String nestedValue = pool.replaceFirst("\\{", "{\"labels\":{\"tags\":[\"ok\",\"bad\\\\ud800\"]},");
        assertInvalidField(post(api, "/pools", nestedValue), "labels.tags.1", "INVALID_CHARACTER");
        // Jackson's parser refuses these in field names itself; either way nothing is stored.
        for (String key : List.of("k\\\\udfff", "k\\\\ud800", "\\\\udc00\\\\ud800")) {
            TolokaErrors.assertError(post(api, "/pools", pool.replaceFirst("\\{", "{\"" + key + "\":1,")), 400,
                    "VALIDATION_ERROR");
        }
        assertEquals(0, api.get("/pools").json().path("items").size());
    }

    @Test
    void anUpdateWithALoneSurrogateChangesNothing() {
        ApiClient api = server.newAccount();
        String id = Fixtures.createProject(api);
        String before = api.get("/projects/" + id).text();
        RawHttp.Response refused = RawHttp.send(server.artel().port(), RawHttp.request("PUT", "/api/v1/projects/" + id)
                .token(api.token()).json(projectWithName("\"x\\ud800\"")));
        assertInvalidField(refused, "public_name", "INVALID_CHARACTER");
        assertEquals(before, api.get("/projects/" + id).text());
    }

    @Test
    void wholePairsAreKeptWhetherEscapedOrSentAsUtf8() {
        ApiClient api = server.newAccount();
        RawHttp.Response escaped = post(api, "/projects", projectWithName("\"a\\ud83d\\ude00\""));
        RawHttp.Response raw = post(api, "/projects", projectWithName("\"b" + EMOJI + "\""));
        assertEquals(201, escaped.status(), escaped.toString());
        assertEquals(201, raw.status(), raw.toString());
        assertEquals("a" + EMOJI, api.get("/projects/" + escaped.json().path("id").asText()).field("public_name"));
        assertEquals("b" + EMOJI, api.get("/projects/" + raw.json().path("id").asText()).field("public_name"));
    }

    @Test
    void aSurrogateEncodedAsUtf8BytesIsNotUtf8() {
        ApiClient api = server.newAccount();
        String text = projectWithName("\"x");
        int cut = text.indexOf("\"x") + 2;
        byte[] head = text.substring(0, cut).getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\"" + text.substring(cut)).getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 3 + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        // U+D800 written the way CESU-8 does: a three-byte form UTF-8 forbids.
        body[head.length] = (byte) 0xED;
        body[head.length + 1] = (byte) 0xA0;
        body[head.length + 2] = (byte) 0x80;
        System.arraycopy(tail, 0, body, head.length + 3, tail.length);
        RawHttp.Response refused = RawHttp.send(server.artel().port(), RawHttp.request("POST", "/api/v1/projects")
                .token(api.token()).header("Content-Type", "application/json").body(body));
        TolokaErrors.assertError(refused, 400, "VALIDATION_ERROR");
        assertEquals(0, projectCount(api));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sort=%ED%A0%80", "sort=%C0%AE", "limit=1%C0%80", "sort=%FF", "sort=id%E2%82",
            "id_gt=%ED%B0%80"})
    void queryParametersThatAreNotUtf8AreRefusedByName(String query) {
        ApiClient api = server.newAccount();
        RawHttp.Response refused = RawHttp.send(server.artel().port(),
                RawHttp.request("GET", "/api/v1/projects?" + query).token(api.token()));
        assertInvalidField(refused, query.substring(0, query.indexOf('=')), "INVALID_URL_ENCODING");
    }

    @Test
    void echoedInputIsNeverCutInsideASurrogatePair() {
        ApiClient api = server.newAccount();
        String pairs = EMOJI.repeat(30);
        // One leading char puts every pair's high half at an odd index, where a cut at 40 chars would split one:
        // the echo must stop one char early, at a whole pair.
        String cut = EMOJI.repeat(19) + "…";
        ApiClient.Response sort = api.get("/projects?sort=a" + percentEncoded(pairs));
        assertEquals(400, sort.status(), sort.toString());
        assertTrue(sort.json().path("payload").path("sort").path("message").asText().contains("'a" + cut + "'"),
                sort.toString());
        ApiClient.Response path = api.get("/projects/1" + percentEncoded(pairs));
        assertEquals(404, path.status(), path.toString());
        assertTrue(path.field("message").contains(" 1" + cut + " "), path.toString());
        ApiClient.Response operation = api.get("/operations/x" + percentEncoded(EMOJI.repeat(40)));
        assertEquals(404, operation.status(), operation.toString());
        assertTrue(operation.field("message").contains(" x" + cut + " "), operation.toString());
        ObjectNode project = Fixtures.project();
        project.put("assignments_issuing_type", "A" + pairs);
        ApiClient.Response enumValue = api.post("/projects", project);
        assertEquals(400, enumValue.status(), enumValue.toString());
        assertTrue(enumValue.json().path("payload").path("assignments_issuing_type").path("message").asText()
                .contains("'A" + cut + "'"), enumValue.toString());
    }

    private static String percentEncoded(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void aLoneSurrogateAnOlderVersionStoredIsServedAsAReplacementCharacter() {
        // PostgreSQL's UTF-8 text cannot hold a lone surrogate at all, so only H2 can have stored one.
        assumeFalse(TestDatabase.isPostgres(), "PostgreSQL cannot store a lone surrogate");
        ApiClient api = server.newAccount();
        String damaged = Fixtures.createProject(api);
        String intact = Fixtures.createProject(api);
        ObjectNode doc = Fixtures.project();
        doc.put("public_name", "before\uD800after");
        storeDocument(damaged, Json.write(doc));

        ApiClient.Response one = api.get("/projects/" + damaged);
        assertEquals(200, one.status(), one.toString());
        assertEquals("before\uFFFDafter", one.field("public_name"));
        ApiClient.Response list = api.get("/projects");
        assertEquals(List.of(damaged, intact), Fixtures.ids(list));
    }

    @Test
    void aStoredDocumentThatIsNotJsonBreaksNeitherItsReadNorTheList() {
        ApiClient api = server.newAccount();
        String damaged = Fixtures.createProject(api);
        String intact = Fixtures.createProject(api);
        storeDocument(damaged, "{\"public_name\": \"cut off");

        ApiClient.Response one = api.get("/projects/" + damaged);
        assertEquals(200, one.status(), one.toString());
        assertEquals(damaged, one.field("id"));
        assertFalse(one.json().has("public_name"), one.toString());
        ApiClient.Response list = api.get("/projects");
        assertEquals(List.of(damaged, intact), Fixtures.ids(list));
        assertEquals(Fixtures.project().path("public_name").asText(), list.json().path("items").get(1)
                .path("public_name").asText());
        // A PUT replaces the whole document, so it repairs the project.
        ApiClient.Response replaced = api.put("/projects/" + damaged, Fixtures.project());
        assertEquals(200, replaced.status(), replaced.toString());
        assertEquals(Fixtures.project().path("public_name").asText(), api.get("/projects/" + damaged)
                .field("public_name"));
    }

    @Test
    void aDamagedStoredDocumentIsNeverCopiedOrPatchedIntoAWholeOne() {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String poolId = Kind.POOL.create(api, projectId);
        server.artel().database().inTransaction(h -> h.update("UPDATE pools SET doc = ? WHERE id = ?", "[]",
                Long.parseLong(poolId)));
        ObjectNode patch = Json.object().put("priority", 5);
        ApiClient.Response patched = api.patch("/pools/" + poolId, patch);
        assertEquals(500, patched.status(), patched.toString());
        assertEquals("[]", server.artel().database().inTransaction(h -> h.queryOne(
                "SELECT doc FROM pools WHERE id = ?", rs -> rs.getString(1), Long.parseLong(poolId))).orElseThrow());
        assertEquals(List.of(poolId), Fixtures.ids(api.get("/pools")));
    }

    private static void storeDocument(String projectId, String text) {
        server.artel().database().inTransaction(h -> h.update("UPDATE projects SET doc = ? WHERE id = ?", text,
                Long.parseLong(projectId)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "-1e400", "1e-400", "-2e-999999999", "1.8e308"})
    void numbersNoDoubleHoldsAreRefusedWherever(String number) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        String typed = Json.write(Kind.POOL.form(projectId)).replaceFirst("\"reward_per_assignment\":[^,}]*",
                "\"reward_per_assignment\":" + number);
        assertInvalidField(post(api, "/pools", typed), "reward_per_assignment", "VALUE_OUT_OF_BOUNDS");
        String unknown = Json.write(Fixtures.project()).replaceFirst("\\{", "{\"extra\":{\"n\":[" + number + "]},");
        assertInvalidField(post(api, "/projects", unknown), "extra.n.0", "VALUE_OUT_OF_BOUNDS");
        assertEquals(1, projectCount(api));
    }

    @Test
    void numbersADoubleHoldsAreKeptAsWritten() {
        ApiClient api = server.newAccount();
        String body = Json.write(Fixtures.project()).replaceFirst("\\{",
                "{\"extra\":[1.7e308,4.9e-324,0.10,-0,12345678901234567890123456789],");
        RawHttp.Response created = post(api, "/projects", body);
        assertEquals(201, created.status(), created.toString());
        String read = api.get("/projects/" + created.json().path("id").asText()).text();
        assertTrue(read.contains("\"extra\":[1.7E+308,4.9E-324,0.10,0,12345678901234567890123456789]"), read);
    }

    @ParameterizedTest
    @ValueSource(strings = {"NaN", "Infinity", "-Infinity", "+1", "0x10", ".5"})
    void nonJsonNumbersAreMalformedJson(String token) {
        ApiClient api = server.newAccount();
        String body = Json.write(Fixtures.project()).replaceFirst("\\{", "{\"extra\":" + token + ",");
        TolokaErrors.assertError(post(api, "/projects", body), 400, "VALIDATION_ERROR");
        assertEquals(0, projectCount(api));
    }

    @Test
    void duplicateFieldNamesAreRefused() {
        ApiClient api = server.newAccount();
        String body = Json.write(Fixtures.project()).replaceFirst("\\{", "{\"public_name\":\"first\",");
        RawHttp.Response refused = post(api, "/projects", body);
        TolokaErrors.assertError(refused, 400, "VALIDATION_ERROR");
        assertTrue(refused.json().path("message").asText().contains("public_name"), refused.toString());
        assertEquals(0, projectCount(api));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01T00:00:00", "+999999999-12-31T23:59:59", "10000-01-01T00:00:00",
            "+10000-01-01", "0000-12-31T23:59:59", "-0001-01-01T00:00:00"})
    void datetimesOutsideYearsOneTo9999AreRefusedByName(String time) {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        ObjectNode pool = Kind.POOL.form(projectId);
        pool.put("will_expire", time);
        RawHttp.Response refused = post(api, "/pools", Json.write(pool));
        assertInvalidField(refused, "will_expire", "INVALID_DATE_TIME_SYNTAX");
        assertEquals(0, api.get("/pools").json().path("items").size());
        String encoded = percentEncoded(time);
        for (String list : List.of("/operations?finished_lte=", "/operations?submitted_gt=", "/pools?last_started_lte=",
                "/projects?created_gte=", "/trainings?created_lt=")) {
            String param = list.substring(list.indexOf('?') + 1, list.length() - 1);
            RawHttp.Response filter = RawHttp.send(server.artel().port(),
                    RawHttp.request("GET", "/api/v1" + list + encoded).token(api.token()));
            assertInvalidField(filter, param, "INVALID_DATE_TIME_SYNTAX");
        }
    }

    @Test
    void theFirstAndLastInstantOfTheRangeAreAccepted() {
        ApiClient api = server.newAccount();
        String projectId = Fixtures.createProject(api);
        ObjectNode pool = Kind.POOL.form(projectId);
        pool.put("will_expire", "9999-12-31T23:59:59.999");
        ApiClient.Response created = api.post("/pools", pool);
        assertEquals(201, created.status(), created.toString());
        assertEquals("9999-12-31T23:59:59.999", created.field("will_expire"));
        assertEquals(List.of(projectId), Fixtures.ids(api.get("/projects?created_gte=0001-01-01T00:00:00")));
        assertEquals(List.of(), Fixtures.ids(api.get("/projects?created_gt=9999-12-31T23:59:59.999")));
    }

    @Test
    void idsOfNineteenDigitsAreRefusedOrNotFoundNeverAnError() {
        ApiClient api = server.newAccount();
        String huge = "9".repeat(19);
        ApiClient.Response read = api.get("/pools/" + huge);
        assertEquals(404, read.status(), read.toString());
        ApiClient.Response filter = api.get("/pools?id_gt=" + huge);
        assertEquals(400, filter.status(), filter.toString());
        assertEquals("INTEGER_EXPECTED", filter.json().path("payload").path("id_gt").path("code").asText());
        ApiClient.Response create = api.post("/pools", Kind.POOL.form(huge));
        assertEquals(400, create.status(), create.toString());
        assertTrue(create.json().path("payload").has("project_id"), create.toString());
        assertNull(StrictJson.problem(read.text().getBytes(StandardCharsets.UTF_8)));
    }
}
