package dev.artel.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A clock that moves only when told: the emulator's (so that a pipeline's days pass in seconds) and the tests'
 * (so that minute and day windows pass without sleeping). Everything in Artel reads time from an injected clock,
 * so on this one every timestamp the API shows is virtual.
 */
public final class VirtualClock extends Clock {
    private final AtomicLong millis;

    public VirtualClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    public void advance(Duration by) {
        millis.addAndGet(by.toMillis());
    }

    /** Moves the clock to the given time, which may be earlier: restoring a snapshot takes time back with it. */
    public void set(long epochMillis) {
        millis.set(epochMillis);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public long millis() {
        return millis.get();
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis.get());
    }
}
