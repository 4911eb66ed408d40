package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.artel.support.ApiClient;
import dev.artel.support.ArtelProcess;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two Artel processes on one PostgreSQL schema, as a deployment behind a load balancer runs them: the
 * operation queue and the rate limits are shared through the database, and either node can finish what
 * the other accepted. Only on PostgreSQL: the embedded database belongs to one process.
 */
class TwoNodeTest {
    private static final int THREADS = 4;

    @BeforeAll
    static void onlyOnPostgres() {
        assumeTrue(TestDatabase.isPostgres(), "two nodes share a database only on PostgreSQL");
    }

    @Test
    void clonesThroughBothNodesApplyOnceAndTheSurvivorOfAKillFinishesEverything() {
        long seed = Long.getLong("artel.crash.seed", new Random().nextLong());
        Seeded seeded;
        String dbUrl;
        try (TestServer seeding = TestServer.start()) {
            seeded = Seeded.create(seeding, 2, 4);
            dbUrl = seeding.dbUrl();
        }
        String context = "seed=" + seed;
        try (ArtelProcess a = ArtelProcess.start("two-nodes-a", dbUrl, "--operations", "workers", "--rate-limits", "off");
             ArtelProcess b = ArtelProcess.start("two-nodes-b", dbUrl, "--operations", "workers", "--rate-limits", "off")) {
            context += " logs " + a.logFile() + " " + b.logFile();
            List<ApiClient> nodes = List.of(a.client(seeded.token()), b.client(seeded.token()));

            // Both workers poll the same queue while both nodes accept clones.
            Traffic clones = Traffic.clones(seeded.poolIds(), seed);
            AtomicInteger tickets = new AtomicInteger();
            Workers.run(THREADS, Duration.ofMinutes(2), context, () -> {
                for (int t = tickets.getAndIncrement(); t < 200; t = tickets.getAndIncrement()) {
                    assertTrue(clones.send(nodes.get(t % 2), t), "both nodes are up");
                }
            });
            assertEquals(Map.of(202, 200), clones.statusCounts(), context);
            Invariants.awaitDrained(nodes.get(1), Duration.ofMinutes(1), context);
            Invariants.check(nodes.get(0), seeded, clones.accepted(), context);

            // Mixed traffic through both; node A is killed in the middle of it and B takes all that follows.
            Traffic mixed = Traffic.mixed(seeded.poolIds(), seed);
            int killAt = 50 + new Random(seed).nextInt(250);
            AtomicBoolean killed = new AtomicBoolean();
            tickets.set(0);
            String phase = context + " kill at " + killAt;
            Workers.run(THREADS, Duration.ofMinutes(2), phase, () -> {
                for (int t = tickets.getAndIncrement(); t < 400; t = tickets.getAndIncrement()) {
                    if (t == killAt) {
                        a.kill();
                        killed.set(true);
                    }
                    // A request to A that was under way at the kill has an unknown answer, like any client's.
                    int node = killed.get() ? 1 : t % 2;
                    assertTrue(mixed.send(nodes.get(node), t) || node == 0, phase + ": node B stopped answering");
                }
            });
            Set<String> accepted = new HashSet<>(clones.accepted());
            accepted.addAll(mixed.accepted());
            Invariants.awaitDrained(nodes.get(1), Duration.ofMinutes(1), phase);
            Invariants.Outcome outcome = Invariants.check(nodes.get(1), seeded, accepted, phase);
            Invariants.checkStored(dbUrl, seeded, outcome, phase);
            assertEquals(List.of(), List.copyOf(mixed.unexpected()), phase);
            System.out.println("two nodes: " + phase + " answers=" + mixed.statusCounts() + " " + outcome);
        }
    }

    /**
     * The clone limit (20 a minute per account) is counted in the database, so it holds for the account
     * however its requests are spread: of 26 concurrent clones through both nodes exactly 20 are accepted,
     * and one more is refused by either node. The real clock runs here; all of it takes a few seconds.
     */
    @Test
    void cloneRateLimitHoldsAcrossBothNodes() {
        Seeded seeded;
        String dbUrl;
        try (TestServer seeding = TestServer.start()) {
            seeded = Seeded.create(seeding, 1, 1);
            dbUrl = seeding.dbUrl();
        }
        String clone = "/pools/" + seeded.poolIds().get(0) + "/clone";
        try (ArtelProcess a = ArtelProcess.start("limits-a", dbUrl, "--rate-limits", "on");
             ArtelProcess b = ArtelProcess.start("limits-b", dbUrl, "--rate-limits", "on")) {
            String context = "logs " + a.logFile() + " " + b.logFile();
            List<ApiClient> nodes = List.of(a.client(seeded.token()), b.client(seeded.token()));
            long began = System.nanoTime();
            Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
            Set<String> accepted = ConcurrentHashMap.newKeySet();
            AtomicInteger tickets = new AtomicInteger();
            Workers.run(THREADS, Duration.ofSeconds(30), context, () -> {
                for (int t = tickets.getAndIncrement(); t < 26; t = tickets.getAndIncrement()) {
                    ApiClient.Response r = nodes.get(t % 2).post(clone);
                    answers.computeIfAbsent(r.status(), s -> new AtomicInteger()).incrementAndGet();
                    if (r.status() == 202) {
                        accepted.add(r.field("id"));
                    } else {
                        assertEquals("TOO_MANY_REQUESTS", r.code(), r.toString());
                    }
                }
            });
            List<ApiClient.Response> oneMore = nodes.stream().map(node -> node.post(clone)).toList();
            assertTrue(System.nanoTime() - began < Duration.ofSeconds(50).toNanos(),
                    "the requests must fall in one minute for the limit to apply");
            Map<Integer, Integer> counts = new TreeMap<>();
            answers.forEach((status, n) -> counts.put(status, n.get()));
            assertEquals(Map.of(202, 20, 429, 6), counts, context);
            for (ApiClient.Response refused : oneMore) {
                assertEquals(429, refused.status(), context + ": " + refused);
                assertEquals("TOO_MANY_REQUESTS", refused.code());
            }
            Invariants.awaitDrained(nodes.get(0), Duration.ofMinutes(1), context);
            Invariants.Outcome outcome = Invariants.check(nodes.get(1), seeded, accepted, context);
            assertEquals(20, outcome.clones(), context);
        }
    }
}
