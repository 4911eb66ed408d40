package dev.artel.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The rows of Toloka's rate-limit table for skills: "Create skills" 10 a minute and 100 a day, "Assign skills"
 * 100,000 a day, per account, on the server's clock.
 */
class SkillQuotaTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration MILLI = Duration.ofMillis(1);
    private static final long SEEDED_CALLS = 99_999;
    private static final String METHOD = "upsertUserSkill";

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.rateLimits(true));

    private static void assertTooMany(ApiClient.Response response, String interval, String limit) {
        assertEquals(429, response.status(), response.toString());
        assertEquals("TOO_MANY_REQUESTS", response.code(), response.toString());
        assertEquals(Json.object().put("interval", interval), response.json().path("payload"), response.toString());
        assertEquals("Too many requests: the limit is " + limit, response.field("message"));
    }

    private static void createSkills(ApiClient api, int count) {
        for (int i = 0; i < count; i++) {
            ApiClient.Response created = api.post("/skills", Fixtures.skill());
            assertEquals(201, created.status(), "skill " + i + ": " + created);
        }
    }

    @Test
    void tenSkillsAMinuteAndAHundredADay() {
        ApiClient api = server.newAccount();
        createSkills(api, 10);
        assertTooMany(api.post("/skills", Fixtures.skill()), "MIN", "10 per minute");
        server.clock().advance(MINUTE.minus(MILLI));
        assertTooMany(api.post("/skills", Fixtures.skill()), "MIN", "10 per minute");
        server.clock().advance(MILLI);
        createSkills(api, 10);
        for (int minute = 2; minute < 10; minute++) {
            server.clock().advance(MINUTE);
            createSkills(api, 10);
        }
        server.clock().advance(MINUTE);
        assertTooMany(api.post("/skills", Fixtures.skill()), "DAY", "100 per day");
        assertEquals(200, api.put("/skills/" + Fixtures.ids(api.get("/skills?global=false")).get(0),
                Fixtures.skill()).status(), "changing a skill is not creating one");
        createSkills(server.newAccount(), 10);
    }

    /** All but one of a day's 100,000 calls are seeded as the limiter records them: sending them takes minutes. */
    @Test
    void aHundredThousandSkillValuesADay() {
        ApiClient api = server.newAccount();
        String account = server.artel().accounts().authenticate(api.token()).orElseThrow().id();
        String skill = api.post("/skills", Fixtures.skill()).field("id");
        String worker = server.newWorker().get("/worker/me").field("id");
        long earlier = server.clock().millis() - Duration.ofHours(1).toMillis();
        server.artel().database().inTransaction(h -> {
            h.update("INSERT INTO rate_limit_events (account_id, method, at) VALUES (?, ?, ?)", account, METHOD,
                    earlier);
            // Doubled in the database: a hundred thousand single inserts take a minute on a busy machine.
            for (long seeded = 1; seeded < SEEDED_CALLS; seeded *= 2) {
                h.update("INSERT INTO rate_limit_events (account_id, method, at) SELECT account_id, method, at"
                        + " FROM rate_limit_events WHERE account_id = ? AND method = ? FETCH FIRST "
                        + Math.min(seeded, SEEDED_CALLS - seeded) + " ROWS ONLY", account, METHOD);
            }
            return null;
        });
        long seeded = server.artel().database().oneStatement(h -> h.queryLong(
                "SELECT COUNT(*) FROM rate_limit_events WHERE account_id = ? AND method = ?", account, METHOD));
        assertEquals(SEEDED_CALLS, seeded);

        ObjectNode value = Fixtures.userSkill(skill, worker, 50);
        assertEquals(200, api.put("/user-skills", value).status());
        assertTooMany(api.put("/user-skills", value), "DAY", "100000 per day");
        ApiClient other = server.newAccount();
        String otherSkill = other.post("/skills", Fixtures.skill()).field("id");
        assertEquals(200, other.put("/user-skills", Fixtures.userSkill(otherSkill, worker, 50)).status(),
                "each account has its own count");
        server.clock().advance(Duration.ofHours(23).minus(MILLI));
        assertTooMany(api.put("/user-skills", value), "DAY", "100000 per day");
        server.clock().advance(MILLI);
        assertEquals(200, api.put("/user-skills", value).status(), "the seeded calls are a day old");
    }
}
