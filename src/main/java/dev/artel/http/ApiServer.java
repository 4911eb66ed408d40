package dev.artel.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import dev.artel.core.Text;
import dev.artel.json.InputRules;
import dev.artel.json.Json;
import dev.artel.metrics.HttpMetrics;
import dev.artel.metrics.Metrics;
import dev.artel.ratelimit.RateLimiter;
import dev.artel.spec.ApiSpec;
import dev.artel.spec.SchemaValidator;
import dev.artel.storage.DatabaseHealth;
import dev.artel.storage.StorageException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;

/**
 * The HTTP layer: one Javalin app that routes every operation of each mounted API ({@link ApiMount}: the
 * Toloka requester API under /api/v1, Artel's own beside it), and the cross-cutting steps every API request
 * goes through, in order: request id, body size, authentication by the operation's security scheme, rate
 * limits, query and body parsing with schema validation, the handler, and one rendering of errors in Toloka's
 * format. Requests Jetty refuses before routing get the same error format from {@link JsonErrorHandler}.
 */
public final class ApiServer implements AutoCloseable {
    public static final String API_PREFIX = "/api/v1";
    /** Artel's own API (workers, the operator), described by artel-api.yaml. */
    public static final String ARTEL_PREFIX = "/artel/v1";
    /** Toloka's endpoints outside fullApi.yaml (toloka-extra.yaml), which live under the API root beside /v1. */
    public static final String TOLOKA_EXTRA_PREFIX = "/api";
    /** Request attribute holding the request id; {@link JsonErrorHandler} reads it too. */
    static final String REQUEST_ID = "artel.request_id";
    private static final Logger log = RequestLog.LOG;
    /** The caller's {@link Principal#key()}, for the request log. */
    private static final String ACCOUNT = "artel.account";
    private static final String ROUTE = "artel.route";
    private static final String RENDERED = "artel.rendered";
    private static final String BODY_READ = "artel.body_read";
    private static final String STARTED = "artel.started_nanos";
    /** An unread body up to this size is read and dropped so that the connection can be kept. */
    private static final long DRAIN_LIMIT_BYTES = 64 * 1024;
    /** The route label of requests that matched no route (404, 405). */
    private static final String UNMATCHED_ROUTE = "(unmatched)";
    /** Javalin's own settings for its pool, whose size is configured. */
    private static final int MIN_THREADS = 8;
    private static final int THREAD_IDLE_MILLIS = 60_000;

    private final Javalin app;
    private final RateLimiter rateLimiter;
    private final HttpLimits limits;
    private final HttpMetrics metrics;

    /** What serving one operation needs, resolved once when the server is built. */
    /** {@code batch}: the operation takes a batch upload, read as {@link JsonItems} under its own size cap. */
    private record Endpoint(ApiSpec.Operation op, RouteTable.ApiHandler handler, Authenticator authenticator,
                            SchemaValidator validator, boolean batch) {
    }

    public ApiServer(List<ApiMount> apis, RateLimiter rateLimiter, HttpLimits limits, Metrics metrics,
                     DatabaseHealth health) {
        this.rateLimiter = rateLimiter;
        this.limits = limits;
        this.metrics = metrics.http();
        JsonErrorHandler jettyErrors = new JsonErrorHandler(this.metrics);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            // Bodies are read by BodyReader, which enforces the cap while reading; this covers Javalin's own reads.
            config.http.maxRequestSize = limits.maxBodyBytes();
            config.http.prefer405over404 = true;
            // Heads and bodies that have not started hold no thread; a body being received holds one, for a
            // bounded time (BodyReader), so the pool bounds the bodies in flight. The connector is added in start().
            QueuedThreadPool threads = new QueuedThreadPool(limits.maxThreads(), MIN_THREADS, THREAD_IDLE_MILLIS);
            threads.setName("JettyServerThreadPool");
            config.jetty.threadPool = threads;
            // Bad messages use the server's error handler, context-level refusals the context's.
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
        });
        app.before(ctx -> {
            ctx.attribute(STARTED, System.nanoTime());
            String id = ErrorBody.newRequestId();
            ctx.attribute(REQUEST_ID, id);
            ctx.header("X-Request-Id", id);
        });
        // After handlers run once the status and body are final but before they are sent, so a client that
        // has its answer finds its request already counted and logged.
        app.after(this::finishUnreadBody);
        app.after(this::observe);
        route(HandlerType.GET, "/_artel/health", ctx -> {
            DatabaseHealth.Status status = health.status();
            ctx.status(status.httpStatus()).json(Map.of("status", status.word()));
        });
        route(HandlerType.GET, "/_artel/metrics",
                ctx -> ctx.contentType(Metrics.CONTENT_TYPE).result(metrics.scrape()));
        apis.forEach(this::mount);
        app.exception(Exception.class, (e, ctx) -> renderError(ctx, toApiException(e, ctx)));
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            app.error(status, ctx -> {
                if (ctx.attribute(RENDERED) == null) {
                    renderError(ctx, new ApiException(ErrorBody.errorCode(status), null));
                }
            });
        }
    }

    private void mount(ApiMount api) {
        SchemaValidator validator = new SchemaValidator(api.spec());
        Set<String> specified = new HashSet<>();
        for (ApiSpec.Operation op : api.spec().operations()) {
            specified.add(op.id());
            Endpoint endpoint = new Endpoint(op, api.routes().get(op.id()), authenticator(api, op), validator,
                    api.routes().takesBatch(op.id()));
            Handler serve = ctx -> serve(ctx, endpoint);
            route(HandlerType.valueOf(op.method()), api.prefix() + op.path(), serve);
            if (op.method().equals("GET")) {
                // HEAD is GET without the body (Jetty drops it); otherwise Javalin answers 200 without auth.
                route(HandlerType.HEAD, api.prefix() + op.path(), serve);
            }
        }
        // A handler for an operation the file lacks would never be reached: fail at start, not in production.
        for (String routed : api.routes().operationIds()) {
            if (!specified.contains(routed)) {
                throw new IllegalStateException("operation " + routed + " is routed but not in "
                        + api.spec().resource());
            }
        }
        if (api.servesSpec()) {
            String text = api.spec().text();
            route(HandlerType.GET, api.prefix() + ApiMount.SPEC_PATH,
                    ctx -> ctx.contentType("application/yaml; charset=utf-8").result(text));
        }
    }

    /** Every operation names exactly one security scheme, which the API has an authenticator for. */
    private static Authenticator authenticator(ApiMount api, ApiSpec.Operation op) {
        Authenticator found = op.security().size() == 1 ? api.authenticators().get(op.security().get(0)) : null;
        if (found == null) {
            throw new IllegalStateException("operation " + op.id() + " of " + api.spec().resource()
                    + " must name one security scheme of " + api.authenticators().keySet() + ", not "
                    + op.security());
        }
        return found;
    }

    /** Adds a route whose requests are counted and logged under its template, resolved once here. */
    private void route(HandlerType method, String path, Handler handler) {
        HttpMetrics.Route route = metrics.route(method.name(), path);
        app.addHttpHandler(method, path, ctx -> {
            ctx.attribute(ROUTE, route);
            handler.handle(ctx);
        });
    }

    /**
     * A body left unread (refused with 413, or with 401 before it was read, or sent to an operation that takes
     * none) is a problem for the connection: to reuse it Jetty has to read the rest, and when the rest is not
     * there at once it resets the connection, so a client still uploading (toloka-kit's HTTP library sends
     * the whole body before it reads) sees a reset instead of the answer, and retries. A small declared body
     * is read here and dropped, keeping the connection; anything larger or of unknown length gets
     * Connection: close, and then the answer is sent and what still arrives is discarded, never buffered,
     * until the client closes.
     */
    private void finishUnreadBody(Context ctx) {
        long length = ctx.req().getContentLengthLong();
        boolean chunked = ctx.header("Transfer-Encoding") != null;
        if (ctx.attribute(BODY_READ) != null || (!chunked && length <= 0)) {
            return;
        }
        if (chunked || length > DRAIN_LIMIT_BYTES
                || !BodyReader.drain(ctx, DRAIN_LIMIT_BYTES, limits)) {
            ctx.header("Connection", "close");
        }
    }

    public ApiServer start(String host, int port) {
        // Javalin adds a connector of its own only to a server that has none.
        Server jetty = app.jettyServer().server();
        jetty.addConnector(HttpConnector.create(jetty, limits, host, port));
        app.start();
        return this;
    }

    public int port() {
        return app.port();
    }

    private void serve(Context ctx, Endpoint endpoint) throws Exception {
        long maxBytes = endpoint.batch() ? limits.maxUploadBytes() : limits.maxBodyBytes();
        // A declared oversized body is refused before anything else, so that none of it is ever read.
        if (ctx.req().getContentLengthLong() > maxBytes) {
            throw BodyReader.tooLarge(maxBytes);
        }
        ApiSpec.Operation op = endpoint.op();
        Principal caller = endpoint.authenticator().authenticate(ctx.header("Authorization"));
        ctx.attribute(ACCOUNT, caller.key());
        rateLimiter.checkRequest(caller.key());
        checkQueryEncoding(ctx.queryString());
        if (endpoint.handler() == null) {
            throw new ApiException(ErrorCode.NOT_IMPLEMENTED, "Artel does not serve " + op.method() + " "
                    + op.path() + " (" + op.id() + ") yet");
        }
        JsonItems items = null;
        JsonNode body;
        if (endpoint.batch()) {
            JsonNode schema = op.requestSchema().orElseThrow();
            items = new JsonItems(readJsonBytes(ctx, limits.maxUploadBytes(), true), schema, endpoint.validator());
            body = null;
        } else {
            body = op.requestSchema().map(schema -> readBody(ctx, schema, endpoint.validator()))
                    .orElseGet(Json::object);
        }
        rateLimiter.checkMethod(caller.key(), op.id());
        endpoint.handler().handle(new ApiRequest(ctx, caller, body, items));
    }

    /**
     * Javalin silently drops query parameters it cannot percent-decode, which would turn {@code limit=%zz}
     * into the default limit, and decodes bytes that are not UTF-8 into U+FFFD, which would turn a broken
     * value into a different one. So the raw query string is checked first: every escape well formed, every
     * name and value valid UTF-8, and no NUL (no parameter needs one and PostgreSQL cannot compare text with
     * it). The parameter is named in the error when its name can be read.
     */
    private static void checkQueryEncoding(String query) {
        if (query == null) {
            return;
        }
        for (String pair : query.split("&", -1)) {
            int equals = pair.indexOf('=');
            String name = checkedQueryText("query", equals < 0 ? pair : pair.substring(0, equals));
            if (equals >= 0) {
                checkedQueryText(name, pair.substring(equals + 1));
            }
        }
    }

    /** The decoded text of one raw name or value, or a 400 under {@code field}. */
    private static String checkedQueryText(String field, String raw) {
        if (!QueryText.wellFormedEscapes(raw)) {
            throw ApiException.invalidField(field, "INVALID_URL_ENCODING",
                    "The query string has a '%' that is not followed by two hex digits");
        }
        String decoded = QueryText.decode(raw).orElseThrow(() -> ApiException.invalidField(field,
                "INVALID_URL_ENCODING", "Query parameters must be percent-encoded UTF-8"));
        String problem = InputRules.textProblem(decoded);
        if (problem != null) {
            throw ApiException.invalidField(field, InputRules.INVALID_CHARACTER, problem);
        }
        return decoded;
    }

    private JsonNode readBody(Context ctx, JsonNode schema, SchemaValidator validator) {
        String text = Text.strictUtf8(readJsonBytes(ctx, limits.maxBodyBytes(), false))
                .orElseThrow(BodyReader::notUtf8);
        JsonNode parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw JsonItems.malformed(e);
        }
        InputRules.firstViolation(parsed).ifPresent(violation -> {
            throw ApiException.invalidField(violation.path(), violation.code(), violation.message());
        });
        Map<String, FieldError> errors = validator.validate(parsed, schema);
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        // An array passes only where the schema allows one (a batch of tasks); ApiRequest.body() refuses it elsewhere.
        return parsed;
    }

    /**
     * The body's bytes, refused when empty, when not declared JSON, and (if {@code checkUtf8}; otherwise decoding
     * checks it) when not strict UTF-8.
     */
    private byte[] readJsonBytes(Context ctx, long maxBytes, boolean checkUtf8) {
        byte[] bytes = BodyReader.readBytes(ctx, limits, maxBytes);
        ctx.attribute(BODY_READ, Boolean.TRUE);
        if (isBlank(bytes)) {
            throw ApiRequest.missingBody();
        }
        String contentType = ctx.contentType();
        if (!isJson(contentType)) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Content-Type must be application/json, not "
                    + (contentType == null ? "missing" : Text.abbreviate(contentType, 100)));
        }
        if (checkUtf8 && !Text.isStrictUtf8(bytes)) {
            throw BodyReader.notUtf8();
        }
        return bytes;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** application/json with any parameters (charset); a prefix match would also take application/jsonx. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
        return mediaType.trim().equalsIgnoreCase("application/json");
    }

    private static ApiException toApiException(Exception e, Context ctx) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof HttpResponseException http) {
            return new ApiException(ErrorBody.errorCode(http.getStatus()), http.getMessage());
        }
        String requestId = ctx.attribute(REQUEST_ID);
        if (e instanceof StorageException storage && storage.isTransient()) {
            log.warn("request {} hit a transient storage failure", requestId, e);
            return new ApiException(ErrorCode.REMOTE_SERVICE_UNAVAILABLE, "Temporarily unavailable, retry");
        }
        log.error("request {} failed: {} {}", requestId, ctx.method(), ctx.path(), e);
        return new ApiException(ErrorCode.INTERNAL_ERROR, null);
    }

    private static void renderError(Context ctx, ApiException e) {
        if (e.code() == ErrorCode.TOO_MANY_REQUESTS && ctx.attribute(ROUTE) instanceof HttpMetrics.Route route) {
            route.rateLimited();
        }
        ctx.attribute(RENDERED, Boolean.TRUE);
        ctx.status(e.code().status())
                .json(ErrorBody.of(ctx.attribute(REQUEST_ID), e.code().name(), e.getMessage(), e.payload()));
    }

    /** Every request Javalin answers, matched or not, gets one log line and counts in its route's metrics. */
    private void observe(Context ctx) {
        double millis = (System.nanoTime() - (long) ctx.attribute(STARTED)) / 1e6;
        String method = RequestLog.method(ctx.req().getMethod());
        HttpMetrics.Route route = ctx.attribute(ROUTE) instanceof HttpMetrics.Route matched
                ? matched : metrics.route(method, UNMATCHED_ROUTE);
        route.record(ctx.statusCode(), millis / 1000.0);
        RequestLog.write(method, route.path(), ctx.statusCode(), millis, ctx.attribute(ACCOUNT),
                ctx.attribute(REQUEST_ID));
    }

    @Override
    public void close() {
        app.stop();
    }
}
