package dev.artel.project;

import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import dev.artel.http.RouteTable;
import java.util.Map;

public final class ProjectRoutes {
    private static final Field ID = new Field("id", Kind.OBJECT_ID);
    private static final Field CREATED = new Field("created", Kind.TIME);
    private static final ListQuery.Spec LIST = new ListQuery.Spec(
            Map.of("id", ID, "created", CREATED, "public_name", new Field("public_name", Kind.STRING_ID),
                    "private_comment", new Field("private_comment", Kind.STRING_ID)),
            Map.of("id", ID, "created", CREATED),
            ID);

    private final ProjectService service;

    public ProjectRoutes(ProjectService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("getProjects", req -> {
            var params = req.queryParams();
            ListQuery query = ListQuery.parse(LIST, params)
                    .whereEnum("status", "status", params.get("status"), ProjectService.STATUSES);
            // The owner is the requester id, which is the account's; another requester's projects are never visible.
            String owner = params.get("owner");
            if (owner != null) {
                query.whereEquals("account_id", owner);
            }
            req.ok(service.list(req.account(), query));
        });
        routes.on("createProject", req -> req.created(service.create(req.account(), req.body())));
        routes.on("getProject", req -> req.ok(service.get(req.account(), req.objectId("id"))));
        routes.on("updateProject", req -> req.ok(service.update(req.account(), req.objectId("id"), req.body())));
        routes.on("archiveProject", req -> req.acceptedOrNoContent(service.archive(req.account(), req.objectId("id"))));
    }
}
