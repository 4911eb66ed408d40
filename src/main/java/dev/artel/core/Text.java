package dev.artel.core;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Text that Artel shows or stores must stay valid Unicode. Java strings are UTF-16, so a cut at an arbitrary
 * index can leave half of a surrogate pair (an emoji, say) behind, and half a pair has no UTF-8 encoding: a
 * response carrying one is not valid JSON for strict clients. Every shortening of client text goes through here.
 */
public final class Text {
    private static final char REPLACEMENT = '\uFFFD';

    private Text() {
    }

    /** The text of {@code bytes} if they are UTF-8, with no overlong form, encoded surrogate or stray byte. */
    public static Optional<String> strictUtf8(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code bytes} are strict UTF-8, as {@link #strictUtf8} decides, without making their text: a batch
     * upload is tens of megabytes, which as a String would be held twice.
     */
    public static boolean isStrictUtf8(byte[] bytes) {
        java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        java.nio.charset.CoderResult result;
        do {
            // Overflow only means the chunk of chars is full: they are not needed, so it is emptied and reused.
            result = decoder.decode(in, out.clear(), true);
        } while (result.isOverflow());
        return !result.isError() && !decoder.flush(out.clear()).isError();
    }

    /** At most {@code maxChars} chars of {@code text}, one fewer rather than half of a surrogate pair. */
    public static String prefix(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end);
    }

    /** {@code text} cut to {@code maxChars} with an ellipsis when it was longer, for messages that echo input. */
    public static String abbreviate(String text, int maxChars) {
        return text.length() <= maxChars ? text : prefix(text, maxChars) + "…";
    }

    /** The index of the first surrogate without its partner, or -1 if every pair is whole. */
    public static int firstLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return i;
                }
            } else if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code text} with every lone surrogate replaced by U+FFFD, which is what a lenient UTF-8 decoder shows. */
    public static String withoutLoneSurrogates(String text) {
        int first = firstLoneSurrogate(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length()).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                out.append(c).append(text.charAt(++i));
            } else {
                out.append(Character.isSurrogate(c) ? REPLACEMENT : c);
            }
        }
        return out.toString();
    }
}
