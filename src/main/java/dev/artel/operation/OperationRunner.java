package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import dev.artel.json.Json;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.StorageException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operation engine. {@link #submit} stores a PENDING operation inside the caller's transaction, so an
 * accepted operation is never lost. {@link #run} claims, executes and finishes one operation in a single
 * transaction, so it takes effect exactly once whichever node or thread gets to it, and a crash in the
 * middle leaves it PENDING for any node to pick up. Background workers poll for pending operations; with
 * inline execution on, the submitting request also runs its operation right after commit, which makes short
 * operations finish before the 202 is sent.
 */
public final class OperationRunner implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OperationRunner.class);
    /**
     * After this many broken attempts an operation is failed rather than retried forever. A crash is not
     * counted: it rolls its attempt back with everything else.
     */
    private static final int MAX_ATTEMPTS = 5;
    /** How many queue positions one read of the pending queue returns. */
    private static final int BATCH = 100;

    private final Database db;
    private final OperationStore store;
    private final Clock clock;
    private final Map<String, OperationHandler> handlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService workers;
    private final boolean runInline;
    private volatile boolean closing;

    public OperationRunner(Database db, OperationStore store, Clock clock, boolean runInline, long pollMillis) {
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.runInline = runInline;
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

    public void register(String type, OperationHandler handler) {
        handlers.put(type, handler);
    }

    /** Stores a new PENDING operation in the caller's transaction. */
    public Operation submit(Handle h, String id, String accountId, String type, ObjectNode parameters,
                            ObjectNode internal) {
        if (!handlers.containsKey(type)) {
            throw new IllegalStateException("no handler for operation type " + type);
        }
        Operation op = new Operation(id, accountId, type, Operation.PENDING, clock.millis(), null, null, 0,
                parameters, null, internal);
        store.insert(h, op);
        return op;
    }

    /**
     * Accepts an operation: {@code submit} checks the request and stores the operation in one transaction, or
     * returns null when there is nothing to do (a transition to the current state). With inline execution
     * the operation then runs at once. Returns the operation as it stands after that, for the 202 body.
     * Once the submit has committed nothing here throws: the client must get its 202, or it would send the
     * request again and, for a clone, get a second pool.
     */
    public Optional<ObjectNode> accept(Function<Handle, Operation> submit) {
        Operation op = db.inTransaction(submit);
        if (op == null) {
            return Optional.empty();
        }
        if (runInline) {
            run(op.id());
        }
        try {
            return Optional.of(db.inTransaction(h -> store.findAnyAccount(h, op.id())).orElse(op).view());
        } catch (RuntimeException e) {
            log.warn("operation {} is accepted but cannot be read back; answering with it as submitted", op.id(), e);
            return Optional.of(op.view());
        }
    }

    /**
     * Runs the operation if it is still pending and nobody else is running it; returns whether this call
     * finished it. Never throws: whatever goes wrong leaves the operation pending or failed, and the
     * workers retry a pending one on their next pass.
     */
    public boolean run(String id) {
        try {
            return runClaimed(id);
        } catch (RuntimeException e) {
            log.warn("operation {} could not be run; it stays pending", id, e);
            return false;
        }
    }

    private boolean runClaimed(String id) {
        try {
            return db.inTransaction(h -> {
                Optional<Operation> claimed = store.claim(h, id, clock.millis());
                if (claimed.isEmpty()) {
                    return false;
                }
                Operation op = claimed.get();
                ObjectNode details = handlers.get(op.type()).execute(h, op);
                store.finish(h, id, Operation.SUCCESS, clock.millis(), details);
                return true;
            });
        } catch (ApiException refused) {
            return fail(id, refused.code().name(), refused.getMessage());
        } catch (StorageException e) {
            if (!e.isTransient()) {
                return brokenAttempt(id, e);
            }
            // A lock timeout, deadlock or serialization failure says nothing about the operation itself;
            // counting it would fail good operations under contention. The next pass retries it.
            log.info("operation {} met a transient storage failure; it stays pending: {}", id, e.getMessage());
            return false;
        } catch (RuntimeException | Error broken) {
            // Errors too (say a StackOverflowError on a pathological document): they are as permanent as a
            // bug, and uncounted they would be retried forever.
            return brokenAttempt(id, broken);
        }
    }

    private boolean brokenAttempt(String id, Throwable broken) {
        log.warn("operation {} attempt failed; it stays pending", id, broken);
        int attempts = db.inTransaction(h -> store.recordFailedAttempt(h, id));
        if (attempts >= MAX_ATTEMPTS) {
            return fail(id, "OPERATION_EXECUTION_ERROR", "The operation failed " + attempts + " times");
        }
        return false;
    }

    private boolean fail(String id, String code, String message) {
        ObjectNode details = Json.object();
        details.put("code", code);
        details.put("message", message);
        return db.inTransaction(h -> {
            if (store.claim(h, id, clock.millis()).isEmpty()) {
                return false;
            }
            store.finish(h, id, Operation.FAIL, clock.millis(), details);
            return true;
        });
    }

    /**
     * One pass over every pending operation, each tried once, in submission order; returns how many this
     * call finished. The background workers call this, and tests may too. The pass walks the queue by
     * position rather than re-reading its head, so operations that stay pending (held by another node, or
     * failing) neither starve the ones behind them nor make the pass spin; they get their next try on the
     * next pass, which spaces out retries by the poll interval.
     */
    public int runPending() {
        int finished = 0;
        OperationStore.QueuePosition after = null;
        while (!closing) {
            OperationStore.QueuePosition from = after;
            // Only the types this node can run: in a cluster mid-upgrade another node may have stored one it
            // has no handler for, and that operation must wait for a node that has, not fail here.
            List<OperationStore.QueuePosition> batch = db.inTransaction(h -> store.pendingAfter(h,
                    Set.copyOf(handlers.keySet()), from, BATCH));
            for (OperationStore.QueuePosition next : batch) {
                if (closing) {
                    break;
                }
                if (run(next.id())) {
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
