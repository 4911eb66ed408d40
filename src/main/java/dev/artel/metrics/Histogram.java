package dev.artel.metrics;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A latency histogram with fixed buckets. Recording is lock-free (one bucket adder and the sum); the
 * cumulative counts Prometheus wants, and the total count, are summed up only when scraped.
 */
final class Histogram {
    /** Upper bounds in seconds: from a cached token lookup (~1 ms) to a slow database (10 s). */
    static final double[] BOUNDS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final DoubleAdder sum = new DoubleAdder();

    Histogram() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    void record(double seconds) {
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) {
            i++;
        }
        buckets[i].increment();
        sum.add(seconds);
    }

    void write(PrometheusText out, String name, String... labels) {
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            double le = i < BOUNDS.length ? BOUNDS[i] : Double.POSITIVE_INFINITY;
            out.sample(name + "_bucket", cumulative, withLabel(labels, "le", PrometheusText.format(le)));
        }
        out.sample(name + "_sum", sum.sum(), labels);
        // The count is the +Inf bucket, so the two always agree within one scrape.
        out.sample(name + "_count", cumulative, labels);
    }

    private static String[] withLabel(String[] labels, String name, String value) {
        String[] all = java.util.Arrays.copyOf(labels, labels.length + 2);
        all[labels.length] = name;
        all[labels.length + 1] = value;
        return all;
    }
}
