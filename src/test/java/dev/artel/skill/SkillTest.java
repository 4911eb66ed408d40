package dev.artel.skill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Skills over HTTP: an account's own, and the global verified-language skills every account reads. */
class SkillTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static String create(ApiClient api, ObjectNode form) {
        ApiClient.Response created = api.post("/skills", form);
        assertEquals(201, created.status(), created.toString());
        return created.field("id");
    }

    @Test
    void aSkillIsCreatedReadAndReplacedWhole() {
        ApiClient api = server.newAccount();
        ApiClient.Response created = api.post("/skills", Fixtures.skill());
        assertEquals(201, created.status(), created.toString());
        JsonNode skill = created.json();
        assertTrue(Long.parseLong(skill.path("id").asText()) >= 1_000_000_000L, skill.toString());
        assertEquals(Fixtures.wireTime(server.clock().instant()), skill.path("created").asText());
        assertFalse(skill.path("global").asBoolean(true));
        assertTrue(skill.path("owner").path("myself").asBoolean(), skill.toString());
        assertEquals("Cat spotting", skill.path("name").asText());
        assertEquals(Fixtures.skill().get("public_requester_description"), skill.path("public_requester_description"));
        assertFalse(skill.path("hidden").asBoolean(true), "as sent");
        assertFalse(skill.path("deprecated").asBoolean(true), "Toloka's default");
        assertEquals(skill, api.get("/skills/" + skill.path("id").asText()).json());

        server.clock().advance(Duration.ofMinutes(5));
        ObjectNode form = Json.object().put("name", "Dog spotting").put("deprecated", true);
        ApiClient.Response replaced = api.put("/skills/" + skill.path("id").asText(), form);
        assertEquals(200, replaced.status(), replaced.toString());
        JsonNode after = api.get("/skills/" + skill.path("id").asText()).json();
        assertEquals("Dog spotting", after.path("name").asText());
        assertTrue(after.path("deprecated").asBoolean());
        assertTrue(after.path("hidden").asBoolean(), "hidden defaults to true: " + after);
        assertFalse(after.has("private_comment"), "a PUT replaces every field: " + after);
        assertEquals(skill.path("created"), after.path("created"));
        assertEquals(skill.path("id"), after.path("id"));
    }

    /** Created or replaced, a skill has a name: the PUT is held to the form, not to the view the spec gives. */
    @Test
    void aSkillNeedsAName() {
        ApiClient api = server.newAccount();
        ApiClient.Response refused = api.post("/skills", Json.object().put("hidden", true));
        assertEquals(400, refused.status(), refused.toString());
        assertEquals(Map.of("name", "VALUE_REQUIRED"), Fixtures.fieldCodes(refused));
        String id = create(api, Fixtures.skill());
        ApiClient.Response unnamed = api.put("/skills/" + id, Json.object().put("hidden", true));
        assertEquals(Map.of("name", "VALUE_REQUIRED"), Fixtures.fieldCodes(unnamed));
        assertEquals("Cat spotting", api.get("/skills/" + id).field("name"));
    }

    @Test
    void anotherAccountsSkillDoesNotExist() {
        String id = create(server.newAccount(), Fixtures.skill());
        ApiClient other = server.newAccount();
        assertEquals("DOES_NOT_EXIST", other.get("/skills/" + id).code());
        assertEquals("DOES_NOT_EXIST", other.put("/skills/" + id, Fixtures.skill()).code());
        assertEquals("DOES_NOT_EXIST", other.get("/skills/abc").code());
        assertEquals(404, other.get("/skills/99999999999999999999").status());
    }

    /** toloka-kit's {@code Languages.in_(..., verified=True)} ids, in every Artel, for every account, read only. */
    @Test
    void theVerifiedLanguageSkillsAreGlobalAndReadOnly() {
        List<ApiClient> accounts = List.of(server.newAccount(), server.newAccount());
        assertEquals(12, VerifiedLanguages.all().size());
        VerifiedLanguages.all().forEach((language, id) -> {
            for (ApiClient api : accounts) {
                ApiClient.Response skill = api.get("/skills/" + id);
                assertEquals(200, skill.status(), skill.toString());
                assertEquals(Long.toString(id), skill.field("id"));
                assertTrue(skill.json().path("global").asBoolean(), skill.toString());
                assertFalse(skill.json().has("owner"), skill.toString());
                assertEquals("Verified language: " + language, skill.field("name"));
            }
            ApiClient.Response refused = accounts.get(0).put("/skills/" + id, Fixtures.skill());
            assertEquals(403, refused.status(), refused.toString());
            assertEquals("ACCESS_DENIED", refused.code());
        });
        assertEquals("26366", VerifiedLanguages.skillId("EN").toString());
        assertEquals("26296", VerifiedLanguages.skillId("RU").toString());
    }

    @Test
    void listsFilterSortAndPageAsTolokaDescribes() {
        ApiClient api = server.newAccount();
        Map<String, String> ids = new LinkedHashMap<>();
        String start = Fixtures.wireTime(server.clock().instant());
        for (String letter : List.of("A", "B", "C")) {
            server.clock().advance(Duration.ofSeconds(1));
            ids.put(letter, create(api, Fixtures.skill().put("name", letter.equals("C") ? "A" : letter)));
        }
        String afterB = Fixtures.wireTime(server.clock().instant().minusMillis(500));
        server.clock().advance(Duration.ofSeconds(1));
        String beforePut = Fixtures.wireTime(server.clock().instant());
        assertEquals(200, api.put("/skills/" + ids.get("A"), Fixtures.skill().put("name", "A")).status());

        assertEquals("ABC", Fixtures.letters(ids, api.get("/skills?global=false")));
        assertEquals("AC", Fixtures.letters(ids, api.get("/skills?name=A")));
        assertEquals("", Fixtures.letters(ids, api.get("/skills?name=a")), "names match exactly");
        assertEquals("CBA", Fixtures.letters(ids, api.get("/skills?global=false&sort=-created")));
        assertEquals("CBA", Fixtures.letters(ids, api.get("/skills?global=false&sort=-id")));
        assertEquals("BC", Fixtures.letters(ids, api.get("/skills?id_gt=" + ids.get("A"))));
        assertEquals("AB", Fixtures.letters(ids, api.get("/skills?id_lte=" + ids.get("B") + "&global=false")));
        assertEquals("ABC", Fixtures.letters(ids, api.get("/skills?created_gte=" + start)));
        assertEquals("C", Fixtures.letters(ids, api.get("/skills?created_gt=" + afterB)));
        assertEquals("AB", Fixtures.letters(ids, api.get("/skills?created_lt=" + afterB + "&global=false")));
        assertEquals("A", Fixtures.letters(ids, api.get("/skills?modified_gte=" + beforePut)));
        assertEquals("BC", Fixtures.letters(ids, api.get("/skills?modified_lt=" + beforePut + "&global=false")));

        ApiClient.Response first = api.get("/skills?global=false&limit=2");
        assertEquals("AB", Fixtures.letters(ids, first));
        assertTrue(first.json().path("has_more").asBoolean());
        ApiClient.Response rest = api.get("/skills?global=false&limit=2&id_gt=" + ids.get("B"));
        assertEquals("C", Fixtures.letters(ids, rest));
        assertFalse(rest.json().path("has_more").asBoolean());

        // Without the global filter the list has both, the global skills first (their ids are smaller).
        List<String> all = Fixtures.ids(api.get("/skills?limit=300"));
        assertEquals(15, all.size(), all.toString());
        assertEquals(List.copyOf(ids.values()), all.subList(12, 15));
        List<String> global = Fixtures.ids(api.get("/skills?global=true"));
        assertEquals(all.subList(0, 12), global);
        assertTrue(global.contains("26366"), global.toString());

        assertEquals(Map.of("global", "BOOLEAN_EXPECTED"), Fixtures.fieldCodes(api.get("/skills?global=yes")));
        assertEquals(Map.of("sort", "INVALID_VALUE"), Fixtures.fieldCodes(api.get("/skills?sort=name")));
        assertEquals(Map.of("modified_gt", "INVALID_DATE_TIME_SYNTAX"),
                Fixtures.fieldCodes(api.get("/skills?modified_gt=yesterday")));
    }
}
