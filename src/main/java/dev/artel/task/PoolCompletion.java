package dev.artel.task;

import dev.artel.pool.PoolService;
import dev.artel.pool.PoolStore;
import dev.artel.schedule.Scheduler;
import dev.artel.storage.Handle;
import java.time.Clock;

/**
 * Closes a pool as COMPLETED once every task has the answers its overlap asks for and nothing is being worked on,
 * after its {@code auto_close_after_complete_delay_seconds}. Whatever can leave a pool with nothing to issue asks
 * for a check: an answer, and an overlap lowered to the answers there are.
 */
public final class PoolCompletion {
    /** Keyed by the pool: closes it as COMPLETED once its delay has passed, if it is still complete then. */
    static final String CHECK = "pool.complete";

    private final PoolStore pools;
    private final Scheduler scheduler;
    private final Clock clock;

    public PoolCompletion(PoolStore pools, PoolService poolService, Scheduler scheduler, Clock clock) {
        this.pools = pools;
        this.scheduler = scheduler;
        this.clock = clock;
        scheduler.register(CHECK, (h, timer) -> {
            long poolId = Long.parseLong(timer.key());
            if (TaskStore.poolComplete(h, poolId)) {
                poolService.closeBySystem(h, poolId, "COMPLETED");
            }
        });
    }

    /**
     * Sets the check as soon as nothing is left to issue, even while assignments are still active, and only the
     * timer looks for those: the last two answers of a pool, committing at once, each see the other's assignment
     * still ACTIVE, so had each asked here whether the pool was complete, neither would have set the timer and the
     * pool would have stayed open for ever (ConcurrentIssuingTest found it). Both setting it is harmless: it is one
     * timer, and the firing runs after both commits; it checks again then, since work may have come back.
     */
    public void checkSoon(Handle h, String accountId, long poolId) {
        if (!TaskStore.nothingToIssue(h, poolId)) {
            return;
        }
        long delay = pools.findAnyAccount(h, poolId).orElseThrow().doc().tree()
                .path("auto_close_after_complete_delay_seconds").asLong(0);
        scheduler.schedule(h, CHECK, Long.toString(poolId), accountId, clock.millis() + delay * 1000, null);
    }
}
