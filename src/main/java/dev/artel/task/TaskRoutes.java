package dev.artel.task;

import dev.artel.http.ApiRequest;
import dev.artel.http.JsonItems;
import dev.artel.http.RouteTable;

/** Tasks and task suites share their routes' shape: Toloka gives both the same parameters. */
public final class TaskRoutes {
    private final TaskService service;

    public TaskRoutes(TaskService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.onBatch("createTask", req -> create(req, false));
        routes.onBatch("createTaskSuite", req -> create(req, true));
        routes.on("getTasks", req -> req.ok(service.list(req.account(), req.queryParams())));
        routes.on("getTaskSuites", req -> req.ok(service.listSuites(req.account(), req.queryParams())));
        routes.on("getTask", req -> req.ok(service.get(req.account(), req.pathParam("id"))));
        routes.on("getTaskSuite", req -> req.ok(service.getSuite(req.account(), req.pathParam("id"))));
        routes.on("patchTask", req -> req.ok(service.patch(req.account(), req.pathParam("id"), req.body(),
                req.flag("open_pool"))));
        routes.on("patchTaskSuite", req -> req.ok(service.patchSuite(req.account(), req.pathParam("id"), req.body(),
                req.flag("open_pool"))));
        routes.on("setOverlapOrMin_1", req -> req.ok(service.setOverlapOrMin(req.account(), req.pathParam("id"),
                req.body())));
        routes.on("setOverlapOrMin", req -> req.ok(service.setSuiteOverlapOrMin(req.account(), req.pathParam("id"),
                req.body())));
    }

    private void create(ApiRequest req, boolean suites) {
        Upload.Options options = new Upload.Options(req.flag("skip_invalid_items"), req.flag("allow_defaults"),
                req.flag("open_pool"));
        JsonItems items = req.items();
        if (req.flag("async_mode")) {
            // 202 although fullApi.yaml lists only 201: the Java SDK takes nothing else for an operation
            // (COMPATIBILITY.md §0.9), and toloka-kit reads either.
            req.accepted(service.createAsync(req.account(), suites, items, options,
                    req.queryParams().get("operation_id")));
        } else if (items.isArray()) {
            req.created(service.createMany(req.account(), suites, items, options));
        } else {
            req.created(service.createOne(req.account(), suites, items, options));
        }
    }
}
