package dev.artel.ratelimit;

import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Toloka's rate limits: 300 requests a second per account overall, and the per-method table of
 * {@code info-description.md}, keyed by the spec's operationId. Method limits are sliding windows counted in
 * the database, so they hold exactly across every node that shares it.
 *
 * <p>The per-second limit holds across nodes too, without a database round trip per request: a node leases a
 * batch of the account's budget for the current second from the database and spends it in memory, and leases
 * again when it has spent it. Across all nodes at most 300 requests of an account are admitted in one second.
 * <ul>
 *   <li>The window is fixed: from a whole second of the clock to the next, not a sliding second, so up to 300
 *       may come just before a second ends and 300 more just after. A sliding second would have to count every
 *       node's requests one by one.</li>
 *   <li>A lease is at most {@link #MAX_LEASE} and about half of what is left, so one node that takes all of
 *       an account's traffic leases about a dozen times a second at full rate and admits all 300, while the
 *       last requests of a second are spread among the nodes that ask.</li>
 *   <li>A request a node has leased but not spent when the second ends is lost, so nodes together admit fewer
 *       than 300 when one holds a lease its clients do not use in time: at most what that node leased last.
 *       Clients that keep sending to every node get all 300.</li>
 *   <li>Windows follow the nodes' own clocks. A node whose clock is behind counts in the newest second a node
 *       has opened, so skew cannot add a second's budget, but it moves the edges of the seconds by the skew;
 *       nodes must keep time (NTP). Beyond {@link #MAX_CLOCK_SKEW_MILLIS} of skew a clock is taken for wrong and
 *       nodes on either side of it may each open a second of their own: the limit no longer holds exactly.</li>
 *   <li>Once the database has said a second's budget is all leased, the node refuses the rest of that second
 *       without asking again, so a client hammering a refused account costs no round trips either. The first
 *       request of an account in a second on a node waits for a lease, one short transaction; if the database
 *       cannot be reached it is refused as transient (503) like any request that needs the database.</li>
 * </ul>
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
    /**
     * The largest lease, a sixth of the budget: an account at full rate costs a node a round trip for every 50
     * requests rather than every one, and no node strands more than 50 of a second's requests.
     */
    static final int MAX_LEASE = 50;
    /**
     * A budget further ahead of this node's clock than this was written by a clock that is wrong, not merely
     * skewed. Following it would refuse the account until this node's clock caught up, for as long as the wrong
     * clock was ahead even after that node is gone, so this node starts the budget of its own second instead.
     */
    static final long MAX_CLOCK_SKEW_MILLIS = 5_000;

    /** Per-method limits, longest window first: the order they are checked in and the 429 names. */
    private static final Map<String, Map<Interval, Integer>> METHOD_LIMITS = Map.of(
            "createProject", limits(20, 100),
            "createPool", limits(20, 100),
            "createTraining", limits(20, 100),
            "clonePool", limits(20, 100),
            "cloneTraining", limits(20, 100),
            "createSkill", limits(10, 100),
            "upsertUserSkill", Map.of(Interval.DAY, 100_000),
            // "Aggregate results": the method that starts one. Reading the results (getAggregatedSolutions, whose
            // description repeats the notice) is not counted: at five pages a minute a client could not page
            // through a pool's results, and aggregating one task is not in the table.
            "aggregateSolutionsByPool", limits(5, 30, 200));

    private final boolean enabled;
    private final Database db;
    private final RateLimitStore store;
    private final Clock clock;
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

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

    private static Map<Interval, Integer> limits(int perMinute, int perHour, int perDay) {
        Map<Interval, Integer> m = new LinkedHashMap<>();
        m.put(Interval.DAY, perDay);
        m.put(Interval.HOUR, perHour);
        m.put(Interval.MIN, perMinute);
        return m;
    }

    /** The overall per-second limit, checked for every API request. */
    public void checkRequest(String accountId) {
        if (!enabled) {
            return;
        }
        long window = Math.floorDiv(clock.millis(), 1000L) * 1000L;
        Lease lease = leases.computeIfAbsent(accountId, k -> new Lease());
        // The account's requests on this node wait for one lease rather than each asking the database.
        synchronized (lease) {
            if (lease.windowStart != window) {
                lease.windowStart = window;
                lease.left = 0;
                lease.exhausted = false;
            }
            if (lease.left == 0 && !lease.exhausted) {
                lease.left = db.inTransaction(h -> take(h, accountId, window));
                lease.exhausted = lease.left == 0;
            }
            if (lease.left == 0) {
                throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: the limit is "
                        + REQUESTS_PER_SECOND + " per second");
            }
            lease.left--;
        }
    }

    /** Leases part of what is left of the account's budget for the second starting at {@code window}. */
    private int take(Handle h, String accountId, long window) {
        RateLimitStore.Budget budget = store.lockBudget(h, accountId);
        // A node whose clock runs ahead has opened a later second already; this one counts in that second too.
        long ahead = budget.windowStart() - window;
        boolean counting = ahead >= 0 && ahead <= MAX_CLOCK_SKEW_MILLIS;
        int leased = counting ? budget.leased() : 0;
        int grant = Math.min(MAX_LEASE, (REQUESTS_PER_SECOND - leased + 1) / 2);
        if (grant > 0) {
            store.saveBudget(h, accountId,
                    new RateLimitStore.Budget(counting ? budget.windowStart() : window, leased + grant));
        }
        return grant;
    }

    /** What this node holds of an account's budget for one second. */
    private static final class Lease {
        private long windowStart = Long.MIN_VALUE;
        private int left;
        /** The database has no more of this second's budget to lease. */
        private boolean exhausted;
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
