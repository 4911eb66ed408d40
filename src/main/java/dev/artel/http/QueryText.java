package dev.artel.http;

import dev.artel.core.Text;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Decoding of one raw name or value of a query string, strictly: no guessing at what a broken one meant. */
final class QueryText {
    private QueryText() {
    }

    /** Whether every '%' starts an escape of two hex digits. */
    static boolean wellFormedEscapes(String raw) {
        for (int i = raw.indexOf('%'); i >= 0; i = raw.indexOf('%', i + 1)) {
            if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                    || Character.digit(raw.charAt(i + 2), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * The text of {@code raw} ('+' is a space, escapes are bytes, other characters stand for their own UTF-8),
     * or empty when an escape is malformed or the bytes are not UTF-8 (an overlong form, a lone byte, an encoded
     * surrogate).
     */
    static Optional<String> decode(String raw) {
        if (!wellFormedEscapes(raw)) {
            return Optional.empty();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); ) {
            int c = raw.codePointAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 3;
                continue;
            }
            if (Character.getType(c) == Character.SURROGATE) {
                return Optional.empty();
            }
            byte[] own = c == '+' ? new byte[] {' '} : Character.toString(c).getBytes(StandardCharsets.UTF_8);
            bytes.write(own, 0, own.length);
            i += Character.charCount(c);
        }
        return Text.strictUtf8(bytes.toByteArray());
    }
}
