package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GET /_artel/metrics: valid Prometheus text, and numbers that move with what the server did. Each check
 * compares two scrapes, since the database (and so the operation counts) may be shared with other tests.
 */
class MetricsTest {
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\""
                    + "(?:,[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\")*})?"
                    + " (-?[0-9.]+(?:[eE][-+]?[0-9]+)?|\\+Inf)");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram)");

    // Rate limits on, to see refusals counted; operations left pending, to see the queue.
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.rateLimits(true).runOperationsInline(false));
    static ApiClient api;

    @BeforeAll
    static void setUp() {
        api = server.newAccount();
    }

    @Test
    void requestsAreCountedByRouteAndStatusWithLatency() {
        Map<String, Double> before = scrape();
        assertEquals(200, api.get("/projects").status());
        assertEquals(404, api.get("/projects/12345").status());
        assertEquals(404, RawHttp.send(port(), RawHttp.request("GET", "/no/such/path")).status());
        assertEquals(400, RawHttp.send(port(), RawHttp.request("GET", "/api/v1/projects/%00")).status());
        Map<String, Double> after = scrape();

        assertEquals(1, delta(before, after, "artel_http_requests_total{method=\"GET\",route=\"/api/v1/projects\","
                + "status=\"200\"}"));
        assertEquals(1, delta(before, after, "artel_http_requests_total{method=\"GET\",route=\"/api/v1/projects/{id}\","
                + "status=\"404\"}"));
        assertEquals(1, delta(before, after, "artel_http_requests_total{method=\"GET\",route=\"(unmatched)\","
                + "status=\"404\"}"));
        assertEquals(1, delta(before, after, "artel_http_requests_total{method=\"-\",route=\"(rejected)\","
                + "status=\"400\"}"));
        String series = "{method=\"GET\",route=\"/api/v1/projects\"";
        assertEquals(1, delta(before, after, "artel_http_request_duration_seconds_count" + series + "}"));
        assertEquals(after.get("artel_http_request_duration_seconds_count" + series + "}"),
                after.get("artel_http_request_duration_seconds_bucket" + series + ",le=\"+Inf\"}"));
        assertTrue(after.get("artel_http_request_duration_seconds_sum" + series + "}") > 0);
    }

    @Test
    void rateLimitRefusalsAreCounted() {
        String refusals = "artel_rate_limit_refusals_total{method=\"POST\",route=\"/api/v1/projects\"}";
        ApiClient fresh = server.newAccount();
        int status = 201;
        Map<String, Double> before = scrape();
        // createProject allows 20 a minute; the clock stands still, so the 21st is refused.
        for (int i = 0; i < 21; i++) {
            status = fresh.post("/projects", Fixtures.project()).status();
        }
        assertEquals(429, status);
        Map<String, Double> after = scrape();
        assertEquals(1, delta(before, after, refusals));
        assertEquals(1, delta(before, after, "artel_http_requests_total{method=\"POST\",route=\"/api/v1/projects\","
                + "status=\"429\"}"));
    }

    @Test
    void operationsAreCountedByTypeAndStatusWithTheQueueDepth() {
        String project = api.post("/projects", Fixtures.project()).field("id");
        String pool = api.post("/pools", Fixtures.pool(project)).field("id");
        Map<String, Double> before = scrape();
        assertEquals(202, api.post("/pools/" + pool + "/clone").status());
        Map<String, Double> queued = scrape();
        assertEquals(1, delta(before, queued, "artel_operation_queue_depth"));
        assertEquals(1, delta(before, queued, "artel_operations{type=\"POOL.CLONE\",status=\"PENDING\"}"));

        // Runs every pending operation of the database, this test's and any another test left behind.
        server.artel().operations().runPending();
        Map<String, Double> ran = scrape();
        assertEquals(0, ran.get("artel_operation_queue_depth"));
        String pending = "artel_operations{type=\"POOL.CLONE\",status=\"PENDING\"}";
        assertEquals(0, ran.getOrDefault(pending, 0.0));
        assertEquals(queued.get(pending),
                delta(queued, ran, "artel_operations{type=\"POOL.CLONE\",status=\"SUCCESS\"}"));
        assertEquals(1, ran.get("artel_database_up"));
    }

    /**
     * Scrapes without credentials, checks the text format (every sample a valid line of a declared family,
     * no series twice, cumulative histogram buckets) and returns each series with its value.
     */
    private static Map<String, Double> scrape() {
        RawHttp.Response response = RawHttp.send(port(), RawHttp.request("GET", "/_artel/metrics"));
        assertEquals(200, response.status(), response.toString());
        assertTrue(response.header("Content-Type").startsWith("text/plain; version=0.0.4"));
        Set<String> families = new HashSet<>();
        Map<String, Double> samples = new HashMap<>();
        double lastBucket = 0;
        for (String line : response.text().split("\n")) {
            Matcher type = TYPE.matcher(line);
            if (type.matches()) {
                assertTrue(families.add(type.group(1)), "family declared twice: " + line);
                continue;
            }
            if (line.startsWith("# HELP ")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertTrue(sample.matches(), "not a sample line: " + line);
            String family = sample.group(1).replaceAll("_(bucket|sum|count)$", "");
            assertTrue(families.contains(family) || families.contains(sample.group(1)),
                    "sample before its TYPE line: " + line);
            double value = sample.group(3).equals("+Inf") ? Double.POSITIVE_INFINITY
                    : Double.parseDouble(sample.group(3));
            String key = sample.group(1) + (sample.group(2) == null ? "" : sample.group(2));
            assertTrue(samples.put(key, value) == null, "series twice: " + line);
            if (sample.group(1).endsWith("_bucket")) {
                boolean first = line.contains("le=\"0.001\"");
                assertTrue(first || value >= lastBucket, "buckets are not cumulative: " + line);
                lastBucket = value;
            }
        }
        return samples;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), "no series " + series);
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private static int port() {
        return server.artel().port();
    }
}
