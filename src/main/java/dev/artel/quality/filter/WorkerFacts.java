package dev.artel.quality.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a pool's filter may know of one worker: the profile and computed attributes of their document, under the
 * keys filter conditions name, and their values of the skills the pool's owner can see (its own and the global
 * ones), by skill id. The values are read only when a filter has a skill condition, and then once.
 */
public final class WorkerFacts {
    private final JsonNode profile;
    private final JsonNode computed;
    private final Supplier<Map<String, Double>> readSkills;
    private Map<String, Double> skills;

    /** {@code worker} is a worker's document (WorkerForm of artel-api.yaml). */
    public WorkerFacts(JsonNode worker, Supplier<Map<String, Double>> skills) {
        this.profile = worker.path("profile");
        this.computed = worker.path("computed");
        this.readSkills = skills;
    }

    JsonNode profile(String key) {
        return profile.path(key);
    }

    JsonNode computed(String key) {
        return computed.path(key);
    }

    /** The worker's value of the skill, or null when they have none. */
    Double skill(String id) {
        if (skills == null) {
            skills = readSkills.get();
        }
        return skills.get(id);
    }
}
