package dev.artel.error;

/** One entry of a VALIDATION_ERROR payload, keyed by the field's dotted path. */
public record FieldError(String code, String message) {
    public static FieldError of(String code, String message) {
        return new FieldError(code, message);
    }
}
