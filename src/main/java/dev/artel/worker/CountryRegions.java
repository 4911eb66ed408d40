package dev.artel.worker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The region ids of Toloka's countries (its regions page), as pool filters and worker profiles give regions, and
 * the two-letter code of each, as user metadata gives countries. Cities and federal subjects are not in it.
 */
final class CountryRegions {
    private static final Map<Long, String> CODES = load();

    private CountryRegions() {
    }

    /** The country code of a country's region id, or null for any other id. */
    static String code(long regionId) {
        return CODES.get(regionId);
    }

    private static Map<Long, String> load() {
        Map<Long, String> codes = new HashMap<>();
        try (InputStream in = CountryRegions.class.getResourceAsStream("/country-regions.tsv");
             BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.startsWith("#")) {
                    String[] fields = line.split("\t", -1);
                    codes.put(Long.parseLong(fields[0]), fields[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.copyOf(codes);
    }
}
