package dev.artel.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.IntFunction;

/**
 * A closed-loop load run: N clients, each on its own thread, issue one call after another for a fixed time
 * (and never more than {@link #MAX_CALLS_PER_CLIENT} calls), and every call's latency is kept, so percentiles
 * are exact (sorted samples) rather than bucketed. Used for HTTP and, in its own JVM, for the storage floor.
 */
public final class Load {
    /** Bounds a run by count as well as by time, so a broken (instantly failing) call cannot spin unbounded. */
    static final int MAX_CALLS_PER_CLIENT = 5_000_000;

    /** One client's repeated call; it owns whatever connection it uses. */
    public interface Client extends AutoCloseable {
        void call() throws Exception;

        @Override
        default void close() {
        }
    }

    /** One run's figures; latencies in nanoseconds. */
    public record Result(int clients, long calls, long errors, double seconds, long p50Nanos, long p99Nanos,
                         String firstError) {
        public double perSecond() {
            return calls / seconds;
        }

        public double p50Millis() {
            return p50Nanos / 1e6;
        }

        public double p99Millis() {
            return p99Nanos / 1e6;
        }

        /** One line, so a run in another JVM can hand its result back on stdout. */
        public String toLine() {
            return "result " + clients + " " + calls + " " + errors + " " + seconds + " " + p50Nanos + " " + p99Nanos
                    + " " + (firstError == null ? "-" : firstError.replace('\n', ' '));
        }

        public static Result parseLine(String line) {
            String[] f = line.split(" ", 8);
            return new Result(Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                    Double.parseDouble(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                    f[7].equals("-") ? null : f[7]);
        }
    }

    /** The median of each figure across runs, taken figure by figure; errors are summed. */
    public static Result median(List<Result> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs");
        }
        List<Result> byRate = new ArrayList<>(runs);
        byRate.sort(Comparator.comparingDouble(Result::perSecond));
        Result mid = byRate.get(byRate.size() / 2);
        long errors = runs.stream().mapToLong(Result::errors).sum();
        String firstError = runs.stream().map(Result::firstError).filter(e -> e != null).findFirst().orElse(null);
        return new Result(mid.clients(), mid.calls(), errors, mid.seconds(),
                medianOf(runs.stream().mapToLong(Result::p50Nanos).toArray()),
                medianOf(runs.stream().mapToLong(Result::p99Nanos).toArray()), firstError);
    }

    public static long medianOf(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static double medianOf(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Runs {@code clients} clients for {@code seconds}. Clients are created (and connect) before the clock
     * starts; throughput is completed calls over the time until the last client stopped.
     */
    public static Result run(int clients, double seconds, IntFunction<Client> newClient) throws Exception {
        List<Client> made = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                made.add(newClient.apply(i));
            }
            Worker[] workers = new Worker[clients];
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < clients; i++) {
                workers[i] = new Worker(made.get(i), start);
                workers[i].start();
            }
            long begin = System.nanoTime();
            long deadline = begin + (long) (seconds * 1e9);
            for (Worker w : workers) {
                w.deadline = deadline;
            }
            start.countDown();
            long calls = 0;
            long errors = 0;
            String firstError = null;
            for (Worker w : workers) {
                w.join();
                calls += w.count;
                errors += w.errors;
                if (firstError == null) {
                    firstError = w.firstError;
                }
            }
            long elapsed = System.nanoTime() - begin;
            long[] all = new long[(int) calls];
            int at = 0;
            for (Worker w : workers) {
                System.arraycopy(w.samples, 0, all, at, w.count);
                at += w.count;
            }
            Arrays.sort(all);
            return new Result(clients, calls, errors, elapsed / 1e9, percentile(all, 0.50), percentile(all, 0.99),
                    firstError);
        } finally {
            for (Client c : made) {
                c.close();
            }
        }
    }

    /** Nearest-rank percentile of sorted samples; 0 when there are none. */
    static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static final class Worker extends Thread {
        private final Client client;
        private final CountDownLatch start;
        private volatile long deadline;
        private long[] samples = new long[4096];
        private int count;
        private long errors;
        private String firstError;

        Worker(Client client, CountDownLatch start) {
            this.client = client;
            this.start = start;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            // Failed calls are counted, not timed: their latency says nothing about the server's speed.
            while (count + errors < MAX_CALLS_PER_CLIENT) {
                long t0 = System.nanoTime();
                if (t0 >= deadline) {
                    break;
                }
                try {
                    client.call();
                } catch (Exception e) {
                    errors++;
                    if (firstError == null) {
                        firstError = e.toString();
                    }
                    continue;
                }
                long took = System.nanoTime() - t0;
                if (count == samples.length) {
                    samples = Arrays.copyOf(samples, samples.length * 2);
                }
                samples[count++] = took;
            }
        }
    }
}
