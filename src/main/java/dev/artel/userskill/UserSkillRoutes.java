package dev.artel.userskill;

import dev.artel.http.RouteTable;

public final class UserSkillRoutes {
    private final UserSkillService service;

    public UserSkillRoutes(UserSkillService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("upsertUserSkill", req -> req.ok(service.set(req.account(), req.body())));
        routes.on("getUserSkills", req -> req.ok(service.list(req.account(), req.queryParams())));
        routes.on("getUserSkill", req -> req.ok(service.get(req.account(), req.pathParam("id"))));
        routes.on("deleteUserSkill", req -> {
            service.delete(req.account(), req.pathParam("id"));
            req.noContent();
        });
    }
}
