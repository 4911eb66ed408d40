package dev.artel.core;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Optional;

/**
 * Toloka's wire format for time: UTC without a zone and with exactly three fraction digits on the way out
 * (the Java SDK misreads any other fraction), and anything ISO-like on the way in: a bare date, a time
 * with zero to nine fraction digits, with or without a zone. Years run from 1 to 9999, the four digits of
 * the format: that is what Python's datetime (and so toloka-kit) can read back, and it keeps every time well
 * inside the epoch milliseconds that both databases store (java.time alone would take a year of +-999999999,
 * whose milliseconds overflow a long).
 */
public final class Timestamps {
    private static final int MIN_YEAR = 1;
    private static final int MAX_YEAR = 9999;
    /** What an error says a datetime must look like. */
    public static final String EXPECTED = "Expected a date and time as YYYY-MM-DDThh:mm:ss[.sss], years 0001 to 9999";
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");
    private static final DateTimeFormatter IN = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
            .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
            .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2).optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter()
            // STRICT: 2024-02-30 or 24:00 is an error, not silently the nearest valid time.
            .withResolverStyle(java.time.format.ResolverStyle.STRICT)
            .withChronology(java.time.chrono.IsoChronology.INSTANCE);

    private Timestamps() {
    }

    /**
     * Written by hand for four-digit years, which is every time the server stamps: the formatter took a tenth
     * of the CPU of a 300-pool list. Other years (which only a client could send) go through the formatter.
     */
    public static String format(long epochMillis) {
        LocalDateTime t = LocalDateTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneOffset.UTC);
        if (t.getYear() < 1 || t.getYear() > 9999) {
            return OUT.format(t);
        }
        char[] out = new char[23];
        digits(out, 0, t.getYear(), 4);
        out[4] = '-';
        digits(out, 5, t.getMonthValue(), 2);
        out[7] = '-';
        digits(out, 8, t.getDayOfMonth(), 2);
        out[10] = 'T';
        digits(out, 11, t.getHour(), 2);
        out[13] = ':';
        digits(out, 14, t.getMinute(), 2);
        out[16] = ':';
        digits(out, 17, t.getSecond(), 2);
        out[19] = '.';
        digits(out, 20, t.getNano() / 1_000_000, 3);
        return new String(out);
    }

    private static void digits(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** Epoch millis of an incoming datetime, or empty if the text is not one or its year is out of range. */
    public static Optional<Long> parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 40) {
            return Optional.empty();
        }
        try {
            var parsed = IN.parse(text.trim());
            int year = parsed.get(ChronoField.YEAR);
            if (year < MIN_YEAR || year > MAX_YEAR) {
                return Optional.empty();
            }
            if (!parsed.isSupported(ChronoField.HOUR_OF_DAY)) {
                return Optional.of(LocalDate.from(parsed).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli());
            }
            var local = LocalDateTime.of(LocalDate.from(parsed),
                    java.time.LocalTime.of(parsed.get(ChronoField.HOUR_OF_DAY), parsed.get(ChronoField.MINUTE_OF_HOUR),
                            parsed.isSupported(ChronoField.SECOND_OF_MINUTE) ? parsed.get(ChronoField.SECOND_OF_MINUTE) : 0,
                            parsed.isSupported(ChronoField.NANO_OF_SECOND) ? parsed.get(ChronoField.NANO_OF_SECOND) : 0));
            ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
                    ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : ZoneOffset.UTC;
            return Optional.of(OffsetDateTime.of(local, offset).toInstant().toEpochMilli());
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
