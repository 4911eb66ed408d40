package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import dev.artel.json.Json;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.StorageException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation engine. {@link #submit} stores a PENDING operation inside the caller's transaction, so an
 * accepted operation is never lost. {@link #run} counts an attempt, then claims the operation and runs its
 * {@link OperationType} chunk by chunk, a transaction per chunk, so it takes effect exactly once whichever node
 * or thread gets to it, and a crash in the middle leaves it to be resumed by any node. Background workers poll
 * for runnable operations; with inline execution on, the submitting request also runs its operation: the first
 * chunk in the submit's own transaction (under a savepoint, see {@link #accept}), the rest after it commits. A
 * short operation is then submitted, run and finished by one commit before the 202 is sent (a long one runs all
 * its chunks there).
 * <p>
 * <b>Chunks.</b> A short operation is one chunk: the claim, its effects and its completion are one transaction,
 * and nobody ever sees it RUNNING. A long one commits a chunk at a time, each with its effects, its log items,
 * its progress and its checkpoint together, so clients see it RUNNING and moving, and a crash loses at most the
 * chunk under way. Why no item is done twice or skipped:
 * <ul>
 * <li>The claim gives the attempt a lease, named by an owner token the attempt draws, that runs until
 * {@code leaseMillis} after the claim or after the last chunk committed. While it is live no other attempt can
 * claim or count the operation (it is not runnable), and during a chunk the row is locked as well. So while a
 * node runs an operation, no other node does, and none burns attempts on it.</li>
 * <li>Each chunk after the first starts by locking the row and checking that the lease is still its attempt's,
 * without waiting: if another attempt has claimed it since (this one was slower than its lease) or is claiming
 * it right now, this one stops and writes nothing. A chunk's effects therefore commit only together with the
 * checkpoint saying they are done, and only by the one attempt holding the operation.</li>
 * <li>An attempt that dies (its process killed, or its chunk thrown) leaves its lease to run out; the runner does
 * not tell the two apart, and a broken chunk would likely break again at once. Once the lease has run out on the
 * clock the operation is runnable, and the next attempt is counted like any other and resumes from the last
 * checkpoint, with the log continuing at the next sequence number.</li>
 * </ul>
 * A chunk must commit well within {@code leaseMillis}; one slower than that does no harm to the data (its lock
 * keeps others out until it commits, and a later chunk that finds its lease taken stops), but its attempt may
 * lose the operation to another node and count as broken.
 * <p>
 * <b>Failure.</b> A handler that throws {@link ApiException} fails the operation with that code. Anything else
 * leaves it to be tried again (from its last checkpoint), within two bounds, so that an operation that can
 * never succeed ends FAIL ({@code OPERATION_EXECUTION_ERROR}) instead of being retried for ever, on every node
 * and every restart:
 * <ul>
 * <li>Every attempt is counted before it runs (a resumed one too), in a transaction that commits first: its
 * own, or for the inline run that follows a submit, the submit's (one commit fewer on every accepted
 * operation); the claiming transaction then re-checks the operation. So an attempt that kills the process (a handler that halts it, a
 * native crash, the OOM killer) is counted like one whose handler throws, and after {@code maxAttempts} such
 * broken attempts the operation is failed, by the attempt that breaks last, or else by the first node to try it
 * again. Errors count too (a StackOverflowError on a pathological document is as permanent as a bug).</li>
 * <li>An attempt that meets a transient storage failure (a lock timeout, a deadlock, a lost connection) is
 * counted apart, against {@code maxTransientFailures}, a bound set far higher: such a failure says nothing
 * about the operation, and a few under contention must not fail it. It is still bounded, because a handler
 * can cause one itself on every run (say by taking locks in an order that always deadlocks). A storage
 * failure before the attempt is counted (the database is down) counts nothing; one in the middle of an
 * attempt that also keeps the transient failure from being recorded counts as broken, once per outage.</li>
 * </ul>
 * Two nodes that count the same operation at the same moment may count twice for one run (the loser of the
 * claim does not run it), so an operation that keeps breaking may fail an attempt early. An operation that
 * succeeds is never failed: the attempt that could fail it must lock it first, which it cannot while a run
 * holds it (by the row lock during a chunk, by the lease between chunks), and a finished operation is no
 * longer runnable. A long operation refused (ApiException) in a later chunk fails keeping what its earlier
 * chunks committed, as a batch that stops at an invalid item does. While an operation keeps failing, the ones
 * behind it still run: a pass tries every runnable operation once, those never tried first, so that even one
 * that kills the process holds up the rest for no more than one restart (see {@link #runPending}).
 */
public final class OperationRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperationRunner.class);
    /** How many queue positions one read of the queue returns. */
    private static final int BATCH = 100;

    private final Database db;
    private final OperationStore store;
    private final Clock clock;
    private final Map<String, OperationType<?>> types = new ConcurrentHashMap<>();
    private final ScheduledExecutorService workers;
    private final boolean runInline;
    private final int maxAttempts;
    private final int maxTransientFailures;
    private final long leaseMillis;
    private volatile boolean closing;

    public OperationRunner(Database db, OperationStore store, Clock clock, boolean runInline, long pollMillis,
                           int maxAttempts, int maxTransientFailures, long leaseMillis) {
        if (maxAttempts < 1 || maxTransientFailures < 1) {
            throw new IllegalArgumentException("an operation needs at least one attempt");
        }
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.runInline = runInline;
        this.maxAttempts = maxAttempts;
        this.maxTransientFailures = maxTransientFailures;
        this.leaseMillis = leaseMillis;
        if (pollMillis > 0) {
            workers = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "artel-operations");
                t.setDaemon(true);
                return t;
            });
            workers.scheduleWithFixedDelay(this::runPendingQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        } else {
            workers = null;
        }
    }

    public void register(OperationType<?> type) {
        types.put(type.name(), type);
    }

    /** Stores a new PENDING operation in the caller's transaction. */
    public Operation submit(Handle h, String id, String accountId, String type, ObjectNode parameters,
                            ObjectNode internal) {
        if (!types.containsKey(type)) {
            throw new IllegalStateException("no handler for operation type " + type);
        }
        Operation op = new Operation(id, accountId, type, Operation.PENDING, clock.millis(), null, null, 0,
                parameters, null, internal);
        // Run inline, the first attempt is counted here, in the submit's commit, rather than in one of its own:
        // the request that accepted the operation runs it straight after (see accept).
        store.insert(h, op, runInline ? 1 : 0);
        return op;
    }

    /**
     * Accepts an operation: {@code submit} checks the request and stores the operation in one transaction, or
     * returns null when there is nothing to do (a transition to the current state). With inline execution the
     * operation's first chunk runs in that same transaction, after the submit, so a short operation is stored,
     * run and finished with one commit; the chunk runs under a savepoint, so if it throws, its writes are undone
     * and the PENDING operation still commits, and what went wrong is recorded after the commit as for any other
     * attempt. Later chunks run after the commit, each in its own transaction. Returns the operation as it stands
     * after that, for the 202 body. Once the submit has committed nothing here throws: the client must get its
     * 202, or it would send the request again and, for a clone, get a second pool.
     */
    public Optional<ObjectNode> accept(Function<Handle, Operation> submit) {
        String owner = UUID.randomUUID().toString();
        AtomicReference<OperationContext<?>> context = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Operation op = db.inTransaction(h -> {
            Operation submitted = submit.apply(h);
            if (submitted != null && runInline) {
                firstChunk(h, submitted, owner, context, failed);
            }
            return submitted;
        });
        if (op == null) {
            return Optional.empty();
        }
        if (context.get() != null && context.get().outcome() != null) {
            return Optional.of(context.get().outcome().view());
        }
        if (runInline) {
            quietly(op.id(), id -> chunks(id, owner, context, () -> {
                Throwable thrown = failed.get();
                if (thrown instanceof Error error) {
                    throw error;
                }
                if (thrown != null) {
                    throw (RuntimeException) thrown;
                }
                return Chunk.MORE;
            }));
        }
        try {
            return Optional.of(db.inTransaction(h -> store.findAnyAccount(h, op.id())).orElse(op).view());
        } catch (RuntimeException e) {
            log.warn("operation {} is accepted but cannot be read back; answering with it as submitted", op.id(), e);
            return Optional.of(op.view());
        }
    }

    /**
     * The first chunk of an operation just submitted in {@code h}: no one else can see the operation before this
     * transaction commits, so it needs no claim unless there are more chunks, which then find it RUNNING under
     * this attempt's lease, as a claim leaves it. What the chunk throws is undone and left in {@code failed}.
     */
    private void firstChunk(Handle h, Operation op, String owner, AtomicReference<OperationContext<?>> context,
                            AtomicReference<Throwable> failed) {
        try {
            h.undoIfThrows(() -> {
                context.set(new OperationContext<>(store, types.get(op.type()), new OperationStore.Claim(op, null, 0)));
                if (runChunk(h, op.id(), context.get()) == Chunk.MORE) {
                    store.hold(h, op.id(), clock.millis(), owner, leaseUntil());
                }
                return null;
            });
        } catch (RuntimeException | Error e) {
            // An engine may end the whole transaction on some failures (H2 on a deadlock): then the submit is
            // gone too, and this transaction must fail rather than answer 202 for an operation never stored.
            if (store.findAnyAccount(h, op.id()).isEmpty()) {
                throw new IllegalStateException("operation " + op.id() + " was rolled back with its first chunk", e);
            }
            context.set(null);
            failed.set(e);
        }
    }

    /**
     * Runs the operation if it is runnable (pending, or left by an attempt whose lease has run out); returns
     * whether this call finished it. Never throws: whatever goes wrong leaves the operation runnable (at once,
     * or once its lease runs out) or failed, and the workers retry it on a later pass.
     */
    public boolean run(String id) {
        return quietly(id, this::runClaimed);
    }

    private boolean quietly(String id, Predicate<String> run) {
        try {
            return run.test(id);
        } catch (RuntimeException e) {
            log.warn("operation {} could not be run; it stays to be run", id, e);
            return false;
        }
    }

    private boolean runClaimed(String id) {
        Start start = db.inTransaction(h -> {
            Optional<OperationStore.Attempts> attempts = store.lockRunnable(h, id, clock.millis(), null);
            if (attempts.isEmpty()) {
                return Start.TAKEN;
            }
            if (failIfExhausted(h, id, attempts.get())) {
                return Start.FAILED;
            }
            store.countAttempt(h, id);
            return Start.COUNTED;
        });
        return start == Start.COUNTED ? attempt(id) : start == Start.FAILED;
    }

    /** One attempt whose count has committed: claim and run its chunks to the end, or record why it did not. */
    private boolean attempt(String id) {
        String owner = UUID.randomUUID().toString();
        AtomicReference<OperationContext<?>> context = new AtomicReference<>();
        return chunks(id, owner, context, () -> db.inTransaction(h -> {
            // The count has committed, so the operation was unlocked for a moment: another node may have
            // run it, or be running it, since.
            Optional<OperationStore.Claim> claim = store.claim(h, id, clock.millis(), owner, leaseUntil());
            if (claim.isEmpty()) {
                return Chunk.LOST;
            }
            context.set(new OperationContext<>(store, types.get(claim.get().operation().type()), claim.get()));
            return runChunk(h, id, context.get());
        }));
    }

    /**
     * The attempt {@code owner}: its first chunk ({@code first}, which claims the operation or has claimed it), then
     * each next one in a transaction of its own while there are more; records why it stopped if it did not finish.
     */
    private boolean chunks(String id, String owner, AtomicReference<OperationContext<?>> context,
                           Supplier<Chunk> first) {
        try {
            Chunk chunk = first.get();
            while (chunk == Chunk.MORE) {
                chunk = db.inTransaction(h -> store.lockHeld(h, id, owner)
                        ? runChunk(h, id, context.get()) : Chunk.LOST);
            }
            return chunk == Chunk.FINISHED;
        } catch (ApiException refused) {
            return fail(id, owner, refused.code().name(), refused.getMessage());
        } catch (StorageException e) {
            if (!e.isTransient()) {
                return brokenAttempt(id, owner, e);
            }
            log.info("operation {} met a transient storage failure; it stays to be run unless it has met too many: {}",
                    id, e.getMessage());
            return afterFailedAttempt(id, owner, true);
        } catch (RuntimeException | Error broken) {
            return brokenAttempt(id, owner, broken);
        }
    }

    /** One chunk in {@code h}, on an operation this attempt holds: the step it returns commits with its writes. */
    private Chunk runChunk(Handle h, String id, OperationContext<?> context) {
        OperationType.Step step = context.runChunk(h);
        if (step.isDone()) {
            long now = clock.millis();
            String status = step.failed() ? Operation.FAIL : Operation.SUCCESS;
            store.finish(h, id, status, now, step.details());
            context.finished(status, now, step.details());
            return Chunk.FINISHED;
        }
        store.checkpoint(h, id, context.progress(), step.checkpoint(), leaseUntil());
        context.reached(step.checkpoint());
        return Chunk.MORE;
    }

    private long leaseUntil() {
        return clock.millis() + leaseMillis;
    }

    /** How a chunk's transaction ended. */
    private enum Chunk {
        /** The operation succeeded. */
        FINISHED,
        /** The chunk committed and there is more to do. */
        MORE,
        /** Another attempt holds the operation, or it is finished: this one stops without writing. */
        LOST
    }

    /** What the counting transaction found. */
    private enum Start {
        /** Someone else holds the operation, or it is finished. */
        TAKEN,
        /** It had used up its attempts and is failed now. */
        FAILED,
        /** This attempt is counted and may run. */
        COUNTED
    }

    private boolean brokenAttempt(String id, String owner, Throwable broken) {
        log.warn("operation {} attempt failed; it stays to be run unless it has used up its attempts", id, broken);
        return afterFailedAttempt(id, owner, false);
    }

    /** Fails the operation at once if this attempt used up its bound, rather than on the next try. */
    private boolean afterFailedAttempt(String id, String owner, boolean transientFailure) {
        return db.inTransaction(h -> {
            Optional<OperationStore.Attempts> attempts = store.lockRunnable(h, id, clock.millis(), owner);
            if (attempts.isEmpty()) {
                return false;
            }
            OperationStore.Attempts counted = attempts.get();
            if (transientFailure) {
                store.countTransientFailure(h, id);
                counted = new OperationStore.Attempts(counted.started(), counted.transientFailures() + 1);
            }
            return failIfExhausted(h, id, counted);
        });
    }

    /** On an operation the caller has locked. */
    private boolean failIfExhausted(Handle h, String id, OperationStore.Attempts attempts) {
        if (attempts.broken() >= maxAttempts) {
            finishFailed(h, id, "OPERATION_EXECUTION_ERROR", "The operation failed " + attempts.broken()
                    + " times (its handler broke, or the process running it died)");
            return true;
        }
        if (attempts.transientFailures() >= maxTransientFailures) {
            finishFailed(h, id, "OPERATION_EXECUTION_ERROR", "The operation met " + attempts.transientFailures()
                    + " transient storage failures (lock timeouts, deadlocks, lost connections)");
            return true;
        }
        return false;
    }

    private boolean fail(String id, String owner, String code, String message) {
        return db.inTransaction(h -> {
            if (store.lockRunnable(h, id, clock.millis(), owner).isEmpty()) {
                return false;
            }
            finishFailed(h, id, code, message);
            return true;
        });
    }

    private void finishFailed(Handle h, String id, String code, String message) {
        ObjectNode details = Json.object();
        details.put("code", code);
        details.put("message", message);
        store.finish(h, id, Operation.FAIL, clock.millis(), details);
    }

    /**
     * One pass over every runnable operation, each tried once; returns how many this call finished. The
     * background workers call this, and tests may too. Operations never tried come first, in submission
     * order, then those tried before, in submission order: an operation that kills the process on every
     * run would otherwise be the first thing every restarted node runs, and nothing behind it would run
     * until it had used up its attempts. The pass walks the queue by position rather than re-reading its
     * head, so operations that stay unfinished (held by another node, or failing) neither starve the ones behind
     * them nor make the pass spin; they get their next try on the next pass, which spaces out retries by the
     * poll interval.
     */
    public int runPending() {
        Set<String> tried = new HashSet<>();
        return runPending(false, tried) + runPending(true, tried);
    }

    private int runPending(boolean triedBefore, Set<String> tried) {
        int finished = 0;
        OperationStore.QueuePosition after = null;
        while (!closing) {
            OperationStore.QueuePosition from = after;
            // Only the types this node can run: in a cluster mid-upgrade another node may have stored one it
            // has no handler for, and that operation must wait for a node that has, not fail here.
            List<OperationStore.QueuePosition> batch = db.inTransaction(h -> store.runnableAfter(h,
                    Set.copyOf(types.keySet()), triedBefore, from, clock.millis(), BATCH));
            for (OperationStore.QueuePosition next : batch) {
                if (closing) {
                    break;
                }
                // One that failed earlier in this pass is among those tried before by now.
                if (tried.add(next.id()) && run(next.id())) {
                    finished++;
                }
            }
            if (batch.size() < BATCH) {
                break;
            }
            after = batch.get(batch.size() - 1);
        }
        return finished;
    }

    private void runPendingQuietly() {
        try {
            runPending();
        } catch (Throwable e) {
            // Anything that escapes a scheduled task cancels it for good, silently: this node would never run
            // another operation. Log it and let the next pass try again.
            log.error("operation worker pass failed; will retry", e);
        }
    }

    /**
     * Stops the workers after the operation they are running, without interrupting it: an interrupt in the
     * middle of H2's file I/O closes the database file under every other connection.
     */
    @Override
    public void close() {
        closing = true;
        if (workers != null) {
            workers.shutdown();
            try {
                if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("an operation worker is still running after 30 s; interrupting it");
                    workers.shutdownNow();
                }
            } catch (InterruptedException e) {
                workers.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
