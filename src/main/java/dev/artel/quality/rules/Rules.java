package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.task.KnownSolutions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A pool's {@code quality_control.configs} judged at one event: each config whose collector listens to the event
 * measures the worker (for MAJORITY_VOTE, also each other worker whose answers to the same tasks now have a
 * majority to match) and yields the action of every rule whose conditions all hold. Pure: it reads the pool's
 * past through {@link PoolHistory} and changes nothing, so the real engine and the dry run share it.
 */
final class Rules {
    /** The reset key that stands for all of a pool's collectors (CLEAN_ASSIGNMENTS_HISTORY). */
    static final String ALL_COLLECTORS = "*";

    private Rules() {
    }

    static List<Effect> atEvent(JsonNode poolDoc, QualityEvent event, Past current, PoolHistory history, long now) {
        List<Effect> effects = new ArrayList<>();
        JsonNode configs = poolDoc.path("quality_control").path("configs");
        for (int i = 0; i < configs.size(); i++) {
            JsonNode config = configs.get(i);
            Optional<Collector> collector = collector(config);
            if (collector.isEmpty() || !collector.get().on(event, current)) {
                continue;
            }
            String key = collectorKey(config, i);
            for (String workerId : subjects(collector.get(), config, current, history)) {
                Map<String, Object> measures = collector.get().measure(new Collector.Measuring(
                        config.path("collector_config").path("parameters"), current, event, workerId,
                        countsSince(history, workerId, key), history, now));
                fire(config, i, collector.get(), key, workerId, current, measures, effects);
            }
        }
        return effects;
    }

    /**
     * USERS_ASSESSMENT: the worker lost access to the pool, for {@code reason} (RESTRICTION or SKILL_CHANGE, with
     * the skill).
     */
    static List<Effect> accessRevoked(JsonNode poolDoc, String workerId, String reason, String skillId) {
        List<Effect> effects = new ArrayList<>();
        JsonNode configs = poolDoc.path("quality_control").path("configs");
        for (int i = 0; i < configs.size(); i++) {
            JsonNode config = configs.get(i);
            if (collector(config).filter(c -> c == Collector.USERS_ASSESSMENT).isPresent()) {
                Map<String, Object> measures = skillId == null ? Map.of("pool_access_revoked_reason", reason)
                        : Map.of("pool_access_revoked_reason", reason, "skill_id", skillId);
                fire(config, i, Collector.USERS_ASSESSMENT, collectorKey(config, i), workerId, null, measures,
                        effects);
            }
        }
        return effects;
    }

    private static void fire(JsonNode config, int i, Collector collector, String key, String workerId, Past current,
                             Map<String, Object> measures, List<Effect> effects) {
        JsonNode rules = config.path("rules");
        for (int j = 0; j < rules.size(); j++) {
            JsonNode rule = rules.get(j);
            if (holds(rule.path("conditions"), measures)) {
                JsonNode action = rule.path("action");
                effects.add(new Effect("configs[" + i + "].rules[" + j + "]", collector, key,
                        action.path("type").asText(), action.path("parameters"), workerId, current, measures));
            }
        }
    }

    private static Optional<Collector> collector(JsonNode config) {
        String type = config.path("collector_config").path("type").asText();
        for (Collector c : Collector.values()) {
            if (c.name().equals(type)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /** The reset keys of the pool's collectors of the type. */
    static List<String> collectorKeys(JsonNode poolDoc, Collector type) {
        List<String> keys = new ArrayList<>();
        JsonNode configs = poolDoc.path("quality_control").path("configs");
        for (int i = 0; i < configs.size(); i++) {
            if (collector(configs.get(i)).filter(c -> c == type).isPresent()) {
                keys.add(collectorKey(configs.get(i), i));
            }
        }
        return keys;
    }

    static String collectorKey(JsonNode config, int index) {
        JsonNode uuid = config.path("collector_config").path("uuid");
        return uuid.isTextual() ? uuid.asText() : "configs[" + index + "]";
    }

    /**
     * Who the event's collector judges: the worker, and for a majority vote also each worker whose answer to one of
     * the event's tasks the event has judged anew: the task's majority came, went or changed with this answer.
     */
    private static Set<String> subjects(Collector collector, JsonNode config, Past current, PoolHistory history) {
        Set<String> workers = new LinkedHashSet<>();
        workers.add(current.workerId());
        if (collector == Collector.MAJORITY_VOTE && current.answerCounts()) {
            int threshold = config.path("collector_config").path("parameters").path("answer_threshold").asInt(2);
            List<Past> answers = history.withTasks(current.taskIds()).stream().filter(Past::answerCounts).toList();
            List<Past> others = answers.stream().filter(p -> !p.id().equals(current.id())).toList();
            for (String taskId : current.taskIds()) {
                JsonNode before = Answers.majority(others, taskId, threshold, history.votedFields());
                JsonNode after = Answers.majority(answers, taskId, threshold, history.votedFields());
                if (before == null ? after != null : after == null || !KnownSolutions.same(before, after)) {
                    answers.stream().filter(p -> p.taskIds().contains(taskId)).forEach(p -> workers.add(p.workerId()));
                }
            }
        }
        return workers;
    }

    /** From when the collector counts the worker's assignments: after its last CLEAN, or the pool's, if any. */
    private static long countsSince(PoolHistory history, String workerId, String key) {
        return Math.max(history.countsSince(workerId, key), history.countsSince(workerId, ALL_COLLECTORS));
    }

    /** All conditions hold (AND); one on a measure the collector does not have, or cannot compare, does not. */
    static boolean holds(JsonNode conditions, Map<String, Object> measures) {
        for (JsonNode condition : conditions) {
            Object measure = measures.get(condition.path("key").asText());
            if (measure == null || !compare(measure, condition.path("operator").asText(), condition.path("value"))) {
                return false;
            }
        }
        return true;
    }

    private static boolean compare(Object measure, String operator, JsonNode value) {
        int order;
        if (measure instanceof Number number) {
            Double threshold = value.isNumber() ? Double.valueOf(value.asDouble()) : parse(value.asText());
            if (threshold == null) {
                return false;
            }
            order = Double.compare(number.doubleValue(), threshold);
        } else {
            order = measure.toString().equals(value.asText()) ? 0 : 1;
            if (!operator.equals("EQ") && !operator.equals("NE")) {
                return false;
            }
        }
        return switch (operator) {
            case "EQ" -> order == 0;
            case "NE" -> order != 0;
            case "GT" -> order > 0;
            case "GTE" -> order >= 0;
            case "LT" -> order < 0;
            case "LTE" -> order <= 0;
            default -> false;
        };
    }

    private static Double parse(String text) {
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
