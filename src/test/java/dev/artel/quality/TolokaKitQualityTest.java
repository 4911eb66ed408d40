package dev.artel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Skills, skill values, restrictions and user metadata as toloka-kit 1.2.3 asks for them: each body and query string
 * is what its client methods send (read from {@code toloka/client/__init__.py} and the objects' unstructuring: unset
 * attributes left out, datetimes as naive UTC ISO text, Decimals as JSON numbers, {@code get_*} generators paging
 * with {@code sort=id} and {@code id_gt}), and each answer is checked for what the kit reads back from it.
 */
class TolokaKitQualityTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /** {@code create_skill(name=..., public_requester_description={'EN': ..., 'FR': ...})}. */
    private static final String SKILL = """
            {"name": "Area selection of road signs",
             "public_requester_description": {"EN": "Tolokers annotate road signs",
                                              "FR": "Les Tolokers annotent les signaux routier"}}
            """;

    /**
     * {@code Pool(..., filter=Languages.in_('EN', verified=True) & (Skill(skill_id) >= 70))}: the kit turns the
     * verified language into the language and its skill at 100, and wraps each condition of an {@code and} into an
     * {@code or} of one.
     */
    private static final String POOL = """
            {"project_id": "%s", "private_name": "signs", "may_contain_adult_content": false,
             "reward_per_assignment": 0.02, "assignment_max_duration_seconds": 600,
             "defaults": {"default_overlap_for_new_task_suites": 3, "default_overlap_for_new_tasks": 3},
             "will_expire": "%s", "auto_accept_solutions": false, "quality_control": {"configs": []},
             "mixer_config": {"real_tasks_count": 1, "golden_tasks_count": 0, "training_tasks_count": 0},
             "filter": {"and": [{"or": [{"category": "profile", "key": "languages", "operator": "IN", "value": "EN"}]},
                                {"or": [{"category": "skill", "key": "26366", "operator": "EQ", "value": 100}]},
                                {"or": [{"category": "skill", "key": "%s", "operator": "GTE", "value": 70}]}]}}
            """;

    private static ApiClient.Response kit(ApiClient api, String method, String path, String body) {
        return api.send(method, path, body, body == null ? null : "application/json");
    }

    /** How the kit writes a naive UTC datetime: microseconds, no zone. */
    private static String kitTime(Duration fromNow) {
        return LocalDateTime.ofInstant(server.clock().instant().plus(fromNow), ZoneOffset.UTC).plusNanos(123_456_000)
                .toString();
    }

    /** What a {@code get_*} generator yields: pages by {@code sort=id} and {@code id_gt} of the last id. */
    private static List<JsonNode> everything(ApiClient api, String path, String query, int batch) {
        List<JsonNode> items = new ArrayList<>();
        String next = "";
        while (true) {
            JsonNode page = api.get(path + "?" + query + "&sort=id&limit=" + batch + next).json();
            page.path("items").forEach(items::add);
            if (!page.path("has_more").asBoolean()) {
                return items;
            }
            next = "&id_gt=" + items.get(items.size() - 1).path("id").asText();
        }
    }

    @Test
    void skillsAndValuesAsTheKitSetsAndFindsThem() {
        ApiClient api = server.newAccount();
        JsonNode skill = kit(api, "POST", "/skills", SKILL).json();
        String skillId = skill.path("id").asText();
        // The kit's Skill: id and created read only, owner, hidden defaulted; it builds the web link from the id.
        assertTrue(skill.path("owner").path("myself").asBoolean(), skill.toString());
        assertTrue(skill.path("hidden").asBoolean(), skill.toString());

        // next(toloka_client.get_skills(name=...), None): "How to check that a skill exists".
        String name = URLEncoder.encode("Area selection of road signs", StandardCharsets.UTF_8);
        assertEquals(List.of(skillId), everything(api, "/skills", "name=" + name, 50).stream()
                .map(s -> s.path("id").asText()).toList());
        assertEquals(List.of(), everything(api, "/skills", "name=Road", 50));

        // update_skill(skill_id, skill): the skill read back, hidden changed, sent whole with its read-only fields.
        JsonNode read = api.get("/skills/" + skillId).json();
        String changed = Json.write(((ObjectNode) read.deepCopy()).put("hidden", false));
        JsonNode updated = kit(api, "PUT", "/skills/" + skillId, changed).json();
        assertFalse(updated.path("hidden").asBoolean(true), updated.toString());
        assertEquals(read.path("created"), updated.path("created"));

        // set_user_skill(skill_id=..., user_id=..., value=Decimal(100)) for three workers, then find them all.
        List<String> workers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String worker = server.newWorker().get("/worker/me").field("id");
            workers.add(worker);
            JsonNode value = kit(api, "PUT", "/user-skills", "{\"skill_id\": \"" + skillId + "\", \"user_id\": \""
                    + worker + "\", \"value\": " + (i == 2 ? "66.5" : "100") + "}").json();
            assertEquals(i == 2 ? 67 : 100, value.path("value").asInt(), value.toString());
            assertEquals(skillId, value.path("skill_id").asText());
        }
        // get_user_skills(skill_id=..., batch_size=2): two pages.
        List<JsonNode> values = everything(api, "/user-skills", "skill_id=" + skillId, 2);
        assertEquals(workers, values.stream().map(v -> v.path("user_id").asText()).toList());
        assertEquals(66.5, values.get(2).path("exact_value").asDouble());
        // find_user_skills(user_id=...), then delete_user_skill(user_skill_id): 204 with no body.
        JsonNode own = api.get("/user-skills?user_id=" + workers.get(0)).json().path("items").get(0);
        ApiClient.Response deleted = kit(api, "DELETE", "/user-skills/" + own.path("id").asText(), null);
        assertEquals(204, deleted.status(), deleted.toString());
        assertEquals(2, everything(api, "/user-skills", "skill_id=" + skillId, 50).size());
    }

    @Test
    void restrictionsAsTheKitSetsFindsAndLiftsThem() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        ApiClient worker = server.newWorker();
        String workerId = worker.get("/worker/me").field("id");
        // set_user_restriction(ProjectUserRestriction(user_id=..., private_comment=..., project_id=...,
        // will_expire=datetime.utcnow() + timedelta(days=1))).
        String until = kitTime(Duration.ofDays(1));
        JsonNode project1 = kit(api, "PUT", "/user-restrictions", """
                {"scope": "PROJECT", "user_id": "%s", "private_comment": "The Toloker often makes mistakes",
                 "will_expire": "%s", "project_id": "%s"}""".formatted(workerId, until, project)).json();
        // The kit picks the subclass by scope, and reads will_expire back as it sent it.
        assertEquals("PROJECT", project1.path("scope").asText());
        assertEquals(project, project1.path("project_id").asText());
        assertEquals(until, project1.path("will_expire").asText());
        // AllProjectsUserRestriction(user_id=..., private_comment=...): for ever.
        JsonNode all = kit(api, "PUT", "/user-restrictions", """
                {"scope": "ALL_PROJECTS", "user_id": "%s", "private_comment": "Low response quality"}"""
                .formatted(workerId)).json();
        assertFalse(all.has("will_expire"), all.toString());

        // list(toloka_client.get_user_restrictions(scope='ALL_PROJECTS')), then by user.
        assertEquals(List.of(all.path("id").asText()), everything(api, "/user-restrictions", "scope=ALL_PROJECTS", 50)
                .stream().map(r -> r.path("id").asText()).toList());
        assertEquals(2, everything(api, "/user-restrictions", "user_id=" + workerId, 1).size());
        // get_user_restriction(user_restriction_id), then delete_user_restriction(...): 204 with no body.
        assertEquals(all, api.get("/user-restrictions/" + all.path("id").asText()).json());
        ApiClient.Response lifted = kit(api, "DELETE", "/user-restrictions/" + all.path("id").asText(), null);
        assertEquals(204, lifted.status(), lifted.toString());
        assertEquals("", lifted.text());
        // SystemUserRestriction is the kit's too, but only the platform sets it.
        assertEquals("SYSTEM_SCOPE_MODIFICATION", kit(api, "PUT", "/user-restrictions",
                "{\"scope\": \"SYSTEM\", \"user_id\": \"" + workerId + "\"}").code());
    }

    /** {@code get_user(user_id)}: the kit's User with its Attributes. */
    @Test
    void userMetadataAsTheKitReadsIt() {
        ApiClient worker = server.newWorker(Json.parseObject("""
                {"profile": {"country": "GB", "languages": ["EN"], "adult_allowed": false},
                 "computed": {"region_by_ip": 102, "client_type": "BROWSER", "os_family": "LINUX"}}"""));
        String id = worker.get("/worker/me").field("id");
        JsonNode user = server.newAccount().get("/user-metadata/" + id).json();
        assertEquals(id, user.path("id").asText());
        assertEquals("GB", user.path("country").asText());
        assertEquals("[\"EN\"]", user.path("languages").toString());
        assertFalse(user.path("adult_allowed").asBoolean(true));
        assertEquals("GB", user.path("attributes").path("country_by_ip").asText());
        assertEquals("LINUX", user.path("attributes").path("os_family").asText());
    }

    /** The kit's filter with a verified language and a skill, on a pool the kit creates, decides who works. */
    @Test
    void aPoolWithTheKitsFilterIsForVerifiedSkilledWorkersOnly() {
        ApiClient api = server.newAccount();
        String project = Fixtures.createProject(api);
        String skill = kit(api, "POST", "/skills", SKILL).field("id");
        ApiClient.Response created = kit(api, "POST", "/pools", POOL.formatted(project, kitTime(Duration.ofDays(1)),
                skill));
        assertEquals(201, created.status(), created.toString());
        String pool = created.field("id");
        assertEquals(Json.parseObject(POOL.formatted(project, "x", skill)).get("filter"), created.json().get("filter"));
        ApiClient.Response tasks = api.post("/tasks?allow_defaults=true&open_pool=true", Json.parseObject(
                "{\"pool_id\": \"" + pool + "\", \"input_values\": {\"image\": \"http://127.0.0.1/sign.png\"}}"));
        assertEquals(201, tasks.status(), tasks.toString());

        ApiClient verified = server.newWorker(Json.parseObject(
                "{\"profile\": {\"languages\": [\"EN\"], \"verified_languages\": [\"EN\"]}}"));
        ApiClient unverified = server.newWorker();
        for (ApiClient worker : List.of(verified, unverified)) {
            String id = worker.get("/worker/me").field("id");
            assertEquals(200, kit(api, "PUT", "/user-skills", "{\"skill_id\": \"" + skill + "\", \"user_id\": \""
                    + id + "\", \"value\": 85}").status());
        }
        assertTrue(Fixtures.ids(verified.get("/worker/pools")).contains(pool));
        assertEquals(201, verified.post("/worker/pools/" + pool + "/assignments").status());
        assertFalse(Fixtures.ids(unverified.get("/worker/pools")).contains(pool));
        assertEquals(403, unverified.post("/worker/pools/" + pool + "/assignments").status());
    }
}
