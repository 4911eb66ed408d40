package dev.artel.quality.rules;

import dev.artel.http.RouteTable;

/** A requester's quality-control tools on Artel's own API: the dry run of a candidate configuration. */
public final class QualityRoutes {
    private final DryRun dryRun;

    public QualityRoutes(DryRun dryRun) {
        this.dryRun = dryRun;
    }

    public void register(RouteTable routes) {
        routes.on("dryRunQualityControl", req -> req.ok(dryRun.run(req.account(), req.objectId("pool_id"),
                req.body())));
    }
}
