package dev.artel.ratelimit;

/** The windows of Toloka's rate-limit table, named as toloka-kit reads them from {@code payload.interval}. */
public enum Interval {
    MIN(60_000L),
    HOUR(3_600_000L),
    DAY(86_400_000L);

    private final long millis;

    Interval(long millis) {
        this.millis = millis;
    }

    public long millis() {
        return millis;
    }
}
