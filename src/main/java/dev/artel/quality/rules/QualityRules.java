package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.assignment.AfterMove;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.assignment.AssignmentStore;
import dev.artel.assignment.AssignmentStore.Finished;
import dev.artel.assignment.AssignmentStore.Tally;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolService;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.quality.PoolAccess;
import dev.artel.quality.filter.PoolFilter;
import dev.artel.restriction.AccessLost;
import dev.artel.restriction.RestrictionService;
import dev.artel.restriction.UserRestriction.Scope;
import dev.artel.storage.Handle;
import dev.artel.task.TaskStore;
import dev.artel.userskill.SkillChange;
import dev.artel.userskill.UserSkillService;
import dev.artel.worker.WorkerStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * The pool's quality-control rules, evaluated at every move of one of its assignments, in the move's transaction:
 * what they measure is read from the stored assignments, and what they do (restrictions, skills, reviews, overlap,
 * resets, completion) is written in the same transaction. No state is held in memory, so each event is judged
 * exactly once, on whichever node made the move, and a crash before commit leaves neither the move nor its effects.
 * Reviews a rule makes are moves too, and are judged in turn. A restriction, or a skill value the pool's filter
 * no longer admits, runs the USERS_ASSESSMENT rules of the pools it takes from the worker, in its transaction.
 */
public final class QualityRules implements AfterMove, AccessLost, SkillChange {
    /**
     * Reviews after a restriction or a skill value that another pool's rule (or the requester) set, outside this
     * pool's moves. Toloka's USERS_ASSESSMENT rules change overlap (its guide offers nothing else), so a review
     * such a rule asks for there is not made.
     */
    private static final Reviewer NO_REVIEWS = (h, assignment, next, publicComment) -> { };

    private final PoolStore pools;
    private final ProjectStore projects;
    private final PoolService poolService;
    private final RestrictionService restrictions;
    private final UserSkillService skills;
    private final WorkerStore workers;
    private final PoolAccess access;
    private final Clock clock;

    public QualityRules(PoolStore pools, ProjectStore projects, PoolService poolService,
                        RestrictionService restrictions, UserSkillService skills, WorkerStore workers,
                        PoolAccess access, Clock clock) {
        this.pools = pools;
        this.projects = projects;
        this.poolService = poolService;
        this.restrictions = restrictions;
        this.skills = skills;
        this.workers = workers;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public boolean moved(Handle h, Pool pool, JsonNode poolDoc, Assignment moved, Reviewer reviewer) {
        Optional<QualityEvent> event = QualityEvent.of(moved.status());
        if (event.isEmpty() || poolDoc.path("quality_control").path("configs").isEmpty()) {
            return false;
        }
        long now = clock.millis();
        StoredHistory history = new StoredHistory(h, pool, poolDoc);
        Past current = Past.of(moved, poolDoc);
        if (event.get() == QualityEvent.REJECT) {
            keepPlaceIfReplaced(h, current, poolDoc, history);
        }
        List<Effect> effects = Rules.atEvent(poolDoc, event.get(), current, history, now);
        if (effects.isEmpty()) {
            return false;
        }
        lockInOrder(h, effects);
        new Stored(h, pool, poolDoc, reviewer, history).apply(effects, now);
        return true;
    }

    /**
     * Locks the rows of the workers the effects act on, in id order, before any action locks one. A majority vote
     * judges every worker who answered the event's tasks, so two submits at once lock each other's workers; in
     * the order of the effects they deadlocked (the database then fails one of them).
     */
    private void lockInOrder(Handle h, List<Effect> effects) {
        List<String> workerIds = effects.stream().map(Effect::workerId).distinct().sorted().toList();
        if (workerIds.size() > 1) {
            workerIds.forEach(id -> workers.lock(h, id));
        }
    }

    /**
     * A rejected answer that USERS_ASSESSMENT's CHANGE_OVERLAP has already given to another worker keeps its place:
     * the place Artel gives back on a rejection would give it to a second one (Toloka keeps rejected places).
     */
    private static void keepPlaceIfReplaced(Handle h, Past rejected, JsonNode poolDoc, StoredHistory history) {
        for (String key : Rules.collectorKeys(poolDoc, Collector.USERS_ASSESSMENT)) {
            if (rejected.finished() <= history.countsSince(rejected.workerId(), Actions.replacedKey(key))) {
                addOverlap(h, rejected, -1);
                return;
            }
        }
    }

    /** Changes the overlap of the assignment's tasks: its loose tasks, or its uploaded suite. */
    private static void addOverlap(Handle h, Past of, long delta) {
        if (of.mixed()) {
            TaskStore.addOverlap(h, of.taskIds(), delta);
        } else {
            TaskStore.addSuiteOverlap(h, of.suiteId(), delta);
        }
    }

    @Override
    public void lost(Handle h, String workerId, List<Long> poolIds) {
        for (long poolId : poolIds) {
            Pool pool = pools.findAnyAccount(h, poolId).orElseThrow();
            accessRevoked(h, pool, pool.doc().tree(), workerId, "RESTRICTION", null);
        }
    }

    /** The pools the worker has worked in that have USERS_ASSESSMENT and a filter on skills, and admit them. */
    @Override
    public List<Long> admitting(Handle h, String accountId, String workerId) {
        List<Long> out = new ArrayList<>();
        PoolAccess.Applicant applicant = null;
        for (long poolId : AssignmentStore.poolsOf(h, accountId, workerId)) {
            Pool pool = pools.findAnyAccount(h, poolId).orElseThrow();
            // Read at every skill a rule sets: the text tells most pools apart before a parse does.
            if (!pool.doc().text().contains("USERS_ASSESSMENT")) {
                continue;
            }
            JsonNode poolDoc = pool.doc().tree();
            if (!PoolFilter.of(poolDoc.get("filter")).readsSkills()) {
                continue;
            }
            if (applicant == null) {
                applicant = access.applicant(h, workers.findById(h, workerId).orElseThrow());
            }
            if (access.refusal(applicant, pool, poolDoc).isEmpty()) {
                out.add(poolId);
            }
        }
        return out;
    }

    /** Restrictions did not change with the value, so a pool that refuses the worker now does for its filter. */
    @Override
    public void changed(Handle h, String accountId, String workerId, long skillId, List<Long> before) {
        PoolAccess.Applicant applicant = access.applicant(h, workers.findById(h, workerId).orElseThrow());
        for (long poolId : before) {
            Pool pool = pools.findAnyAccount(h, poolId).orElseThrow();
            JsonNode poolDoc = pool.doc().tree();
            if (access.refusal(applicant, pool, poolDoc).isPresent()) {
                accessRevoked(h, pool, poolDoc, workerId, "SKILL_CHANGE", Long.toString(skillId));
            }
        }
    }

    private void accessRevoked(Handle h, Pool pool, JsonNode poolDoc, String workerId, String reason,
                               String skillId) {
        List<Effect> effects = Rules.accessRevoked(poolDoc, workerId, reason, skillId);
        if (!effects.isEmpty()) {
            new Stored(h, pool, poolDoc, NO_REVIEWS, new StoredHistory(h, pool, poolDoc)).apply(effects,
                    clock.millis());
        }
    }

    /**
     * The pool's past as stored. What one event reads of a worker is kept for the rest of the event, so collectors
     * that look at the same latest assignments share one read, and a page further is read only when one reaches it.
     */
    private final class StoredHistory implements PoolHistory {
        private static final int FIRST_PAGE = 16;
        private static final int LARGEST_PAGE = 512;

        private final Handle h;
        private final Pool pool;
        private final long poolId;
        private final JsonNode poolDoc;
        private final Map<String, Pages> pages = new HashMap<>();
        private final Map<String, Map<String, Long>> resets = new HashMap<>();
        private final Map<String, List<Past>> answersTo = new HashMap<>();
        private Set<String> votedFields;

        StoredHistory(Handle h, Pool pool, JsonNode poolDoc) {
            this.h = h;
            this.pool = pool;
            this.poolId = pool.id();
            this.poolDoc = poolDoc;
        }

        /** Read once per event, and only for a majority vote. */
        @Override
        public Set<String> votedFields() {
            if (votedFields == null) {
                votedFields = Answers.votedFields(projects.find(h, pool.accountId(), pool.projectId()).orElseThrow()
                        .doc().tree());
            }
            return votedFields;
        }

        private Past of(Assignment a) {
            return Past.of(a, poolDoc);
        }

        @Override
        public Iterable<Past> latest(String workerId, long since) {
            return pages(workerId, since, Finished.ALL, 0);
        }

        @Override
        public Iterable<Past> latestWithControls(String workerId, long since) {
            return pages(workerId, since, Finished.WITH_CONTROLS, 0);
        }

        @Override
        public Iterable<Past> latestVotable(String workerId, long since, int threshold) {
            return pages(workerId, since, Finished.VOTABLE, threshold);
        }

        private Pages pages(String workerId, long since, Finished which, int votableAt) {
            return pages.computeIfAbsent(workerId + "\n" + since + "\n" + which + "\n" + votableAt,
                    k -> new Pages(workerId, since, which, votableAt));
        }

        @Override
        public Tally tally(String workerId, long since, long incomeFrom) {
            return AssignmentStore.tally(h, poolId, workerId, since, incomeFrom);
        }

        @Override
        public List<Past> ofSuite(String suiteId) {
            return AssignmentStore.ofSuite(h, suiteId).stream().map(this::of).toList();
        }

        /**
         * Each task's answers are read once per event: a majority vote reads those to the event's own tasks to find
         * whom the answer re-judges, then again among the worker's latest answers, which start with it.
         */
        @Override
        public List<Past> withTasks(Collection<String> taskIds) {
            Set<String> unread = new LinkedHashSet<>();
            for (String taskId : taskIds) {
                if (!answersTo.containsKey(taskId)) {
                    unread.add(taskId);
                }
            }
            if (!unread.isEmpty()) {
                unread.forEach(taskId -> answersTo.put(taskId, new ArrayList<>()));
                for (Assignment a : AssignmentStore.withTasks(h, unread)) {
                    Past past = of(a);
                    past.taskIds().stream().filter(unread::contains).forEach(t -> answersTo.get(t).add(past));
                }
            }
            Map<String, Past> byId = new LinkedHashMap<>();
            taskIds.forEach(taskId -> answersTo.get(taskId).forEach(past -> byId.putIfAbsent(past.id(), past)));
            return List.copyOf(byId.values());
        }

        /** The worker's resets of the pool's collectors, read once for all of them. */
        @Override
        public long countsSince(String workerId, String collectorKey) {
            return resets.computeIfAbsent(workerId, w -> {
                Map<String, Long> since = new HashMap<>();
                h.query("SELECT collector, since FROM quality_resets WHERE pool_id = ? AND worker_id = ?",
                        rs -> since.put(rs.getString(1), rs.getLong(2)), poolId, w);
                return since;
            }).getOrDefault(collectorKey, 0L);
        }

        @Override
        public Boolean nextAssignmentAvailable(String workerId) {
            return TaskStore.hasWorkFor(h, poolId, workerId);
        }

        /** After the worker's assignments or resets changed in this event. */
        void forget(String workerId) {
            pages.keySet().removeIf(key -> key.startsWith(workerId + "\n"));
            resets.remove(workerId);
            // Reviews change which answers count, in any task.
            answersTo.clear();
        }

        /** One worker's latest assignments as read so far, each page twice the one before. */
        private final class Pages implements Iterable<Past> {
            private final String workerId;
            private final long since;
            private final Finished which;
            private final int votableAt;
            private final List<Assignment> read = new ArrayList<>();
            private final List<Past> judged = new ArrayList<>();
            private boolean all;

            Pages(String workerId, long since, Finished which, int votableAt) {
                this.workerId = workerId;
                this.since = since;
                this.which = which;
                this.votableAt = votableAt;
            }

            private boolean has(int index) {
                if (index < read.size()) {
                    return true;
                }
                if (!all) {
                    int limit = Math.min(LARGEST_PAGE, Math.max(FIRST_PAGE, read.size()));
                    List<Assignment> page = AssignmentStore.latestFinished(h, poolId, workerId, since, which,
                            votableAt, read.isEmpty() ? null : read.get(read.size() - 1), limit);
                    read.addAll(page);
                    all = page.size() < limit;
                }
                return index < read.size();
            }

            private Past get(int index) {
                while (judged.size() <= index) {
                    judged.add(of(read.get(judged.size())));
                }
                return judged.get(index);
            }

            @Override
            public Iterator<Past> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return has(next);
                    }

                    @Override
                    public Past next() {
                        if (!has(next)) {
                            throw new NoSuchElementException();
                        }
                        return get(next++);
                    }
                };
            }
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
        boolean restrict(Effect e, Scope scope, Long until, String privateComment, long now) {
            return restrictions.setByRule(h, pool.accountId(), e.workerId(), scope, pool.projectId(), pool.id(), until,
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
                long places = placesToAdd(past, delta);
                if (places != 0) {
                    addOverlap(h, past, places);
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
            history.forget(workerId);
            // The worker's row serialises the upsert: two events resetting at once would both insert.
            workers.lock(h, workerId).orElseThrow();
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
        PoolHistory history() {
            return history;
        }
    }
}
