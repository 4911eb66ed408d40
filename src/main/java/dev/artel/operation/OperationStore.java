package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.ListQuery;
import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stored operations. {@link #claim} is the exactly-once gate: it locks a PENDING operation, moves it to
 * RUNNING and returns it to the one caller that won it; a caller that loses (another thread or node holds
 * it, or it is no longer pending) gets nothing and must not execute it. Claim, effects and {@link #finish}
 * happen in one transaction, so a crash rolls all three back and the operation is simply pending again.
 * <p>
 * What a crash must not roll back is the count of attempts: it is committed before the claiming transaction
 * starts, by {@link #countAttempt} in a transaction of its own or, for an operation run inline, by
 * {@link #insert} in the submit's, so that an operation that kills its process on every run still reaches its
 * bound (see {@link OperationRunner}).
 */
public interface OperationStore {
    /** A position in the queue of pending operations, which is ordered by submission time, then id. */
    record QueuePosition(long submitted, String id) {
    }

    /** How often an operation has been tried: every attempt started, and those that met a transient failure. */
    record Attempts(int started, int transientFailures) {
        /**
         * Attempts that did not end in a transient failure: the handler broke, or the process died. (One that
         * succeeded, or was refused with an ApiException, finished the operation.)
         */
        public int broken() {
            return started - transientFailures;
        }
    }

    /**
     * Stores a new operation with {@code attemptsStarted} attempts already counted: 1 when the caller will run it
     * right after this transaction commits, which spares that first run a counting transaction of its own.
     */
    void insert(Handle h, Operation operation, int attemptsStarted);

    Optional<Operation> find(Handle h, String accountId, String id);

    Optional<Operation> findAnyAccount(Handle h, String id);

    List<Operation> list(Handle h, String accountId, ListQuery query);

    /**
     * Never waits for another transaction: an operation that someone else is running right now is skipped,
     * not waited for, so that a slow or hung node cannot stall the others.
     */
    Optional<Operation> claim(Handle h, String id, long now);

    /** Also sets {@code started}, when no claim has (an operation failed for its count of attempts). */
    void finish(Handle h, String id, String status, long now, ObjectNode details);

    /**
     * Locks a PENDING operation for the caller's transaction and returns its counts; skips, like
     * {@link #claim}, one that someone else holds, so the caller gets nothing and leaves the counts alone.
     */
    Optional<Attempts> lockPending(Handle h, String id);

    /** Counts one more attempt started, on an operation the caller has {@link #lockPending locked}. */
    void countAttempt(Handle h, String id);

    /** Counts that an attempt met a transient storage failure, on an operation the caller has locked. */
    void countTransientFailure(Handle h, String id);

    /**
     * Up to {@code limit} pending operations of the given types after {@code after} (null: from the start),
     * in queue order: those with an attempt counted, or those with none.
     */
    List<QueuePosition> pendingAfter(Handle h, Set<String> types, boolean triedBefore, QueuePosition after,
                                     int limit);

    void appendLog(Handle h, String operationId, int seq, ObjectNode item);

    List<ObjectNode> log(Handle h, String operationId);
}
