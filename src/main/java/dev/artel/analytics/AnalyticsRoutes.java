package dev.artel.analytics;

import dev.artel.http.RouteTable;

/** The analytics route of toloka-extra.yaml. */
public final class AnalyticsRoutes {
    private final AnalyticsService service;

    public AnalyticsRoutes(AnalyticsService service) {
        this.service = service;
    }

    public void register(RouteTable routes) {
        routes.on("getAnalytics", req -> req.accepted(service.request(req.account(), req.objectOrArray())));
    }
}
