package dev.artel.quality.rules;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.task.KnownSolutions;
import java.util.ArrayList;
import java.util.List;

/** Comparing a worker's output values with other workers' answers. */
final class Answers {
    private Answers() {
    }

    /**
     * The answer at least {@code threshold} workers gave to the task among the answers that count, the most
     * frequent if several reach it; null when none does (and on a tie at the top, when there is no majority).
     */
    static JsonNode majority(List<Past> withTask, String taskId, int threshold) {
        List<JsonNode> answers = new ArrayList<>();
        for (Past past : withTask) {
            if (past.answerCounts()) {
                for (JsonNode[] answer : past.answers()) {
                    if (answer[0].path("id").asText().equals(taskId)) {
                        answers.add(answer[1]);
                    }
                }
            }
        }
        JsonNode best = null;
        int bestCount = 0;
        boolean tie = false;
        for (JsonNode candidate : answers) {
            int count = (int) answers.stream().filter(other -> KnownSolutions.same(candidate, other)).count();
            if (count > bestCount) {
                best = candidate;
                bestCount = count;
                tie = false;
            } else if (count == bestCount && !KnownSolutions.same(candidate, best)) {
                tie = true;
            }
        }
        return bestCount >= Math.max(1, threshold) && !tie ? best : null;
    }
}
