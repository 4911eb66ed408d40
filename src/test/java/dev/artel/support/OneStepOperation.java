package dev.artel.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.operation.Operation;
import dev.artel.operation.OperationContext;
import dev.artel.operation.OperationType;
import dev.artel.storage.Handle;
import java.util.function.BiFunction;

/** A test's own operation type, done in one chunk by {@code body}, which returns the details. */
public record OneStepOperation(String name, BiFunction<Handle, Operation, ObjectNode> body)
        implements OperationType<Operation> {
    @Override
    public Operation parameters(Operation operation) {
        return operation;
    }

    @Override
    public Step run(OperationContext<Operation> context) {
        return Step.done(body.apply(context.handle(), context.parameters()));
    }
}
