package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.assignment.AssignmentStatus;
import dev.artel.assignment.AssignmentStore.Tally;
import dev.artel.task.KnownSolutions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

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
            return rates(knownAnswers(m), "golden_set_");
        }
    },
    /**
     * Training pools: the rates of the answers to tasks with known solutions, the worker's submitted suites, and
     * whether the pool has another suite for them now (left out in a dry run, which cannot know what was left).
     */
    TRAINING(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            Map<String, Object> out = rates(knownAnswers(m), null);
            out.put("submitted_assignments_count", m.tally().answered());
            Boolean next = m.history().nextAssignmentAvailable(m.workerId());
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
            for (Past past : m.latest()) {
                if (past.status() == AssignmentStatus.SKIPPED) {
                    inRow++;
                } else if (past.answered()) {
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
            List<Past> window = m.window(Past::answered);
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
            List<Past> window = m.window(Past::reviewed);
            Map<String, Object> out = reviewCounts(window);
            out.put("pending_assignments_count", m.tally().awaitingReview());
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
            return Map.of("assignments_accepted_count", m.tally().answered());
        }
    },
    /**
     * The worker's latest {@code history_size} answers to tasks without known solutions that have a majority of
     * {@code answer_threshold}, each right when it matches the majority. Read a batch of the worker's answers at a
     * time, newest first, with every answer to their tasks, until the window is full.
     */
    MAJORITY_VOTE(EnumSet.of(QualityEvent.SUBMIT)) {
        @Override
        Map<String, Object> measure(Measuring m) {
            int threshold = m.params().path("answer_threshold").asInt(2);
            int size = m.historySize();
            Set<String> fields = m.history().votedFields();
            List<Double> matches = new ArrayList<>();
            Iterator<Past> latest = m.history().latestVotable(m.workerId(), m.since(), Math.max(1, threshold))
                    .iterator();
            while (matches.size() < size && latest.hasNext()) {
                List<Past> batch = new ArrayList<>();
                while (batch.size() < VOTE_BATCH && latest.hasNext()) {
                    batch.add(latest.next());
                }
                Map<String, List<Past>> byTask = byTask(m.history().withTasks(batch.stream()
                        .flatMap(p -> p.taskIds().stream()).distinct().toList()));
                for (Past past : batch) {
                    List<JsonNode[]> answers = past.answers();
                    for (int i = answers.size() - 1; i >= 0 && matches.size() < size; i--) {
                        JsonNode[] answer = answers.get(i);
                        if (answer[0].path("known_solutions").isEmpty()) {
                            String taskId = answer[0].path("id").asText();
                            JsonNode majority = Answers.majority(byTask.getOrDefault(taskId, List.of()), taskId,
                                    threshold, fields);
                            if (majority != null) {
                                matches.add(KnownSolutions.same(majority, Answers.voted(answer[1], fields)) ? 1.0
                                        : 0.0);
                            }
                        }
                    }
                }
            }
            return rates(matches, null);
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
            return Map.of("income_sum_for_last_24_hours", m.tally().income());
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

    /**
     * What a collector measures from: the worker's past in the pool as the collector counts it, which is what
     * finished after {@code since} (the collector's last CLEAN).
     */
    record Measuring(JsonNode params, Past current, QualityEvent event, String workerId, long since,
                     PoolHistory history, long now) {
        int historySize() {
            return params.path("history_size").canConvertToInt() ? params.get("history_size").asInt()
                    : Integer.MAX_VALUE;
        }

        Iterable<Past> latest() {
            return history.latest(workerId, since);
        }

        Tally tally() {
            return history.tally(workerId, since, now - DAY_MILLIS);
        }

        /** The worker's latest {@code history_size} assignments that {@code counted} keeps, newest first. */
        List<Past> window(Predicate<Past> counted) {
            int size = historySize();
            List<Past> window = new ArrayList<>();
            for (Iterator<Past> it = latest().iterator(); window.size() < size && it.hasNext(); ) {
                Past past = it.next();
                if (counted.test(past)) {
                    window.add(past);
                }
            }
            return window;
        }
    }

    abstract Map<String, Object> measure(Measuring m);

    /** The answers of one worker's assignments a majority vote judges at a time. */
    private static final int VOTE_BATCH = 16;

    /**
     * The correctness of the worker's latest {@code history_size} answers to tasks with known solutions, newest
     * first.
     */
    private static List<Double> knownAnswers(Measuring m) {
        int size = m.historySize();
        List<Double> weights = new ArrayList<>();
        for (Iterator<Past> it = m.history().latestWithControls(m.workerId(), m.since()).iterator();
                weights.size() < size && it.hasNext(); ) {
            Past past = it.next();
            if (past.answered()) {
                List<JsonNode[]> answers = past.answers();
                for (int i = answers.size() - 1; i >= 0 && weights.size() < size; i--) {
                    JsonNode[] answer = answers.get(i);
                    if (KnownSolutions.scored(answer[0])) {
                        weights.add(KnownSolutions.correctness(answer[0].get("known_solutions"), answer[1]));
                    }
                }
            }
        }
        return weights;
    }

    private static Map<String, List<Past>> byTask(List<Past> assignments) {
        Map<String, List<Past>> out = new HashMap<>();
        for (Past past : assignments) {
            for (String taskId : past.taskIds()) {
                out.computeIfAbsent(taskId, t -> new ArrayList<>()).add(past);
            }
        }
        return out;
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
