package dev.artel.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.account.Account;
import dev.artel.account.AccountService;
import dev.artel.error.ApiException;
import dev.artel.error.ErrorCode;
import dev.artel.error.FieldError;
import dev.artel.json.Json;
import dev.artel.ratelimit.RateLimiter;
import dev.artel.spec.ApiSpec;
import dev.artel.spec.SchemaValidator;
import dev.artel.storage.StorageException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP layer: one Javalin app that routes every operation of the spec, and the cross-cutting steps
 * every API request goes through, in order: request id, authentication, rate limits, body parsing and
 * schema validation, the handler, and one rendering of errors in Toloka's format.
 */
public final class ApiServer implements AutoCloseable {
    public static final String API_PREFIX = "/api/v1";
    private static final Logger log = LoggerFactory.getLogger("artel.http");
    private static final String REQUEST_ID = "artel.request_id";
    private static final String ACCOUNT = "artel.account";

    private final Javalin app;
    private final AccountService accounts;
    private final RateLimiter rateLimiter;
    private final SchemaValidator validator;

    public ApiServer(ApiSpec spec, RouteTable routes, AccountService accounts, RateLimiter rateLimiter,
                     long maxBodyBytes) {
        this.accounts = accounts;
        this.rateLimiter = rateLimiter;
        this.validator = new SchemaValidator(spec);
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.http.maxRequestSize = maxBodyBytes;
            config.http.prefer405over404 = true;
            config.requestLogger.http(ApiServer::logRequest);
        });
        app.before(ctx -> {
            String id = UUID.randomUUID().toString();
            ctx.attribute(REQUEST_ID, id);
            ctx.header("X-Request-Id", id);
        });
        app.get("/_artel/health", ctx -> ctx.json(Map.of("status", "ok")));
        for (ApiSpec.Operation op : spec.operations()) {
            RouteTable.ApiHandler handler = routes.get(op.id());
            app.addHttpHandler(HandlerType.valueOf(op.method()), API_PREFIX + op.path(),
                    ctx -> serve(ctx, op, handler));
        }
        app.exception(Exception.class, (e, ctx) -> renderError(ctx, toApiException(e, ctx)));
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            app.error(status, ctx -> {
                if (ctx.attribute("artel.rendered") == null) {
                    renderError(ctx, new ApiException(codeForStatus(status), null));
                }
            });
        }
    }

    public ApiServer start(String host, int port) {
        app.start(host, port);
        return this;
    }

    public int port() {
        return app.port();
    }

    private void serve(Context ctx, ApiSpec.Operation op, RouteTable.ApiHandler handler) throws Exception {
        Account account = authenticate(ctx);
        ctx.attribute(ACCOUNT, account.id());
        rateLimiter.checkRequest(account.id());
        if (handler == null) {
            throw new ApiException(ErrorCode.NOT_IMPLEMENTED, "Artel does not serve " + op.method() + " "
                    + op.path() + " (" + op.id() + ") yet");
        }
        ObjectNode body = op.requestSchema().map(schema -> readBody(ctx, schema)).orElseGet(Json::object);
        rateLimiter.checkMethod(account.id(), op.id());
        handler.handle(new ApiRequest(ctx, account.id(), body));
    }

    private Account authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            throw new ApiException(ErrorCode.AUTHENTICATION_ERROR, "Authorization header is missing");
        }
        String trimmed = header.trim();
        int space = trimmed.indexOf(' ');
        String scheme = space < 0 ? "" : trimmed.substring(0, space).toLowerCase(Locale.ROOT);
        if (!scheme.equals("oauth") && !scheme.equals("apikey")) {
            throw new ApiException(ErrorCode.AUTHENTICATION_ERROR,
                    "Authorization must be 'OAuth <token>' or 'ApiKey <key>'");
        }
        String token = trimmed.substring(space + 1).trim();
        return accounts.authenticate(token).orElseThrow(() ->
                new ApiException(ErrorCode.AUTHENTICATION_ERROR, "The token is not valid"));
    }

    private ObjectNode readBody(Context ctx, JsonNode schema) {
        String text = ctx.body();
        if (text.isBlank()) {
            throw ApiRequest.missingBody();
        }
        String contentType = ctx.contentType();
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, not " + (contentType == null ? "missing" : contentType));
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new ApiException(ErrorCode.VALIDATION_ERROR, "Request body is not valid JSON: "
                    + e.getOriginalMessage(), Map.of("body", FieldError.of("JSON_EXPECTED", "Malformed JSON")));
        }
        Map<String, FieldError> errors = validator.validate(parsed, schema);
        if (!errors.isEmpty()) {
            throw ApiException.invalidFields(errors);
        }
        if (!parsed.isObject()) {
            throw ApiRequest.missingBody();
        }
        return (ObjectNode) parsed;
    }

    private static ApiException toApiException(Exception e, Context ctx) {
        if (e instanceof ApiException api) {
            return api;
        }
        if (e instanceof HttpResponseException http) {
            return new ApiException(codeForStatus(http.getStatus()), http.getMessage());
        }
        if (e instanceof StorageException storage && storage.isTransient()) {
            log.warn("request {} hit a transient storage failure", (Object) ctx.attribute(REQUEST_ID), e);
            return new ApiException(ErrorCode.REMOTE_SERVICE_UNAVAILABLE, "Temporarily unavailable, retry");
        }
        log.error("request {} failed: {} {}", (Object) ctx.attribute(REQUEST_ID), ctx.method(), ctx.path(), e);
        return new ApiException(ErrorCode.INTERNAL_ERROR, null);
    }

    private static ErrorCode codeForStatus(int status) {
        return switch (status) {
            case 401 -> ErrorCode.AUTHENTICATION_ERROR;
            case 403 -> ErrorCode.ACCESS_DENIED;
            case 404 -> ErrorCode.DOES_NOT_EXIST;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 409 -> ErrorCode.CONFLICT_STATE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.TOO_MANY_REQUESTS;
            case 503 -> ErrorCode.REMOTE_SERVICE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ErrorCode.VALIDATION_ERROR : ErrorCode.INTERNAL_ERROR;
        };
    }

    private static void renderError(Context ctx, ApiException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", ctx.attribute(REQUEST_ID));
        body.put("code", e.code().name());
        body.put("message", e.getMessage());
        if (e.payload() != null) {
            body.put("payload", e.payload());
        }
        ctx.attribute("artel.rendered", Boolean.TRUE);
        ctx.status(e.code().status()).json(body);
    }

    private static void logRequest(Context ctx, Float millis) {
        log.info("method={} route={} status={} duration_ms={} account={} request_id={}", ctx.method(),
                ctx.endpointHandlerPath(), ctx.statusCode(), String.format(Locale.ROOT, "%.1f", millis),
                ctx.attribute(ACCOUNT), ctx.attribute(REQUEST_ID));
    }

    @Override
    public void close() {
        app.stop();
    }
}
