package dev.artel.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Aggregation by skill on the example of Toloka's guide: workers of skill 70, 80 and 90. Computed by hand: with
 * two possible answers, all three saying OK gives 0.7 * 0.8 * 0.9 = 0.504 against 0.3 * 0.2 * 0.1 = 0.006, so
 * 0.504 / 0.510; the first and third saying OK and the second BAD gives 0.7 * 0.2 * 0.9 = 0.126 against
 * 0.3 * 0.8 * 0.1 = 0.024, so 0.84.
 */
class WeightedVoteTest {
    private static final double[] GUIDE = {0.7, 0.8, 0.9};

    private static Answers answers(String... triples) {
        Answers.Builder builder = new Answers.Builder();
        for (String triple : triples) {
            String[] parts = triple.split(" ");
            builder.add(parts[0], parts[1], Label.of(List.of(TextNode.valueOf(parts[2]))));
        }
        return builder.build();
    }

    private static String labelOf(Answers answers, Estimates estimates, int task) {
        return answers.labelAt(estimates.label()[task]).values().get(0).asText();
    }

    /** Accuracies by worker name, in the order the workers first appear in {@code answers}. */
    private static double[] accuracy(Answers answers, java.util.Map<String, Double> byName) {
        double[] out = new double[answers.workers()];
        for (int w = 0; w < out.length; w++) {
            out[w] = byName.getOrDefault(answers.workerId(w), Double.NaN);
        }
        return out;
    }

    private static java.util.Map<String, Double> guide() {
        return java.util.Map.of("w1", GUIDE[0], "w2", GUIDE[1], "w3", GUIDE[2]);
    }

    @Test
    void theGuidesExample() {
        Answers answers = answers("t1 w1 OK", "t1 w2 OK", "t1 w3 OK", "t2 w1 OK", "t2 w2 BAD", "t2 w3 OK");
        Estimates estimates = WeightedVote.aggregate(answers, accuracy(answers, guide()), 2);
        assertEquals("OK", labelOf(answers, estimates, 0));
        assertEquals(0.504 / 0.510, estimates.confidence()[0], 1e-12);
        assertEquals("OK", labelOf(answers, estimates, 1));
        assertEquals(0.84, estimates.confidence()[1], 1e-12);
    }

    /**
     * A third possible answer nobody gave still takes its share: each wrong answer is (1 - q) / 2, so OK is
     * 0.7 * 0.1 * 0.9 = 0.063 against BAD 0.15 * 0.8 * 0.05 = 0.006 and the unanswered 0.15 * 0.1 * 0.05.
     */
    @Test
    void unansweredOptionsCount() {
        Answers answers = answers("t2 w1 OK", "t2 w2 BAD", "t2 w3 OK");
        Estimates estimates = WeightedVote.aggregate(answers, accuracy(answers, guide()), 3);
        assertEquals(0.063 / (0.063 + 0.006 + 0.00075), estimates.confidence()[0], 1e-12);
    }

    /** The answer is the largest sum of accuracies, as the guide says, even where its posterior is lower. */
    @Test
    void theAnswerIsTheLargestSumOfAccuracies() {
        Answers answers = answers("t1 a x", "t1 b x", "t1 c y");
        Estimates estimates = WeightedVote.aggregate(answers,
                accuracy(answers, java.util.Map.of("a", 0.6, "b", 0.6, "c", 0.9)), 2);
        assertEquals("x", labelOf(answers, estimates, 0));
        assertEquals(0.036 / (0.036 + 0.144), estimates.confidence()[0], 1e-12);
    }

    /** Workers without a value are left out; a task with nobody else gets no answer. */
    @Test
    void workersWithoutTheSkillCarryNoWeight() {
        Answers answers = answers("t1 w1 OK", "t1 x BAD", "t1 y BAD", "t2 x BAD");
        Estimates estimates = WeightedVote.aggregate(answers, accuracy(answers, guide()), 2);
        assertEquals("OK", labelOf(answers, estimates, 0));
        assertEquals(0.7, estimates.confidence()[0], 1e-12);
        assertEquals(Estimates.NONE, estimates.label()[1]);
    }

    /** Two workers of skill 100 who disagree: one half each, not a division by zero; the first label wins. */
    @Test
    void certainWorkersWhoDisagreeSplitTheConfidence() {
        Answers answers = answers("t1 a y", "t1 b x");
        Estimates estimates = WeightedVote.aggregate(answers, accuracy(answers, java.util.Map.of("a", 1.0, "b", 1.0)),
                2);
        assertEquals("x", labelOf(answers, estimates, 0));
        assertEquals(0.5, estimates.confidence()[0], 1e-9);
    }
}
