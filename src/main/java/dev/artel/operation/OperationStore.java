package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.ListQuery;
import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;

/**
 * Stored operations. {@link #claim} is the exactly-once gate: it moves a PENDING operation to RUNNING and
 * reports whether this caller won it; a caller that loses (another thread or node claimed it, or it is no
 * longer pending) must not execute it. Claim, effects and {@link #finish} happen in one transaction, so a
 * crash rolls all three back and the operation is simply pending again.
 */
public interface OperationStore {
    void insert(Handle h, Operation operation);

    Optional<Operation> find(Handle h, String accountId, String id);

    Optional<Operation> findAnyAccount(Handle h, String id);

    List<Operation> list(Handle h, String accountId, ListQuery query);

    boolean claim(Handle h, String id, long now);

    void finish(Handle h, String id, String status, long now, ObjectNode details);

    /** Counts a failed attempt that was rolled back; returns the attempts so far. */
    int recordFailedAttempt(Handle h, String id);

    List<String> pendingIds(Handle h, int limit);

    void appendLog(Handle h, String operationId, int seq, ObjectNode item);

    List<ObjectNode> log(Handle h, String operationId);
}
