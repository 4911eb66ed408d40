package dev.artel.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.ObjectIds;
import dev.artel.error.ApiException;
import dev.artel.json.Json;
import dev.artel.storage.ListQuery;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.slf4j.LoggerFactory;

/**
 * What a route handler sees of one request: the caller, the body already parsed and checked against the
 * operation's schema, and helpers to answer with Toloka's statuses.
 */
public final class ApiRequest {
    private final Context ctx;
    private final Principal caller;
    private final JsonNode body;
    private final JsonItems items;

    ApiRequest(Context ctx, Principal caller, JsonNode body, JsonItems items) {
        this.ctx = ctx;
        this.caller = caller;
        this.body = body;
        this.items = items;
    }

    /** The caller as its API's authenticator found it. */
    public Principal principal() {
        return caller;
    }

    /** The requester's account id, on the Toloka API. */
    public String account() {
        return callerId(Principal.Kind.REQUESTER);
    }

    /** The worker's id, on the worker part of the Artel API. */
    public String workerId() {
        return callerId(Principal.Kind.WORKER);
    }

    /**
     * The security scheme of the operation picks the kind of caller, so a mismatch is a handler mounted on the
     * wrong operation, a bug; it fails the request (500) rather than act for someone else.
     */
    private String callerId(Principal.Kind expected) {
        if (caller.kind() != expected) {
            throw new IllegalStateException("a " + expected + " handler was called by a " + caller.kind());
        }
        return caller.id();
    }

    /** The validated JSON body; operations without a request schema get an empty object. */
    public ObjectNode body() {
        if (body instanceof ObjectNode object) {
            return object;
        }
        throw missingBody();
    }

    /** The validated body of an operation whose schema takes an array (or either): a list of analytics requests. */
    public JsonNode objectOrArray() {
        return body;
    }

    /** The body of an operation routed with {@link RouteTable#onBatch}, read an item at a time. */
    public JsonItems items() {
        if (items == null) {
            throw new IllegalStateException("the operation is not routed as a batch upload");
        }
        return items;
    }

    /** A boolean query parameter: absent is false; anything but true or false is refused. */
    public boolean flag(String name) {
        String value = ctx.queryParam(name);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw ApiException.invalidField(name, "BOOLEAN_EXPECTED", name + " must be true or false");
    }

    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    /** A numeric object id from the path; anything else cannot name an object, so it is 404 like a missing one. */
    public long objectId(String name) {
        return ObjectIds.parseOrNotFound(ctx.pathParam(name));
    }

    public ListQuery.Params queryParams() {
        return new ListQuery.Params(ctx.queryParamMap());
    }

    public void ok(Object value) {
        json(200, value);
    }

    public void created(Object value) {
        json(201, value);
    }

    public void accepted(Object value) {
        json(202, value);
    }

    /** Writes a text answer into the response stream as UTF-8. */
    @FunctionalInterface
    public interface TextBody {
        void write(Writer out) throws IOException;
    }

    /**
     * 200 with a text body of {@code mediaType} in UTF-8 (a TSV export), streamed as {@code body} writes it:
     * check everything that can refuse the request before calling this, since once the first buffer is sent the
     * status cannot change. A failure after that cuts the body short, which the client sees as a broken download.
     */
    public void ok(String mediaType, TextBody body) {
        stream(200, mediaType + "; charset=utf-8", out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            body.write(writer);
            writer.flush();
        });
    }

    /**
     * Written straight into the response stream: a 300-pool list is half a megabyte, which as one array (twice,
     * with Jackson's buffer) per request in flight drove the heap to its cap under concurrent lists.
     */
    private void json(int status, Object value) {
        stream(status, ContentType.JSON, out -> Json.write(out, value));
    }

    private interface Streamed {
        void write(OutputStream out) throws IOException;
    }

    private void stream(int status, String contentType, Streamed body) {
        ctx.status(status).contentType(contentType);
        try {
            body.write(ctx.outputStream());
        } catch (UncheckedIOException | IOException clientGone) {
            // Writing fails only when the client has closed the connection: nobody is left to answer.
            LoggerFactory.getLogger(ApiRequest.class).debug("client left during the answer", clientGone);
        }
    }

    /**
     * Where the client reached this server ({@code http://host:port}, from its Host header), for links in an
     * answer that the client can follow.
     */
    public String origin() {
        String host = ctx.host();
        return ctx.scheme() + "://" + (host == null || host.isBlank() ? "localhost" : host);
    }

    /** 204 with an empty body: toloka-kit checks for exactly this on a transition to the current state. */
    public void noContent() {
        ctx.status(204).result("");
    }

    /** Answers 202 with the operation, or 204 when the service reports there was nothing to do. */
    public void acceptedOrNoContent(java.util.Optional<?> operation) {
        operation.ifPresentOrElse(this::accepted, this::noContent);
    }

    static ApiException missingBody() {
        return ApiException.invalidField("body", "NOT_NULL_BODY", "Request body must be a JSON object");
    }
}
