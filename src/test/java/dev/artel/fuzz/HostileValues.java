package dev.artel.fuzz;

import java.util.List;

/** Text that would do harm if it ever reached SQL, a log or a parser unescaped. */
public final class HostileValues {
    /** SQL fragments and characters with a meaning in SQL, LIKE patterns or identifiers. */
    public static final List<String> SQL = List.of("id;DROP TABLE pools", "' OR 1=1--", "id) OR (1=1",
            "1 UNION SELECT token_hash FROM tokens", "created DESC; DELETE FROM projects", "\"id\"", "id/**/",
            "(SELECT 1)", "CASE WHEN 1=1 THEN id ELSE created END", "id ASC NULLS FIRST", "1' AND SLEEP(5)--", "%",
            "_", "\\", "id\u0000", "ＩＤ", "\uD83D\uDE00");

    private HostileValues() {
    }
}
