package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.Handle;

/**
 * Executes one type of operation. It runs inside the transaction that claimed the operation and will mark
 * it finished, so its writes and the completion commit together. It returns the operation's
 * {@code details} (null for none) or throws {@link dev.artel.error.ApiException} to fail the operation
 * without any of its writes.
 */
public interface OperationHandler {
    ObjectNode execute(Handle h, Operation operation);
}
