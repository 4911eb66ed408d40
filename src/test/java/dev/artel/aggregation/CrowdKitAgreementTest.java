package dev.artel.aggregation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Artel's Dawid-Skene against Toloka's own implementation, crowd-kit's {@code crowdkit.aggregation.DawidSkene},
 * on the same answers: four simulated crowds (binary labels with spammers, three imbalanced classes with workers
 * who confuse two of them, five integer labels from sparse workers, and two fields aggregated together as one
 * label), 3,700 answers in all. crowd-kit's labels, confidences and iteration counts were computed once, with its
 * defaults ({@code n_iter=100, tol=1e-5}, as here), and are stored beside the answers in
 * {@code src/test/resources/aggregation/}; how they were made is in docs/AGGREGATION.md.
 * <p>
 * The bar is the same label on at least 99 % of each crowd's tasks; tasks whose two most probable labels are
 * within rounding of each other may go either way in two floating-point implementations.
 */
class CrowdKitAgreementTest {
    private static final double REQUIRED_AGREEMENT = 0.99;

    private record Answer(String task, String worker, Label label) {
    }

    private record Expected(Label label, double confidence) {
    }

    @Test
    void labelsAgreeWithCrowdKitOnAtLeast99PercentOfEachCrowdsTasks() {
        Map<String, List<Answer>> answers = new TreeMap<>();
        for (String[] row : rows("crowdkit-answers.tsv")) {
            answers.computeIfAbsent(row[0], c -> new ArrayList<>()).add(new Answer(row[1], row[2], label(row[3])));
        }
        Map<String, Map<String, Expected>> expected = new HashMap<>();
        for (String[] row : rows("crowdkit-results.tsv")) {
            expected.computeIfAbsent(row[0], c -> new HashMap<>())
                    .put(row[1], new Expected(label(row[2]), Double.parseDouble(row[3])));
        }
        Map<String, Integer> iterations = new HashMap<>();
        for (String[] row : rows("crowdkit-cases.tsv")) {
            assertEquals(DawidSkene.MAX_ITERATIONS, Integer.parseInt(row[1]), "n_iter of " + row[0]);
            assertEquals(DawidSkene.TOLERANCE, Double.parseDouble(row[2]), "tol of " + row[0]);
            iterations.put(row[0], Integer.parseInt(row[3]));
        }
        assertEquals(4, answers.size(), "crowds: " + answers.keySet());

        Map<String, String> report = new LinkedHashMap<>();
        int agreedInAll = 0;
        int tasksInAll = 0;
        for (Map.Entry<String, List<Answer>> crowd : answers.entrySet()) {
            Answers.Builder builder = new Answers.Builder();
            crowd.getValue().forEach(a -> builder.add(a.task(), a.worker(), a.label()));
            Answers built = builder.build();
            DawidSkene.Fit fit = DawidSkene.fit(built, DawidSkene.MAX_ITERATIONS, DawidSkene.TOLERANCE);
            Map<String, Expected> theirs = expected.get(crowd.getKey());
            assertEquals(theirs.size(), built.tasks(), crowd.getKey() + ": tasks");
            int agreed = 0;
            double largestConfidenceGap = 0;
            for (int t = 0; t < built.tasks(); t++) {
                Expected their = theirs.get(built.taskId(t));
                if (built.labelAt(fit.estimates().label()[t]).equals(their.label())) {
                    agreed++;
                    largestConfidenceGap = Math.max(largestConfidenceGap,
                            Math.abs(fit.estimates().confidence()[t] - their.confidence()));
                }
            }
            double agreement = (double) agreed / built.tasks();
            report.put(crowd.getKey(), agreed + "/" + built.tasks() + " tasks agree, confidences within "
                    + largestConfidenceGap + ", " + fit.iterations() + " iterations (crowd-kit "
                    + iterations.get(crowd.getKey()) + ")");
            assertTrue(agreement >= REQUIRED_AGREEMENT, crowd.getKey() + ": " + report.get(crowd.getKey()));
            // The stopping rule is crowd-kit's own: the same evidence bound reaches the tolerance in the same round.
            assertEquals(iterations.get(crowd.getKey()), fit.iterations(), crowd.getKey() + ": iterations");
            assertTrue(largestConfidenceGap < 1e-6, crowd.getKey() + ": " + report.get(crowd.getKey()));
            agreedInAll += agreed;
            tasksInAll += built.tasks();
        }
        System.out.println("crowd-kit agreement: " + agreedInAll + "/" + tasksInAll + " " + report);
    }

    private static Label label(String json) {
        List<JsonNode> values = new ArrayList<>();
        try {
            Json.parse(json).forEach(values::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Label.of(values);
    }

    /** The rows of a tab-separated file of the test resources, without its header. */
    private static List<String[]> rows(String file) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = CrowdKitAgreementTest.class.getResourceAsStream("/aggregation/" + file);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            reader.readLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                rows.add(line.split("\t", -1));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }
}
