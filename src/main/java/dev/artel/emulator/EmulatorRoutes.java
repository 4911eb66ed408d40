package dev.artel.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Timestamps;
import dev.artel.error.ApiException;
import dev.artel.http.RouteTable;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * The emulator's controls in artel-api.yaml: read the clock, move it to a time or advance it by a duration; reset
 * an account or everything; save, list, restore and delete named snapshots.
 */
public final class EmulatorRoutes {
    private final Emulator emulator;

    public EmulatorRoutes(Emulator emulator) {
        this.emulator = emulator;
    }

    public void register(RouteTable routes) {
        routes.on("getEmulatorClock", req -> req.ok(emulator.now()));
        routes.on("setEmulatorClock", req -> {
            JsonNode now = req.body().path("now");
            long target = Timestamps.parse(now.asText()).filter(t -> now.isTextual())
                    .orElseThrow(() -> ApiException.invalidField("now", "FIELD_REQUIRED", Timestamps.EXPECTED));
            req.ok(emulator.setTo(target));
        });
        routes.on("advanceEmulatorClock", req -> req.ok(emulator.advance(duration(req.body().path("by")))));
        routes.on("resetEmulator", req -> {
            JsonNode account = req.body().path("account_id");
            req.ok(emulator.reset(account.isTextual() ? account.asText() : null));
        });
        routes.on("createEmulatorSnapshot", req -> {
            Emulator.SavedSnapshot saved = emulator.saveSnapshot(req.body().path("name").asText());
            if (saved.replaced()) {
                req.ok(saved.view());
            } else {
                req.created(saved.view());
            }
        });
        routes.on("getEmulatorSnapshots", req -> req.ok(emulator.listSnapshots()));
        routes.on("restoreEmulatorSnapshot", req -> req.ok(emulator.restoreSnapshot(req.pathParam("name"))));
        routes.on("deleteEmulatorSnapshot", req -> {
            emulator.deleteSnapshot(req.pathParam("name"));
            req.noContent();
        });
    }

    /** Seconds as a number, or an ISO-8601 duration such as {@code PT90M} or {@code P30D}. */
    private static Duration duration(JsonNode by) {
        if (by.isIntegralNumber() && by.canConvertToLong()) {
            return Duration.ofSeconds(by.asLong());
        }
        if (by.isTextual()) {
            try {
                return Duration.parse(by.asText());
            } catch (DateTimeParseException e) {
                // falls through to the one message below
            }
        }
        throw ApiException.invalidField("by", "INVALID_FORMAT",
                "Expected whole seconds or an ISO-8601 duration such as PT90M or P30D");
    }
}
