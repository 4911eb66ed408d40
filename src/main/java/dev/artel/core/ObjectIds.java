package dev.artel.core;

import dev.artel.error.ApiException;
import java.util.Optional;

/** Object ids on the wire are decimal strings; in storage they are numbers. */
public final class ObjectIds {
    private ObjectIds() {
    }

    public static Optional<Long> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 18) {
            return Optional.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return Optional.empty();
            }
        }
        return Optional.of(Long.parseLong(text));
    }

    public static long parseOrNotFound(String text) {
        return parse(text).orElseThrow(() -> ApiException.notFound("Object", Text.abbreviate(text, 40)));
    }
}
