package dev.artel.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.pool.Pool;
import dev.artel.storage.Handle;
import java.util.Arrays;

/**
 * The pool metrics toloka-kit's {@code analytics_request} defines, by the {@code name} it sends. A count is a
 * number; completion and the estimate are Toloka's object {@code {type, value, infinite, approximate}} (its own
 * example in operation-id.yaml), which the kit reads as {@code result['value']}.
 */
enum PoolMetric {
    REAL_TASKS_COUNT("real_tasks_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.realTasks(h, pool.id()));
        }
    },
    /** Submitted, whatever the review said since: SUBMITTED, ACCEPTED or REJECTED (the kit's docstring). */
    SUBMITTED_ASSIGNMENTS_COUNT("submitted_assignments_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.assignments(h, pool.id(), "SUBMITTED", "ACCEPTED", "REJECTED"));
        }
    },
    SKIPPED_ASSIGNMENTS_COUNT("skipped_assignments_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.assignments(h, pool.id(), "SKIPPED"));
        }
    },
    REJECTED_ASSIGNMENTS_COUNT("rejected_assignments_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.assignments(h, pool.id(), "REJECTED"));
        }
    },
    APPROVED_ASSIGNMENTS_COUNT("approved_assignments_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.assignments(h, pool.id(), "ACCEPTED"));
        }
    },
    /**
     * Answers that count (submitted or accepted, each task's at most its overlap) against the overlaps of the real
     * tasks, as a whole percentage rounded down. A real task with infinite overlap makes it {@code infinite} with
     * no value (inferred: the kit only says such a pool has no completion).
     */
    COMPLETION_PERCENTAGE("completion_percentage") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            AnalyticsStore.Completion done = AnalyticsStore.completion(h, pool.id());
            if (done.infinite() > 0) {
                return estimate(null, true, false);
            }
            return estimate(done.wanted() == 0 ? 0 : done.answered() * 100 / done.wanted(), false, false);
        }
    },
    AVG_SUBMIT_ASSIGNMENT_MILLIS("avg_submit_assignment_millis") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.averageSubmitMillis(h, pool.id()));
        }
    },
    SPENT_BUDGET("spent_budget") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return Json.mapper().getNodeFactory().numberNode(AnalyticsStore.spent(h, pool.id()).doubleValue());
        }
    },
    UNIQUE_WORKERS_COUNT("unique_workers_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.workers(h, pool.id()));
        }
    },
    UNIQUE_SUBMITTERS_COUNT("unique_submitters_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(AnalyticsStore.submitters(h, pool.id()));
        }
    },
    /**
     * Workers who took an assignment anywhere on this server in the last {@code interval_hours} and whom the pool
     * would let take work now: its filter admits them and no restriction bars them.
     */
    ACTIVE_WORKERS_BY_FILTER_COUNT("active_workers_by_filter_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            return number(crowd.activeAndAdmitted(h, pool, request.path(INTERVAL_HOURS).asLong() * HOUR_MILLIS));
        }
    },
    /**
     * The assignments the pool will have issued when every place in every overlap is filled: one per place of an
     * uploaded suite, and the places of loose real tasks over {@code mixer_config.real_tasks_count} per suite.
     */
    ESTIMATED_ASSIGNMENTS_COUNT("estimated_assignments_count") {
        @Override
        JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd) {
            long[] loose = AnalyticsStore.looseOverlap(h, pool.id());
            long[] suites = AnalyticsStore.suiteOverlap(h, pool.id());
            if (loose[1] + suites[1] > 0) {
                return estimate(null, true, true);
            }
            long perSuite = Math.max(1, pool.doc().tree().path("mixer_config").path("real_tasks_count").asLong(1));
            return estimate(suites[0] + (loose[0] + perSuite - 1) / perSuite, false, true);
        }
    };

    static final String INTERVAL_HOURS = "interval_hours";
    private static final long HOUR_MILLIS = 3_600_000L;

    private final String wireName;

    PoolMetric(String wireName) {
        this.wireName = wireName;
    }

    static PoolMetric named(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no pool metric " + name));
    }

    /** What a metric about the crowd rather than the pool's own rows needs. */
    interface Crowd {
        /** Workers who took an assignment in the last {@code millis} and may take work from the pool. */
        long activeAndAdmitted(Handle h, Pool pool, long millis);
    }

    /** The metric's {@code result} for the pool, as of now. */
    abstract JsonNode compute(Handle h, Pool pool, JsonNode request, Crowd crowd);

    private static JsonNode number(long value) {
        return Json.mapper().getNodeFactory().numberNode(value);
    }

    private static ObjectNode estimate(Long value, boolean infinite, boolean approximate) {
        ObjectNode out = Json.object();
        out.put("type", "NORMAL");
        if (value == null) {
            out.putNull("value");
        } else {
            out.put("value", value);
        }
        out.put("infinite", infinite);
        out.put("approximate", approximate);
        return out;
    }
}
