package dev.artel.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain JSON over HTTP, as a Toloka client sends it, to the Toloka API (/api/v1) or, after {@link #artelApi()},
 * to Artel's own (/artel/v1). Every response passes through {@link SpecContract}, so each body the suite sees
 * is checked against fullApi.yaml or artel-api.yaml.
 */
public final class ApiClient {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;
    private final SpecContract.Api api;
    private String scheme = "OAuth";

    ApiClient(String baseUrl, String token) {
        this(baseUrl, token, SpecContract.Api.TOLOKA);
    }

    private ApiClient(String baseUrl, String token, SpecContract.Api api) {
        this.baseUrl = baseUrl;
        this.token = token;
        this.api = api;
    }

    /** The same account, authenticating as {@code ApiKey <token>} instead of {@code OAuth <token>}. */
    public ApiClient withApiKeyScheme() {
        return copy(baseUrl, api, "ApiKey");
    }

    /** The same account and scheme, talking to another server: a second node on the same database. */
    public ApiClient against(String otherBaseUrl) {
        return copy(otherBaseUrl, api, scheme);
    }

    /** The same token and scheme on Artel's own API: paths are relative to /artel/v1, checked by artel-api.yaml. */
    public ApiClient artelApi() {
        return copy(baseUrl, SpecContract.Api.ARTEL, scheme);
    }

    /**
     * The same token and scheme on Toloka's endpoints outside fullApi.yaml: paths are relative to /api, checked by
     * toloka-extra.yaml.
     */
    public ApiClient tolokaExtra() {
        return copy(baseUrl, SpecContract.Api.TOLOKA_EXTRA, scheme);
    }

    /** The same token and scheme on the Toloka API: paths are relative to /api/v1, checked by fullApi.yaml. */
    public ApiClient tolokaApi() {
        return copy(baseUrl, SpecContract.Api.TOLOKA, scheme);
    }

    private ApiClient copy(String otherBaseUrl, SpecContract.Api otherApi, String otherScheme) {
        ApiClient copy = new ApiClient(otherBaseUrl, token, otherApi);
        copy.scheme = otherScheme;
        return copy;
    }

    public String token() {
        return token;
    }

    public Response get(String path) {
        return send("GET", path, null, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, Json.write(body), "application/json");
    }

    /** POST with no body and no Content-Type, as toloka-kit sends transitions. */
    public Response post(String path) {
        return send("POST", path, null, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, Json.write(body), "application/json");
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, Json.write(body), "application/json");
    }

    /** Any method, raw body and content type (null for none), for the cases clients get wrong. */
    public Response send(String method, String path, String body, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + api.prefix() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", scheme + " " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            // Every body the suite sees must be JSON that strict clients read, or, where the spec lists another
            // media type, strict UTF-8 text; a lenient decode would hide a broken byte behind U+FFFD.
            String answerType = response.headers().firstValue("Content-Type").orElse(null);
            String strictProblem = Response.isJson(answerType) ? StrictJson.problem(response.body()) : null;
            if (strictProblem != null) {
                throw new AssertionError(method + " " + path + " -> " + response.statusCode() + ": " + strictProblem);
            }
            Response r = new Response(method, path, response.statusCode(), StrictJson.text(response.body()),
                    response.headers().firstValue("X-Request-Id").orElse(null), answerType);
            SpecContract.verify(api, r);
            return r;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One answer: status, raw text and, when the text is JSON, the parsed body. A null {@code contentType} is taken
     * for JSON, which every answer but a file download is.
     */
    public record Response(String method, String path, int status, String text, String requestId,
                           String contentType) {
        public Response(String method, String path, int status, String text, String requestId) {
            this(method, path, status, text, requestId, null);
        }

        /** The media type without parameters, lower case; application/json when none was given. */
        public String mediaType() {
            if (contentType == null) {
                return "application/json";
            }
            int semicolon = contentType.indexOf(';');
            return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                    .toLowerCase(java.util.Locale.ROOT);
        }

        static boolean isJson(String contentType) {
            return new Response("", "", 0, "", null, contentType).mediaType().equals("application/json");
        }

        public JsonNode json() {
            try {
                return text.isEmpty() ? Json.object() : Json.parse(text);
            } catch (IOException e) {
                throw new AssertionError("response is not JSON: " + text, e);
            }
        }

        public ObjectNode object() {
            return (ObjectNode) json();
        }

        public String field(String name) {
            return json().path(name).asText();
        }

        public String code() {
            return field("code");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + text;
        }
    }
}
