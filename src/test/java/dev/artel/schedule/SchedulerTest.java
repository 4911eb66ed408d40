package dev.artel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.storage.Database;
import dev.artel.core.VirtualClock;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on the suite's database, fired by hand: schedulers here have no poll thread (except where the
 * thread is the subject) and the clock moves only when a test moves it. Every test uses kinds of its own, so
 * that on PostgreSQL, where the whole test JVM shares one schema, no scheduler fires another test's timers.
 */
class SchedulerTest {
    private static final int MAX_ATTEMPTS = 3;
    private static final VirtualClock clock = new VirtualClock(Instant.parse("2026-11-30T12:00:00Z"));
    private static String url;
    private static Database db;
    private final List<Scheduler> schedulers = new ArrayList<>();
    private final String stem = "test-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() {
        url = TestDatabase.newUrl();
        db = new Database(url, null, null, 16, 5_000).open();
        // What handlers write, so that tests can see which writes committed; no key, so a double shows.
        db.inTransaction(h -> h.update("CREATE TABLE IF NOT EXISTS timer_effects"
                + " (kind VARCHAR(64) NOT NULL, timer_key VARCHAR(200) NOT NULL, node VARCHAR(16) NOT NULL)"));
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @AfterEach
    void closeSchedulers() {
        schedulers.forEach(Scheduler::close);
    }

    private Scheduler scheduler(Database on) {
        Scheduler scheduler = new Scheduler(on, new SqlTimerStore(), clock, 0, MAX_ATTEMPTS);
        schedulers.add(scheduler);
        return scheduler;
    }

    private String kind(String name) {
        return stem + "-" + name;
    }

    private void schedule(Scheduler scheduler, String kind, String key, long due, ObjectNode payload) {
        db.inTransaction(h -> {
            scheduler.schedule(h, kind, key, "account-1", due, payload);
            return null;
        });
    }

    private static boolean cancel(Scheduler scheduler, String kind, String key) {
        return db.inTransaction(h -> scheduler.cancel(h, kind, key));
    }

    private static ObjectNode payload(int n) {
        ObjectNode payload = Json.object();
        payload.put("n", n);
        return payload;
    }

    private static long timers(String kind) {
        return db.inTransaction(h -> h.queryLong("SELECT COUNT(*) FROM timers WHERE kind = ?", kind));
    }

    private static long effects(String kind) {
        return db.inTransaction(h -> h.queryLong("SELECT COUNT(*) FROM timer_effects WHERE kind = ?", kind));
    }

    @Test
    void aTimerFiresOnceWhenDueAndNotBefore() {
        Scheduler scheduler = scheduler(db);
        String kind = kind("once");
        List<Timer> fired = new CopyOnWriteArrayList<>();
        scheduler.register(kind, (h, timer) -> fired.add(timer));
        long due = clock.millis() + 60_000;
        schedule(scheduler, kind, "a1", due, payload(7));

        clock.advance(Duration.ofMillis(59_999));
        assertEquals(0, scheduler.runDue());
        assertTrue(fired.isEmpty(), "not due yet");

        clock.advance(Duration.ofMillis(1));
        assertEquals(1, scheduler.runDue());
        assertEquals(List.of(new Timer(kind, "a1", "account-1", due, payload(7))), fired);
        assertEquals(0, scheduler.runDue());
        assertEquals(1, fired.size(), "fired once");
        assertEquals(0, timers(kind), "a fired timer is gone");
    }

    @Test
    void schedulingTheSameKeyAgainReplacesItsTimeAndPayload() {
        Scheduler scheduler = scheduler(db);
        String kind = kind("replace");
        List<Timer> fired = new CopyOnWriteArrayList<>();
        scheduler.register(kind, (h, timer) -> fired.add(timer));
        long first = clock.millis() + 10_000;
        schedule(scheduler, kind, "a1", first, payload(1));
        schedule(scheduler, kind, "a1", first + 10_000, payload(2));
        assertEquals(1, timers(kind));

        clock.advance(Duration.ofSeconds(10));
        assertEquals(0, scheduler.runDue(), "the first time was replaced");
        clock.advance(Duration.ofSeconds(10));
        assertEquals(1, scheduler.runDue());
        assertEquals(List.of(new Timer(kind, "a1", "account-1", first + 10_000, payload(2))), fired);
    }

    @Test
    void aCancelledTimerNeverFires() {
        Scheduler scheduler = scheduler(db);
        String kind = kind("cancel");
        AtomicInteger fired = new AtomicInteger();
        scheduler.register(kind, (h, timer) -> fired.incrementAndGet());
        schedule(scheduler, kind, "a1", clock.millis() + 1_000, null);

        assertTrue(cancel(scheduler, kind, "a1"));
        assertFalse(cancel(scheduler, kind, "a1"), "nothing left to cancel");
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, scheduler.runDue());
        assertEquals(0, fired.get());
    }

    @Test
    void dueTimersFireInDueThenKindThenKeyOrder() {
        Scheduler scheduler = scheduler(db);
        String kindA = kind("order-a");
        String kindB = kind("order-b");
        List<TimerStore.Position> fired = new CopyOnWriteArrayList<>();
        TimerHandler record = (h, timer) -> fired.add(new TimerStore.Position(timer.due(), timer.kind(), timer.key()));
        scheduler.register(kindA, record);
        scheduler.register(kindB, record);
        long now = clock.millis();
        List<TimerStore.Position> timers = new ArrayList<>();
        // More than one read's batch, most of them due at the same moment.
        for (int i = 0; i < 150; i++) {
            timers.add(new TimerStore.Position(i % 10 == 0 ? now - i : now, i % 3 == 0 ? kindA : kindB,
                    String.format("k%03d", i)));
        }
        Collections.shuffle(timers, new Random(1));
        db.inTransaction(h -> {
            timers.forEach(t -> scheduler.schedule(h, t.kind(), t.key(), null, t.due(), null));
            return null;
        });

        assertEquals(150, scheduler.runDue());
        timers.sort(Comparator.comparingLong(TimerStore.Position::due).thenComparing(TimerStore.Position::kind)
                .thenComparing(TimerStore.Position::key));
        assertEquals(timers, fired);
    }

    @Test
    void aHandlerThatReschedulesItsOwnKeyKeepsTheNewTimer() {
        Scheduler scheduler = scheduler(db);
        String kind = kind("again");
        List<Integer> fired = new CopyOnWriteArrayList<>();
        scheduler.register(kind, (h, timer) -> {
            int n = timer.payload().get("n").asInt();
            fired.add(n);
            scheduler.schedule(h, kind, timer.key(), timer.accountId(), timer.due() + 60_000, payload(n + 1));
        });
        schedule(scheduler, kind, "a1", clock.millis(), payload(1));

        assertEquals(1, scheduler.runDue());
        assertEquals(List.of(1), fired);
        assertEquals(1, timers(kind), "the rescheduled timer survives the firing that scheduled it");
        assertEquals(OptionalLong.of(clock.millis() + 60_000), scheduler.nextDue());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, scheduler.runDue());
        assertEquals(List.of(1, 2), fired);
    }

    @Test
    void aHandlerMayScheduleATimerThatIsAlreadyDueAndItFiresInTheSameCall() {
        Scheduler scheduler = scheduler(db);
        String kind = kind("chain");
        List<String> fired = new CopyOnWriteArrayList<>();
        scheduler.register(kind, (h, timer) -> {
            fired.add(timer.key());
            // Behind the walk's position (an earlier key), so only another walk finds it.
            if (timer.key().equals("b")) {
                scheduler.schedule(h, kind, "a", null, timer.due(), null);
            }
        });
        schedule(scheduler, kind, "b", clock.millis(), null);

        assertEquals(2, scheduler.runDue());
        assertEquals(List.of("b", "a"), fired);
    }

    @Test
    void aThrowingHandlerRollsBackItsWritesAndIsRetriedThenDroppedAtTheBound() {
        Scheduler scheduler = scheduler(db);
        String broken = kind("broken");
        String good = kind("good");
        AtomicInteger tries = new AtomicInteger();
        scheduler.register(broken, (h, timer) -> {
            tries.incrementAndGet();
            h.update("INSERT INTO timer_effects (kind, timer_key, node) VALUES (?, ?, 'one')", broken, timer.key());
            throw new IllegalStateException("a bug in the handler");
        });
        scheduler.register(good, (h, timer) -> h.update("INSERT INTO timer_effects (kind, timer_key, node)"
                + " VALUES (?, ?, 'one')", good, timer.key()));
        long now = clock.millis();
        schedule(scheduler, broken, "a1", now, null);
        schedule(scheduler, good, "a1", now, null);

        for (int pass = 1; pass < MAX_ATTEMPTS; pass++) {
            assertEquals(pass == 1 ? 1 : 0, scheduler.runDue(), "the good timer fires on the first pass");
            assertEquals(pass, tries.get(), "tried once a pass");
            assertEquals(1, timers(broken), "still due after " + pass + " broken attempts");
            assertEquals(pass, (long) db.inTransaction(h -> h.queryLong(
                    "SELECT attempts FROM timers WHERE kind = ?", broken)));
        }
        assertEquals(0, effects(broken), "a broken firing's writes roll back");
        assertEquals(1, effects(good));

        assertEquals(0, scheduler.runDue());
        assertEquals(MAX_ATTEMPTS, tries.get());
        assertEquals(0, timers(broken), "dropped at the bound");
        assertEquals(0, scheduler.runDue());
        assertEquals(MAX_ATTEMPTS, tries.get(), "a dropped timer is not tried again");
        assertEquals(0, effects(broken));
    }

    @Test
    void aHandlerThatBreaksOnceCommitsOnlyTheWritesOfTheFiringThatWorked() {
        Scheduler scheduler = scheduler(db);
        String kind = kind("flaky");
        AtomicInteger tries = new AtomicInteger();
        scheduler.register(kind, (h, timer) -> {
            h.update("INSERT INTO timer_effects (kind, timer_key, node) VALUES (?, ?, 'one')", kind, timer.key());
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("breaks the first time");
            }
        });
        schedule(scheduler, kind, "a1", clock.millis(), null);

        assertEquals(0, scheduler.runDue());
        assertEquals(0, effects(kind));
        assertEquals(1, timers(kind), "the timer's deletion rolled back with the handler's write");
        assertEquals(1, scheduler.runDue());
        assertEquals(1, effects(kind));
        assertEquals(0, timers(kind));
    }

    @Test
    void nextDueIsTheEarliestTimerOfAKindThisSchedulerFires() {
        Scheduler mine = scheduler(db);
        Scheduler other = scheduler(db);
        String kind = kind("mine");
        String foreign = kind("foreign");
        List<String> fired = new CopyOnWriteArrayList<>();
        mine.register(kind, (h, timer) -> fired.add(timer.key()));
        other.register(foreign, (h, timer) -> fired.add(timer.key()));
        assertEquals(OptionalLong.empty(), mine.nextDue());

        long now = clock.millis();
        schedule(other, foreign, "f1", now - 5_000, null);
        schedule(mine, kind, "m2", now + 2_000, null);
        schedule(mine, kind, "m1", now + 1_000, null);
        assertEquals(OptionalLong.of(now + 1_000), mine.nextDue(), "another node's kind is not this one's");
        assertEquals(0, mine.runDue(), "nor does it fire it");

        clock.advance(Duration.ofMillis(mine.nextDue().getAsLong() - clock.millis()));
        assertEquals(1, mine.runDue());
        assertEquals(List.of("m1"), fired);
        assertEquals(1, other.runDue());
    }

    @Test
    void transactionsSchedulingTheSameKeysAtOnceAllSucceed() throws Exception {
        Scheduler scheduler = scheduler(db);
        String kind = kind("race-schedule");
        scheduler.register(kind, (h, timer) -> { });
        int threads = 8;
        List<Future<?>> done = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                done.add(pool.submit(() -> {
                    start.await();
                    List<Integer> keys = new ArrayList<>();
                    for (int k = 0; k < 100; k++) {
                        keys.add(k);
                    }
                    Collections.shuffle(keys, new Random(thread));
                    for (int k : keys) {
                        schedule(scheduler, kind, "k" + k, clock.millis() + thread, payload(thread));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(100, timers(kind));
    }

    /**
     * Two nodes, each with its own connection pool and scheduler on the same database, fire 2,000 due timers from many threads at once:
     * every timer fires once, its effect commits once, and none is left.
     */
    @Test
    void twoNodesRacingFromManyThreadsFireEveryTimerExactlyOnce() throws Exception {
        String kind = kind("race-fire");
        int count = 2_000;
        Map<String, LongAdder> calls = new ConcurrentHashMap<>();
        List<Scheduler> nodes = new ArrayList<>();
        try (Database second = new Database(url, null, null, 8, 5_000).open()) {
            for (Database node : List.of(db, second)) {
                Scheduler scheduler = scheduler(node);
                String name = node == db ? "one" : "two";
                scheduler.register(kind, (h, timer) -> {
                    calls.computeIfAbsent(timer.key(), k -> new LongAdder()).increment();
                    h.update("INSERT INTO timer_effects (kind, timer_key, node) VALUES (?, ?, ?)", kind, timer.key(),
                            name);
                });
                nodes.add(scheduler);
            }
            long now = clock.millis();
            for (int batch = 0; batch < count; batch += 500) {
                int from = batch;
                db.inTransaction(h -> {
                    for (int i = from; i < from + 500; i++) {
                        nodes.get(0).schedule(h, kind, "k" + i, null, now - i % 7, null);
                    }
                    return null;
                });
            }

            int threadsPerNode = 4;
            ExecutorService pool = Executors.newFixedThreadPool(2 * threadsPerNode);
            List<Future<Integer>> passes = new ArrayList<>();
            try {
                CountDownLatch start = new CountDownLatch(1);
                for (int t = 0; t < 2 * threadsPerNode; t++) {
                    Scheduler node = nodes.get(t % 2);
                    passes.add(pool.submit(() -> {
                        start.await();
                        return node.runDue();
                    }));
                }
                start.countDown();
                int fired = 0;
                for (Future<Integer> pass : passes) {
                    fired += pass.get(5, TimeUnit.MINUTES);
                }
                assertEquals(count, fired, "the passes together fired every timer");
            } finally {
                pool.shutdown();
            }
        }
        assertEquals(count, calls.size(), "every timer's handler ran");
        assertTrue(calls.values().stream().allMatch(c -> c.sum() == 1), "no handler ran twice");
        assertEquals(count, effects(kind), "one committed effect per timer");
        assertEquals(count, (long) db.inTransaction(h -> h.queryLong(
                "SELECT COUNT(DISTINCT timer_key) FROM timer_effects WHERE kind = ?", kind)));
        assertEquals(0, timers(kind));
    }

    @Test
    void timersStoredBeforeARestartFireAfterIt() {
        String kind = kind("restart");
        try (TestServer server = TestServer.start()) {
            // Scheduling needs a handler; this node fires nothing (no poll thread, no runDue).
            server.artel().scheduler().register(kind, (h, timer) -> { });
            long due = server.clock().millis() + 60_000;
            server.artel().database().inTransaction(h -> {
                server.artel().scheduler().schedule(h, kind, "a1", "account-1", due, payload(3));
                return null;
            });

            server.restart();
            List<Timer> fired = new CopyOnWriteArrayList<>();
            Scheduler restarted = server.artel().scheduler();
            restarted.register(kind, (h, timer) -> fired.add(timer));
            assertEquals(OptionalLong.of(due), restarted.nextDue());
            server.clock().advance(Duration.ofMinutes(1));
            assertEquals(1, restarted.runDue());
            assertEquals(List.of(new Timer(kind, "a1", "account-1", due, payload(3))), fired);
        }
    }

    @Test
    void thePollThreadFiresDueTimersByItself() throws InterruptedException {
        String kind = kind("poll");
        CountDownLatch fired = new CountDownLatch(1);
        try (Scheduler polling = new Scheduler(db, new SqlTimerStore(), clock, 10, MAX_ATTEMPTS)) {
            polling.register(kind, (h, timer) -> fired.countDown());
            schedule(polling, kind, "a1", clock.millis(), null);
            assertTrue(fired.await(30, TimeUnit.SECONDS), "the poll thread fired the timer");
        }
        assertEquals(0, timers(kind));
    }
}
