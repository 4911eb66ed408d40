package dev.artel.emulator.crowd;

import dev.artel.core.ObjectIds;
import dev.artel.emulator.Emulator;
import dev.artel.error.ApiException;
import dev.artel.http.RouteTable;

/**
 * The simulated crowd in artel-api.yaml: define, read or dismiss it, and read the true answers it is measured by.
 * Changes to the crowd run as emulator controls, one at a time and never during an advance.
 */
public final class CrowdRoutes {
    private final Emulator emulator;
    private final SimulatedCrowd crowd;
    private final TrueSolutions truths;

    public CrowdRoutes(Emulator emulator, SimulatedCrowd crowd, TrueSolutions truths) {
        this.emulator = emulator;
        this.crowd = crowd;
        this.truths = truths;
    }

    public void register(RouteTable routes) {
        routes.on("defineEmulatorCrowd", req -> req.ok(emulator.exclusively(() -> crowd.define(req.body()))));
        routes.on("getEmulatorCrowd", req -> {
            emulator.requireOn();
            req.ok(crowd.view());
        });
        routes.on("deleteEmulatorCrowd", req -> {
            emulator.exclusively(() -> {
                crowd.delete();
                return null;
            });
            req.noContent();
        });
        routes.on("getEmulatorTrueSolution", req -> {
            emulator.requireOn();
            req.ok(truths.ofTask(req.pathParam("id")));
        });
        routes.on("getEmulatorPoolTrueSolutions", req -> {
            emulator.requireOn();
            String after = req.queryParams().get("task_id_gt");
            req.ok(truths.ofPool(ObjectIds.parseOrNotFound(req.pathParam("id")), limit(req.queryParams().get("limit")),
                    after == null ? "" : after));
        });
    }

    private static int limit(String given) {
        if (given == null) {
            return TrueSolutions.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(given);
            if (limit >= 1 && limit <= TrueSolutions.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw ApiException.invalidField("limit", "VALUE_OUT_OF_RANGE", "limit must be a whole number from 1 to "
                + TrueSolutions.MAX_LIMIT);
    }
}
