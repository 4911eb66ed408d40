package dev.artel.worker;

import dev.artel.http.RouteTable;

/** The requester's view of a worker, on the Toloka API: any account may read any worker's metadata. */
public final class UserMetadataRoutes {
    private final WorkerService service;

    public UserMetadataRoutes(WorkerService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("getUserMetadata", req -> req.ok(UserMetadata.of(service.get(req.pathParam("user_id")))));
    }
}
