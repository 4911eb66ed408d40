package dev.artel.ratelimit;

/** The windows of Toloka's rate-limit table, named as toloka-kit reads them from {@code payload.interval}. */
public enum Interval {
    MIN(60_000L, "minute"),
    HOUR(3_600_000L, "hour"),
    DAY(86_400_000L, "day");

    private final long millis;
    private final String word;

    Interval(long millis, String word) {
        this.millis = millis;
        this.word = word;
    }

    public long millis() {
        return millis;
    }

    /** How a message names the window: "20 per minute". */
    public String word() {
        return word;
    }
}
