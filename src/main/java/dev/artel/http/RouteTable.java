package dev.artel.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Handlers by operationId, one table per API. Resources fill it; {@link ApiServer} routes every operation of
 * the API's OpenAPI file to its handler, or to a 501 answer where there is none yet, and refuses to start
 * with a handler for an operation the file lacks.
 */
public final class RouteTable {
    /** Handles one validated, authenticated request. */
    @FunctionalInterface
    public interface ApiHandler {
        void handle(ApiRequest request) throws Exception;
    }

    private final Map<String, ApiHandler> handlers = new LinkedHashMap<>();
    private final java.util.Set<String> batches = new java.util.HashSet<>();

    public void on(String operationId, ApiHandler handler) {
        if (handlers.putIfAbsent(operationId, handler) != null) {
            throw new IllegalStateException("operation " + operationId + " is routed twice");
        }
    }

    /**
     * Routes an operation whose body is a batch upload (one object or an array): the handler reads it through
     * {@link ApiRequest#items()}, an item at a time, under the larger upload cap.
     */
    public void onBatch(String operationId, ApiHandler handler) {
        on(operationId, handler);
        batches.add(operationId);
    }

    boolean takesBatch(String operationId) {
        return batches.contains(operationId);
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
