package dev.artel.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Handlers by the spec's operationId. Resources fill it; {@link ApiServer} routes every operation of
 * {@code fullApi.yaml} to its handler, or to a 501 answer where there is none yet.
 */
public final class RouteTable {
    /** Handles one validated, authenticated request. */
    @FunctionalInterface
    public interface ApiHandler {
        void handle(ApiRequest request) throws Exception;
    }

    private final Map<String, ApiHandler> handlers = new LinkedHashMap<>();

    public void on(String operationId, ApiHandler handler) {
        if (handlers.putIfAbsent(operationId, handler) != null) {
            throw new IllegalStateException("operation " + operationId + " is routed twice");
        }
    }

    ApiHandler get(String operationId) {
        return handlers.get(operationId);
    }

    boolean has(String operationId) {
        return handlers.containsKey(operationId);
    }

    java.util.Set<String> operationIds() {
        return handlers.keySet();
    }
}
