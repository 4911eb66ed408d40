package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.restriction.UserRestriction.Scope;
import java.util.ArrayList;
import java.util.List;

/**
 * What each action type means, once for both engines: the real one ({@link QualityRules}) does it in the event's
 * transaction, the dry run ({@link DryRun}) writes it in its report. A restriction is followed by the pool's
 * USERS_ASSESSMENT rules, since the worker has just lost access to the pool.
 */
abstract class Actions {
    private static final long MINUTE = 60_000L;

    protected final JsonNode poolDoc;

    Actions(JsonNode poolDoc) {
        this.poolDoc = poolDoc;
    }

    /** Sets the restriction; true when the worker had access to the pool until now (the pool is lost to them). */
    abstract boolean restrict(Effect e, Scope scope, Long until, String privateComment, long now);

    abstract void setSkill(Effect e, String skillId, double value, long now);

    /** Moves the worker's submitted assignments of the pool to {@code next}. */
    abstract void reviewAll(Effect e, AssignmentStatus next, String publicComment, long now);

    /** Changes the overlap of the tasks of each assignment by {@link #placesToAdd} of the delta. */
    abstract void changeOverlap(Effect e, List<Past> of, long delta, boolean openPool, long now);

    abstract void reset(String workerId, String collectorKey, long now);

    abstract void completePool(Effect e, long now);

    /** The pool's past the rules were judged on, as it stands after the actions so far. */
    abstract PoolHistory history();

    final void apply(List<Effect> effects, long now) {
        for (Effect e : effects) {
            apply(e, now);
        }
    }

    private void apply(Effect e, long now) {
        JsonNode p = e.parameters();
        switch (e.type()) {
            case "RESTRICTION", "RESTRICTION_V2" -> {
                Long until = until(e.type(), p, now);
                boolean lost = restrict(e, scope(p.path("scope").asText()), until,
                        p.path("private_comment").isTextual() ? p.get("private_comment").asText() : null, now);
                if (until != null) {
                    // Toloka's guide: after a temporary ban "the history of the Toloker's responses is not saved
                    // after the ban is lifted"; the collector counts what comes after.
                    reset(e.workerId(), e.collectorKey(), now);
                }
                // Set again on a worker already kept out, it takes nothing more from them: no USERS_ASSESSMENT.
                if (lost && e.collector() != Collector.USERS_ASSESSMENT) {
                    apply(Rules.accessRevoked(poolDoc, e.workerId(), "RESTRICTION", null), now);
                }
            }
            case "SET_SKILL" -> {
                if (p.path("skill_value").isNumber()) {
                    setSkill(e, p.path("skill_id").asText(), p.get("skill_value").asDouble(), now);
                }
            }
            case "SET_SKILL_FROM_OUTPUT_FIELD" -> {
                Object value = e.measures().get(measureOf(p.path("from_field").asText()));
                if (value instanceof Number number) {
                    setSkill(e, p.path("skill_id").asText(), number.doubleValue(), now);
                }
            }
            case "APPROVE_ALL_ASSIGNMENTS" -> reviewAll(e, AssignmentStatus.ACCEPTED, null, now);
            case "REJECT_ALL_ASSIGNMENTS" -> reviewAll(e, AssignmentStatus.REJECTED,
                    p.path("public_comment").asText("Rejected by a quality-control rule"), now);
            case "CHANGE_OVERLAP" -> changeOverlap(e, p.path("delta").asLong(0), p.path("open_pool").asBoolean(false),
                    now);
            case "CLEAN_COLLECTOR" -> reset(e.workerId(), e.collectorKey(), now);
            case "CLEAN_ASSIGNMENTS_HISTORY" -> reset(e.workerId(), Rules.ALL_COLLECTORS, now);
            case "SET_POOL_COMPLETE" -> completePool(e, now);
            default -> {
                // An action type Toloka may add later: stored with the pool, and nothing to do here.
            }
        }
    }

    /**
     * The event's assignment, or after USERS_ASSESSMENT the worker's answers that count and that no earlier
     * access lost has had replaced by this collector's rules: each answer's tasks get other workers once, however
     * often the worker is restricted.
     */
    private void changeOverlap(Effect e, long delta, boolean openPool, long now) {
        if (e.current() != null) {
            changeOverlap(e, List.of(e.current()), delta, openPool, now);
            return;
        }
        String key = replacedKey(e.collectorKey());
        List<Past> answers = new ArrayList<>();
        history().latest(e.workerId(), history().countsSince(e.workerId(), key)).forEach(p -> {
            if (p.answerCounts()) {
                answers.add(p);
            }
        });
        changeOverlap(e, answers, delta, openPool, now);
        reset(e.workerId(), key, now);
    }

    /** The reset key after which the USERS_ASSESSMENT collector's CHANGE_OVERLAP has not yet replaced answers. */
    static String replacedKey(String collectorKey) {
        return collectorKey + "/replaced";
    }

    /**
     * The overlap change that does what {@code delta} does on Toloka. There a rejection keeps its place, so a
     * rejected answer is done again only by CHANGE_OVERLAP +1; Artel gives a rejected assignment's place back at
     * once (AssignmentService), which already is that +1, so the change on a rejected assignment is one less.
     */
    static long placesToAdd(Past of, long delta) {
        return of.status() == AssignmentStatus.REJECTED ? delta - 1 : delta;
    }

    /** The pool's scopes; anything else (SYSTEM is the platform's) bars the worker from the project, as by default. */
    private static Scope scope(String name) {
        return switch (name) {
            case "POOL" -> Scope.POOL;
            case "ALL_PROJECTS" -> Scope.ALL_PROJECTS;
            default -> Scope.PROJECT;
        };
    }

    /** Toloka's names for the rate to copy: {@code wrong_answers_rate} is the collector's incorrect rate. */
    private static String measureOf(String fromField) {
        return switch (fromField) {
            case "wrong_answers_rate" -> "incorrect_answers_rate";
            case "golden_set_wrong_answers_rate" -> "golden_set_incorrect_answers_rate";
            default -> fromField;
        };
    }

    /** When the ban ends: RESTRICTION counts {@code duration_days}, RESTRICTION_V2 a duration in its unit; none is for ever. */
    private static Long until(String type, JsonNode p, long now) {
        if (type.equals("RESTRICTION")) {
            return p.path("duration_days").canConvertToLong() ? now + p.get("duration_days").asLong() * 1440 * MINUTE
                    : null;
        }
        if (!p.path("duration").canConvertToLong()) {
            return null;
        }
        long duration = p.get("duration").asLong();
        return switch (p.path("duration_unit").asText("DAYS")) {
            case "MINUTES" -> now + duration * MINUTE;
            case "HOURS" -> now + duration * 60 * MINUTE;
            case "DAYS" -> now + duration * 1440 * MINUTE;
            default -> null;
        };
    }
}
