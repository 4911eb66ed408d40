package dev.artel.task.spec;

import java.math.BigDecimal;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The text forms of the {@code url} and {@code coordinates} types. */
final class ValueSyntax {
    /** Longer than any coordinates worth reading ("-179.123456789012, -89.123456789012" is 36). */
    private static final int MAX_COORDINATES_CHARS = 100;
    /** Linear: no quantified group can match the same text two ways. */
    private static final Pattern COORDINATES =
            Pattern.compile("\\s*([+-]?\\d{1,3}(?:\\.\\d+)?)\\s*,\\s*([+-]?\\d{1,3}(?:\\.\\d+)?)\\s*");
    private static final BigDecimal LATITUDE = BigDecimal.valueOf(90);
    private static final BigDecimal LONGITUDE = BigDecimal.valueOf(180);

    record Coordinates(BigDecimal latitude, BigDecimal longitude) {
        boolean inRange() {
            return latitude.abs().compareTo(LATITUDE) <= 0 && longitude.abs().compareTo(LONGITUDE) <= 0;
        }
    }

    private ValueSyntax() {
    }

    /**
     * Whether {@code text} is a link Toloka takes: it "starts with the {@code http://}, {@code https://} or
     * {@code www} prefix" (the guide's url type and its task-upload errors), so relative links, other schemes
     * ({@code ftp:}, {@code data:}, {@code javascript:}) and bare host names are refused. Past the prefix there
     * must be a host, and no whitespace or control character anywhere, which no URL holds unescaped; letters
     * of any script are taken, since links to non-Latin paths and hosts are common in task data.
     */
    static boolean isUrl(String text) {
        int start;
        if (text.regionMatches(true, 0, "http://", 0, 7)) {
            start = 7;
        } else if (text.regionMatches(true, 0, "https://", 0, 8)) {
            start = 8;
        } else if (text.regionMatches(true, 0, "www.", 0, 4) && text.length() > 4) {
            start = 0;
        } else {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                return false;
            }
        }
        int end = start;
        while (end < text.length() && "/?#".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        String authority = text.substring(start, end);
        return isHostAndPort(authority.substring(authority.lastIndexOf('@') + 1));
    }

    private static boolean isHostAndPort(String hostPort) {
        String host = hostPort;
        String port = null;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                return false;
            }
            String rest = hostPort.substring(close + 1);
            if (!rest.isEmpty() && !rest.startsWith(":")) {
                return false;
            }
            port = rest.isEmpty() ? null : rest.substring(1);
            host = hostPort.substring(1, close);
            if (host.isEmpty() || !host.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                return false;
            }
        } else {
            int colon = hostPort.lastIndexOf(':');
            if (colon >= 0) {
                port = hostPort.substring(colon + 1);
                host = hostPort.substring(0, colon);
            }
            if (!host.codePoints().anyMatch(Character::isLetterOrDigit)
                    || !host.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || "-._~%".indexOf(c) >= 0)) {
                return false;
            }
        }
        return port == null || (!port.isEmpty() && port.length() <= 5 && port.chars().allMatch(c -> c >= '0' && c <= '9'));
    }

    /**
     * Coordinates as the guide writes them: "latitude,longitude" in decimal degrees, "22.3341,32.32" in the
     * guide and "53.910236, 27.531110" in the API reference, hence the optional spaces. Empty if {@code text}
     * is not in that form; the range is the caller's to check, so that it can say which rule was broken.
     */
    static Optional<Coordinates> coordinates(String text) {
        if (text.length() > MAX_COORDINATES_CHARS) {
            return Optional.empty();
        }
        Matcher m = COORDINATES.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Coordinates(new BigDecimal(m.group(1)), new BigDecimal(m.group(2))));
    }
}
