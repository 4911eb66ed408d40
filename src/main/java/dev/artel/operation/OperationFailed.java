package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Thrown by a handler to end its operation as FAIL while keeping what it wrote, such as a log of the items that
 * were refused: unlike an {@link dev.artel.error.ApiException}, which fails the operation without any of its writes.
 */
public final class OperationFailed extends RuntimeException {
    private final transient ObjectNode details;

    public OperationFailed(ObjectNode details) {
        super(null, null, false, false);
        this.details = details;
    }

    public ObjectNode details() {
        return details;
    }
}
