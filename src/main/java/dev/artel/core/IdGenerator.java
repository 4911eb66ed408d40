package dev.artel.core;

import java.security.SecureRandom;
import java.time.Clock;

/**
 * The one source of ids. Object ids (projects, pools, trainings) are numbers from a database sequence that
 * starts at 10^9, so they print as fixed-width decimal strings for a long time and sort the same as strings
 * and as numbers. Operation ids are time-ordered UUIDs (48 bits of clock millis, then a per-process
 * counter and randomness), so they too sort by creation as plain strings, across nodes.
 */
public final class IdGenerator {
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private long lastTime;
    private long counter;
    private final long nodeBits = new SecureRandom().nextLong();

    public IdGenerator(Clock clock) {
        this.clock = clock;
    }

    /** Draws from the database sequence through the caller's transaction (no second connection is taken). */
    public long nextObjectId(dev.artel.storage.Handle h) {
        return h.queryLong(h.dialect().nextObjectIdSql());
    }

    public String nextOperationId() {
        Tick tick = nextTick();
        long high = (tick.millis << 16) | 0x7000L | ((tick.seq >>> 12) & 0x0FFFL);
        long low = (0x8000_0000_0000_0000L | ((tick.seq & 0x0FFFL) << 50) | ((nodeBits & 0xFFFFL) << 34))
                ^ (random.nextLong() & 0x3_FFFF_FFFFL);
        return new java.util.UUID(high, low).toString();
    }

    /**
     * An id of a task, task suite or assignment, in Toloka's form {@code 000012bb84--62d80429f20bf20e50f36a27}: the
     * pool id in ten hex digits, then the clock, this node and a counter in 24. Fixed width and monotone on a node,
     * so the ids of one upload sort as strings in creation order, which toloka-kit relies on: it reads a batch
     * back by {@code id_gte} the smallest and {@code id_lte} the largest of them.
     */
    public String nextItemId(long poolId) {
        Tick tick = nextTick();
        return String.format("%010x--%012x%04x%08x", poolId, tick.millis, nodeBits & 0xFFFFL, tick.seq & 0xFFFF_FFFFL);
    }

    private record Tick(long millis, long seq) {
    }

    /** The clock's millisecond, never going back, and a counter of the ids drawn within it. */
    private synchronized Tick nextTick() {
        long now = clock.millis();
        if (now <= lastTime) {
            return new Tick(lastTime, ++counter);
        }
        lastTime = now;
        counter = 0;
        return new Tick(now, 0);
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
