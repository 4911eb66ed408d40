package dev.artel.http;

import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one log line per request, on logger {@code artel.http}; an error's request_id leads here. */
final class RequestLog {
    static final Logger LOG = LoggerFactory.getLogger("artel.http");
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private RequestLog() {
    }

    static void write(String method, String route, int status, double millis, String account, String requestId) {
        if (LOG.isInfoEnabled()) {
            LOG.info("method={} route={} status={} duration_ms={} account={} request_id={}", method, route, status,
                    tenths(millis), account, requestId);
        }
    }

    /** One decimal, as {@code %.1f} would give, without the Formatter that cost as much as the rest of the line. */
    static String tenths(double millis) {
        long tenths = Math.round(millis * 10);
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** Any other method is logged and counted as OTHER: a client must not be able to add series or log noise. */
    static String method(String raw) {
        return raw != null && METHODS.contains(raw) ? raw : "OTHER";
    }
}
