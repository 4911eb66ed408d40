package dev.artel.durability;

import dev.artel.support.ApiClient;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stream of pool transitions and clones over the seeded pools, as a busy client sends them, and what the
 * server answered. The request for ticket {@code n} follows from the seed alone, whichever thread sends it.
 * Archiving is rare and limited to some pools, as it is final and would soon leave nothing to open or close.
 */
final class Traffic {
    private final List<String> pools;
    private final long seed;
    private final boolean clonesOnly;
    private final Set<String> accepted = ConcurrentHashMap.newKeySet();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    private final Set<String> unexpected = ConcurrentHashMap.newKeySet();

    private Traffic(List<String> pools, long seed, boolean clonesOnly) {
        this.pools = List.copyOf(pools);
        this.seed = seed;
        this.clonesOnly = clonesOnly;
    }

    /** Clones, opens, closes and the odd archive. */
    static Traffic mixed(List<String> pools, long seed) {
        return new Traffic(pools, seed, false);
    }

    /** Only clones, the operation that must never be applied twice. */
    static Traffic clones(List<String> pools, long seed) {
        return new Traffic(pools, seed, true);
    }

    /** The path of ticket {@code n}'s request. */
    String path(int ticket) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + ticket);
        String pool = "/pools/" + pools.get(random.nextInt(pools.size()));
        int action = random.nextInt(100);
        if (clonesOnly || action < 35) {
            return pool + "/clone";
        }
        if (action < 66) {
            return pool + "/open";
        }
        if (action < 97) {
            return pool + "/close";
        }
        // Only the first third of the pools is ever archived, so that a long run keeps pools to open and close.
        return "/pools/" + pools.get(random.nextInt(Math.max(1, pools.size() / 3))) + "/archive";
    }

    /**
     * Sends ticket {@code n}'s request; false when the server is gone (the connection failed, as it does
     * once the process is killed), and the answer is then unknown.
     */
    boolean send(ApiClient api, int ticket) {
        ApiClient.Response response;
        try {
            response = api.post(path(ticket));
        } catch (UncheckedIOException gone) {
            return false;
        }
        statuses.computeIfAbsent(response.status(), s -> new AtomicInteger()).incrementAndGet();
        switch (response.status()) {
            case 202 -> accepted.add(response.field("id"));
            // 204: already in the requested state; 409: not in a state the transition starts from.
            case 204, 409 -> { }
            default -> unexpected.add(response.toString());
        }
        return true;
    }

    /** Operation ids answered with 202. */
    Set<String> accepted() {
        return Set.copyOf(accepted);
    }

    /** Answers other than 202, 204 and 409: none is expected, whatever was killed. */
    Set<String> unexpected() {
        return Set.copyOf(unexpected);
    }

    Map<Integer, Integer> statusCounts() {
        Map<Integer, Integer> out = new TreeMap<>();
        statuses.forEach((status, count) -> out.put(status, count.get()));
        return out;
    }
}
