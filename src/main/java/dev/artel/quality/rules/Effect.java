package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A rule whose conditions held at an event: its action to take on {@code workerId}.
 *
 * @param rule     where the rule is in the pool, as {@code configs[i].rules[j]}
 * @param current  the assignment whose event it was; null for USERS_ASSESSMENT, which follows a lost access
 * @param measures what the collector measured, which SET_SKILL_FROM_OUTPUT_FIELD reads
 */
record Effect(String rule, Collector collector, String collectorKey, String type, JsonNode parameters,
              String workerId, Past current, Map<String, Object> measures) {
}
