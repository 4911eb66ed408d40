package dev.artel.storage;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the health check reports about the database: still starting, answering, or not answering now.
 *
 * <p>A load balancer or orchestrator may poll health as often as it likes, so the database is asked at most
 * once per {@code cacheMillis} (by the injected clock), by one check at a time, and callers that arrive while a
 * check runs share its answer. A caller waits at most {@code timeoutMillis} for it: a database that takes longer
 * to answer than that is unavailable for the purpose of health, and the check goes on in the background, so a
 * slow database cannot hold HTTP threads through the health route.
 */
public final class DatabaseHealth {
    /** The answers, with the HTTP status and the word the health route sends. */
    public enum Status {
        OK(200, "ok"),
        STARTING(503, "starting"),
        DATABASE_UNAVAILABLE(503, "database unavailable");

        private final int httpStatus;
        private final String word;

        Status(int httpStatus, String word) {
            this.httpStatus = httpStatus;
            this.word = word;
        }

        public int httpStatus() {
            return httpStatus;
        }

        public String word() {
            return word;
        }
    }

    private final Database db;
    private final Clock clock;
    private final long timeoutMillis;
    private final long cacheMillis;
    private CompletableFuture<Boolean> latest;
    private long latestStarted;

    public DatabaseHealth(Database db, Clock clock, long timeoutMillis, long cacheMillis) {
        this.db = db;
        this.clock = clock;
        this.timeoutMillis = timeoutMillis;
        this.cacheMillis = cacheMillis;
    }

    public Status status() {
        if (!db.isOpen()) {
            return Status.STARTING;
        }
        try {
            return check().get(timeoutMillis, TimeUnit.MILLISECONDS) ? Status.OK : Status.DATABASE_UNAVAILABLE;
        } catch (TimeoutException | ExecutionException e) {
            return Status.DATABASE_UNAVAILABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Status.DATABASE_UNAVAILABLE;
        }
    }

    /** The check under way, or the last one while it is fresh, or a new one. */
    private synchronized CompletableFuture<Boolean> check() {
        long now = clock.millis();
        if (latest == null || (latest.isDone() && now - latestStarted >= cacheMillis)) {
            latestStarted = now;
            // The driver's validity check counts in whole seconds; the caller's own wait is the finer bound.
            int validitySeconds = (int) Math.max(1, (timeoutMillis + 999) / 1000);
            latest = CompletableFuture.supplyAsync(() -> db.isReachable(validitySeconds), DatabaseHealth::checkThread);
        }
        return latest;
    }

    /** A thread of its own per check: at most one runs at a time, and none lingers between checks. */
    private static void checkThread(Runnable work) {
        Thread thread = new Thread(work, "artel-health-check");
        thread.setDaemon(true);
        thread.start();
    }
}
