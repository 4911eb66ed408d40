package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.ListQuery;
import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stored operations. {@link #claim} is the exactly-once gate: it locks a PENDING operation, moves it to
 * RUNNING and returns it to the one caller that won it; a caller that loses (another thread or node holds
 * it, or it is no longer pending) gets nothing and must not execute it. Claim, effects and {@link #finish}
 * happen in one transaction, so a crash rolls all three back and the operation is simply pending again.
 */
public interface OperationStore {
    /** A position in the queue of pending operations, which is ordered by submission time, then id. */
    record QueuePosition(long submitted, String id) {
    }

    void insert(Handle h, Operation operation);

    Optional<Operation> find(Handle h, String accountId, String id);

    Optional<Operation> findAnyAccount(Handle h, String id);

    List<Operation> list(Handle h, String accountId, ListQuery query);

    /**
     * Never waits for another transaction: an operation that someone else is running right now is skipped,
     * not waited for, so that a slow or hung node cannot stall the others.
     */
    Optional<Operation> claim(Handle h, String id, long now);

    void finish(Handle h, String id, String status, long now, ObjectNode details);

    /** Counts a failed attempt, whose own writes were rolled back; returns the failed attempts so far. */
    int recordFailedAttempt(Handle h, String id);

    /**
     * Up to {@code limit} pending operations of the given types after {@code after} (null: from the start),
     * in queue order.
     */
    List<QueuePosition> pendingAfter(Handle h, Set<String> types, QueuePosition after, int limit);

    void appendLog(Handle h, String operationId, int seq, ObjectNode item);

    List<ObjectNode> log(Handle h, String operationId);
}
