package dev.artel.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class ProjectTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /**
     * One account with five projects for the list tests, in id order: A and B created at t0, C, D and E one
     * hour later at t1; E is archived. Names are chosen so that name order differs from id order.
     */
    static ApiClient lister;
    static final Map<String, String> ids = new LinkedHashMap<>();
    static Instant t0;
    static Instant t1;
    static String listerId;

    @BeforeAll
    static void setUp() {
        lister = server.newAccount();
        listerId = lister.get("/requester").field("id");
        t0 = server.clock().instant();
        createNamed("A", "delta");
        createNamed("B", "alpha");
        server.clock().advance(Duration.ofHours(1));
        t1 = server.clock().instant();
        createNamed("C", "charlie");
        createNamed("D", "bravo");
        createNamed("E", "echo");
        assertEquals(202, lister.post("/projects/" + ids.get("E") + "/archive").status());
    }

    private static void createNamed(String letter, String name) {
        ObjectNode form = Fixtures.project();
        form.put("public_name", name);
        ApiClient.Response created = lister.post("/projects", form);
        assertEquals(201, created.status(), created.toString());
        ids.put(letter, created.field("id"));
    }

    @Test
    void createAnswers201WithServerFields() {
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.project();

        ApiClient.Response created = api.post("/projects", form);

        assertEquals(201, created.status(), created.toString());
        ObjectNode project = created.object();
        assertTrue(project.path("id").isTextual() && project.path("id").asText().matches("[1-9][0-9]*"),
                project.toString());
        assertEquals("ACTIVE", project.path("status").asText());
        assertEquals(Fixtures.wireTime(server.clock().instant()), project.path("created").asText());
        String requester = api.get("/requester").field("id");
        assertEquals(requester, project.path("owner").path("id").asText());
        assertTrue(project.path("owner").path("myself").asBoolean(), project.toString());
        form.fieldNames().forEachRemaining(field ->
                assertEquals(form.get(field), project.get(field), "field " + field + " is kept as sent"));
    }

    @Test
    void aTaskSpecWhoseFieldsCannotBeCheckedIsRefusedOnCreateAndUpdate() {
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.project();
        ObjectNode output = (ObjectNode) form.path("task_spec").path("output_spec");
        output.putObject("score").put("type", "numbr");
        output.putObject("label").put("type", "string").put("pattern", "([a-z");
        ApiClient.Response refused = api.post("/projects", form);
        assertEquals(400, refused.status(), refused.toString());
        assertTrue(refused.json().path("payload").has("task_spec.output_spec.score.type"), refused.toString());
        assertTrue(refused.json().path("payload").has("task_spec.output_spec.label.pattern"), refused.toString());
        String id = api.post("/projects", Fixtures.project()).field("id");
        assertEquals(400, api.put("/projects/" + id, form).status());
    }

    @Test
    void getAnswersWhatCreateAnswered() {
        ApiClient api = server.newAccount();
        ApiClient.Response created = api.post("/projects", Fixtures.project());

        ApiClient.Response got = api.get("/projects/" + created.field("id"));

        assertEquals(200, got.status(), got.toString());
        assertEquals(created.json(), got.json());
    }

    @Test
    void getOfAMissingProjectIs404() {
        ApiClient.Response missing = server.newAccount().get("/projects/999999999999");

        assertEquals(404, missing.status(), missing.toString());
        assertEquals("DOES_NOT_EXIST", missing.code());
    }

    @Test
    void pagesFollowLimitAndHasMore() {
        List<String> seen = new ArrayList<>();
        String query = "/projects?sort=id&limit=2";
        List<Boolean> hasMore = new ArrayList<>();
        ApiClient.Response page = lister.get(query);
        while (true) {
            page.json().path("items").forEach(item -> seen.add(item.path("id").asText()));
            hasMore.add(page.json().path("has_more").asBoolean());
            if (!page.json().path("has_more").asBoolean()) {
                break;
            }
            page = lister.get(query + "&id_gt=" + seen.get(seen.size() - 1));
        }
        assertEquals(List.copyOf(ids.values()), seen);
        assertEquals(List.of(true, true, false), hasMore);
    }

    static Stream<Arguments> sorts() {
        return Stream.of(
                Arguments.of("id", "ABCDE"),
                Arguments.of("-id", "EDCBA"),
                Arguments.of("created,-id", "BAEDC"),
                // Equal created times fall back to ascending id, so that pages are stable.
                Arguments.of("-created", "CDEAB"),
                Arguments.of("public_name", "BDCAE"),
                Arguments.of("-public_name", "EACDB"));
    }

    @ParameterizedTest(name = "sort={0}")
    @MethodSource("sorts")
    void listSorts(String sort, String expected) {
        assertEquals(expected, Fixtures.letters(ids, lister.get("/projects?sort=" + sort)));
    }

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("status=ACTIVE", "ABCD"),
                Arguments.of("status=ARCHIVED", "E"),
                Arguments.of("owner=" + listerId, "ABCDE"),
                Arguments.of("owner=0123456789abcdef0123456789abcdef", ""),
                Arguments.of("id_gt=" + ids.get("B"), "CDE"),
                Arguments.of("id_gte=" + ids.get("B"), "BCDE"),
                Arguments.of("id_lt=" + ids.get("C"), "AB"),
                Arguments.of("id_lte=" + ids.get("C"), "ABC"),
                Arguments.of("created_gt=" + Fixtures.wireTime(t0), "CDE"),
                Arguments.of("created_gte=" + Fixtures.wireTime(t1), "CDE"),
                Arguments.of("created_lt=" + Fixtures.wireTime(t1), "AB"),
                Arguments.of("created_lte=" + Fixtures.wireTime(t0), "AB"),
                Arguments.of("status=ACTIVE&created_gte=" + Fixtures.wireTime(t1) + "&id_lt=" + ids.get("E"), "CD"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void listFilters(String filter, String expected) {
        assertEquals(expected, Fixtures.letters(ids, lister.get("/projects?sort=id&" + filter)));
    }


    @Test
    void putReplacesTheClientFieldsAndIgnoresReadOnlyOnes() {
        ApiClient api = server.newAccount();
        ObjectNode created = api.post("/projects", Fixtures.project()).object();
        String id = created.path("id").asText();
        ObjectNode form = Fixtures.project();
        form.put("public_name", "Dogs only");
        form.remove("public_description");
        form.set("metadata", Json.parseObject("{\"team\": [\"audio\"]}"));
        form.put("id", "1");
        form.put("status", "ARCHIVED");
        form.put("created", "2001-01-01T00:00:00.000");
        form.set("owner", Json.parseObject("{\"id\": \"someone-else\", \"myself\": false}"));
        server.clock().advance(Duration.ofMinutes(5));

        ApiClient.Response updated = api.put("/projects/" + id, form);

        assertEquals(200, updated.status(), updated.toString());
        ObjectNode stored = api.get("/projects/" + id).object();
        assertEquals(updated.json(), stored);
        assertEquals("Dogs only", stored.path("public_name").asText());
        assertFalse(stored.has("public_description"), "a field left out of a PUT is gone");
        assertEquals(form.get("metadata"), stored.get("metadata"));
        for (String readOnly : List.of("id", "status", "created", "owner")) {
            assertEquals(created.get(readOnly), stored.get(readOnly), readOnly + " is the server's");
        }
    }

    @Test
    void archiveRunsAProjectArchiveOperation() {
        ApiClient api = server.newAccount();
        String id = Fixtures.createProject(api);

        ApiClient.Response op = api.post("/projects/" + id + "/archive");

        assertEquals(202, op.status(), op.toString());
        assertEquals("PROJECT.ARCHIVE", op.field("type"));
        assertEquals(Json.object().put("project_id", id), op.json().get("parameters"));
        assertEquals("SUCCESS", api.get("/operations/" + op.field("id")).field("status"));
        assertEquals("ARCHIVED", api.get("/projects/" + id).field("status"));
    }

    @Test
    void archivingAnArchivedProjectIs204WithAnEmptyBody() {
        ApiClient api = server.newAccount();
        String id = Fixtures.createProject(api);
        assertEquals(202, api.post("/projects/" + id + "/archive").status());
        int operations = Fixtures.operationCount(api);

        ApiClient.Response again = api.post("/projects/" + id + "/archive");

        assertEquals(204, again.status(), again.toString());
        assertEquals("", again.text());
        assertEquals(operations, Fixtures.operationCount(api));
    }

    static Stream<Arguments> unarchivedChildren() {
        return Stream.of(Kind.values()).flatMap(kind -> Stream.of(
                Arguments.of(kind, false), Arguments.of(kind, true)));
    }

    @ParameterizedTest(name = "{0}, open={1}")
    @MethodSource("unarchivedChildren")
    void archiveIsRefusedWhileAPoolOrTrainingIsNotArchived(Kind kind, boolean open) {
        ApiClient api = server.newAccount();
        String id = Fixtures.createProject(api);
        String child = kind.create(api, id);
        if (open) {
            server.seedTask(child);
            assertEquals(202, api.post(kind.path(child) + "/open").status());
        }
        int operations = Fixtures.operationCount(api);

        ApiClient.Response refused = api.post("/projects/" + id + "/archive");

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("UNARCHIVED_POOLS_CONFLICT", refused.code());
        assertEquals("ACTIVE", api.get("/projects/" + id).field("status"));
        assertEquals(operations, Fixtures.operationCount(api), "a refused archive leaves no operation behind");
    }

    @Test
    void archiveSucceedsOnceEveryPoolAndTrainingIsArchived() {
        ApiClient api = server.newAccount();
        String id = Fixtures.createProject(api);
        for (Kind kind : Kind.values()) {
            String child = kind.create(api, id);
            assertEquals(202, api.post(kind.path(child) + "/archive").status());
        }

        ApiClient.Response op = api.post("/projects/" + id + "/archive");

        assertEquals(202, op.status(), op.toString());
        assertEquals("ARCHIVED", api.get("/projects/" + id).field("status"));
    }

    @Test
    void putOnAnArchivedProjectIsRefused() {
        ApiClient api = server.newAccount();
        String id = Fixtures.createProject(api);
        assertEquals(202, api.post("/projects/" + id + "/archive").status());
        ObjectNode form = Fixtures.project();
        form.put("public_name", "Too late");

        ApiClient.Response refused = api.put("/projects/" + id, form);

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("PROJECT_INAPPROPRIATE_STATUS", refused.code());
        assertEquals(Json.parseObject("{\"appropriate_statuses\": [\"ACTIVE\"]}"), refused.json().get("payload"));
        assertEquals(Fixtures.project().get("public_name"), api.get("/projects/" + id).json().get("public_name"));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void noPoolOrTrainingCanBeCreatedInAnArchivedProject(Kind kind) {
        ApiClient api = server.newAccount();
        String id = Fixtures.createProject(api);
        assertEquals(202, api.post("/projects/" + id + "/archive").status());

        ApiClient.Response refused = api.post(kind.path(), kind.form(id));

        assertEquals(409, refused.status(), refused.toString());
        assertEquals("PROJECT_INAPPROPRIATE_STATUS", refused.code());
        JsonNode listed = api.get(kind.path()).json().path("items");
        assertEquals(0, listed.size(), listed.toString());
    }

}
