package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.ListQuery;
import dev.artel.storage.Handle;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Stored operations. {@link #claim} is the exactly-once gate: it locks a runnable operation, moves it to
 * RUNNING under a lease of the caller's and returns it to the one caller that won it; a caller that loses
 * (another thread or node holds the row or the lease, or it is finished) gets nothing and must not execute it.
 * Claim, the first chunk's effects and either {@link #finish} or {@link #checkpoint} happen in one transaction,
 * so a crash rolls them all back and the operation is as it was before the claim. Every later chunk of the
 * same attempt starts with {@link #lockHeld}, which finds the row only while the lease is still the caller's,
 * and commits its effects with the next checkpoint or finish; so a chunk commits only while its attempt holds
 * the operation, and what it did commits with the checkpoint that says so.
 * <p>
 * Runnable means PENDING, or RUNNING with no live lease: a lease runs until {@code leaseUntil} on the clock of
 * the node that checks it, so the operation of a node that died between chunks is runnable again once its
 * lease has run out, and resumes from its last checkpoint.
 * <p>
 * What a crash must not roll back is the count of attempts: it is committed before the claiming transaction
 * starts, by {@link #countAttempt} in a transaction of its own or, for an operation run inline, by
 * {@link #insert} in the submit's, so that an operation that kills its process on every run still reaches its
 * bound (see {@link OperationRunner}).
 */
public interface OperationStore {
    /** A position in the queue of runnable operations, which is ordered by submission time, then id. */
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
     * A claimed operation, with what earlier attempts committed: the checkpoint of their last chunk (null if
     * none committed) and the number its next log entry takes.
     */
    record Claim(Operation operation, ObjectNode checkpoint, int nextLogSeq) {
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
     * Claims a runnable operation for the attempt {@code owner}, leased until {@code leaseUntil}. Never waits
     * for another transaction: an operation that someone else is running right now is skipped, not waited
     * for, so that a slow or hung node cannot stall the others.
     */
    Optional<Claim> claim(Handle h, String id, long now, String owner, long leaseUntil);

    /**
     * Moves an operation the caller has locked (or has just inserted) to RUNNING under the attempt {@code owner},
     * leased until {@code leaseUntil}: the write half of {@link #claim}.
     */
    void hold(Handle h, String id, long now, String owner, long leaseUntil);

    /**
     * Locks an operation for the next chunk of the attempt {@code owner}: true if it is RUNNING under that
     * attempt's lease, whether or not the lease has run out (no one has taken it then). False, without waiting,
     * if another attempt has it or is taking it: this attempt must stop, writing nothing.
     */
    boolean lockHeld(Handle h, String id, String owner);

    /** Records a committed chunk, on an operation the caller holds: progress, checkpoint, and a renewed lease. */
    void checkpoint(Handle h, String id, int progress, ObjectNode checkpoint, long leaseUntil);

    /** Also sets {@code started}, when no claim has (an operation failed for its count of attempts). */
    void finish(Handle h, String id, String status, long now, ObjectNode details);

    /**
     * Locks an operation that is runnable at {@code now}, or held by the attempt {@code owner} (null: by no
     * one), for the caller's transaction and returns its counts; skips, like {@link #claim}, one that someone
     * else holds, so the caller gets nothing and leaves the counts alone.
     */
    Optional<Attempts> lockRunnable(Handle h, String id, long now, String owner);

    /** Counts one more attempt started, on an operation the caller has {@link #lockRunnable locked}. */
    void countAttempt(Handle h, String id);

    /** Counts that an attempt met a transient storage failure, on an operation the caller has locked. */
    void countTransientFailure(Handle h, String id);

    /**
     * Up to {@code limit} operations of the given types runnable at {@code now}, after {@code after} (null:
     * from the start), in queue order: those with an attempt counted, or those with none.
     */
    List<QueuePosition> runnableAfter(Handle h, Set<String> types, boolean triedBefore, QueuePosition after,
                                      long now, int limit);

    /**
     * Appends a chunk's {@code items} to the operation's log as its entry number {@code seq}: the log is read as
     * the items of its entries in the order of their numbers.
     */
    void appendLog(Handle h, String operationId, int seq, List<ObjectNode> items);

    List<ObjectNode> log(Handle h, String operationId);
}
