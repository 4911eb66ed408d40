package dev.artel.http;

import dev.artel.core.Text;
import dev.artel.error.ErrorCode;
import dev.artel.json.Json;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jetty.http.HttpStatus;

/**
 * The Toloka error body {@code {request_id, code, message, payload?}}: the one shape of every error the server
 * sends, whether a handler, Javalin or Jetty itself refused the request.
 */
final class ErrorBody {
    private static final int MAX_MESSAGE_CHARS = 200;

    private ErrorBody() {
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    static Map<String, Object> of(String requestId, String code, String message, Object payload) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("code", code);
        body.put("message", message);
        if (payload != null) {
            body.put("payload", payload);
        }
        return body;
    }

    /** The body for an error known only by its status, as Jetty reports them; {@code reason} may be null. */
    static byte[] forStatus(String requestId, int status, String reason) {
        String message = reason == null || reason.isBlank() ? defaultMessage(status) : Text.abbreviate(reason, MAX_MESSAGE_CHARS);
        return Json.write(of(requestId, code(status), message, null)).getBytes(StandardCharsets.UTF_8);
    }

    /** The Toloka code answered with a status; 4xx statuses Toloka has no code for are validation errors. */
    static ErrorCode errorCode(int status) {
        return switch (status) {
            case 401 -> ErrorCode.AUTHENTICATION_ERROR;
            case 403 -> ErrorCode.ACCESS_DENIED;
            case 404 -> ErrorCode.DOES_NOT_EXIST;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT_STATE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 501 -> ErrorCode.NOT_IMPLEMENTED;
            case 503 -> ErrorCode.REMOTE_SERVICE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.VALIDATION_ERROR : ErrorCode.INTERNAL_ERROR;
        };
    }

    /**
     * Jetty refuses some requests with statuses Toloka never sends (414, 417, 426, 431, 505); they get codes
     * named after the status, since claiming VALIDATION_ERROR (a 400 everywhere else) would mislead clients.
     */
    private static String code(int status) {
        ErrorCode code = errorCode(status);
        return code.status() == status ? code.name()
                : HttpStatus.getMessage(status).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }

    private static String defaultMessage(int status) {
        ErrorCode code = errorCode(status);
        return code.status() == status ? code.defaultMessage() : HttpStatus.getMessage(status);
    }
}
