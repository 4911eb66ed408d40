package dev.artel.skill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.TestServer;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An emulator's reset of every account takes the accounts' skills, skill values and restrictions, and leaves the
 * global skills, which are no account's: they exist in every Artel.
 */
class SkillsAfterResetTest {
    @Test
    void aResetKeepsTheGlobalSkillsAndTakesTheAccountsOwn() {
        try (TestServer server = TestServer.startOnOwnDatabase(b -> b.emulator(true))) {
            ApiClient api = server.newAccount();
            String worker = server.newWorker().get("/worker/me").field("id");
            String skill = api.post("/skills", Fixtures.skill()).field("id");
            String value = api.put("/user-skills", Fixtures.userSkill(skill, worker, 50)).field("id");
            String restriction = api.put("/user-restrictions", Json.object().put("scope", "ALL_PROJECTS")
                    .put("user_id", worker)).field("id");

            ApiClient.Response reset = server.operator().post("/emulator/reset", Json.object());
            assertEquals(200, reset.status(), reset.toString());

            assertEquals(404, api.get("/skills/" + skill).status());
            assertEquals(404, api.get("/user-skills/" + value).status());
            assertEquals(404, api.get("/user-restrictions/" + restriction).status());
            List<String> global = Fixtures.ids(api.get("/skills"));
            assertEquals(12, global.size(), global.toString());
            assertEquals(200, api.get("/skills/26366").status());
        }
    }
}
