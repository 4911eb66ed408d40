package dev.artel.aggregation;

/**
 * {@code WEIGHTED_DYNAMIC_OVERLAP}, as Toloka's guide ("Aggregation by skill") computes it. Each worker has an
 * accuracy {@code q}, their value of the answer-weight skill as a fraction (a skill of 80 is 0.8); {@code Y} is
 * the number of possible answers, from the project's output spec.
 * <ul>
 * <li>The answer is the label with the largest sum of its workers' accuracies (ties: the first in
 * {@link Label} order).</li>
 * <li>Its confidence is its posterior under a uniform prior, where a worker of accuracy {@code q} gives the true
 * label with probability {@code q} and each other label with {@code (1 - q) / (Y - 1)}:
 * {@code P(z) = prod_i f_i(z) / sum_x prod_i f_i(x)}, {@code x} over all {@code Y} answers, answered or not.
 * The guide picks the answer by summed accuracy and then reports the posterior of that answer, so an answer
 * given by two workers of 0.6 beats one given by a worker of 0.9 with a posterior under a half; that is kept as
 * documented.</li>
 * <li>A worker with no value of the skill carries no weight and no evidence: their answers are left out. A task
 * none of whose workers has a value gets no result. For the posterior only, accuracies are kept within
 * {@code [1e-6, 1 - 1e-6]}, so that two workers of skill 100 who disagree give each of their answers one half
 * instead of a division by zero.</li>
 * </ul>
 */
final class WeightedVote {
    private static final double Q_FLOOR = 1e-6;

    private WeightedVote() {
    }

    /**
     * @param accuracy each worker's accuracy by worker number, NaN for a worker without one
     * @param options  {@code Y}, the number of possible answers; raised to the labels a task was given if more
     */
    static Estimates aggregate(Answers answers, double[] accuracy, int options) {
        int tasks = answers.tasks();
        int k = answers.labels();
        int[] start = new int[tasks + 1];
        for (int i = 0; i < answers.size(); i++) {
            start[answers.task(i) + 1]++;
        }
        for (int t = 0; t < tasks; t++) {
            start[t + 1] += start[t];
        }
        int[] byTask = new int[answers.size()];
        int[] next = java.util.Arrays.copyOf(start, tasks);
        for (int i = 0; i < answers.size(); i++) {
            byTask[next[answers.task(i)]++] = i;
        }
        int[] label = new int[tasks];
        double[] confidence = new double[tasks];
        double[] weight = new double[k];
        boolean[] given = new boolean[k];
        double[] logLikelihood = new double[k];
        for (int t = 0; t < tasks; t++) {
            java.util.Arrays.fill(weight, 0);
            java.util.Arrays.fill(given, false);
            int distinct = 0;
            for (int j = start[t]; j < start[t + 1]; j++) {
                int answer = byTask[j];
                double q = accuracy[answers.worker(answer)];
                if (!Double.isNaN(q)) {
                    weight[answers.label(answer)] += q;
                    if (!given[answers.label(answer)]) {
                        given[answers.label(answer)] = true;
                        distinct++;
                    }
                }
            }
            if (distinct == 0) {
                label[t] = Estimates.NONE;
                continue;
            }
            int best = -1;
            for (int c = 0; c < k; c++) {
                if (given[c] && (best < 0 || weight[c] > weight[best])) {
                    best = c;
                }
            }
            label[t] = best;
            confidence[t] = posterior(answers, accuracy, byTask, start[t], start[t + 1], best, given, distinct,
                    Math.max(options, distinct), logLikelihood);
        }
        return new Estimates(label, confidence);
    }

    /** P(best | the task's weighted answers), by log-sum-exp over the given labels and the {@code y - distinct} others. */
    private static double posterior(Answers answers, double[] accuracy, int[] byTask, int from, int to, int best,
                                    boolean[] given, int distinct, int y, double[] logLikelihood) {
        if (y == 1) {
            return 1;
        }
        java.util.Arrays.fill(logLikelihood, 0);
        double notGiven = 0;
        for (int j = from; j < to; j++) {
            int answer = byTask[j];
            double q = accuracy[answers.worker(answer)];
            if (Double.isNaN(q)) {
                continue;
            }
            q = Math.min(1 - Q_FLOOR, Math.max(Q_FLOOR, q));
            double right = Math.log(q);
            double wrong = Math.log((1 - q) / (y - 1));
            for (int c = 0; c < logLikelihood.length; c++) {
                if (given[c]) {
                    logLikelihood[c] += c == answers.label(answer) ? right : wrong;
                }
            }
            notGiven += wrong;
        }
        double max = notGiven;
        for (int c = 0; c < logLikelihood.length; c++) {
            if (given[c]) {
                max = Math.max(max, logLikelihood[c]);
            }
        }
        double total = (y - distinct) * Math.exp(notGiven - max);
        for (int c = 0; c < logLikelihood.length; c++) {
            if (given[c]) {
                total += Math.exp(logLikelihood[c] - max);
            }
        }
        return Math.exp(logLikelihood[best] - max) / total;
    }
}
