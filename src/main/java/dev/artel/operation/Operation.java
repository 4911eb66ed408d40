package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;

/**
 * A stored asynchronous operation. {@code internal} carries handler-only arguments that clients never see.
 * Times are epoch millis; {@code started}/{@code finished} are null until they happen.
 */
public record Operation(
        String id,
        String accountId,
        String type,
        String status,
        long submitted,
        Long started,
        Long finished,
        int progress,
        ObjectNode parameters,
        ObjectNode details,
        ObjectNode internal) {

    public static final String PENDING = "PENDING";
    public static final String RUNNING = "RUNNING";
    public static final String SUCCESS = "SUCCESS";
    public static final String FAIL = "FAIL";

    public boolean isFinished() {
        return SUCCESS.equals(status) || FAIL.equals(status);
    }

    /** The OperationViewV1 shape. */
    public ObjectNode view() {
        ObjectNode out = Json.object();
        out.put("id", id);
        out.put("type", type);
        out.put("status", status);
        out.put("submitted", Timestamps.format(submitted));
        if (started != null) {
            out.put("started", Timestamps.format(started));
        }
        if (finished != null) {
            out.put("finished", Timestamps.format(finished));
        }
        out.put("progress", progress);
        out.set("parameters", parameters);
        if (details != null) {
            out.set("details", details);
        }
        return out;
    }
}
