package dev.artel.aggregation;

import java.util.HashMap;
import java.util.Map;

/**
 * Dawid and Skene's EM estimator (A. P. Dawid, A. M. Skene, "Maximum Likelihood Estimation of Observer
 * Error-Rates Using the EM Algorithm", Applied Statistics 28(1), 1979), computed step for step as Toloka's
 * crowd-kit computes it ({@code crowdkit.aggregation.DawidSkene}), so that the two agree task for task:
 * <ul>
 * <li><b>Start</b>: each task's label distribution is its majority vote, the share of its answers that gave
 * each label (a tie stays a tie: two labels at one half each).</li>
 * <li><b>M-step</b>: the class priors are the mean of the tasks' distributions; each worker's confusion matrix
 * {@code e[observed][true]} sums, over the worker's answers, the answered task's probability of each true label,
 * is floored at 1e-10 and normalised over the labels that worker gave.</li>
 * <li><b>E-step</b>: a task's distribution is proportional to the prior times, for each of its answers, the
 * answering worker's probability of giving that answer under each true label (in log space, shifted by the row's
 * maximum before exponentiating, as crowd-kit does, so that long products do not underflow).</li>
 * <li><b>Stop</b>: after {@code maxIterations} E/M rounds, or as soon as the evidence lower bound per answer
 * (crowd-kit's {@code _evidence_lower_bound}) grows by less than {@code tolerance}.</li>
 * </ul>
 * The label of a task is the one of highest probability in the last E-step, and its confidence that
 * probability. A tie goes to the first label in {@link Label} order (pandas' {@code idxmax} over sorted
 * columns). A unanimous task gets no special case: its distribution comes out of EM like any other, so a label
 * that every one of its workers gave can still lose when those workers' matrices say they give it for another
 * class, which Toloka's guide warns of.
 */
final class DawidSkene {
    static final int MAX_ITERATIONS = 100;
    static final double TOLERANCE = 1e-5;
    /** crowd-kit's floor for probabilities before a logarithm or a division. */
    private static final double EPS = 1e-10;

    private final Answers answers;
    private final int k;
    /** For each answer, the (worker, given label) pair it belongs to: a row of that worker's confusion matrix. */
    private final int[] pairOf;
    private final int[] workerOfPair;
    private final int pairs;

    private DawidSkene(Answers answers) {
        this.answers = answers;
        this.k = answers.labels();
        this.pairOf = new int[answers.size()];
        Map<Long, Integer> index = new HashMap<>();
        int[] workers = new int[Math.max(1, answers.size())];
        for (int i = 0; i < answers.size(); i++) {
            long key = (long) answers.worker(i) * k + answers.label(i);
            Integer pair = index.get(key);
            if (pair == null) {
                pair = index.size();
                index.put(key, pair);
                workers[pair] = answers.worker(i);
            }
            pairOf[i] = pair;
        }
        this.pairs = index.size();
        this.workerOfPair = java.util.Arrays.copyOf(workers, pairs);
    }

    /** The fitted labels, and how many E/M rounds it took. */
    record Fit(Estimates estimates, int iterations) {
    }

    static Fit fit(Answers answers, int maxIterations, double tolerance) {
        if (answers.size() == 0) {
            return new Fit(new Estimates(new int[0], new double[0]), 0);
        }
        return new DawidSkene(answers).run(maxIterations, tolerance);
    }

    private Fit run(int maxIterations, double tolerance) {
        double[] probas = majorityVote();
        double[] priors = priors(probas);
        double[] errors = mStep(probas);
        double loss = Double.NEGATIVE_INFINITY;
        int iterations = 0;
        while (iterations < maxIterations) {
            probas = eStep(priors, errors);
            priors = priors(probas);
            errors = mStep(probas);
            double newLoss = evidenceLowerBound(probas, priors, errors) / answers.size();
            iterations++;
            if (newLoss - loss < tolerance) {
                break;
            }
            loss = newLoss;
        }
        return new Fit(mostProbable(probas), iterations);
    }

    /** Each task's distribution over labels, {@code probas[task * k + label]}: the shares of its answers. */
    private double[] majorityVote() {
        double[] probas = new double[answers.tasks() * k];
        int[] counts = new int[answers.tasks()];
        for (int i = 0; i < answers.size(); i++) {
            probas[answers.task(i) * k + answers.label(i)]++;
            counts[answers.task(i)]++;
        }
        for (int t = 0; t < answers.tasks(); t++) {
            for (int c = 0; c < k; c++) {
                probas[t * k + c] /= counts[t];
            }
        }
        return probas;
    }

    private double[] priors(double[] probas) {
        double[] priors = new double[k];
        int tasks = answers.tasks();
        for (int t = 0; t < tasks; t++) {
            for (int c = 0; c < k; c++) {
                priors[c] += probas[t * k + c];
            }
        }
        for (int c = 0; c < k; c++) {
            priors[c] /= tasks;
        }
        return priors;
    }

    /** Confusion rows {@code errors[pair * k + trueLabel]}: P(worker gives the pair's label | true label). */
    private double[] mStep(double[] probas) {
        double[] errors = new double[pairs * k];
        for (int i = 0; i < answers.size(); i++) {
            int row = pairOf[i] * k;
            int task = answers.task(i) * k;
            for (int c = 0; c < k; c++) {
                errors[row + c] += probas[task + c];
            }
        }
        double[] perWorker = new double[answers.workers() * k];
        for (int p = 0; p < pairs; p++) {
            for (int c = 0; c < k; c++) {
                errors[p * k + c] = Math.max(errors[p * k + c], EPS);
                perWorker[workerOfPair[p] * k + c] += errors[p * k + c];
            }
        }
        for (int p = 0; p < pairs; p++) {
            for (int c = 0; c < k; c++) {
                errors[p * k + c] /= perWorker[workerOfPair[p] * k + c];
            }
        }
        return errors;
    }

    private double[] eStep(double[] priors, double[] errors) {
        int tasks = answers.tasks();
        double[] logs = new double[tasks * k];
        for (int t = 0; t < tasks; t++) {
            for (int c = 0; c < k; c++) {
                logs[t * k + c] = log2(Math.max(priors[c], EPS));
            }
        }
        for (int i = 0; i < answers.size(); i++) {
            int row = pairOf[i] * k;
            int task = answers.task(i) * k;
            for (int c = 0; c < k; c++) {
                logs[task + c] += log2(errors[row + c]);
            }
        }
        for (int t = 0; t < tasks; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                max = Math.max(max, logs[t * k + c]);
            }
            double sum = 0;
            for (int c = 0; c < k; c++) {
                logs[t * k + c] = Math.pow(2, logs[t * k + c] - max);
                sum += logs[t * k + c];
            }
            for (int c = 0; c < k; c++) {
                logs[t * k + c] /= sum;
            }
        }
        return logs;
    }

    /**
     * crowd-kit's stopping criterion, as it computes it: the expected log-likelihood of every answer with the
     * class prior counted once per answer, plus the entropy of the task distributions floored at 1e-10.
     */
    private double evidenceLowerBound(double[] probas, double[] priors, double[] errors) {
        double[] logPriors = new double[k];
        for (int c = 0; c < k; c++) {
            logPriors[c] = Math.log(Math.max(priors[c], EPS));
        }
        double joint = 0;
        for (int i = 0; i < answers.size(); i++) {
            int row = pairOf[i] * k;
            int task = answers.task(i) * k;
            for (int c = 0; c < k; c++) {
                joint += probas[task + c] * (Math.log(errors[row + c]) + logPriors[c]);
            }
        }
        double entropy = 0;
        for (double p : probas) {
            double floored = Math.max(p, EPS);
            entropy -= Math.log(floored) * floored;
        }
        return joint + entropy;
    }

    private Estimates mostProbable(double[] probas) {
        int tasks = answers.tasks();
        int[] label = new int[tasks];
        double[] confidence = new double[tasks];
        for (int t = 0; t < tasks; t++) {
            int best = 0;
            for (int c = 1; c < k; c++) {
                if (probas[t * k + c] > probas[t * k + best]) {
                    best = c;
                }
            }
            label[t] = best;
            confidence[t] = probas[t * k + best];
        }
        return new Estimates(label, confidence);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
