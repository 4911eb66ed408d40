package dev.artel.aggregation;

import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.http.RouteTable;
import java.util.Set;

/**
 * The aggregated-solution routes of fullApi.yaml. Aggregating a pool answers 202 with its operation, as every
 * other operation does, although the spec lists only 201: the Java SDK takes nothing else for an operation, and
 * toloka-kit reads either. Aggregating one task answers the solution itself, 201 as the spec gives.
 */
public final class AggregationRoutes {
    /**
     * The POST-only paths that GET /aggregated-solutions/{operationId} also matches: a GET of them is a wrong
     * method, as for every other path of the spec, not a read of an operation that does not exist. The only such
     * overlap in fullApi.yaml.
     */
    private static final Set<String> POST_ONLY = Set.of("aggregate-by-pool", "aggregate-by-task");

    private final AggregationService service;

    public AggregationRoutes(AggregationService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("aggregateSolutionsByPool", req -> req.accepted(service.aggregatePool(req.account(), req.body())));
        routes.on("aggregateSolutionsByTask", req -> req.created(service.aggregateTask(req.account(), req.body())));
        routes.on("getAggregatedSolutions", req -> {
            if (POST_ONLY.contains(req.pathParam("operationId"))) {
                throw new ApiException(ErrorCode.METHOD_NOT_ALLOWED, null);
            }
            req.ok(service.results(req.account(), req.pathParam("operationId"), req.queryParams()));
        });
    }
}
