package dev.artel.task.spec;

import java.util.regex.Pattern;

/**
 * A requester's {@code pattern}, matched against the whole value (the guide describes {@code [a-zA-Z0-9]+} as
 * "Only Latin letters and numbers" and {@code [^0-9]+} as "without numbers", true only of a whole-value match)
 * with a bounded effort.
 *
 * <p>Java's regex engine backtracks and has no timeout. Since Java 9 it remembers enough to defuse the textbook
 * {@code (a+)+b}, but {@code (.*a){20}x} still takes time growing with the twentieth power of the value's
 * length, and back-references exponential time. The value is therefore handed to the matcher behind a
 * {@link CharSequence} that counts the characters the engine reads and gives up after {@value #BASE_BUDGET}
 * reads plus {@value #READS_PER_CHAR} per character of the value: a pattern that reads each character a few
 * times, which is every pattern in the guide, never comes near that, while a runaway one is stopped after some
 * milliseconds (about 7 on the two-core development machine). Counting reads, not time, gives the same answer
 * on every machine and under any load. The engine also recurses once per repetition of some constructs
 * ({@code (a|b)*}), so a long value can exhaust the stack; that too is an answer of "too costly", not a crash
 * (the matcher holds no lock and no shared state, so nothing is left half-changed when the error unwinds it).
 */
final class BoundedPattern {
    static final long BASE_BUDGET = 200_000;
    static final int READS_PER_CHAR = 10;

    enum Outcome { MATCH, MISMATCH, TOO_COSTLY }

    private final Pattern pattern;

    BoundedPattern(Pattern pattern) {
        this.pattern = pattern;
    }

    String source() {
        return pattern.pattern();
    }

    Outcome match(String value) {
        CountedText text = new CountedText(value, BASE_BUDGET + (long) READS_PER_CHAR * value.length());
        try {
            return pattern.matcher(text).matches() ? Outcome.MATCH : Outcome.MISMATCH;
        } catch (BudgetSpent | StackOverflowError e) {
            return Outcome.TOO_COSTLY;
        }
    }

    private static final class BudgetSpent extends RuntimeException {
        private static final BudgetSpent INSTANCE = new BudgetSpent();

        private BudgetSpent() {
            super(null, null, false, false);
        }
    }

    private static final class CountedText implements CharSequence {
        private final String text;
        private long reads;

        CountedText(String text, long reads) {
            this.text = text;
            this.reads = reads;
        }

        @Override
        public char charAt(int index) {
            if (--reads < 0) {
                throw BudgetSpent.INSTANCE;
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        /** Matching never asks for one; extracting groups would, and reads the text uncounted. */
        @Override
        public CharSequence subSequence(int start, int end) {
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
