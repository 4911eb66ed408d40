package dev.artel.worker;

import dev.artel.http.Authenticator;
import dev.artel.http.Principal;
import dev.artel.http.RouteTable;

/** The worker operations of artel-api.yaml: the operator creates and reads workers, a worker reads itself. */
public final class WorkerRoutes {
    private final WorkerService service;

    public WorkerRoutes(WorkerService service) {
        this.service = service;
    }

    /** Worker tokens, sent as {@code OAuth <token>}. */
    public static Authenticator authenticator(WorkerService workers) {
        return Authenticator.tokens(token -> workers.authenticate(token).map(Principal::worker), "OAuth <token>");
    }

    public void register(RouteTable routes) {
        routes.on("createWorker", req -> req.created(service.create(req.body()).view()));
        routes.on("getWorker", req -> req.ok(service.get(req.pathParam("id")).view()));
        routes.on("getCurrentWorker", req -> req.ok(service.get(req.workerId()).view()));
    }
}
