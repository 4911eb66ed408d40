package dev.artel.error;

import java.util.List;
import java.util.Map;

/** The one exception type that carries a Toloka error to the client; services throw it through the factories below. */
public class ApiException extends RuntimeException {
    private final ErrorCode code;
    private final Object payload;

    public ApiException(ErrorCode code, String message, Object payload) {
        super(message == null ? code.defaultMessage() : message);
        this.code = code;
        this.payload = payload;
    }

    public ApiException(ErrorCode code, String message) {
        this(code, message, null);
    }

    public ErrorCode code() {
        return code;
    }

    public Object payload() {
        return payload;
    }

    public static ApiException notFound(String what, String id) {
        return new ApiException(ErrorCode.DOES_NOT_EXIST, what + " with id " + id + " does not exist");
    }

    public static ApiException notFound() {
        return new ApiException(ErrorCode.DOES_NOT_EXIST, null);
    }

    /** Field-level validation failure; {@code field} is the dotted path, {@code fieldCode} a Toloka validation code. */
    public static ApiException invalidField(String field, String fieldCode, String message) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, "Validation error",
                Map.of(field, FieldError.of(fieldCode, message)));
    }

    public static ApiException invalidFields(Map<String, FieldError> errors) {
        return new ApiException(ErrorCode.VALIDATION_ERROR, "Validation error", errors);
    }

    public static ApiException inappropriateStatus(ErrorCode code, List<String> appropriateStatuses) {
        return new ApiException(code, null, Map.of("appropriate_statuses", appropriateStatuses));
    }

    public static ApiException conflict(ErrorCode code, String message) {
        return new ApiException(code, message);
    }
}
