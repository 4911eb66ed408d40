package dev.artel.emulator.crowd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * How long a persona takes over one task, in seconds: {@code fixed} (value), {@code uniform} (min, max),
 * {@code normal} (mean, stddev) or {@code lognormal} (median, sigma; the usual shape of human response times). A
 * draw is never below {@value #MIN_SECONDS} second, so the clock always moves between a take and its answer.
 */
record TimePerTask(Distribution distribution, double first, double second) {
    static final double MIN_SECONDS = 1;
    static final TimePerTask DEFAULT = new TimePerTask(Distribution.FIXED, 10, 0);

    enum Distribution {
        FIXED("value", null), UNIFORM("min", "max"), NORMAL("mean", "stddev"), LOGNORMAL("median", "sigma");

        /** The names of the two parameters in the form; FIXED has one. */
        final String firstName;
        final String secondName;

        Distribution(String firstName, String secondName) {
            this.firstName = firstName;
            this.secondName = secondName;
        }

        String formName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    double draw(RandomGenerator random) {
        double seconds = switch (distribution) {
            case FIXED -> first;
            case UNIFORM -> first + (second - first) * random.nextDouble();
            case NORMAL -> first + second * random.nextGaussian();
            case LOGNORMAL -> first * Math.exp(second * random.nextGaussian());
        };
        return Math.max(MIN_SECONDS, seconds);
    }

    ObjectNode view() {
        ObjectNode out = Json.object().put("distribution", distribution.formName());
        out.put(distribution.firstName, first);
        if (distribution.secondName != null) {
            out.put(distribution.secondName, second);
        }
        return out;
    }

    /**
     * Reads a form that artel-api.yaml's TimePerTask has admitted (a known distribution, numbers); adds to
     * {@code errors} what it cannot say: a missing parameter, a time that is not positive, min above max.
     */
    static TimePerTask read(JsonNode form, String path, Map<String, FieldError> errors) {
        if (form == null || form.isMissingNode() || form.isNull()) {
            return DEFAULT;
        }
        Distribution distribution = List.of(Distribution.values()).stream()
                .filter(d -> d.formName().equals(form.path("distribution").asText())).findFirst()
                .orElse(Distribution.FIXED);
        double first = parameter(form, path, distribution.firstName, errors);
        double second = distribution.secondName == null ? 0 : parameter(form, path, distribution.secondName, errors);
        boolean spread = distribution == Distribution.NORMAL || distribution == Distribution.LOGNORMAL;
        if (first <= 0) {
            errors.put(path + "." + distribution.firstName, FieldError.of("VALUE_LESS_THAN_MIN",
                    "A time per task must be more than 0 seconds"));
        } else if (spread && second < 0) {
            errors.put(path + "." + distribution.secondName, FieldError.of("VALUE_LESS_THAN_MIN",
                    "Must be at least 0"));
        } else if (distribution == Distribution.UNIFORM && second < first) {
            errors.put(path + ".max", FieldError.of("VALUE_LESS_THAN_MIN", "max must be at least min"));
        }
        return new TimePerTask(distribution, first, second);
    }

    private static double parameter(JsonNode form, String path, String name, Map<String, FieldError> errors) {
        JsonNode value = form.path(name);
        if (!value.isNumber()) {
            errors.put(path + "." + name, FieldError.of("VALUE_REQUIRED", "A " + form.path("distribution").asText()
                    + " time per task needs " + name));
            return 1;
        }
        return value.doubleValue();
    }
}
