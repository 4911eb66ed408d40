package dev.artel.error;

/**
 * Toloka's error codes with the HTTP status each one is answered with. The common codes are the set
 * toloka-kit maps to exception classes; the specific ones come from its {@code InternalErrorCodes}.
 */
public enum ErrorCode {
    VALIDATION_ERROR(400, "Validation error"),
    AUTHENTICATION_ERROR(401, "Authentication failed"),
    ACCESS_DENIED(403, "Access denied"),
    /** Artel's emulator controls (virtual clock, simulated crowd, reset, snapshots) on a server started without them. */
    EMULATOR_OFF(403, "Emulator controls are off on this server: start it with ./artel serve --emulator"),
    /** Toloka's code for a requester's change of a SYSTEM restriction: those are the platform's bans. */
    SYSTEM_SCOPE_MODIFICATION(403, "Restrictions of scope SYSTEM are the platform's; no requester sets or removes them"),
    DOES_NOT_EXIST(404, "Object does not exist"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    /** Artel's own, named after the status as ErrorBody names Jetty's: Toloka's codes have none for a slow body. */
    REQUEST_TIMEOUT(408, "Request timeout"),
    CONFLICT_STATE(409, "Conflict state"),
    INAPPROPRIATE_STATUS(409, "This or related resource is in inappropriate status, operation is not allowed"),
    PROJECT_INAPPROPRIATE_STATUS(409, "The project is in inappropriate status, operation is not allowed"),
    UNARCHIVED_POOLS_CONFLICT(409, "The project has pools or trainings that are not archived"),
    TRAINING_ARCHIVE_CONFLICT(409, "The training is linked to pools that are not archived"),
    EMPTY_POOL(409, "The pool has no tasks"),
    /** Artel's worker API: the pool has no suite for this worker now (closed, used up, or all done by them). */
    NO_TASKS_AVAILABLE(409, "The pool has no tasks for this worker"),
    OPERATION_ALREADY_EXISTS(409, "Operation with this ID already exists"),
    PAYLOAD_TOO_LARGE(413, "Request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Content-Type must be application/json"),
    TOO_MANY_REQUESTS(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal server error"),
    NOT_IMPLEMENTED(501, "Artel does not serve this method yet"),
    REMOTE_SERVICE_UNAVAILABLE(503, "Service temporarily unavailable");

    private final int status;
    private final String defaultMessage;

    ErrorCode(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
