package dev.artel.core;

import dev.artel.storage.Handle;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * The one source of ids. Object ids (projects, pools, trainings) are numbers from a database sequence that
 * starts at 10^9, so they print as fixed-width decimal strings for a long time and sort the same as strings
 * and as numbers. Operation ids are time-ordered UUIDs (48 bits of clock millis, then a per-process
 * counter and randomness), so they too sort by creation as plain strings, across nodes.
 * <p>
 * <b>Deterministic ids</b> (an emulator started with {@code --deterministic-ids}): no per-node bits and no
 * randomness in any id, so an id depends only on the clock and on the ids drawn before it. With the emulator's
 * virtual clock, which moves only when told, the same calls from the same {@link Position} (an empty start, a
 * reset, a restored snapshot) draw the same ids. Tokens stay random: they are secrets, not ids.
 */
public final class IdGenerator {
    /** Where the object-id sequence starts (V1), and starts again when a deterministic emulator is reset. */
    public static final long FIRST_OBJECT_ID = 1_000_000_000L;

    private final Clock clock;
    private final boolean deterministic;
    private final SecureRandom random = new SecureRandom();
    private final long nodeBits;
    private long lastTime;
    private long counter;

    /** An id source for a server: random bits keep ids of several nodes apart. */
    public IdGenerator(Clock clock) {
        this(clock, false);
    }

    public IdGenerator(Clock clock, boolean deterministic) {
        this.clock = clock;
        this.deterministic = deterministic;
        this.nodeBits = deterministic ? 0 : new SecureRandom().nextLong();
    }

    /** Whether ids depend only on the calls made (an emulator's {@code --deterministic-ids}). */
    public boolean deterministic() {
        return deterministic;
    }

    /**
     * Everything the ids drawn next depend on besides the clock: the object-id sequence's next value and the
     * millisecond and counter of the last time-ordered id. A snapshot stores it and a restore puts it back.
     */
    public record Position(long nextObjectId, long lastMillis, long counter) {
        /** Where an empty database starts. */
        public static final Position FRESH = new Position(FIRST_OBJECT_ID, 0, 0);
    }

    /** Reads the position through the caller's transaction. */
    public synchronized Position position(Handle h) {
        return new Position(h.queryLong(h.dialect().peekObjectIdSql()), lastTime, counter);
    }

    /**
     * Moves every id source to {@code to}: the sequence in the caller's transaction, the rest in memory at once. A
     * caller whose transaction then fails must move it back.
     */
    public synchronized void moveTo(Handle h, Position to) {
        if (h.queryLong(h.dialect().peekObjectIdSql()) != to.nextObjectId()) {
            // The same on both engines; a number, not a parameter, since neither takes one in DDL.
            h.update("ALTER SEQUENCE object_ids RESTART WITH " + to.nextObjectId());
        }
        lastTime = to.lastMillis();
        counter = to.counter();
    }

    /**
     * After a restart the counter of the last millisecond is lost, and a virtual clock may still stand in it. Ids
     * from now on carry millisecond {@code millis} or a later one, which no id drawn before the restart did.
     */
    public synchronized void startAt(long millis) {
        lastTime = millis;
        counter = -1;
    }

    /** Draws from the database sequence through the caller's transaction (no second connection is taken). */
    public long nextObjectId(Handle h) {
        return h.queryLong(h.dialect().nextObjectIdSql());
    }

    public String nextOperationId() {
        Tick tick = nextTick();
        long high = (tick.millis << 16) | 0x7000L | ((tick.seq >>> 12) & 0x0FFFL);
        long low = 0x8000_0000_0000_0000L | ((tick.seq & 0x0FFFL) << 50) | ((nodeBits & 0xFFFFL) << 34);
        return new UUID(high, deterministic ? low : low ^ (random.nextLong() & 0x3_FFFF_FFFFL)).toString();
    }

    /**
     * An id of a task, task suite or assignment, in Toloka's form {@code 000012bb84--62d80429f20bf20e50f36a27}: the
     * pool id in ten hex digits, then the clock, this node and a counter in 24. Fixed width and monotone on a node,
     * so the ids of one upload sort as strings in creation order, which toloka-kit relies on: it reads a batch
     * back by {@code id_gte} the smallest and {@code id_lte} the largest of them.
     */
    public String nextItemId(long poolId) {
        Tick tick = nextTick();
        // By hand rather than String.format, which was a twentieth of an upload's time.
        char[] id = new char[36];
        hex(id, 0, 10, poolId);
        id[10] = '-';
        id[11] = '-';
        hex(id, 12, 12, tick.millis);
        hex(id, 24, 4, nodeBits);
        hex(id, 28, 8, tick.seq);
        return new String(id);
    }

    /** The low {@code digits} hex digits of {@code value}, as {@code %0<digits>x} prints a value that fits them. */
    private static void hex(char[] out, int at, int digits, long value) {
        for (int i = at + digits - 1; i >= at; i--) {
            out[i] = Character.forDigit((int) (value & 0xF), 16);
            value >>>= 4;
        }
    }

    /** A UUID inside a document (a quality-control collector's): random, or time-ordered when ids are deterministic. */
    public String nextUuid() {
        return deterministic ? nextOperationId() : UUID.randomUUID().toString();
    }

    /**
     * The id of a new account or worker, 32 hex digits. Deterministic: a digest of its kind and how many of its
     * kind exist ({@code existing}), so the same calls name the same ones, whatever the clock; accounts and
     * workers outlive a reset, so their ids must not come from the sources a reset starts again. Two made at
     * once may then draw the same id, and one fails on the key: a deterministic emulator is driven one call at
     * a time. {@code existing} is asked only then.
     */
    public String nextHolderId(String kind, LongSupplier existing) {
        if (!deterministic) {
            return randomHex(16);
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((kind + ":" + (existing.getAsLong() + 1)).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
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

    private String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public String randomToken() {
        byte[] b = new byte[30];
        random.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
