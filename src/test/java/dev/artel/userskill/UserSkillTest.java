package dev.artel.userskill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Workers' skill values over HTTP: set, read, list, remove, and their lifetime. */
class UserSkillTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static String skill(ApiClient api) {
        return api.post("/skills", Fixtures.skill().without("skill_ttl_hours")).field("id");
    }

    private static String worker() {
        return server.newWorker().get("/worker/me").field("id");
    }

    private static JsonNode set(ApiClient api, String skill, String worker, double value) {
        ApiClient.Response set = api.put("/user-skills", Fixtures.userSkill(skill, worker, value));
        assertEquals(200, set.status(), set.toString());
        return set.json();
    }

    /** {@code value} is {@code exact_value} rounded to the nearest integer, halves up. */
    @ParameterizedTest
    @CsvSource({"50, 50, 50", "33.4, 33, 33.4", "50.5, 51, 50.5", "99.5, 100, 99.5", "0, 0, 0", "100, 100, 100",
            "0.49999, 0, 0.49999", "66.66666666666667, 67, 66.66666666666667"})
    void theValueIsTheExactValueRounded(double sent, int value, String exact) {
        ApiClient api = server.newAccount();
        JsonNode set = set(api, skill(api), worker(), sent);
        assertEquals(value, set.path("value").intValue(), set.toString());
        assertTrue(set.path("value").isInt(), set.toString());
        assertEquals(Json.parseObject("{\"v\": " + exact + "}").get("v").decimalValue().compareTo(
                set.path("exact_value").decimalValue()), 0, set.toString());
    }

    @Test
    void settingAgainChangesTheValueAndKeepsTheIdAndCreation() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String worker = worker();
        JsonNode first = set(api, skill, worker, 40);
        assertEquals(skill, first.path("skill_id").asText());
        assertEquals(worker, first.path("user_id").asText());
        assertEquals("good answers", first.path("reason").asText(), "the form's other fields are kept");
        assertEquals(first.path("created"), first.path("modified"));
        server.clock().advance(Duration.ofHours(1));
        JsonNode second = set(api, skill, worker, 75.25);
        assertEquals(first.path("id"), second.path("id"));
        assertEquals(first.path("created"), second.path("created"));
        assertEquals(Fixtures.wireTime(server.clock().instant()), second.path("modified").asText());
        assertEquals(75, second.path("value").asInt());
        assertEquals(second, api.get("/user-skills/" + second.path("id").asText()).json());
        assertEquals(List.of(second.path("id").asText()), Fixtures.ids(api.get("/user-skills?skill_id=" + skill)));
    }

    @Test
    void whatTheValueNamesMustExist() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String worker = worker();
        Map<String, String> refusals = new LinkedHashMap<>();
        refusals.put("user_id", Json.write(Fixtures.userSkill(skill, "0123456789abcdef0123456789abcdef", 1)));
        refusals.put("skill_id", Json.write(Fixtures.userSkill("1", worker, 1)));
        refusals.forEach((field, body) -> {
            ApiClient.Response refused = api.send("PUT", "/user-skills", body, "application/json");
            assertEquals(400, refused.status(), refused.toString());
            assertEquals(Map.of(field, "DOES_NOT_EXIST"), Fixtures.fieldCodes(refused));
        });
        assertEquals(Map.of("skill_id", "DOES_NOT_EXIST"),
                Fixtures.fieldCodes(api.put("/user-skills", Fixtures.userSkill("not-a-number", worker, 1))));
        assertEquals(Map.of("value", "VALUE_GREATER_THAN_MAX"),
                Fixtures.fieldCodes(api.put("/user-skills", Fixtures.userSkill(skill, worker, 100.5))));
        assertEquals(Map.of("value", "VALUE_LESS_THAN_MIN"),
                Fixtures.fieldCodes(api.put("/user-skills", Fixtures.userSkill(skill, worker, -1))));
        ApiClient.Response global = api.put("/user-skills", Fixtures.userSkill("26366", worker, 100));
        assertEquals(403, global.status(), global.toString());
        assertEquals("ACCESS_DENIED", global.code());
        assertEquals(0, Fixtures.ids(api.get("/user-skills")).size(), "nothing was stored");
    }

    @Test
    void aRemovedValueIsGone() {
        ApiClient api = server.newAccount();
        String skill = skill(api);
        String worker = worker();
        String id = set(api, skill, worker, 10).path("id").asText();
        ApiClient.Response removed = api.send("DELETE", "/user-skills/" + id, null, null);
        assertEquals(204, removed.status(), removed.toString());
        assertEquals("DOES_NOT_EXIST", api.get("/user-skills/" + id).code());
        assertEquals("DOES_NOT_EXIST", api.send("DELETE", "/user-skills/" + id, null, null).code());
        assertEquals(List.of(), Fixtures.ids(api.get("/user-skills?user_id=" + worker)));
        JsonNode again = set(api, skill, worker, 20);
        assertFalse(again.path("id").asText().equals(id), "a new value is a new object: " + again);
    }

    @Test
    void anotherAccountsValuesDoNotExist() {
        ApiClient owner = server.newAccount();
        String id = set(owner, skill(owner), worker(), 10).path("id").asText();
        ApiClient other = server.newAccount();
        assertEquals("DOES_NOT_EXIST", other.get("/user-skills/" + id).code());
        assertEquals("DOES_NOT_EXIST", other.send("DELETE", "/user-skills/" + id, null, null).code());
        assertEquals(200, owner.get("/user-skills/" + id).status(), "still there");
    }

    /** {@code skill_ttl_hours}: "removed from the Toloker's profile if the skill level hasn't been updated". */
    @Test
    void aValueLivesTheSkillsLifetimeAfterItsLastChange() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Fixtures.skill().put("skill_ttl_hours", 2)).field("id");
        String worker = worker();
        String id = set(api, skill, worker, 10).path("id").asText();
        server.clock().advance(Duration.ofHours(1));
        assertEquals(id, set(api, skill, worker, 11).path("id").asText(), "a change renews the lifetime");
        server.clock().advance(Duration.ofHours(2).minusMillis(1));
        assertEquals(200, api.get("/user-skills/" + id).status());
        server.clock().advance(Duration.ofMillis(1));
        assertEquals("DOES_NOT_EXIST", api.get("/user-skills/" + id).code());
        assertEquals(List.of(), Fixtures.ids(api.get("/user-skills?skill_id=" + skill)));
        assertEquals("DOES_NOT_EXIST", api.send("DELETE", "/user-skills/" + id, null, null).code());
        JsonNode renewed = set(api, skill, worker, 12);
        assertFalse(renewed.path("id").asText().equals(id), renewed.toString());
        assertEquals(Fixtures.wireTime(server.clock().instant()), renewed.path("created").asText());
    }

    @Test
    void listsFilterSortAndPageAsTolokaDescribes() {
        ApiClient api = server.newAccount();
        String skillA = skill(api);
        String skillB = skill(api);
        String ann = worker();
        String bob = worker();
        String start = Fixtures.wireTime(server.clock().instant());
        Map<String, String> ids = new LinkedHashMap<>();
        server.clock().advance(Duration.ofSeconds(1));
        ids.put("a", set(api, skillA, ann, 10).path("id").asText());
        server.clock().advance(Duration.ofSeconds(1));
        ids.put("b", set(api, skillA, bob, 20).path("id").asText());
        server.clock().advance(Duration.ofSeconds(1));
        ids.put("c", set(api, skillB, ann, 30).path("id").asText());
        server.clock().advance(Duration.ofSeconds(1));
        String beforeChange = Fixtures.wireTime(server.clock().instant());
        set(api, skillA, ann, 15);

        assertEquals("abc", Fixtures.letters(ids, api.get("/user-skills")));
        assertEquals("ac", Fixtures.letters(ids, api.get("/user-skills?user_id=" + ann)));
        assertEquals("ab", Fixtures.letters(ids, api.get("/user-skills?skill_id=" + skillA)));
        assertEquals("a", Fixtures.letters(ids, api.get("/user-skills?skill_id=" + skillA + "&user_id=" + ann)));
        assertEquals("cba", Fixtures.letters(ids, api.get("/user-skills?sort=-created")));
        assertEquals("bca", Fixtures.letters(ids, api.get("/user-skills?sort=modified")));
        assertEquals("a", Fixtures.letters(ids, api.get("/user-skills?modified_gte=" + beforeChange)));
        assertEquals("bc", Fixtures.letters(ids, api.get("/user-skills?modified_lt=" + beforeChange)));
        assertEquals("abc", Fixtures.letters(ids, api.get("/user-skills?created_gt=" + start)));
        assertEquals("bc", Fixtures.letters(ids, api.get("/user-skills?id_gt=" + ids.get("a"))));
        assertEquals("a", Fixtures.letters(ids, api.get("/user-skills?id_lt=" + ids.get("b"))));
        ApiClient.Response page = api.get("/user-skills?limit=2&sort=id");
        assertEquals("ab", Fixtures.letters(ids, page));
        assertTrue(page.json().path("has_more").asBoolean());
        assertEquals("", Fixtures.letters(ids, api.get("/user-skills?skill_id=abc")), "no such skill, no values");
        assertEquals(Map.of("sort", "INVALID_VALUE"), Fixtures.fieldCodes(api.get("/user-skills?sort=value")));
    }
}
