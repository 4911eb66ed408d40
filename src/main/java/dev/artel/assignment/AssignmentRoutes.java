package dev.artel.assignment;

import dev.artel.http.RouteTable;

/**
 * The requester's side of assignments: read them, accept or reject the submitted ones, and download a pool's
 * results as a TSV file (on the off-spec API, toloka-extra.yaml).
 */
public final class AssignmentRoutes {
    private final AssignmentService service;
    private final AssignmentExport export;

    public AssignmentRoutes(AssignmentService service, AssignmentExport export) {
        this.service = service;
        this.export = export;
    }

    public void register(RouteTable routes) {
        routes.on("getAssignments", req -> req.ok(service.list(req.account(), req.queryParams())));
        routes.on("getAssignment", req -> req.ok(service.get(req.account(), req.pathParam("id"))));
        routes.on("patchAssignment", req -> req.ok(service.review(req.account(), req.pathParam("id"), req.body())));
    }

    /** The routes of toloka-extra.yaml that read assignments. */
    public void registerOffSpec(RouteTable routes) {
        routes.on("getAssignmentsTsv", req -> {
            // Checked, then ignored: Artel has no bans (user restrictions) yet, so no answer is a banned worker's.
            req.flag("excludeBanned");
            AssignmentExport.Export file = export.prepare(req.account(), req.objectId("id"), req.queryParams(),
                    req.flag("addRowDelimiter"), req.origin());
            req.ok(AssignmentExport.MEDIA_TYPE, file::write);
        });
    }
}
