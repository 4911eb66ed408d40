package dev.artel.metrics;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counts by route and status, latency per route, and rate-limit refusals per route. Routes are
 * templates from the spec ({@code /api/v1/pools/{id}}) or a fixed placeholder for requests that matched none,
 * never raw paths, so the number of series stays bounded whatever clients send.
 */
public final class HttpMetrics {
    private final ConcurrentHashMap<String, Route> routes = new ConcurrentHashMap<>();

    /** The counters of one method and route; callers resolve it once and keep it, so recording is lock-free. */
    public Route route(String method, String path) {
        return routes.computeIfAbsent(method + " " + path, key -> new Route(method, path));
    }

    public static final class Route {
        private final String method;
        private final String path;
        private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
        private final Histogram latency = new Histogram();
        private final LongAdder rateLimited = new LongAdder();

        private Route(String method, String path) {
            this.method = method;
            this.path = path;
        }

        public String method() {
            return method;
        }

        public String path() {
            return path;
        }

        public void record(int status, double seconds) {
            byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
            latency.record(seconds);
        }

        public void rateLimited() {
            rateLimited.increment();
        }
    }

    void write(PrometheusText out) {
        // Routes that never served a request would only add hundreds of zero lines.
        List<Route> served = routes.values().stream().filter(r -> !r.byStatus.isEmpty())
                .sorted(Comparator.comparing(Route::path).thenComparing(Route::method)).toList();
        out.family("artel_http_requests_total", "counter", "HTTP requests answered, by method, route and status.");
        for (Route r : served) {
            r.byStatus.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e ->
                    out.sample("artel_http_requests_total", e.getValue().sum(), "method", r.method, "route", r.path,
                            "status", Integer.toString(e.getKey())));
        }
        out.family("artel_http_request_duration_seconds", "histogram",
                "Time from the request reaching Javalin to its response being ready to send, by route.");
        for (Route r : served) {
            r.latency.write(out, "artel_http_request_duration_seconds", "method", r.method, "route", r.path);
        }
        out.family("artel_rate_limit_refusals_total", "counter",
                "Requests refused with 429 by a rate limit, by route.");
        for (Route r : served) {
            out.sample("artel_rate_limit_refusals_total", r.rateLimited.sum(), "method", r.method, "route", r.path);
        }
    }
}
