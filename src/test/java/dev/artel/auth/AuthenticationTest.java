package dev.artel.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import dev.artel.support.SpecContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every request names its account with {@code Authorization: OAuth <token>} or {@code ApiKey <token>}. */
class AuthenticationTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static ApiClient api;

    @BeforeAll
    static void setUp() {
        api = server.newAccount();
    }

    /** A request with exactly the given Authorization header (none when null), checked like every response. */
    private static ApiClient.Response withAuthorization(String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/v1" + path));
        if (method.equals("POST")) {
            request.POST(HttpRequest.BodyPublishers.ofString("{\"public_name\": 5}"))
                    .header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            ApiClient.Response r = new ApiClient.Response(method, path, response.statusCode(), response.body(),
                    response.headers().firstValue("X-Request-Id").orElse(null));
            SpecContract.verify(r);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> refusedHeaders() {
        String valid = api.token();
        return Stream.of(
                Arguments.of("missing", null),
                Arguments.of("empty", ""),
                Arguments.of("wrong OAuth token", "OAuth not-a-token"),
                Arguments.of("wrong ApiKey token", "ApiKey not-a-token"),
                Arguments.of("scheme without token", "OAuth"),
                Arguments.of("unknown scheme", "Bearer " + valid),
                Arguments.of("token without scheme", valid));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedHeaders")
    void aRequestWithoutAValidTokenIs401(String name, String authorization) {
        ApiClient.Response refused = withAuthorization("GET", "/projects", authorization);

        assertEquals(401, refused.status(), refused.toString());
        assertEquals("AUTHENTICATION_ERROR", refused.code());
    }

    /** The caller is checked before the body: an anonymous client learns nothing about the schema. */
    @Test
    void authenticationComesBeforeValidation() {
        ApiClient.Response refused = withAuthorization("POST", "/projects", "OAuth not-a-token");

        assertEquals(401, refused.status(), refused.toString());
        assertEquals("AUTHENTICATION_ERROR", refused.code());
    }

    /** toloka-kit picks the scheme from the token's shape, so both must name the same account. */
    @Test
    void oauthAndApiKeySchemesAreTheSameAccount() {
        ApiClient apiKey = api.withApiKeyScheme();

        String project = Fixtures.createProject(apiKey);

        assertEquals(api.get("/requester").field("id"), apiKey.get("/requester").field("id"));
        assertEquals(200, api.get("/projects/" + project).status());
        assertEquals(200, withAuthorization("GET", "/requester", "ApiKey " + api.token()).status());
    }
}
