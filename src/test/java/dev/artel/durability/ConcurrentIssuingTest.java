package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.artel.storage.StorageException;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Sixty-four workers take from one pool at once (issue 8), on one node and on two nodes sharing PostgreSQL: each
 * loops take, then submit, skip or let expire, until the pool has nothing for them, while the requester rejects
 * some answers and expiries fire on the clock. No task may go past its overlap, no worker may get a task twice,
 * nothing a client was told may be missing or different in the database, and the pool must end COMPLETED with
 * every task at its overlap. A 503 (a lock timeout or deadlock) is retried and counted; any other failure fails.
 */
class ConcurrentIssuingTest {
    private static final int WORKERS = 64;
    private static final int TASKS = 300;
    private static final int OVERLAP = 3;
    private static final long MAX_DURATION_SECONDS = 60;
    /** Enough to expire what either node issued: their hand-moved clocks started a moment apart. */
    private static final Duration PAST_EXPIRY = Duration.ofSeconds(2 * MAX_DURATION_SECONDS);

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void sixtyFourWorkersOnOneNode() {
        run(List.of(server.server()));
    }

    @Test
    void sixtyFourWorkersOnTwoNodesSharingTheDatabase() {
        assumeTrue(TestDatabase.isPostgres(), "two nodes share a database only on PostgreSQL");
        // On PostgreSQL every server of the test JVM is on the run's one schema.
        try (TestServer second = TestServer.start()) {
            run(List.of(server.server(), second));
        }
    }

    /**
     * A timer pass, as the node's own poller would run it: one that finds every connection busy (64 requests
     * against a pool of 8) fails as a whole, and the poller simply tries again.
     */
    private static void fireDue(TestServer node, AtomicInteger busy) {
        while (true) {
            try {
                node.artel().scheduler().runDue();
                return;
            } catch (StorageException e) {
                if (!e.isTransient()) {
                    throw e;
                }
                busy.incrementAndGet();
            }
        }
    }

    private static void run(List<TestServer> nodes) {
        long seed = Long.getLong("artel.crowd.seed", new Random().nextLong());
        String context = "seed=" + seed + " nodes=" + nodes.size() + " db="
                + (TestDatabase.isPostgres() ? "postgresql" : "h2");
        TestServer first = nodes.get(0);
        ApiClient requester = first.newAccount();
        Crowd crowd = new Crowd(Crowd.openPool(requester, TASKS, OVERLAP, MAX_DURATION_SECONDS));
        List<ApiClient> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            // Accounts and workers live in the database, so every node knows them; worker i goes to node i % n.
            workers.add(first.newWorker().against(nodes.get(i % nodes.size()).baseUrl()));
        }
        AtomicInteger expiries = new AtomicInteger();
        AtomicInteger busy = new AtomicInteger();
        Runnable letExpire = () -> {
            // Every active assignment expires, including those other workers are answering right now: their
            // submits and skips race the expiry, and whichever commits first wins.
            nodes.forEach(node -> node.clock().advance(PAST_EXPIRY));
            fireDue(nodes.get(expiries.getAndIncrement() % nodes.size()), busy);
        };

        AtomicInteger next = new AtomicInteger();
        long began = System.nanoTime();
        Workers.run(WORKERS, Duration.ofMinutes(3), context, () -> {
            int i = next.getAndIncrement();
            crowd.work(workers.get(i), requester, seed + i, Crowd.Mix.CROWD, letExpire, () -> true);
        });
        long crowdMillis = (System.nanoTime() - began) / 1_000_000;
        assertEquals(List.of(), List.copyOf(crowd.unexpected()), context + " " + crowd);
        System.out.println("concurrent issuing: " + context + " crowd " + crowdMillis + " ms " + crowd);
        // Places stayed open until well after every thread had started, so a worker told NO_TASKS_AVAILABLE before
        // it had anything was told wrong, and left for good.
        Set<String> served = new HashSet<>();
        crowd.given().values().forEach(given -> served.add(given.workerId()));
        List<String> turnedAway = workers.stream().map(w -> w.get("/worker/me").field("id"))
                .filter(id -> !served.contains(id)).toList();
        assertEquals(List.of(), turnedAway, context + ": workers sent away with nothing; " + crowd);
        IssuingInvariants.Outcome afterCrowd = IssuingInvariants.check(first.artel().database(), crowd, context);

        // What expiries, skips and rejections gave back after the last workers who had not had it had left (and
        // what all 64 have had and given back) goes to newcomers, one at a time, who answer everything, until
        // one finds nothing at all.
        // The pool may have completed at a moment when every place was held, and lost answers to rejections since;
        // it then stays closed until the requester opens it again, as on Toloka.
        if (requester.get("/pools/" + crowd.poolId()).field("status").equals("CLOSED")) {
            ApiClient.Response reopened = requester.post("/pools/" + crowd.poolId() + "/open");
            assertEquals(202, reopened.status(), context + ": " + reopened);
        }
        int beforeSweep = crowd.given().size();
        int newcomers = 0;
        for (int size = -1; size != crowd.given().size(); newcomers++) {
            size = crowd.given().size();
            crowd.work(first.newWorker(), requester, seed, Crowd.Mix.DILIGENT, null, () -> true);
        }
        int sweepTakes = crowd.given().size() - beforeSweep;
        nodes.forEach(node -> node.clock().advance(Duration.ofDays(1).plus(PAST_EXPIRY)));
        nodes.forEach(node -> fireDue(node, busy));

        assertEquals(List.of(), List.copyOf(crowd.unexpected()), context + " " + crowd);
        IssuingInvariants.Outcome done = IssuingInvariants.check(first.artel().database(), crowd, context);
        assertEquals(0, done.unknown(), context + ": assignments no worker was told of " + done);
        IssuingInvariants.checkOverHttp(requester, first.artel().database(), crowd, context);
        assertEquals(TASKS, done.filled(), context + ": tasks at their overlap " + done);
        ApiClient.Response pool = requester.get("/pools/" + crowd.poolId());
        assertEquals("CLOSED", pool.field("status"), context + ": " + pool);
        assertEquals("COMPLETED", pool.field("last_close_reason"), context + ": " + pool);
        System.out.println("concurrent issuing: " + context + " crowd " + crowdMillis + " ms, " + expiries
                + " expiries (" + busy + " timer passes retried), " + crowd + "; after the crowd " + afterCrowd + "; " + newcomers + " newcomers took "
                + sweepTakes + " more; at the end " + done);
    }
}
