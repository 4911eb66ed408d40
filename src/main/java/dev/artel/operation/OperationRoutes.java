package dev.artel.operation;

import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import dev.artel.http.RouteTable;
import java.util.Map;

public final class OperationRoutes {
    private static final Field ID = new Field("id", Kind.STRING_ID);
    private static final Field SUBMITTED = new Field("submitted", Kind.TIME);
    private static final Field FINISHED = new Field("finished", Kind.TIME);
    private static final ListQuery.Spec LIST = new ListQuery.Spec(
            Map.of("id", ID, "submitted", SUBMITTED, "finished", FINISHED),
            Map.of("id", ID, "submitted", SUBMITTED, "finished", FINISHED),
            ID);

    private final OperationService service;

    public OperationRoutes(OperationService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("getOperations", req -> {
            var params = req.queryParams();
            ListQuery query = ListQuery.parse(LIST, params)
                    .whereEnum("type", "type", params.get("type"), OperationService.TYPES)
                    .whereEnum("status", "status", params.get("status"), OperationService.STATUSES);
            req.ok(service.list(req.account(), query));
        });
        routes.on("getOperation", req -> req.ok(service.get(req.account(), req.pathParam("id"))));
        routes.on("getOperationLog", req -> req.ok(service.log(req.account(), req.pathParam("id"))));
    }
}
