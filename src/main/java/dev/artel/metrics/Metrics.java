package dev.artel.metrics;

import dev.artel.storage.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Everything {@code GET /_artel/metrics} reports, in Prometheus text format. */
public final class Metrics {
    public static final String CONTENT_TYPE = PrometheusText.CONTENT_TYPE;
    private static final Logger log = LoggerFactory.getLogger(Metrics.class);

    private final HttpMetrics http = new HttpMetrics();
    private final OperationMetrics operations;

    public Metrics(Database db) {
        this.operations = new OperationMetrics(db);
    }

    public HttpMetrics http() {
        return http;
    }

    public String scrape() {
        PrometheusText out = new PrometheusText();
        http.write(out);
        boolean databaseUp;
        try {
            operations.write(out);
            databaseUp = true;
        } catch (RuntimeException e) {
            // A scrape must still answer when the database is down: that is when the HTTP numbers matter most.
            log.warn("metrics: cannot count operations", e);
            databaseUp = false;
        }
        out.family("artel_database_up", "gauge", "1 if the last scrape could read the database, else 0.");
        out.sample("artel_database_up", databaseUp ? 1 : 0);
        return out.toString();
    }
}
