package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.storage.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What a chunk of an operation works with: its transaction, its parameters, where the last committed chunk
 * left off, and the operation's progress and log. One context serves every chunk of an attempt; its handle is
 * the current chunk's, valid only during that {@link OperationType#run} call. An attempt whose chunk fails
 * ends there, so what the context holds never outlives a rolled-back chunk.
 */
public final class OperationContext<P> {
    private final OperationStore store;
    private final OperationType<P> type;
    private final Operation operation;
    private final P parameters;
    private ObjectNode checkpoint;
    private Handle handle;
    private int progress;
    private int nextLogSeq;
    private Operation outcome;
    private Object attemptState;
    /** This chunk's log items, written together when it returns: a row per item cost an upload a write per item. */
    private final List<ObjectNode> logged = new ArrayList<>();

    /** Parses the parameters, once for the whole attempt. */
    OperationContext(OperationStore store, OperationType<P> type, OperationStore.Claim claim) {
        this.store = store;
        this.type = type;
        this.operation = claim.operation();
        this.parameters = type.parameters(operation);
        this.checkpoint = claim.checkpoint();
        this.progress = operation.progress();
        this.nextLogSeq = claim.nextLogSeq();
    }

    /** Runs the next chunk in the transaction {@code h}, and writes its log items. */
    OperationType.Step runChunk(Handle h) {
        handle = h;
        logged.clear();
        OperationType.Step step = type.run(this);
        if (!logged.isEmpty()) {
            store.appendLog(h, operation.id(), nextLogSeq++, logged);
            logged.clear();
        }
        return step;
    }

    /** The checkpoint the current chunk stored, from which the next one goes on. */
    void reached(ObjectNode stored) {
        checkpoint = stored;
    }

    /** Records what the last chunk's transaction finished the operation as, to be shown once it commits. */
    void finished(String status, long now, ObjectNode details) {
        Operation op = operation;
        outcome = new Operation(op.id(), op.accountId(), op.type(), status, op.submitted(),
                op.started() == null ? now : op.started(), now, 100, op.parameters(), details, op.internal());
    }

    /** The operation as the last chunk finished it, or null while it is not finished. */
    Operation outcome() {
        return outcome;
    }

    /** The operation as it was claimed (its status, progress and times as of that moment). */
    public Operation operation() {
        return operation;
    }

    public P parameters() {
        return parameters;
    }

    /** This chunk's transaction: the chunk's writes commit with its step, or roll back with it. */
    public Handle handle() {
        return handle;
    }

    /**
     * The checkpoint the last committed chunk returned with {@link OperationType.Step#more}, or null when no
     * chunk has committed: start from the beginning.
     */
    public ObjectNode checkpoint() {
        return checkpoint;
    }

    /**
     * What the attempt computes once for all its chunks (a model fitted over the whole input, whose results later
     * chunks store): {@code compute} runs in the first chunk that asks, and its value is kept until the attempt
     * ends. A new attempt, after a crash, computes it again; so it must follow from what is committed and the
     * operation's parameters alone, as the checkpoint does, for chunks of two attempts to agree.
     */
    public <T> T attemptState(Class<T> type, Supplier<T> compute) {
        if (attemptState == null) {
            attemptState = compute.get();
        }
        return type.cast(attemptState);
    }

    /** Sets the progress shown while the operation runs, written when this chunk commits; 100 comes with success. */
    public void progress(int percent) {
        if (percent < 0 || percent > 100) {
            throw new IllegalArgumentException("progress is a percentage: " + percent);
        }
        progress = percent;
    }

    int progress() {
        return progress;
    }

    /**
     * Appends one item to the operation's log (GET /operations/{id}/log), in this chunk's transaction, in the
     * shape of Toloka's OperationLogItem: {@code type} (TASK_CREATE, TASK_VALIDATE, …), {@code success}, the
     * item as given ({@code input}) and what came of it ({@code output}: the created object's id, or the
     * validation errors).
     */
    public void log(String type, boolean success, ObjectNode input, ObjectNode output) {
        ObjectNode item = Json.object();
        item.put("type", type);
        item.put("success", success);
        item.set("input", input);
        item.set("output", output);
        logged.add(item);
    }
}
