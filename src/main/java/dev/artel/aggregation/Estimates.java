package dev.artel.aggregation;

/**
 * What an algorithm made of {@link Answers}: for each task (by its number there) the chosen label's number, or
 * {@link #NONE} when nothing could be chosen, and the confidence in it, a probability.
 */
record Estimates(int[] label, double[] confidence) {
    static final int NONE = -1;
}
