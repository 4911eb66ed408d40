package dev.artel.pool;

import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import dev.artel.http.RouteTable;
import java.util.Map;

/** The routes of one kind: /pools or /trainings, which differ only in names. */
public final class PoolRoutes {
    private static final Field ID = new Field("id", Kind.OBJECT_ID);
    private static final Field CREATED = new Field("created", Kind.TIME);
    private static final Field LAST_STARTED = new Field("last_started", Kind.TIME);
    private static final ListQuery.Spec LIST = new ListQuery.Spec(
            Map.of("id", ID, "created", CREATED, "last_started", LAST_STARTED),
            Map.of("id", ID, "created", CREATED, "last_started", LAST_STARTED),
            ID);

    private final PoolService service;
    private final PoolKind kind;

    public PoolRoutes(PoolService service, PoolKind kind) {
        this.service = service;
        this.kind = kind;
    }

    public void register(RouteTable routes) {
        String one = kind.singular();
        routes.on("get" + kind.plural(), req -> {
            var params = req.queryParams();
            ListQuery query = ListQuery.parse(LIST, params)
                    .whereEnum("status", "status", params.get("status"), PoolService.STATUSES)
                    .whereObjectId("project_id", params.get("project_id"));
            req.ok(service.list(req.account(), kind, query));
        });
        routes.on("create" + one, req -> req.created(service.create(req.account(), kind, req.body())));
        routes.on("get" + one, req -> req.ok(service.get(req.account(), kind, req.objectId("id"))));
        routes.on("update" + one, req -> req.ok(service.update(req.account(), kind, req.objectId("id"), req.body())));
        routes.on("open" + one, req -> req.acceptedOrNoContent(service.open(req.account(), kind, req.objectId("id"))));
        routes.on("close" + one, req ->
                req.acceptedOrNoContent(service.close(req.account(), kind, req.objectId("id"), false)));
        routes.on("close" + one + "ForUpdate", req ->
                req.acceptedOrNoContent(service.close(req.account(), kind, req.objectId("id"), true)));
        routes.on("archive" + one, req ->
                req.acceptedOrNoContent(service.archive(req.account(), kind, req.objectId("id"))));
        routes.on("clone" + one, req -> req.accepted(service.cloneOf(req.account(), kind, req.objectId("id"))));
        if (kind == PoolKind.POOL) {
            routes.on("patchPool", req -> req.ok(service.patchPriority(req.account(), req.objectId("id"), req.body())));
        }
    }
}
