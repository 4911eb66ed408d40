package dev.artel.ratelimit;

import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.storage.Database;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Toloka's rate limits: 300 requests a second per account overall, and the per-method table of
 * {@code info-description.md}, keyed by the spec's operationId. Method limits are sliding windows counted in
 * the database, so they hold exactly across every node that shares it. The per-second limit is counted in
 * each node's memory: a database round trip on every request would cost more than the limit protects.
 *
 * <p>What counts. {@link dev.artel.http.ApiServer} checks the per-second limit right after authentication, so
 * every authenticated request counts there, valid or not: that limit protects the server. It checks the method
 * limit after the body has passed schema validation and just before the handler, and a method call counts from
 * that moment, whatever the handler then answers. So:
 * <ul>
 *   <li>A body the schema refuses (400 before the method runs) is not counted, and since validation comes first
 *       the client keeps getting the 400 that says what to fix, not a 429 that hides it (a 429 with
 *       {@code interval: MIN} also sends toloka-kit to sleep, or worse: COMPATIBILITY.md §0.4).</li>
 *   <li>A call the method itself refuses (a pool in a project that does not exist, a clone of a pool that does
 *       not, a 409) is counted: Toloka's table limits requests, not successes, and such a call does the work the
 *       limit bounds, reading the store.</li>
 *   <li>A call refused with 429 is not counted, so a client that keeps retrying is let in again as soon as its
 *       window has room, rather than extending its own ban.</li>
 * </ul>
 * When several windows of a method are used up, the 429 names the longest one: that is how long the client has
 * to wait, and toloka-kit gives up at once on DAY instead of sleeping a minute to be refused again.
 */
public final class RateLimiter {
    public static final int REQUESTS_PER_SECOND = 300;

    /** Per-method limits, longest window first: the order they are checked in and the 429 names. */
    private static final Map<String, Map<Interval, Integer>> METHOD_LIMITS = Map.of(
            "createProject", limits(20, 100),
            "createPool", limits(20, 100),
            "createTraining", limits(20, 100),
            "clonePool", limits(20, 100),
            "cloneTraining", limits(20, 100));

    private final boolean enabled;
    private final Database db;
    private final RateLimitStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Deque<Long>> recentRequests = new ConcurrentHashMap<>();

    public RateLimiter(boolean enabled, Database db, RateLimitStore store, Clock clock) {
        this.enabled = enabled;
        this.db = db;
        this.store = store;
        this.clock = clock;
    }

    private static Map<Interval, Integer> limits(int perMinute, int perDay) {
        Map<Interval, Integer> m = new LinkedHashMap<>();
        m.put(Interval.DAY, perDay);
        m.put(Interval.MIN, perMinute);
        return m;
    }

    /** The overall per-second limit, checked for every API request. */
    public void checkRequest(String accountId) {
        if (!enabled) {
            return;
        }
        long now = clock.millis();
        Deque<Long> window = recentRequests.computeIfAbsent(accountId, k -> new ArrayDeque<>());
        synchronized (window) {
            while (!window.isEmpty() && window.peekFirst() <= now - 1000) {
                window.pollFirst();
            }
            if (window.size() >= REQUESTS_PER_SECOND) {
                throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: the limit is "
                        + REQUESTS_PER_SECOND + " per second");
            }
            window.addLast(now);
        }
    }

    /** The method's own limits, if it has any; a call that is let through is counted. */
    public void checkMethod(String accountId, String operationId) {
        Map<Interval, Integer> limits = METHOD_LIMITS.get(operationId);
        if (!enabled || limits == null) {
            return;
        }
        db.inTransaction(h -> {
            store.lock(h, accountId, operationId);
            long now = clock.millis();
            for (Map.Entry<Interval, Integer> limit : limits.entrySet()) {
                if (store.countSince(h, accountId, operationId, now - limit.getKey().millis()) >= limit.getValue()) {
                    throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: the limit is "
                            + limit.getValue() + " per " + limit.getKey().word(),
                            Map.of("interval", limit.getKey().name()));
                }
            }
            store.forgetBefore(h, accountId, operationId, now - Interval.DAY.millis());
            store.record(h, accountId, operationId, now);
            return null;
        });
    }
}
