package dev.artel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Crowd;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pool filters decide who gets work, over HTTP: a worker the filter does not admit is not offered the pool and is
 * refused a take (403 ACCESS_DENIED); profile and computed attributes, skill values the requester sets, and the
 * verified languages of a profile all count, from the next request on.
 */
class FilterEnforcementTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    private static String openPool(ApiClient api, String filter) {
        ObjectNode form = Fixtures.reviewedPool(Fixtures.createProject(api));
        form.set("filter", Json.parseObject(filter));
        return Crowd.openPool(api, form, 5, 10);
    }

    private static ApiClient worker(String form) {
        return server.newWorker(Json.parseObject(form));
    }

    private static String id(ApiClient worker) {
        return worker.get("/worker/me").field("id");
    }

    /** Whether the worker is offered the pool and may take from it; the two always agree. */
    private static boolean admitted(ApiClient worker, String pool) {
        boolean offered = Fixtures.ids(worker.get("/worker/pools")).contains(pool);
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        if (taken.status() == 403) {
            assertEquals("ACCESS_DENIED", taken.code(), taken.toString());
            assertTrue(taken.field("message").contains("filter"), taken.toString());
            assertEquals(false, offered, "refused a take of a pool it is offered: " + taken);
            return false;
        }
        assertTrue(taken.status() == 201 || taken.status() == 200, taken.toString());
        assertEquals(true, offered, "took from a pool it is not offered: " + taken);
        return true;
    }

    @Test
    void profileAndComputedAttributesDecide() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, """
                {"and": [{"or": [{"category": "profile", "key": "languages", "operator": "IN", "value": "EN"}]},
                         {"or": [{"category": "profile", "key": "country", "operator": "EQ", "value": "US"},
                                 {"category": "computed", "key": "region_by_ip", "operator": "IN", "value": 225}]},
                         {"category": "computed", "key": "device_category", "operator": "NE",
                          "value": "SMARTPHONE"}]}
                """);
        assertTrue(admitted(worker("""
                {"profile": {"languages": ["EN"], "country": "US"},
                 "computed": {"device_category": "PERSONAL_COMPUTER"}}"""), pool));
        assertTrue(admitted(worker("{\"profile\": {\"languages\": [\"FR\", \"EN\"], \"country\": \"DE\"},"
                + " \"computed\": {\"region_by_ip\": 225}}"), pool), "an unknown device is no smartphone");
        assertEquals(false, admitted(worker("{\"profile\": {\"languages\": [\"RU\"], \"country\": \"US\"}}"), pool));
        assertEquals(false, admitted(worker("{\"profile\": {\"languages\": [\"EN\"], \"country\": \"DE\"}}"), pool));
        assertEquals(false, admitted(worker("""
                {"profile": {"languages": ["EN"], "country": "US"}, "computed": {"device_category": "SMARTPHONE"}}"""),
                pool));
    }

    @Test
    void skillValuesTheRequesterSetsDecideFromTheNextRequestOn() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Fixtures.skill()).field("id");
        String pool = openPool(api, "{\"and\": [{\"category\": \"skill\", \"key\": \"" + skill
                + "\", \"operator\": \"GTE\", \"value\": 70}]}");
        ApiClient worker = server.newWorker();
        assertEquals(false, admitted(worker, pool), "no value");
        assertEquals(200, api.put("/user-skills", Fixtures.userSkill(skill, id(worker), 69.5)).status());
        assertEquals(false, admitted(worker, pool), "69.5 rounds to 70, but the exact value is compared");
        assertEquals(200, api.put("/user-skills", Fixtures.userSkill(skill, id(worker), 70)).status());
        assertTrue(admitted(worker, pool));

        // Another requester's pool cannot read this requester's values, even naming the same skill.
        ApiClient other = server.newAccount();
        String foreign = openPool(other, "{\"category\": \"skill\", \"key\": \"" + skill
                + "\", \"operator\": \"GTE\", \"value\": 70}");
        assertEquals(false, admitted(worker, foreign));
    }

    /** filter-skill.md: EQ without a value selects "Tolokers without a skill"; NE without one, those who have it. */
    @Test
    void aSkillConditionWithoutAValueSelectsByHavingTheSkill() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Fixtures.skill()).field("id");
        String newcomers = openPool(api, "{\"category\": \"skill\", \"key\": " + skill + ", \"operator\": \"EQ\"}");
        String regulars = openPool(api, "{\"category\": \"skill\", \"key\": \"" + skill
                + "\", \"operator\": \"NE\", \"value\": null}");
        ApiClient worker = server.newWorker();
        assertTrue(admitted(worker, newcomers));
        assertEquals(false, admitted(worker, regulars));
        String value = api.put("/user-skills", Fixtures.userSkill(skill, id(worker), 0)).field("id");
        assertEquals(false, admitted(worker, newcomers));
        assertTrue(admitted(worker, regulars));
        assertEquals(204, api.send("DELETE", "/user-skills/" + value, null, null).status());
        assertTrue(admitted(worker, newcomers));
    }

    @Test
    void aSkillValuePastItsLifetimeNoLongerCounts() {
        ApiClient api = server.newAccount();
        String skill = api.post("/skills", Fixtures.skill().put("skill_ttl_hours", 1)).field("id");
        String pool = openPool(api, "{\"category\": \"skill\", \"key\": \"" + skill
                + "\", \"operator\": \"GT\", \"value\": 50}");
        ApiClient worker = server.newWorker();
        assertEquals(200, api.put("/user-skills", Fixtures.userSkill(skill, id(worker), 90)).status());
        server.clock().advance(Duration.ofHours(1).minusMillis(1));
        assertTrue(admitted(worker, pool));
        server.clock().advance(Duration.ofMillis(1));
        assertEquals(false, admitted(worker, pool));
    }

    /** The filter toloka-kit sends for {@code Languages.in_('EN', verified=True)}: the language and its skill. */
    @Test
    void verifiedLanguagesOfTheProfileSetTheGlobalSkills() {
        ApiClient api = server.newAccount();
        String pool = openPool(api, """
                {"and": [{"or": [{"category": "profile", "key": "languages", "operator": "IN", "value": "EN"}]},
                         {"or": [{"category": "skill", "key": "26366", "operator": "EQ", "value": 100}]}]}
                """);
        ApiClient verified = worker("{\"profile\": {\"languages\": [\"EN\"], \"verified_languages\": [\"EN\"]}}");
        ApiClient claims = worker("{\"profile\": {\"languages\": [\"EN\"], \"verified_languages\": [\"RU\"]}}");
        assertTrue(admitted(verified, pool));
        assertEquals(false, admitted(claims, pool));
        assertEquals(0, Fixtures.ids(api.get("/user-skills?user_id=" + id(verified))).size(),
                "verified languages are not the requester's skill values");
        ApiClient.Response refused = server.operator().post("/operator/workers",
                Json.parseObject("{\"name\": \"x\", \"profile\": {\"verified_languages\": [\"XX\"]}}"));
        assertEquals(Map.of("profile.verified_languages.0", "UNKNOWN_ENUM_VALUE"), Fixtures.fieldCodes(refused));
    }

    @Test
    void aPoolWithAFilterTolokaWouldRefuseIsNotStored() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.set("filter", Json.parseObject("{\"and\": [{\"or\": [{\"category\": \"profile\", \"key\": \"languages\","
                + " \"operator\": \"EQ\", \"value\": \"EN\"}]}]}"));
        ApiClient.Response refused = api.post("/pools", form);
        assertEquals(400, refused.status(), refused.toString());
        assertEquals(Map.of("filter.and.0.or.0.operator", "UNKNOWN_ENUM_VALUE"), Fixtures.fieldCodes(refused));

        String pool = api.post("/pools", Fixtures.pool(project)).field("id");
        ApiClient.Response replaced = api.put("/pools/" + pool, form);
        assertEquals(400, replaced.status(), replaced.toString());
        assertEquals(Fixtures.pool(project).get("filter"), api.get("/pools/" + pool).json().get("filter"));
    }
}
