package dev.artel.metrics;

import dev.artel.storage.Database;
import java.util.List;

/**
 * Operations by type and status, counted in the database when scraped: the table is shared by every node
 * and survives restarts, so in-memory counters would disagree with it. The PENDING count is the queue that
 * the workers have not picked up yet.
 */
final class OperationMetrics {
    private record Row(String type, String status, long count) {
    }

    private final Database db;

    OperationMetrics(Database db) {
        this.db = db;
    }

    /** Reads first and writes after, so a failed query leaves no half-written family behind. */
    void write(PrometheusText out) {
        List<Row> rows = db.inTransaction(h -> h.query(
                "SELECT type, status, COUNT(*) FROM operations GROUP BY type, status ORDER BY type, status",
                rs -> new Row(rs.getString(1), rs.getString(2), rs.getLong(3))));
        out.family("artel_operations", "gauge", "Stored operations, by type and status.");
        long pending = 0;
        for (Row row : rows) {
            out.sample("artel_operations", row.count(), "type", row.type(), "status", row.status());
            if (row.status().equals("PENDING")) {
                pending += row.count();
            }
        }
        out.family("artel_operation_queue_depth", "gauge", "Operations waiting to run (status PENDING).");
        out.sample("artel_operation_queue_depth", pending);
    }
}
