package dev.artel.fuzz;

import java.util.List;

/** Text that would do harm if it ever reached SQL, a log or a parser unescaped. */
public final class HostileValues {
    /** SQL fragments and characters with a meaning in SQL, LIKE patterns or identifiers. */
    public static final List<String> SQL = List.of("id;DROP TABLE pools", "' OR 1=1--", "id) OR (1=1",
            "1 UNION SELECT token_hash FROM tokens", "created DESC; DELETE FROM projects", "\"id\"", "id/**/",
            "(SELECT 1)", "CASE WHEN 1=1 THEN id ELSE created END", "id ASC NULLS FIRST", "1' AND SLEEP(5)--", "%",
            "_", "\\", "id\u0000", "ＩＤ", "\uD83D\uDE00");

    /**
     * Datetimes whose years are outside 1 to 9999: java.time parses some of them, and their epoch
     * milliseconds overflow a long or leave what Python's datetime (toloka-kit) can read.
     */
    public static final List<String> EXTREME_TIMES = List.of("-999999999-01-01T00:00:00",
            "+999999999-12-31T23:59:59.999999999", "0000-01-01T00:00:00", "+10000-01-01T00:00:00", "-0001-12-31",
            "+292278994-08-17T07:12:55.807", "-292275055-05-16T16:47:04.192");

    private HostileValues() {
    }
}
