package dev.artel.bench;

/**
 * Reads one top-level field of a JSON object as text. The load generator is JDK-only and only needs ids
 * and statuses out of responses, so a scanner that respects strings and nesting is enough: a key of the
 * same name inside a nested object (an operation's parameters, say) is never mistaken for the top-level one.
 */
final class JsonField {
    private JsonField() {
    }

    /** The value of top-level {@code key}: a string's content, or a number/literal's text; null if absent. */
    static String get(String json, String key) {
        int at = find(json, key);
        return at < 0 ? null : value(json, at);
    }

    /** Where the value of top-level {@code key} starts, or -1. */
    private static int find(String json, String key) {
        int depth = 0;
        int i = 0;
        int n = json.length();
        while (i < n) {
            char c = json.charAt(i);
            if (c == '"') {
                int end = stringEnd(json, i);
                if (depth == 1 && json.substring(i + 1, end).equals(key)) {
                    int colon = skipSpace(json, end + 1);
                    if (colon < n && json.charAt(colon) == ':') {
                        return skipSpace(json, colon + 1);
                    }
                }
                i = end + 1;
            } else {
                if (c == '{' || c == '[') {
                    depth++;
                } else if (c == '}' || c == ']') {
                    depth--;
                }
                i++;
            }
        }
        return -1;
    }

    /** The raw text of the first element of top-level array {@code key}, e.g. one item of a list page; null if none. */
    static String firstElement(String json, String key) {
        int at = find(json, key);
        if (at < 0 || json.charAt(at) != '[') {
            return null;
        }
        int start = skipSpace(json, at + 1);
        if (json.charAt(start) == ']') {
            return null;
        }
        int depth = 0;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                i = stringEnd(json, i);
            } else if (c == '{' || c == '[') {
                depth++;
            } else if ((c == '}' || c == ']') && --depth == 0) {
                return json.substring(start, i + 1);
            }
        }
        throw new IllegalArgumentException("unterminated array " + key);
    }

    private static String value(String json, int at) {
        if (json.charAt(at) == '"') {
            return json.substring(at + 1, stringEnd(json, at));
        }
        int end = at;
        while (end < json.length() && ",}] \n\r\t".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return json.substring(at, end);
    }

    /** Index of the quote closing the string that opens at {@code open}. */
    private static int stringEnd(String json, int open) {
        int i = open + 1;
        while (json.charAt(i) != '"') {
            i += json.charAt(i) == '\\' ? 2 : 1;
        }
        return i;
    }

    private static int skipSpace(String json, int at) {
        while (at < json.length() && Character.isWhitespace(json.charAt(at))) {
            at++;
        }
        return at;
    }
}
