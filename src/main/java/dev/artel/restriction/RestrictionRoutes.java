package dev.artel.restriction;

import dev.artel.http.RouteTable;

public final class RestrictionRoutes {
    private final RestrictionService service;

    public RestrictionRoutes(RestrictionService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("upsertUserRestriction", req -> req.ok(service.set(req.account(), req.body())));
        routes.on("getUserRestrictions", req -> req.ok(service.list(req.account(), req.queryParams())));
        routes.on("getUserRestriction", req -> req.ok(service.get(req.account(), req.pathParam("id"))));
        routes.on("deleteUserRestriction", req -> {
            service.delete(req.account(), req.pathParam("id"));
            req.noContent();
        });
    }
}
