package dev.artel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator's virtual clock over HTTP: what moving it fires, when, and who may move it. */
class EmulatorClockTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.emulator(true));

    private static long now(ApiClient operator) {
        return Timestamps.parse(operator.get("/emulator/clock").field("now")).orElseThrow();
    }

    @Test
    void advancingFiresEachTimerAtItsOwnDueTimeAndAnswersAfterIt() {
        ApiClient api = server.newAccount();
        ApiClient operator = server.operator();
        JsonNode assignment = Requester.take(server.newWorker(), Requester.openPool(api, 2));
        long created = Timestamps.parse(assignment.path("created").asText()).orElseThrow();
        long before = now(operator);

        JsonNode moved = operator.post("/emulator/clock/advance", Json.object().put("by", "PT2H")).json();
        assertEquals(before + 7_200_000, Timestamps.parse(moved.path("now").asText()).orElseThrow());
        assertTrue(moved.path("timers_fired").asInt() >= 1, moved.toString());
        JsonNode expired = api.get("/assignments/" + assignment.path("id").asText()).json();
        assertEquals("EXPIRED", expired.path("status").asText());
        // At the minute it was due, not at the end of the two hours.
        assertEquals(Timestamps.format(created + 60_000), expired.path("expired").asText());
    }

    @Test
    void theClockMovesForwardOnlyAndTakesSecondsOrDurations() {
        ApiClient operator = server.operator();
        long before = now(operator);
        assertEquals(before + 90_000, Timestamps.parse(operator.post("/emulator/clock/advance",
                Json.object().put("by", 90)).field("now")).orElseThrow());
        String later = Timestamps.format(before + 86_400_000);
        assertEquals(later, operator.put("/emulator/clock", Json.object().put("now", later)).field("now"));
        assertEquals(later, operator.get("/emulator/clock").field("now"));

        ApiClient.Response back = operator.put("/emulator/clock", Json.object().put("now",
                Timestamps.format(before)));
        assertEquals(400, back.status(), back.toString());
        assertEquals("VALIDATION_ERROR", back.code());
        assertTrue(back.json().path("payload").has("now"), back.toString());
        for (Object bad : new Object[] {"soon", -5, "-PT1H"}) {
            ObjectNode body = Json.object();
            body.set("by", Json.mapper().valueToTree(bad));
            ApiClient.Response refused = operator.post("/emulator/clock/advance", body);
            assertEquals(400, refused.status(), bad + ": " + refused);
        }
        assertEquals(later, operator.get("/emulator/clock").field("now"), "a refused move moves nothing");
    }

    @Test
    void aRequesterTokenMovesNothing() {
        ApiClient api = server.newAccount();
        ApiClient asRequester = server.client(api.token()).artelApi();
        ApiClient.Response refused = asRequester.post("/emulator/clock/advance", Json.object().put("by", 60));
        assertTrue(refused.status() == 401 || refused.status() == 403, refused.toString());
        assertEquals(401, server.anonymous().artelApi().get("/emulator/clock").status());
    }

    @Test
    void aRestartedEmulatorGoesOnFromTheTimeItReached() {
        try (TestServer own = TestServer.start(b -> b.emulator(true))) {
            ApiClient operator = own.operator();
            long reached = Timestamps.parse(operator.post("/emulator/clock/advance",
                    Json.object().put("by", "P30D")).field("now")).orElseThrow();
            own.clock().set(reached - 86_400_000L * 40);
            own.restart();
            assertEquals(reached, now(own.operator()));
        }
    }

    @Test
    void aServerThatIsNoEmulatorRefusesEveryControl() {
        try (TestServer production = TestServer.start()) {
            ApiClient operator = production.operator();
            for (ApiClient.Response refused : new ApiClient.Response[] {operator.get("/emulator/clock"),
                    operator.post("/emulator/clock/advance", Json.object().put("by", 60)),
                    operator.put("/emulator/clock", Json.object().put("now", "2030-01-01T00:00:00"))}) {
                assertEquals(403, refused.status(), refused.toString());
                assertEquals("EMULATOR_OFF", refused.code());
                assertTrue(refused.json().path("message").asText().contains("--emulator"), refused.toString());
            }
        }
    }
}
