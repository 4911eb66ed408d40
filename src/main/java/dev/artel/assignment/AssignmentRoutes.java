package dev.artel.assignment;

import dev.artel.http.RouteTable;

/** The requester's side of assignments: read them, and accept or reject the submitted ones. */
public final class AssignmentRoutes {
    private final AssignmentService service;

    public AssignmentRoutes(AssignmentService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("getAssignments", req -> req.ok(service.list(req.account(), req.queryParams())));
        routes.on("getAssignment", req -> req.ok(service.get(req.account(), req.pathParam("id"))));
        routes.on("patchAssignment", req -> req.ok(service.review(req.account(), req.pathParam("id"), req.body())));
    }
}
