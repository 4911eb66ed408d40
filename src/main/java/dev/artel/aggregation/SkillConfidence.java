package dev.artel.aggregation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.error.ApiException;
import dev.artel.storage.Handle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Answers weighed by skill, as aggregation by skill ({@code WEIGHTED_DYNAMIC_OVERLAP}, {@link WeightedVote})
 * weighs them, for aggregation itself and for pools with dynamic overlap (quality/DynamicOverlap): Toloka's guide
 * gives both the one computation, so the confidence that settles a task's overlap is the one
 * {@code aggregate-by-task} reports for the same answers.
 */
public final class SkillConfidence {
    private final SkillValues skills;

    public SkillConfidence(SkillValues skills) {
        this.skills = skills;
    }

    /** Fields aggregated together and how many answers they allow ({@code Y}). */
    public record Fields(List<String> names, long options) {
        /**
         * The fields as aggregation by skill takes them from the project's output spec, or empty when it cannot
         * (a field the spec lacks or does not enumerate): the project may have changed since the pool named them.
         */
        public static Optional<Fields> of(JsonNode outputSpec, List<String> names) {
            try {
                return Optional.of(require(outputSpec, names, "fields"));
            } catch (ApiException unusable) {
                return Optional.empty();
            }
        }

        /**
         * The fields, or a 400 under {@code path} (where the request lists them) when there are none or one
         * cannot be weighed: what a pool's dynamic overlap is checked against when it is saved.
         */
        public static Fields require(JsonNode outputSpec, List<String> names, String path) {
            if (names.isEmpty()) {
                throw ApiException.invalidField(path, "ARRAY_SIZE_LESS_THAN_MIN", "Array must have at least 1 items:"
                        + " name the output fields whose answers are weighed");
            }
            AggregatedFields fields = AggregatedFields.of(outputSpec, names, true, path);
            return new Fields(fields.names(), fields.options());
        }
    }

    /**
     * The confidence (a probability) of the answer with the largest summed skill among the task's submitted and
     * accepted answers and its baseline solutions, once {@code atLeast} assignments have answered it (empty before: the task is not due for a
     * verdict, and the workers' skills are not read). 0 when no answer carries weight: no worker has a value of the
     * skill, or no answer gives every field.
     */
    public OptionalDouble ofTask(Handle h, String accountId, String skillId, String taskId, Fields fields,
                                 long atLeast) {
        Answers.Builder builder = new Answers.Builder();
        if (AggregationStore.readSubmitted(h, taskId, fields.names(), builder) < atLeast) {
            return OptionalDouble.empty();
        }
        AggregationStore.readTaskBaselines(h, taskId, fields.names(), builder);
        Answers answers = builder.build();
        if (answers.tasks() == 0) {
            return OptionalDouble.of(0);
        }
        Estimates estimates = weigh(h, skills, accountId, skillId, answers, fields.options());
        return OptionalDouble.of(estimates.label()[0] == Estimates.NONE ? 0 : estimates.confidence()[0]);
    }

    /**
     * {@link WeightedVote} with each worker's accuracy their value of the skill as a fraction, NaN without one; a
     * baseline solution's is its {@code confidence_weight}.
     */
    static Estimates weigh(Handle h, SkillValues skills, String accountId, String skillId, Answers answers,
                           long options) {
        List<String> workers = new ArrayList<>();
        for (int w = 0; w < answers.workers(); w++) {
            if (answers.baselineWeight(w) == null) {
                workers.add(answers.workerId(w));
            }
        }
        Map<String, Double> values = skills.values(h, accountId, skillId, workers);
        double[] accuracy = new double[answers.workers()];
        for (int w = 0; w < accuracy.length; w++) {
            Double baseline = answers.baselineWeight(w);
            Double value = values.get(answers.workerId(w));
            accuracy[w] = baseline != null ? baseline : value == null ? Double.NaN : value / 100;
        }
        return WeightedVote.aggregate(answers, accuracy, (int) options);
    }
}
