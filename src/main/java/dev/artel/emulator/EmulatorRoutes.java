package dev.artel.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.core.Timestamps;
import dev.artel.error.ApiException;
import dev.artel.http.RouteTable;
import java.time.Duration;
import java.time.format.DateTimeParseException;

/** The emulator's clock in artel-api.yaml: read it, move it to a time, or advance it by a duration. */
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
