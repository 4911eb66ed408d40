package dev.artel.task.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Random text that a requester's {@code pattern} may match, for simulated workers: the regular expressions task
 * specs use ({@code [A-Z]{3}-\d{2}}, {@code (yes|no)}, {@code [a-z]+@[a-z]+\.com}) are literals, classes,
 * groups, alternations and quantifiers, and text for those is built by walking the expression and drawing at each
 * choice. What the sampler does not model (look-around, back-references, Unicode properties, word boundaries,
 * inline flags, class intersections) makes it give up with an empty answer rather than guess; and what it makes is
 * only a candidate, which the caller checks with the real matcher, since a negated class or a repetition bound
 * it models loosely may still miss.
 */
final class PatternSampler {
    /** How many extra repetitions an unbounded quantifier ({@code *}, {@code +}, {@code {n,}}) gets at most. */
    private static final int OPEN_REPEATS = 3;
    /** How many repetitions beyond its minimum a bounded quantifier gets at most: {@code {1,500}} needs no 500. */
    private static final int MAX_EXTRA_REPEATS = 16;
    private static final String WORD = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
    private static final String DIGITS = "0123456789";
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";

    private final String source;
    private int at;

    private PatternSampler(String source) {
        this.source = source;
    }

    /** A string built from {@code pattern}, or empty if it uses what the sampler does not model. */
    static Optional<String> sample(String pattern, RandomGenerator random) {
        try {
            PatternSampler parser = new PatternSampler(pattern);
            Node root = parser.alternation();
            if (parser.at != pattern.length()) {
                return Optional.empty();
            }
            StringBuilder out = new StringBuilder();
            root.write(out, random);
            return Optional.of(out.toString());
        } catch (Unsupported e) {
            return Optional.empty();
        }
    }

    private interface Node {
        void write(StringBuilder out, RandomGenerator random);
    }

    private record Sequence(List<Node> parts) implements Node {
        @Override
        public void write(StringBuilder out, RandomGenerator random) {
            parts.forEach(part -> part.write(out, random));
        }
    }

    private record Choice(List<Node> options) implements Node {
        @Override
        public void write(StringBuilder out, RandomGenerator random) {
            options.get(random.nextInt(options.size())).write(out, random);
        }
    }

    private record Repeat(Node node, int min, int max) implements Node {
        @Override
        public void write(StringBuilder out, RandomGenerator random) {
            int times = min + random.nextInt(max - min + 1);
            for (int i = 0; i < times; i++) {
                node.write(out, random);
            }
        }
    }

    /** One character from {@code chars}, or, negated, one printable ASCII character not in it. */
    private record CharClass(String chars, boolean negated) implements Node {
        @Override
        public void write(StringBuilder out, RandomGenerator random) {
            String from = chars;
            if (negated) {
                StringBuilder others = new StringBuilder();
                for (char c = ' '; c <= '~'; c++) {
                    if (chars.indexOf(c) < 0) {
                        others.append(c);
                    }
                }
                from = others.toString();
            }
            if (from.isEmpty()) {
                throw new Unsupported();
            }
            out.append(from.charAt(random.nextInt(from.length())));
        }
    }

    private static final class Unsupported extends RuntimeException {
        Unsupported() {
            super(null, null, false, false);
        }
    }

    private boolean more() {
        return at < source.length();
    }

    private char peek() {
        return source.charAt(at);
    }

    private Node alternation() {
        List<Node> options = new ArrayList<>();
        options.add(sequence());
        while (more() && peek() == '|') {
            at++;
            options.add(sequence());
        }
        return options.size() == 1 ? options.get(0) : new Choice(options);
    }

    private Node sequence() {
        List<Node> parts = new ArrayList<>();
        while (more() && peek() != '|' && peek() != ')') {
            Node atom = atom();
            parts.add(quantified(atom));
        }
        return new Sequence(parts);
    }

    private Node atom() {
        char c = source.charAt(at++);
        switch (c) {
            case '(' -> {
                if (more() && peek() == '?') {
                    // Only a non-capturing group; look-around, named groups and inline flags are not modelled.
                    if (at + 1 < source.length() && source.charAt(at + 1) == ':') {
                        at += 2;
                    } else {
                        throw new Unsupported();
                    }
                }
                Node inner = alternation();
                expect(')');
                return inner;
            }
            case '[' -> {
                return charClass();
            }
            case '.' -> {
                return new CharClass(WORD, false);
            }
            case '^', '$' -> {
                // The whole value is matched, so anchors add nothing.
                return new Sequence(List.of());
            }
            case '\\' -> {
                return escape();
            }
            case '*', '+', '?', '{', ')' -> throw new Unsupported();
            default -> {
                return new CharClass(String.valueOf(c), false);
            }
        }
    }

    private Node quantified(Node atom) {
        if (!more()) {
            return atom;
        }
        Node repeated = switch (peek()) {
            case '*' -> {
                at++;
                yield new Repeat(atom, 0, OPEN_REPEATS);
            }
            case '+' -> {
                at++;
                yield new Repeat(atom, 1, 1 + OPEN_REPEATS);
            }
            case '?' -> {
                at++;
                yield new Repeat(atom, 0, 1);
            }
            case '{' -> bounds(atom);
            default -> null;
        };
        if (repeated == null) {
            return atom;
        }
        // Lazy and possessive forms match the same texts.
        if (more() && (peek() == '?' || peek() == '+')) {
            at++;
        }
        return repeated;
    }

    private Node bounds(Node atom) {
        int close = source.indexOf('}', at);
        if (close < 0) {
            throw new Unsupported();
        }
        String inside = source.substring(at + 1, close);
        at = close + 1;
        try {
            int comma = inside.indexOf(',');
            if (comma < 0) {
                int n = Integer.parseInt(inside.trim());
                return new Repeat(atom, n, n);
            }
            int min = Integer.parseInt(inside.substring(0, comma).trim());
            String upper = inside.substring(comma + 1).trim();
            int max = upper.isEmpty() ? min + OPEN_REPEATS : Integer.parseInt(upper);
            if (max < min) {
                throw new Unsupported();
            }
            return new Repeat(atom, min, Math.min(max, min + MAX_EXTRA_REPEATS));
        } catch (NumberFormatException e) {
            throw new Unsupported();
        }
    }

    private Node escape() {
        if (!more()) {
            throw new Unsupported();
        }
        char c = source.charAt(at++);
        return switch (c) {
            case 'd' -> new CharClass(DIGITS, false);
            case 'D' -> new CharClass(LETTERS, false);
            case 'w' -> new CharClass(WORD, false);
            case 'W' -> new CharClass("-.,;:!", false);
            case 's' -> new CharClass(" ", false);
            case 'S' -> new CharClass(LETTERS, false);
            default -> new CharClass(String.valueOf(escapedChar(c)), false);
        };
    }

    /** The character an escape outside the shorthand classes stands for; letters name features not modelled. */
    private char escapedChar(char c) {
        return switch (c) {
            case 't' -> '\t';
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 'f' -> '\f';
            case 'x' -> hex(2);
            case 'u' -> hex(4);
            default -> {
                if (Character.isLetterOrDigit(c)) {
                    throw new Unsupported();
                }
                yield c;
            }
        };
    }

    private char hex(int digits) {
        if (at + digits > source.length()) {
            throw new Unsupported();
        }
        try {
            char c = (char) Integer.parseInt(source.substring(at, at + digits), 16);
            at += digits;
            return c;
        } catch (NumberFormatException e) {
            throw new Unsupported();
        }
    }

    private Node charClass() {
        boolean negated = more() && peek() == '^';
        if (negated) {
            at++;
        }
        StringBuilder chars = new StringBuilder();
        boolean first = true;
        while (true) {
            if (!more()) {
                throw new Unsupported();
            }
            char c = source.charAt(at++);
            if (c == ']' && !first) {
                break;
            }
            first = false;
            if (c == '[' || (c == '&' && more() && peek() == '&')) {
                throw new Unsupported();
            }
            if (c == '\\') {
                if (!more()) {
                    throw new Unsupported();
                }
                char e = source.charAt(at++);
                switch (e) {
                    case 'd' -> chars.append(DIGITS);
                    case 'w' -> chars.append(WORD);
                    case 's' -> chars.append(' ');
                    default -> chars.append(escapedChar(e));
                }
                continue;
            }
            if (more() && peek() == '-' && at + 1 < source.length() && source.charAt(at + 1) != ']') {
                char to = source.charAt(at + 1);
                if (to == '\\' || to < c) {
                    throw new Unsupported();
                }
                at += 2;
                for (int r = c; r <= to; r++) {
                    chars.append((char) r);
                }
                continue;
            }
            chars.append(c);
        }
        return new CharClass(chars.toString(), negated);
    }

    private void expect(char c) {
        if (!more() || peek() != c) {
            throw new Unsupported();
        }
        at++;
    }
}
