package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.support.ApiClient;
import dev.artel.support.ArtelProcess;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Issuing across SIGKILL (issue 8): Artel runs as its own process while workers take, submit and skip and the
 * requester rejects, and is killed in the middle of that traffic, twice, restarted on the same database each time.
 * Every assignment a worker was answered 2xx for must be there, as it was given, and every answered submit, skip
 * and rejection must have happened; no assignment may be doubled (a worker with two active ones, a suite issued
 * twice, a task given to a worker twice); the taken counts must match the assignments; and the assignments that
 * were active at the kill must still expire on their timers after it. Then the crowd finishes the pool on a third
 * process, and it completes.
 */
class KillDuringIssuingTest {
    private static final int WORKERS = 16;
    private static final int TASKS = 150;
    private static final int OVERLAP = 3;
    /** Long enough that the processes' real clocks expire nothing; the in-process server's clock moves past it. */
    private static final long MAX_DURATION_SECONDS = 3_600;

    @Test
    void noAssignmentIsLostOrDoubledAcrossKillsAndActiveOnesStillExpire() {
        long seed = Long.getLong("artel.crash.seed", new Random().nextLong());
        Random random = new Random(seed);
        // Takes at which the process is killed; the crowd needs about 130 to fill the pool.
        List<Integer> killAt = List.of(15 + random.nextInt(25), 55 + random.nextInt(25));
        String context = "seed=" + seed + " db=" + (TestDatabase.isPostgres() ? "postgresql" : "h2") + " kills at takes "
                + killAt;
        String dbUrl;
        String requesterToken;
        Crowd crowd;
        List<String> workers = new ArrayList<>();
        try (TestServer seeding = TestServer.start()) {
            ApiClient requester = seeding.newAccount();
            crowd = new Crowd(Crowd.openPool(requester, TASKS, OVERLAP, MAX_DURATION_SECONDS));
            for (int i = 0; i < WORKERS; i++) {
                workers.add(seeding.newWorker().token());
            }
            requesterToken = requester.token();
            dbUrl = seeding.dbUrl();
        }

        AtomicInteger takes = new AtomicInteger();
        List<String> logs = new ArrayList<>();
        for (int round = 0; round < killAt.size(); round++) {
            int kill = killAt.get(round);
            int offset = round * WORKERS;
            try (ArtelProcess node = ArtelProcess.start("issuing-kill-" + round, dbUrl, "--rate-limits", "off")) {
                logs.add(node.logFile().toString());
                AtomicBoolean killed = new AtomicBoolean();
                AtomicInteger next = new AtomicInteger();
                Workers.run(WORKERS, Duration.ofMinutes(2), context + " logs " + logs, () -> {
                    int i = next.getAndIncrement();
                    crowd.work(worker(node.baseUrl(), workers.get(i)), node.client(requesterToken), seed + offset + i,
                            Crowd.Mix.NO_EXPIRY, null, () -> {
                                int take = takes.incrementAndGet();
                                if (take == kill) {
                                    // The other workers are in the middle of their takes, submits and skips.
                                    node.kill();
                                    killed.set(true);
                                }
                                return take < kill;
                            });
                });
                assertTrue(killed.get(), context + ": the crowd finished before the kill; " + crowd + " logs " + logs);
                takes.set(kill);
            }
            assertEquals(List.of(), List.copyOf(crowd.unexpected()), context + " " + crowd + " logs " + logs);
        }

        // Right after the last kill: what the crowd was told is all there, once, and each assignment left active
        // has its expiry timer, which fires on a server started afterwards once the clock passes it.
        try (TestServer after = TestServer.on(dbUrl)) {
            IssuingInvariants.Outcome killedWith = IssuingInvariants.check(after.artel().database(), crowd, context);
            assertTrue(killedWith.unknown() <= crowd.unanswered(), context + ": " + killedWith + " " + crowd);
            assertTrue(killedWith.count("ACTIVE") > 0, context + ": no assignment was active at the kill " + killedWith);
            after.clock().advance(Duration.ofSeconds(MAX_DURATION_SECONDS + 1));
            after.artel().scheduler().runDue();
            IssuingInvariants.Outcome expired = IssuingInvariants.check(after.artel().database(), crowd, context);
            assertEquals(0, expired.count("ACTIVE"), context + ": " + expired);
            assertEquals(killedWith.count("EXPIRED") + killedWith.count("ACTIVE"), expired.count("EXPIRED"),
                    context + ": " + killedWith + " then " + expired);
            System.out.println("issuing kill: " + context + " at the last kill " + killedWith + ", after expiry "
                    + expired);
        }

        // The crowd comes back to a third process and works the pool to its end.
        try (ArtelProcess node = ArtelProcess.start("issuing-after", dbUrl, "--rate-limits", "off")) {
            logs.add(node.logFile().toString());
            AtomicInteger next = new AtomicInteger();
            Workers.run(WORKERS, Duration.ofMinutes(2), context + " logs " + logs, () -> {
                int i = next.getAndIncrement();
                assertTrue(crowd.work(worker(node.baseUrl(), workers.get(i)), node.client(requesterToken),
                        seed + 100 + i, Crowd.Mix.NO_EXPIRY, null, () -> true), context + ": the last node went away");
            });
            node.stop();
        }
        assertEquals(List.of(), List.copyOf(crowd.unexpected()), context + " " + crowd + " logs " + logs);

        try (TestServer last = TestServer.on(dbUrl)) {
            ApiClient requester = last.client(requesterToken);
            // Rejections after the pool completed leave places that only newcomers (everyone else has had the
            // tasks) and an open pool will fill.
            if (requester.get("/pools/" + crowd.poolId()).field("status").equals("CLOSED")) {
                assertEquals(202, requester.post("/pools/" + crowd.poolId() + "/open").status(), context);
            }
            for (int size = -1; size != crowd.given().size(); ) {
                size = crowd.given().size();
                crowd.work(last.newWorker(), requester, seed, Crowd.Mix.DILIGENT, null, () -> true);
            }
            last.clock().advance(Duration.ofDays(1).plusSeconds(MAX_DURATION_SECONDS));
            last.artel().scheduler().runDue();
            assertEquals(List.of(), List.copyOf(crowd.unexpected()), context + " " + crowd);
            IssuingInvariants.Outcome done = IssuingInvariants.check(last.artel().database(), crowd, context);
            IssuingInvariants.checkOverHttp(requester, last.artel().database(), crowd, context);
            assertTrue(done.unknown() <= crowd.unanswered(), context + ": " + done + " " + crowd);
            assertEquals(TASKS, done.filled(), context + ": " + done);
            ApiClient.Response pool = requester.get("/pools/" + crowd.poolId());
            assertEquals("COMPLETED", pool.field("last_close_reason"), context + ": " + pool);
            System.out.println("issuing kill: " + context + " " + crowd + "; at the end " + done);
        }
    }

    private static ApiClient worker(String baseUrl, String token) {
        return ArtelProcess.client(baseUrl, token).artelApi();
    }
}
