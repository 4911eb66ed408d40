package dev.artel.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final DateTimeFormatter REFERENCE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS");

    @Test
    void formatsUtcWithExactlyThreeFractionDigits() {
        assertEquals("1970-01-01T00:00:00.000", Timestamps.format(0));
        assertEquals("2026-11-29T09:05:07.009", Timestamps.format(1_795_943_107_009L));
        assertEquals("1969-12-31T23:59:59.999", Timestamps.format(-1));
    }

    @Test
    void agreesWithTheJavaTimeFormatterAndParsesBack() {
        Random random = new Random(20261129);
        long first = LocalDateTime.of(1, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
        long last = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000).toInstant(ZoneOffset.UTC).toEpochMilli();
        for (int i = 0; i < 20_000; i++) {
            long millis = first + (long) (random.nextDouble() * (last - first));
            String expected = REFERENCE.format(LocalDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
            assertEquals(expected, Timestamps.format(millis), "epoch millis " + millis);
            assertEquals(Optional.of(millis), Timestamps.parse(expected), expected);
        }
    }
}
