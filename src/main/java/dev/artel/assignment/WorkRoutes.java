package dev.artel.assignment;

import dev.artel.core.ObjectIds;
import dev.artel.http.RouteTable;

/** The worker's side of the crowd loop, on Artel's own API: find work, take it, answer or skip it, see earnings. */
public final class WorkRoutes {
    private final AssignmentService service;

    public WorkRoutes(AssignmentService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("getAvailablePools", req -> req.ok(service.availablePools(req.workerId())));
        routes.on("takeAssignment", req -> {
            AssignmentService.Taken taken = service.take(req.workerId(),
                    ObjectIds.parseOrNotFound(req.pathParam("pool_id")));
            if (taken.isNew()) {
                req.created(taken.assignment().workerView());
            } else {
                req.ok(taken.assignment().workerView());
            }
        });
        routes.on("getOwnAssignments", req -> req.ok(service.listOwn(req.workerId(), req.queryParams())));
        routes.on("getOwnAssignment", req -> req.ok(service.getOwn(req.workerId(), req.pathParam("id"))));
        routes.on("submitAssignment", req -> req.ok(service.submit(req.workerId(), req.pathParam("id"),
                req.body().path("solutions"))));
        routes.on("skipAssignment", req -> req.ok(service.skip(req.workerId(), req.pathParam("id"))));
        routes.on("getOwnEarnings", req -> req.ok(service.earnings(req.workerId())));
    }
}
