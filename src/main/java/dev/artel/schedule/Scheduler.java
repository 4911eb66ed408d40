package dev.artel.schedule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import dev.artel.storage.StorageException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one engine for everything timed. {@link #schedule} stores a timer inside the caller's transaction, so it
 * exists exactly when the change that needs it commits. {@link #runDue} fires every timer due by the injected
 * clock, each in one transaction that locks it (skipping one another node holds), deletes it and runs its
 * handler: whichever thread or node wins the lock fires it, exactly once, and a crash in the middle rolls the
 * deletion back with the handler's writes, so the timer is simply due again. A background thread calls
 * {@link #runDue} every {@code pollMillis}; tests and a virtual clock call it themselves.
 * <p>
 * <b>Failure.</b> A handler that throws leaves its timer due for the next pass, and its firing is counted as
 * broken, in a transaction of its own after the rollback; the firing that breaks for the {@code maxAttempts}th
 * time drops the timer with an error log, so that a timer that can never fire does not run on every pass of
 * every node for ever. A transient storage failure in a handler (a lock timeout, a deadlock) says nothing about
 * the timer and is not counted. Unlike operations, attempts are counted after they break, not before they run,
 * which spares a commit per timer: a handler that kills its process is not bounded by this.
 */
public final class Scheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    /** How many due timers one read returns. */
    private static final int BATCH = 100;

    private final Database db;
    private final TimerStore store;
    private final Clock clock;
    private final int maxAttempts;
    private final Map<String, TimerHandler> handlers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private volatile boolean closing;

    public Scheduler(Database db, TimerStore store, Clock clock, long pollMillis, int maxAttempts) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("a timer needs at least one attempt");
        }
        this.db = db;
        this.store = store;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        if (pollMillis > 0) {
            poller = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "artel-timers");
                t.setDaemon(true);
                return t;
            });
            poller.scheduleWithFixedDelay(this::runDueQuietly, pollMillis, pollMillis, TimeUnit.MILLISECONDS);
        } else {
            poller = null;
        }
    }

    public void register(String kind, TimerHandler handler) {
        handlers.put(kind, handler);
    }

    /**
     * Stores a timer in the caller's transaction, replacing any of the same kind and key (its due time, account
     * and payload; its broken attempts start again from 0). {@code accountId} and {@code payload} may be null.
     */
    public void schedule(Handle h, String kind, String key, String accountId, long due, ObjectNode payload) {
        if (!handlers.containsKey(kind)) {
            throw new IllegalStateException("no handler for timer kind " + kind);
        }
        store.upsert(h, new Timer(kind, key, accountId, due, payload));
    }

    /** Removes the timer of this kind and key in the caller's transaction; returns whether there was one. */
    public boolean cancel(Handle h, String kind, String key) {
        return store.delete(h, kind, key);
    }

    /**
     * The earliest due time of a timer this node can fire, or empty when there is none: where a virtual clock
     * advances to. A timer whose handler keeps breaking stays due, so this may be in the past.
     */
    public OptionalLong nextDue() {
        return nextDueAfter(Long.MIN_VALUE);
    }

    /**
     * Like {@link #nextDue}, among timers due later than {@code after}: a virtual clock that has fired everything
     * due by its time moves on to this, past timers whose broken handlers keep them due.
     */
    public OptionalLong nextDueAfter(long after) {
        Set<String> kinds = Set.copyOf(handlers.keySet());
        return kinds.isEmpty() ? OptionalLong.empty() : db.oneStatement(h -> store.nextDueAfter(h, kinds, after));
    }

    /**
     * Fires every timer of a registered kind due at the clock's time when the call starts, in (due, kind, key)
     * order, each at most once per call; returns how many this call fired. Timers another thread or node is
     * firing are skipped (it fires them), and so are broken ones after their try, so the call always ends. A
     * handler may schedule timers that are already due: the call walks the due timers again while a walk fires
     * any, so a chain of them fires in one call; one that reschedules its own key waits for the next call. Only
     * kinds with a handler here are read: in a cluster mid-upgrade, a kind only newer nodes know waits for them.
     * A storage failure outside a handler (the database is unreachable) ends the call with that exception.
     */
    public int runDue() {
        long now = clock.millis();
        Set<String> kinds = Set.copyOf(handlers.keySet());
        // By name, not position: a timer rescheduled within the call is the same timer to try.
        Set<Name> tried = new HashSet<>();
        int fired = 0;
        int firedBefore;
        do {
            firedBefore = fired;
            TimerStore.Position after = null;
            while (!closing && !kinds.isEmpty()) {
                TimerStore.Position from = after;
                List<TimerStore.Position> batch = db.oneStatement(h -> store.dueAfter(h, kinds, now, from, BATCH));
                for (TimerStore.Position next : batch) {
                    if (closing) {
                        break;
                    }
                    if (tried.add(new Name(next.kind(), next.key())) && fire(next, now)) {
                        fired++;
                    }
                }
                if (batch.size() < BATCH) {
                    break;
                }
                after = batch.get(batch.size() - 1);
            }
        } while (fired > firedBefore && !closing);
        return fired;
    }

    private record Name(String kind, String key) {
    }

    /** Fires one timer if it is still due and nobody else holds it; returns whether this call fired it. */
    private boolean fire(TimerStore.Position position, long now) {
        try {
            return db.inTransaction(h -> {
                Timer timer = store.lockDue(h, position.kind(), position.key(), now).map(TimerStore.Stored::timer)
                        .orElse(null);
                if (timer == null) {
                    return false;
                }
                // Deleted before the handler runs, so that a handler that schedules its own key again stores a
                // new timer rather than having it deleted after it.
                store.delete(h, timer.kind(), timer.key());
                try {
                    handlers.get(timer.kind()).fire(h, timer);
                } catch (RuntimeException | Error broken) {
                    throw new HandlerBroke(timer, broken);
                }
                return true;
            });
        } catch (HandlerBroke e) {
            afterBrokenFiring(e.timer, e.getCause(), now);
            return false;
        }
    }

    /** Tells a handler's failure, whose timer stays due, from the scheduler's own storage failures. */
    private static final class HandlerBroke extends RuntimeException {
        private final Timer timer;

        HandlerBroke(Timer timer, Throwable cause) {
            super(cause);
            this.timer = timer;
        }
    }

    private void afterBrokenFiring(Timer timer, Throwable cause, long now) {
        String name = timer.kind() + " " + timer.key();
        if (cause instanceof StorageException storage && storage.isTransient()) {
            log.info("timer {} met a transient storage failure; it stays due: {}", name, storage.getMessage());
            return;
        }
        db.inTransaction(h -> {
            // Only the timer that broke: since the rollback it may have been fired by another node, rescheduled
            // or cancelled, and a timer held by another node is being fired right now.
            TimerStore.Stored same = store.lockDue(h, timer.kind(), timer.key(), now)
                    .filter(stored -> stored.timer().due() == timer.due()).orElse(null);
            if (same == null) {
                log.warn("timer {} broke", name, cause);
            } else if (same.attempts() + 1 >= maxAttempts) {
                store.delete(h, timer.kind(), timer.key());
                log.error("timer {} due at {} broke {} times; it is dropped", name, timer.due(), maxAttempts, cause);
            } else {
                store.countAttempt(h, timer.kind(), timer.key());
                log.warn("timer {} broke ({} of {} attempts); it stays due", name, same.attempts() + 1, maxAttempts,
                        cause);
            }
            return null;
        });
    }

    private void runDueQuietly() {
        try {
            runDue();
        } catch (Throwable e) {
            // Anything that escapes a scheduled task cancels it for good, silently: no timer would fire on this
            // node again. Log it and let the next pass try again.
            log.error("timer pass failed; will retry", e);
        }
    }

    /**
     * Stops the poller after the timer it is firing, without interrupting it: an interrupt in the middle of H2's
     * file I/O closes the database file under every other connection.
     */
    @Override
    public void close() {
        closing = true;
        if (poller != null) {
            poller.shutdown();
            try {
                if (!poller.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("a timer handler is still running after 30 s; interrupting it");
                    poller.shutdownNow();
                }
            } catch (InterruptedException e) {
                poller.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
