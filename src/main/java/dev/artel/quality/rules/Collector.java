package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.task.KnownSolutions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code collector_config.type}: the events it is evaluated on, and what it measures of the worker then, under
 * the condition keys Toloka names. A measure left out (a rate of nothing) makes every condition on it false.
 * {@code history_size} bounds the window to the worker's latest answers or assignments; without it, all of the
 * worker's in the pool count.
 */
enum Collector {
    GOLDEN_SET(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            return rates(last(knownAnswers(m.worker()), m.historySize()), "golden_set_");
        }
    },
    /**
     * Training pools: the rates of the answers to tasks with known solutions, the worker's submitted suites, and
     * whether the pool has another suite for them now (left out in a dry run, which cannot know what was left).
     */
    TRAINING(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            Map<String, Object> out = rates(last(knownAnswers(m.worker()), m.historySize()), null);
            out.put("submitted_assignments_count", m.worker().stream().filter(Past::answered).count());
            Boolean next = m.history().nextAssignmentAvailable(m.current().workerId());
            if (next != null) {
                out.put("next_assignment_available", next);
            }
            return out;
        }
    },
    SKIPPED_IN_ROW_ASSIGNMENTS(EnumSet.of(QualityEvent.SKIP)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            int inRow = 0;
            List<Past> worker = m.worker();
            for (int i = worker.size() - 1; i >= 0; i--) {
                AssignmentStatus status = worker.get(i).status();
                if (status == AssignmentStatus.SKIPPED) {
                    inRow++;
                } else if (worker.get(i).answered()) {
                    break;
                }
            }
            return Map.of("skipped_in_row_count", inRow);
        }
    },
    ASSIGNMENT_SUBMIT_TIME(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            long threshold = m.params().path("fast_submit_threshold_seconds").asLong(0) * 1000;
            List<Past> window = last(m.worker().stream().filter(Past::answered).toList(), m.historySize());
            long fast = window.stream().filter(p -> p.submitted() - p.created() < threshold).count();
            return Map.of("total_submitted_count", window.size(), "fast_submitted_count", fast);
        }
    },
    /**
     * Reviews only, as Toloka counts them: the spec's rates are of assignments "accepted with manual review" and
     * "rejected during manual review", and toloka-kit's TotalAssignmentsCount is "how many assignments from this
     * performer were checked". So the window is the worker's latest {@code history_size} reviewed assignments (by
     * the requester or a rule); an acceptance by the pool itself is neither an event here nor counted, and
     * {@code pending_assignments_count} is the worker's assignments awaiting review.
     */
    ACCEPTANCE_RATE(EnumSet.of(QualityEvent.ACCEPT, QualityEvent.REJECT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            List<Past> window = last(m.worker().stream().filter(Past::reviewed).toList(), m.historySize());
            Map<String, Object> out = reviewCounts(window);
            out.put("pending_assignments_count", count(m.worker(), AssignmentStatus.SUBMITTED));
            out.put("total_assignments_count", window.size());
            if (!window.isEmpty()) {
                out.put("accepted_assignments_rate", 100.0 * window.stream().filter(Past::acceptedOnReview).count()
                        / window.size());
                out.put("rejected_assignments_rate", 100.0 * count(window, AssignmentStatus.REJECTED) / window.size());
            }
            return out;
        }
    },
    ANSWER_COUNT(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            return Map.of("assignments_accepted_count", m.worker().stream().filter(Past::answered).count());
        }
    },
    MAJORITY_VOTE(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            int threshold = m.params().path("answer_threshold").asInt(2);
            List<Double> matches = new ArrayList<>();
            for (Past past : m.worker()) {
                if (!past.answerCounts()) {
                    continue;
                }
                for (JsonNode[] answer : past.answers()) {
                    if (answer[0].path("known_solutions").isEmpty()) {
                        Set<String> fields = m.history().votedFields();
                        JsonNode majority = Answers.majority(m.history().withTask(answer[0].path("id").asText()),
                                answer[0].path("id").asText(), threshold, fields);
                        if (majority != null) {
                            matches.add(KnownSolutions.same(majority, Answers.voted(answer[1], fields)) ? 1.0 : 0.0);
                        }
                    }
                }
            }
            return rates(last(matches, m.historySize()), null);
        }
    },
    /**
     * Per task suite, not per worker: the reviews of the suite's assignments, for CHANGE_OVERLAP on the suite.
     * {@code assessment_event} is toloka-kit's AssessmentEvent: ACCEPT, ACCEPT_AFTER_REJECT or REJECT. Reviews
     * only, as for ACCEPTANCE_RATE.
     */
    ASSIGNMENTS_ASSESSMENT(EnumSet.of(QualityEvent.ACCEPT, QualityEvent.REJECT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            Map<String, Object> out = reviewCounts(m.history().ofSuite(m.current().suiteId()));
            out.put("assessment_event", m.event() == QualityEvent.ACCEPT && m.current().wasRejected()
                    ? "ACCEPT_AFTER_REJECT" : m.event().name());
            return out;
        }
    },
    INCOME(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            long from = m.now() - DAY_MILLIS;
            double sum = m.worker().stream().filter(p -> p.answerCounts() && p.submitted() > from)
                    .mapToDouble(Past::reward).sum();
            return Map.of("income_sum_for_last_24_hours", sum);
        }
    },
    /** Evaluated when a rule of the pool takes the pool from the worker (see {@link Rules#accessRevoked}). */
    USERS_ASSESSMENT(EnumSet.noneOf(QualityEvent.class)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            return Map.of();
        }
    };

    private static final long DAY_MILLIS = 86_400_000L;

    private final Set<QualityEvent> events;

    Collector(Set<QualityEvent> events) {
        this.events = events;
    }

    /** Whether the collector judges this event; an acceptance by the pool itself is not a review to judge. */
    boolean on(QualityEvent event, Past current) {
        boolean review = this == ACCEPTANCE_RATE || this == ASSIGNMENTS_ASSESSMENT;
        return events.contains(event) && !(review && current.autoAccepted());
    }

    /** What a collector measures from. {@code worker}: the worker's finished assignments it counts, in order. */
    record Measuring(JsonNode params, Past current, QualityEvent event, List<Past> worker, PoolHistory history,
                     long now) {
        int historySize() {
            return params.path("history_size").canConvertToInt() ? params.get("history_size").asInt()
                    : Integer.MAX_VALUE;
        }
    }

    abstract Map<String, Object> measure(Measuring m);

    /** The correctness of each of the worker's answers to a task with known solutions, in order. */
    private static List<Double> knownAnswers(List<Past> worker) {
        List<Double> weights = new ArrayList<>();
        for (Past past : worker) {
            if (past.answered()) {
                for (JsonNode[] answer : past.answers()) {
                    if (KnownSolutions.scored(answer[0])) {
                        weights.add(KnownSolutions.correctness(answer[0].get("known_solutions"), answer[1]));
                    }
                }
            }
        }
        return weights;
    }

    private static <T> List<T> last(List<T> items, int n) {
        return items.size() <= n ? items : items.subList(items.size() - n, items.size());
    }

    private static long count(List<Past> window, AssignmentStatus status) {
        return window.stream().filter(p -> p.status() == status).count();
    }

    private static Map<String, Object> reviewCounts(List<Past> window) {
        Map<String, Object> out = new HashMap<>();
        out.put("pending_assignments_count", count(window, AssignmentStatus.SUBMITTED));
        out.put("accepted_assignments_count", window.stream().filter(Past::acceptedOnReview).count());
        out.put("rejected_assignments_count", count(window, AssignmentStatus.REJECTED));
        return out;
    }

    /** Counts and rates of correctness weights (1 correct, 0 wrong, between for a partly correct known solution). */
    private static Map<String, Object> rates(List<Double> weights, String goldenPrefix) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total_answers_count", weights.size());
        if (!weights.isEmpty()) {
            double correct = 100 * weights.stream().mapToDouble(Double::doubleValue).sum() / weights.size();
            out.put("correct_answers_rate", correct);
            out.put("incorrect_answers_rate", 100 - correct);
        }
        if (goldenPrefix != null) {
            out.put(goldenPrefix + "answers_count", weights.size());
            if (!weights.isEmpty()) {
                out.put(goldenPrefix + "correct_answers_rate", out.get("correct_answers_rate"));
                out.put(goldenPrefix + "incorrect_answers_rate", out.get("incorrect_answers_rate"));
            }
        }
        return out;
    }
}
