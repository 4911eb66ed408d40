package dev.artel.core;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one source of ids. Object ids (projects, pools, trainings) are numbers from a database sequence that
 * starts at 10^9, so they print as fixed-width decimal strings for a long time and sort the same as strings
 * and as numbers. Operation ids are time-ordered UUIDs (48 bits of clock millis, then a per-process
 * counter and randomness), so they too sort by creation as plain strings, across nodes.
 */
public final class IdGenerator {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong lastTime = new AtomicLong();
    private final AtomicLong counter = new AtomicLong();
    private final long nodeBits = new SecureRandom().nextLong();

    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    /** Draws from the database sequence through the caller's transaction (no second connection is taken). */
    public long nextObjectId(dev.artel.storage.Handle h) {
        return h.queryLong(h.dialect().nextObjectIdSql());
    }

    public String nextOperationId() {
        long now = clock.millis();
        long seq;
        synchronized (this) {
            if (now <= lastTime.get()) {
                now = lastTime.get();
                seq = counter.incrementAndGet();
            } else {
                lastTime.set(now);
                counter.set(0);
                seq = 0;
            }
        }
        long high = (now << 16) | 0x7000L | ((seq >>> 12) & 0x0FFFL);
        long low = (0x8000_0000_0000_0000L | ((seq & 0x0FFFL) << 50) | ((nodeBits & 0xFFFFL) << 34))
                ^ (random.nextLong() & 0x3_FFFF_FFFFL);
        return new java.util.UUID(high, low).toString();
    }

    public String randomUuid() {
        return java.util.UUID.randomUUID().toString();
    }

    public String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    public String randomToken() {
        byte[] b = new byte[30];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
