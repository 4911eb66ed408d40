package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.assignment.AfterMove;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.assignment.AssignmentStore;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolService;
import dev.artel.pool.PoolStore;
import dev.artel.restriction.RestrictionService;
import dev.artel.restriction.UserRestriction.Scope;
import dev.artel.storage.Handle;
import dev.artel.task.TaskStore;
import dev.artel.userskill.UserSkillService;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pool's quality-control rules, evaluated at every move of one of its assignments, in the move's transaction:
 * what they measure is read from the stored assignments, and what they do (restrictions, skills, reviews, overlap,
 * resets, completion) is written in the same transaction. No state is held in memory, so each event is judged
 * exactly once, on whichever node made the move, and a crash before commit leaves neither the move nor its effects.
 * Reviews a rule makes are moves too, and are judged in turn.
 */
public final class QualityRules implements AfterMove {
    private final PoolStore pools;
    private final PoolService poolService;
    private final RestrictionService restrictions;
    private final UserSkillService skills;
    private final Clock clock;

    public QualityRules(PoolStore pools, PoolService poolService, RestrictionService restrictions,
                        UserSkillService skills, Clock clock) {
        this.pools = pools;
        this.poolService = poolService;
        this.restrictions = restrictions;
        this.skills = skills;
        this.clock = clock;
    }

    @Override
    public boolean moved(Handle h, Assignment moved, Reviewer reviewer) {
        Optional<QualityEvent> event = QualityEvent.of(moved.status());
        if (event.isEmpty()) {
            return false;
        }
        Pool pool = pools.findAnyAccount(h, moved.poolId()).orElseThrow();
        JsonNode poolDoc = pool.doc().tree();
        if (poolDoc.path("quality_control").path("configs").isEmpty()) {
            return false;
        }
        long now = clock.millis();
        StoredHistory history = new StoredHistory(h, pool.id());
        List<Effect> effects = Rules.atEvent(poolDoc, event.get(), Past.of(moved), history, now);
        if (effects.isEmpty()) {
            return false;
        }
        new Stored(h, pool, poolDoc, reviewer, history).apply(effects, now);
        return true;
    }

    /** The pool's past as stored, read once per worker and event. */
    private static final class StoredHistory implements PoolHistory {
        private final Handle h;
        private final long poolId;
        private final Map<String, List<Past>> byWorker = new HashMap<>();

        StoredHistory(Handle h, long poolId) {
            this.h = h;
            this.poolId = poolId;
        }

        @Override
        public List<Past> ofWorker(String workerId) {
            return byWorker.computeIfAbsent(workerId, w -> AssignmentStore.doneInPool(h, poolId, w).stream()
                    .map(Past::of).sorted(Comparator.comparing(Past::finished).thenComparing(Past::id)).toList());
        }

        @Override
        public List<Past> ofSuite(String suiteId) {
            return AssignmentStore.ofSuite(h, suiteId).stream().map(Past::of).toList();
        }

        @Override
        public List<Past> withTask(String taskId) {
            return AssignmentStore.withTask(h, taskId).stream().map(Past::of).toList();
        }

        @Override
        public long countsSince(String workerId, String collectorKey) {
            return h.queryOne("SELECT since FROM quality_resets WHERE pool_id = ? AND worker_id = ? AND collector = ?",
                    rs -> rs.getLong(1), poolId, workerId, collectorKey).orElse(0L);
        }

        void forget(String workerId) {
            byWorker.remove(workerId);
        }
    }

    private final class Stored extends Actions {
        private final Handle h;
        private final Pool pool;
        private final Reviewer reviewer;
        private final StoredHistory history;

        Stored(Handle h, Pool pool, JsonNode poolDoc, Reviewer reviewer, StoredHistory history) {
            super(poolDoc);
            this.h = h;
            this.pool = pool;
            this.reviewer = reviewer;
            this.history = history;
        }

        @Override
        void restrict(Effect e, Scope scope, Long until, String privateComment, long now) {
            restrictions.setByRule(h, pool.accountId(), e.workerId(), scope, pool.projectId(), pool.id(), until,
                    privateComment);
        }

        @Override
        void setSkill(Effect e, String skillId, double value, long now) {
            skills.setByRule(h, pool.accountId(), skillId, e.workerId(), value);
        }

        @Override
        void reviewAll(Effect e, AssignmentStatus next, String publicComment, long now) {
            for (Assignment a : AssignmentStore.awaitingReview(h, pool.id(), e.workerId())) {
                reviewer.review(h, a, next, publicComment);
            }
            history.forget(e.workerId());
        }

        @Override
        void changeOverlap(Effect e, List<Past> of, long delta, boolean openPool, long now) {
            for (Past past : of) {
                if (past.mixed()) {
                    TaskStore.addOverlap(h, past.taskIds(), delta);
                } else {
                    TaskStore.addSuiteOverlap(h, past.suiteId(), delta);
                }
            }
            if (openPool) {
                poolService.openIfClosed(h, pool.accountId(), pool.id());
            } else if (delta > 0) {
                poolService.reopenIfCompleted(h, pool.accountId(), pool.id());
            }
            if (delta > 0) {
                // A pool that was open has new places too, which workers who found none wait for (WorkListener).
                poolService.workMayAppear(h, pool.id());
            }
        }

        @Override
        void reset(String workerId, String collectorKey, long now) {
            if (h.update("UPDATE quality_resets SET since = ? WHERE pool_id = ? AND worker_id = ? AND collector = ?",
                    now, pool.id(), workerId, collectorKey) == 0) {
                h.update("INSERT INTO quality_resets (pool_id, worker_id, collector, since) VALUES (?, ?, ?, ?)",
                        pool.id(), workerId, collectorKey, now);
            }
        }

        @Override
        void completePool(Effect e, long now) {
            poolService.closeBySystem(h, pool.id(), "COMPLETED");
        }

        @Override
        List<Past> answersOf(String workerId) {
            return history.ofWorker(workerId).stream().filter(Past::answerCounts).toList();
        }
    }
}
