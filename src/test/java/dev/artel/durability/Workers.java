package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Client threads for a bounded burst of traffic; the burst fails the test if it outlives its time limit. */
final class Workers {
    private Workers() {
    }

    /** Runs {@code body} on {@code threads} threads at once and waits for all of them. */
    static void run(int threads, Duration limit, String context, Runnable body) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(body));
            }
            long deadline = System.nanoTime() + limit.toNanos();
            for (Future<?> future : futures) {
                future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (TimeoutException e) {
            fail(context + ": client threads still running after " + limit);
        } catch (ExecutionException e) {
            throw new AssertionError(context + ": a client thread failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } finally {
            pool.shutdownNow();
        }
    }
}
