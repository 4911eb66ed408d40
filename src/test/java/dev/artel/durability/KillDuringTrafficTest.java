package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.support.ArtelProcess;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Crash safety: Artel runs as its own process under concurrent clones, opens, closes and archives, and is
 * killed with SIGKILL at random moments, restarted on the same data each time; after the last kill a fresh
 * process drains the queue and every invariant must hold: each 202 has its operation, every operation
 * finished, each clone made exactly one pool, each pool is in one state, everything reads back.
 *
 * <p>The processes alternate between {@code --operations inline}, where kills land in the middle of
 * requests that run their operation, and {@code --operations workers}, where operations wait for the
 * background worker, so kills also land on a backlog and in the middle of the worker's pass; each process
 * also inherits what the previous one left pending. One run covers both modes with half the restarts,
 * which are most of its time.
 *
 * <p>The short version (CI) sends 1,000 requests with 3 kills. Longer runs: see
 * {@code bench/crash/run.sh}, or set {@code artel.crash.requests}, {@code artel.crash.kills},
 * {@code artel.crash.threads} and {@code artel.crash.seed} (the seed of a failed run is in its message).
 */
class KillDuringTrafficTest {
    private static final int REQUESTS = Integer.getInteger("artel.crash.requests", 1000);
    private static final int KILLS = Integer.getInteger("artel.crash.kills", 3);
    private static final int THREADS = Integer.getInteger("artel.crash.threads", 4);

    private static final List<String> MODES = List.of("inline", "workers");

    @Test
    void everyAcceptedOperationCompletesOnceAcrossKills() {
        long seed = Long.getLong("artel.crash.seed", new Random().nextLong());
        Random random = new Random(seed);
        List<Integer> killPoints = killPoints(random);
        int firstMode = random.nextInt(MODES.size());
        String context = "seed=" + seed + " db=" + (TestDatabase.isPostgres() ? "postgresql" : "h2")
                + " requests=" + REQUESTS + " kill points=" + killPoints + " first mode=" + MODES.get(firstMode);
        System.out.println("crash run: " + context);
        long began = System.nanoTime();

        Seeded seeded;
        String dbUrl;
        try (TestServer seeding = TestServer.start()) {
            seeded = Seeded.create(seeding, 3, 8);
            dbUrl = seeding.dbUrl();
        }
        Traffic traffic = Traffic.mixed(seeded.poolIds(), seed);
        AtomicInteger tickets = new AtomicInteger();
        List<String> logs = new ArrayList<>();
        for (int round = 0; round < killPoints.size(); round++) {
            int killAt = killPoints.get(round);
            String mode = MODES.get((firstMode + round) % MODES.size());
            try (ArtelProcess node = ArtelProcess.start("crash-" + round + "-" + mode, dbUrl, "--operations", mode,
                    "--rate-limits", "off")) {
                logs.add(node.logFile().toString());
                AtomicBoolean killed = new AtomicBoolean();
                Workers.run(THREADS, Duration.ofMinutes(2), context, () -> {
                    var api = node.client(seeded.token());
                    while (true) {
                        int ticket = tickets.getAndIncrement();
                        if (ticket == killAt) {
                            // The other threads are in the middle of their requests right now.
                            node.kill();
                            killed.set(true);
                            return;
                        }
                        if (ticket > killAt || !traffic.send(api, ticket)) {
                            return;
                        }
                    }
                });
                assertTrue(killed.get(), context + ": the server stopped answering before the kill; see " + logs);
                tickets.set(killAt + 1);
            }
        }

        Invariants.Outcome outcome;
        String lastMode = MODES.get((firstMode + killPoints.size()) % MODES.size());
        try (ArtelProcess node = ArtelProcess.start("crash-after-" + lastMode, dbUrl, "--operations", lastMode,
                "--rate-limits", "off")) {
            logs.add(node.logFile().toString());
            var api = node.client(seeded.token());
            String checking = context + "; process logs " + logs;
            Invariants.awaitDrained(api, Duration.ofMinutes(2), checking);
            outcome = Invariants.check(api, seeded, traffic.accepted(), checking);
            node.stop();
        }
        Invariants.checkStored(dbUrl, seeded, outcome, context);
        System.out.println("crash run done: " + context + " answers=" + traffic.statusCounts() + " " + outcome
                + " in " + (System.nanoTime() - began) / 1_000_000 + " ms");
        assertEquals(List.of(), List.copyOf(traffic.unexpected()), context + "; logs " + logs);
        assertTrue(outcome.clones() > 0, context + ": the run cloned nothing");
    }

    /** {@code KILLS} distinct ticket numbers; the last is the end of the run, so that it too ends in a kill. */
    private static List<Integer> killPoints(Random random) {
        TreeSet<Integer> points = new TreeSet<>();
        points.add(REQUESTS);
        while (points.size() < Math.min(KILLS, REQUESTS)) {
            points.add(1 + random.nextInt(REQUESTS - 1));
        }
        return List.copyOf(points);
    }
}
