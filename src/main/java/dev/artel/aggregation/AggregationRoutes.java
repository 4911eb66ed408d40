package dev.artel.aggregation;

import dev.artel.http.RouteTable;

/**
 * The aggregated-solution routes of fullApi.yaml. Both aggregations answer 201, as the spec and its examples
 * give (not the 202 of other operations); toloka-kit reads either.
 */
public final class AggregationRoutes {
    private final AggregationService service;

    public AggregationRoutes(AggregationService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("aggregateSolutionsByPool", req -> req.created(service.aggregatePool(req.account(), req.body())));
        routes.on("aggregateSolutionsByTask", req -> req.created(service.aggregateTask(req.account(), req.body())));
        routes.on("getAggregatedSolutions", req -> req.ok(service.results(req.account(),
                req.pathParam("operationId"), req.queryParams())));
    }
}
