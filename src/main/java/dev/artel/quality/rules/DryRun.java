package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.assignment.Assignment;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.assignment.AssignmentStore;
import dev.artel.assignment.AssignmentStore.Tally;
import dev.artel.task.KnownSolutions;
import dev.artel.core.Timestamps;
import dev.artel.error.ApiException;
import dev.artel.json.Json;
import dev.artel.pool.Pool;
import dev.artel.pool.PoolStore;
import dev.artel.project.ProjectStore;
import dev.artel.restriction.RestrictionStore;
import dev.artel.restriction.RestrictionStore.Span;
import dev.artel.restriction.UserRestriction.Scope;
import dev.artel.storage.Database;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a candidate {@code quality_control} would have done in a pool: its assignments' events (submit, skip,
 * expire, reject, accept) are replayed in the order they happened through the same {@link Rules} as real events,
 * and each action is written in the report instead of being taken. Reviews the candidate's rules make are applied
 * to the replay, and judged as events in turn, so later measures see them; a recorded review of an assignment the
 * replay already reviewed is left out. One read transaction; nothing is written.
 * <p>
 * Restrictions the pool's own rules did not set (by hand, or by another pool's rule) are honoured as the live
 * rules meet them, from their creation to their end as stored: one that takes the pool from a worker who had
 * worked in it runs the candidate's USERS_ASSESSMENT rules then, and a worker one of them keeps out loses nothing
 * more to a restriction of the candidate (no USERS_ASSESSMENT; the entry says {@code already_restricted}).
 * Those the pool's rules set are left out: the candidate replaces the rules that set them.
 */
public final class DryRun {
    private final Database db;
    private final PoolStore pools;
    private final ProjectStore projects;

    public DryRun(Database db, PoolStore pools, ProjectStore projects) {
        this.db = db;
        this.pools = pools;
        this.projects = projects;
    }

    public ObjectNode run(String accountId, long poolId, JsonNode qualityControl) {
        if (!qualityControl.path("configs").isArray()) {
            throw ApiException.invalidField("quality_control.configs", "VALUE_REQUIRED",
                    "Give the candidate quality_control with its configs");
        }
        // One transaction, so that the pool and its assignments are read at one moment.
        return db.inTransaction(h -> {
            Pool pool = pools.findAnyKind(h, accountId, poolId, false).orElseThrow(() -> ApiException.notFound("Pool",
                    Long.toString(poolId)));
            ObjectNode poolDoc = pool.doc().tree();
            poolDoc.set("quality_control", qualityControl);
            Set<String> votedFields = Answers.votedFields(projects.find(h, accountId, pool.projectId()).orElseThrow()
                    .doc().tree());
            return new Replay(poolDoc, votedFields, AssignmentStore.ofPool(h, poolId),
                    RestrictionStore.notByRulesOf(h, accountId, pool.projectId(), poolId)).run(poolId);
        });
    }

    private record Recorded(long at, QualityEvent event, String assignmentId) {
    }

    private static final class Replay extends Actions implements PoolHistory {
        private final Map<String, Past> state = new HashMap<>();
        /** Each worker's assignments in the order they finished. */
        private final Map<String, List<String>> finishOrder = new HashMap<>();
        private final Map<String, List<String>> byTask = new HashMap<>();
        private final Map<String, Long> resets = new HashMap<>();
        private final Set<String> reviewedByRule = new HashSet<>();
        private final List<Recorded> recorded = new ArrayList<>();
        private final Map<String, ObjectNode> restrictions = new LinkedHashMap<>();
        private final Map<String, ObjectNode> skills = new LinkedHashMap<>();
        private final ArrayNode reviews = Json.mapper().createArrayNode();
        private final ArrayNode overlap = Json.mapper().createArrayNode();
        private final Set<String> votedFields;
        /** The restrictions not the pool's rules', oldest first, and by worker. */
        private final List<Span> outside;
        private final Map<String, List<Span>> outsideOf = new HashMap<>();
        /** When each worker first took a suite of the pool. */
        private final Map<String, Long> firstTaken = new HashMap<>();
        private ObjectNode completed;

        Replay(JsonNode poolDoc, Set<String> votedFields, List<Assignment> assignments, List<Span> outside) {
            super(poolDoc);
            this.votedFields = votedFields;
            this.outside = outside;
            outside.forEach(span -> outsideOf.computeIfAbsent(span.workerId(), w -> new ArrayList<>()).add(span));
            for (Assignment a : assignments) {
                firstTaken.merge(a.workerId(), a.created(), Math::min);
                Past finalState = Past.of(a, poolDoc);
                // Whether the recorded acceptance was the pool's is a fact of the record, kept to the replay's.
                state.put(a.id(), new Past(a.id(), a.workerId(), a.taskSuiteId(), AssignmentStatus.ACTIVE,
                        a.created(), null, null, a.reward(), finalState.content(), false, finalState.autoAccepted()));
                finalState.taskIds().forEach(t -> byTask.computeIfAbsent(t, k -> new ArrayList<>()).add(a.id()));
                record(a.submitted(), QualityEvent.SUBMIT, a.id());
                record(a.skipped(), QualityEvent.SKIP, a.id());
                record(a.expired(), QualityEvent.EXPIRE, a.id());
                record(a.rejected(), QualityEvent.REJECT, a.id());
                record(a.accepted(), QualityEvent.ACCEPT, a.id());
            }
            recorded.sort(Comparator.comparingLong(Recorded::at).thenComparing(Recorded::event)
                    .thenComparing(Recorded::assignmentId));
        }

        private void record(Long at, QualityEvent event, String id) {
            if (at != null) {
                recorded.add(new Recorded(at, event, id));
            }
        }

        ObjectNode run(long poolId) {
            int replayed = 0;
            int restricted = 0;
            for (Recorded r : recorded) {
                restricted = restrictOutsideUntil(restricted, r.at());
                boolean review = r.event() == QualityEvent.ACCEPT || r.event() == QualityEvent.REJECT;
                if (review && reviewedByRule.contains(r.assignmentId())) {
                    continue;
                }
                move(state.get(r.assignmentId()), r.event(), r.at());
                replayed++;
            }
            restrictOutsideUntil(restricted, Long.MAX_VALUE);
            ObjectNode out = Json.object();
            out.put("pool_id", Long.toString(poolId));
            out.put("events_replayed", replayed);
            out.set("restrictions", Json.mapper().valueToTree(restrictions.values()));
            out.set("skills", Json.mapper().valueToTree(skills.values()));
            out.set("reviews", reviews);
            out.set("overlap_changes", overlap);
            if (completed != null) {
                out.set("pool_completed", completed);
            }
            return out;
        }

        /**
         * Meets the outside restrictions from the {@code next}th created before {@code at}, as the live rules met
         * each when it was set: the candidate's USERS_ASSESSMENT rules run for a worker it took the pool from, one
         * who had worked in it and whom nothing kept out until then. Returns the index of the next one.
         */
        private int restrictOutsideUntil(int next, long at) {
            for (; next < outside.size() && outside.get(next).from() < at; next++) {
                Span span = outside.get(next);
                String workerId = span.workerId();
                if (firstTaken.getOrDefault(workerId, Long.MAX_VALUE) < span.from() && !restrictedByReplay(workerId)
                        && !keptOutOutside(workerId, span.from(), span)) {
                    apply(Rules.accessRevoked(poolDoc, workerId, "RESTRICTION", null), span.from());
                }
            }
            return next;
        }

        /** Whether a restriction the pool's rules did not set, other than {@code except}, kept the worker out then. */
        private boolean keptOutOutside(String workerId, long at, Span except) {
            return outsideOf.getOrDefault(workerId, List.of()).stream()
                    .anyMatch(span -> span != except && span.covers(at));
        }

        /** The pool is lost to a worker at the candidate's first restriction of them, of any scope. */
        private boolean restrictedByReplay(String workerId) {
            return restrictions.keySet().stream().anyMatch(k -> k.startsWith(workerId + "\n"));
        }

        private void move(Past before, QualityEvent event, long at) {
            Past after = before.as(event.status(), at);
            state.put(after.id(), after);
            if (before.status() == AssignmentStatus.ACTIVE) {
                finishOrder.computeIfAbsent(after.workerId(), w -> new ArrayList<>()).add(after.id());
            }
            apply(Rules.atEvent(poolDoc, event, after, this, at), at);
        }

        @Override
        public Iterable<Past> latest(String workerId, long since) {
            List<Past> out = new ArrayList<>();
            List<String> finished = finishOrder.getOrDefault(workerId, List.of());
            for (int i = finished.size() - 1; i >= 0; i--) {
                Past past = state.get(finished.get(i));
                if (past.finished() <= since) {
                    break;
                }
                out.add(past);
            }
            return out;
        }

        @Override
        public Iterable<Past> latestVotable(String workerId, long since, int threshold) {
            List<Past> out = new ArrayList<>();
            latest(workerId, since).forEach(p -> {
                if (p.answerCounts()) {
                    out.add(p);
                }
            });
            return out;
        }

        @Override
        public Iterable<Past> latestWithControls(String workerId, long since) {
            List<Past> out = new ArrayList<>();
            latest(workerId, since).forEach(p -> {
                if (p.answers().stream().anyMatch(answer -> KnownSolutions.scored(answer[0]))) {
                    out.add(p);
                }
            });
            return out;
        }

        @Override
        public Tally tally(String workerId, long since, long incomeFrom) {
            long answered = 0;
            long awaiting = 0;
            double income = 0;
            for (Past past : latest(workerId, since)) {
                answered += past.answered() ? 1 : 0;
                awaiting += past.status() == AssignmentStatus.SUBMITTED ? 1 : 0;
                income += past.answerCounts() && past.finished() > incomeFrom ? past.reward() : 0;
            }
            return new Tally(answered, awaiting, income);
        }

        @Override
        public List<Past> ofSuite(String suiteId) {
            return state.values().stream().filter(p -> p.suiteId().equals(suiteId)).toList();
        }

        @Override
        public List<Past> withTasks(Collection<String> taskIds) {
            return taskIds.stream().flatMap(t -> byTask.getOrDefault(t, List.of()).stream()).distinct()
                    .map(state::get).toList();
        }

        @Override
        public Set<String> votedFields() {
            return votedFields;
        }

        @Override
        public long countsSince(String workerId, String collectorKey) {
            return resets.getOrDefault(workerId + "\n" + collectorKey, 0L);
        }

        /** What a pool had left for a worker at a past moment is not kept. */
        @Override
        public Boolean nextAssignmentAvailable(String workerId) {
            return null;
        }

        private static ObjectNode entry(Effect e, long now) {
            ObjectNode out = Json.object();
            out.put("user_id", e.workerId());
            out.put("rule", e.rule());
            out.put("at", Timestamps.format(now));
            return out;
        }

        @Override
        boolean restrict(Effect e, Scope scope, Long until, String privateComment, long now) {
            // The first time a worker would have been barred in a scope: what the rule would have changed. The
            // pool is lost to them at the first of any scope, unless a restriction from outside kept them out.
            boolean already = keptOutOutside(e.workerId(), now, null);
            boolean lost = !already && !restrictedByReplay(e.workerId());
            restrictions.computeIfAbsent(e.workerId() + "\n" + scope, k -> {
                ObjectNode out = entry(e, now);
                out.put("scope", scope.name());
                if (already) {
                    out.put("already_restricted", true);
                }
                if (until != null) {
                    out.put("will_expire", Timestamps.format(until));
                }
                if (privateComment != null) {
                    out.put("private_comment", privateComment);
                }
                return out;
            });
            return lost;
        }

        @Override
        void setSkill(Effect e, String skillId, double value, long now) {
            ObjectNode out = entry(e, now);
            out.put("skill_id", skillId);
            out.put("value", value);
            skills.remove(e.workerId() + "\n" + skillId);
            skills.put(e.workerId() + "\n" + skillId, out);
        }

        @Override
        void reviewAll(Effect e, AssignmentStatus next, String publicComment, long now) {
            List<Past> waiting = finishOrder.getOrDefault(e.workerId(), List.of()).stream().map(state::get)
                    .filter(p -> p.status() == AssignmentStatus.SUBMITTED).toList();
            for (Past p : waiting) {
                reviewedByRule.add(p.id());
                ObjectNode out = entry(e, now);
                out.put("assignment_id", p.id());
                out.put("status", next.name());
                if (publicComment != null) {
                    out.put("public_comment", publicComment);
                }
                reviews.add(out);
                move(p.toReview(), next == AssignmentStatus.ACCEPTED ? QualityEvent.ACCEPT : QualityEvent.REJECT,
                        now);
            }
        }

        @Override
        void changeOverlap(Effect e, List<Past> of, long delta, boolean openPool, long now) {
            for (Past p : of) {
                ObjectNode out = entry(e, now);
                out.put("assignment_id", p.id());
                out.put("delta", delta);
                out.put("open_pool", openPool);
                overlap.add(out);
            }
        }

        @Override
        void reset(String workerId, String collectorKey, long now) {
            resets.put(workerId + "\n" + collectorKey, now);
        }

        @Override
        void completePool(Effect e, long now) {
            if (completed == null) {
                completed = entry(e, now);
            }
        }

        @Override
        PoolHistory history() {
            return this;
        }
    }
}
