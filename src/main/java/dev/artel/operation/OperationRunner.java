package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.ApiException;
import dev.artel.json.Json;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
    /** After this many crashed or broken attempts an operation is failed rather than retried forever. */
    private static final int MAX_ATTEMPTS = 5;

    private final Database db;
    private final OperationStore store;
    private final Clock clock;
    private final Map<String, OperationHandler> handlers = new ConcurrentHashMap<>();
    private final Set<String> runningHere = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService workers;
    private final boolean runInline;

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
     */
    public java.util.Optional<ObjectNode> accept(java.util.function.Function<Handle, Operation> submit) {
        Operation op = db.inTransaction(submit);
        if (op == null) {
            return java.util.Optional.empty();
        }
        if (runInline) {
            run(op.id());
        }
        return java.util.Optional.of(db.inTransaction(h -> store.findAnyAccount(h, op.id())).orElseThrow().view());
    }

    /** Runs the operation if it is still pending and nobody else has it; never throws for its failure. */
    public void run(String id) {
        if (!runningHere.add(id)) {
            return;
        }
        try {
            runClaimed(id);
        } finally {
            runningHere.remove(id);
        }
    }

    private void runClaimed(String id) {
        try {
            db.inTransaction(h -> {
                Operation op = store.findAnyAccount(h, id).orElse(null);
                if (op == null || !store.claim(h, id, clock.millis())) {
                    return null;
                }
                ObjectNode details = handlers.get(op.type()).execute(h, op);
                store.finish(h, id, Operation.SUCCESS, clock.millis(), details);
                return null;
            });
        } catch (ApiException refused) {
            fail(id, refused.code().name(), refused.getMessage());
        } catch (RuntimeException broken) {
            log.warn("operation {} attempt failed; it stays pending", id, broken);
            int attempts = db.inTransaction(h -> store.recordFailedAttempt(h, id));
            if (attempts >= MAX_ATTEMPTS) {
                fail(id, "OPERATION_EXECUTION_ERROR", "The operation failed " + attempts + " times");
            }
        }
    }

    private void fail(String id, String code, String message) {
        ObjectNode details = Json.object();
        details.put("code", code);
        details.put("message", message);
        db.inTransaction(h -> {
            if (store.claim(h, id, clock.millis())) {
                store.finish(h, id, Operation.FAIL, clock.millis(), details);
            }
            return null;
        });
    }

    /** Runs every pending operation now; the background workers call this, and tests may too. */
    public int runPending() {
        int ran = 0;
        List<String> batch;
        do {
            batch = db.inTransaction(h -> store.pendingIds(h, 100));
            for (String id : batch) {
                run(id);
                ran++;
            }
        } while (batch.size() == 100);
        return ran;
    }

    private void runPendingQuietly() {
        try {
            runPending();
        } catch (RuntimeException e) {
            log.warn("operation worker pass failed; will retry", e);
        }
    }

    @Override
    public void close() {
        if (workers != null) {
            workers.shutdownNow();
            try {
                workers.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
