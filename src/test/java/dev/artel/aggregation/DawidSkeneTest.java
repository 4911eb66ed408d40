package dev.artel.aggregation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Dawid-Skene on cases small enough to follow by hand, and against majority vote on a larger simulated crowd. */
class DawidSkeneTest {
    private static Label label(String value) {
        return Label.of(List.of(TextNode.valueOf(value)));
    }

    /** Builds answers from "task worker label" triples. */
    private static Answers answers(String... triples) {
        Answers.Builder builder = new Answers.Builder();
        for (String triple : triples) {
            String[] parts = triple.split(" ");
            builder.add(parts[0], parts[1], label(parts[2]));
        }
        return builder.build();
    }

    private static String labelOf(Answers answers, DawidSkene.Fit fit, int task) {
        return answers.labelAt(fit.estimates().label()[task]).values().get(0).asText();
    }

    /**
     * One E/M round by hand. Majority vote starts t1 and t3 at x 2/3, y 1/3 and t2 at y; the priors are x 4/9, y 5/9.
     * The M-step gives A: P(x|x) = 1 (less 1e-10 over 4/3), P(x|y) = 0.4; B: P(x|x) = 0.5, P(y|y) = 0.8;
     * C: P(y|x) = 0.5, P(y|y) = 0.8. The E-step for t1 (x, x, y): x: 4/9 * 1 * 0.5 * 0.5 = 1/9 against
     * y: 5/9 * 0.4 * 0.2 * 0.8 = 0.32/9, so P(x) = 1/1.32; t3 (x, y, x) comes out the same, t2 (y, y, y) at y
     * with x below 1e-9. crowd-kit's DawidSkene(n_iter=1) prints the same 0.757576.
     */
    @Test
    void oneRoundOfEmComputedByHand() {
        Answers answers = answers("t1 A x", "t1 B x", "t1 C y", "t2 A y", "t2 B y", "t2 C y", "t3 A x", "t3 B y",
                "t3 C x");
        DawidSkene.Fit fit = DawidSkene.fit(answers, 1, DawidSkene.TOLERANCE);
        assertEquals(1, fit.iterations());
        assertEquals("x", labelOf(answers, fit, 0));
        assertEquals(1 / 1.32, fit.estimates().confidence()[0], 1e-9);
        assertEquals("y", labelOf(answers, fit, 1));
        assertEquals(1, fit.estimates().confidence()[1], 1e-9);
        assertEquals("x", labelOf(answers, fit, 2));
        assertEquals(1 / 1.32, fit.estimates().confidence()[2], 1e-9);
    }

    /** With no rounds at all the answer is the majority vote, its confidence the share of the votes. */
    @Test
    void withoutRoundsItIsTheMajorityVote() {
        Answers answers = answers("t1 A x", "t1 B x", "t1 C y");
        DawidSkene.Fit fit = DawidSkene.fit(answers, 0, DawidSkene.TOLERANCE);
        assertEquals("x", labelOf(answers, fit, 0));
        assertEquals(2.0 / 3, fit.estimates().confidence()[0], 1e-12);
    }

    /**
     * Two workers who each gave one label, once: each one's matrix says they give that label whatever the truth,
     * so the answers carry no evidence and the task stays at one half each. The tie goes to the first label in
     * order, "x", whichever worker gave it.
     */
    @Test
    void aTieGoesToTheFirstLabel() {
        for (String[] given : new String[][] {{"x", "y"}, {"y", "x"}}) {
            Answers answers = answers("t1 A " + given[0], "t1 B " + given[1]);
            DawidSkene.Fit fit = DawidSkene.fit(answers, DawidSkene.MAX_ITERATIONS, DawidSkene.TOLERANCE);
            assertEquals("x", labelOf(answers, fit, 0));
            assertEquals(0.5, fit.estimates().confidence()[0], 1e-12);
        }
    }

    /**
     * A pool where everyone agrees has one label: the prior and every matrix are 1, the evidence bound is 0 from
     * the first round, so EM stops after the second (no gain) with confidence 1.
     */
    @Test
    void unanimousAnswersKeepTheirLabelWithConfidenceOne() {
        Answers answers = answers("t1 A x", "t1 B x", "t2 A x", "t2 C x");
        DawidSkene.Fit fit = DawidSkene.fit(answers, DawidSkene.MAX_ITERATIONS, DawidSkene.TOLERANCE);
        assertArrayEquals(new int[] {0, 0}, fit.estimates().label());
        assertArrayEquals(new double[] {1, 1}, fit.estimates().confidence(), 1e-12);
        assertEquals(2, fit.iterations());
    }

    @Test
    void noAnswersNoEstimates() {
        DawidSkene.Fit fit = DawidSkene.fit(new Answers.Builder().build(), DawidSkene.MAX_ITERATIONS,
                DawidSkene.TOLERANCE);
        assertEquals(0, fit.estimates().label().length);
    }

    /**
     * 600 tasks of three classes, three answers each from twelve workers: eight answer right 85 % of the time
     * (wrong answers spread evenly), two always answer "cat", two answer at random. Majority vote follows the
     * "cat" spammers wherever they meet; Dawid-Skene learns their matrices and discounts them.
     */
    @Test
    void beatsMajorityVoteOnACrowdWithAFewBadWorkers() {
        Random random = new Random(20240611);
        String[] classes = {"bird", "cat", "dog"};
        int tasks = 600;
        String[] truth = new String[tasks];
        Answers.Builder builder = new Answers.Builder();
        for (int t = 0; t < tasks; t++) {
            truth[t] = classes[random.nextInt(3)];
            List<Integer> workers = new java.util.ArrayList<>(java.util.stream.IntStream.range(0, 12).boxed().toList());
            java.util.Collections.shuffle(workers, random);
            for (int w : workers.subList(0, 3)) {
                String answer;
                if (w < 8) {
                    answer = random.nextDouble() < 0.85 ? truth[t] : otherThan(truth[t], classes, random);
                } else if (w < 10) {
                    answer = "cat";
                } else {
                    answer = classes[random.nextInt(3)];
                }
                builder.add(String.format("t%04d", t), "w" + w, label(answer));
            }
        }
        Answers answers = builder.build();
        DawidSkene.Fit fit = DawidSkene.fit(answers, DawidSkene.MAX_ITERATIONS, DawidSkene.TOLERANCE);
        Estimates majority = DawidSkene.fit(answers, 0, DawidSkene.TOLERANCE).estimates();
        int dawidSkeneRight = 0;
        int majorityRight = 0;
        for (int t = 0; t < tasks; t++) {
            String expected = truth[Integer.parseInt(answers.taskId(t).substring(1))];
            dawidSkeneRight += answers.labelAt(fit.estimates().label()[t]).values().get(0).asText().equals(expected)
                    ? 1 : 0;
            majorityRight += answers.labelAt(majority.label()[t]).values().get(0).asText().equals(expected) ? 1 : 0;
        }
        System.out.println("simulated crowd: Dawid-Skene " + dawidSkeneRight + "/" + tasks + ", majority vote "
                + majorityRight + "/" + tasks + ", " + fit.iterations() + " iterations");
        assertTrue(dawidSkeneRight > majorityRight + tasks / 50,
                "Dawid-Skene " + dawidSkeneRight + " vs majority vote " + majorityRight);
    }

    private static String otherThan(String value, String[] classes, Random random) {
        while (true) {
            String other = classes[random.nextInt(classes.length)];
            if (!other.equals(value)) {
                return other;
            }
        }
    }
}
