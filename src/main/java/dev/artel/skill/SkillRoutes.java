package dev.artel.skill;

import dev.artel.http.RouteTable;

public final class SkillRoutes {
    private final SkillService service;

    public SkillRoutes(SkillService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("createSkill", req -> req.created(service.create(req.account(), req.body())));
        routes.on("getSkills", req -> req.ok(service.list(req.account(), req.queryParams())));
        routes.on("getSkill", req -> req.ok(service.get(req.account(), req.pathParam("id"))));
        routes.on("updateSkill", req -> req.ok(service.update(req.account(), req.pathParam("id"), req.body())));
    }
}
