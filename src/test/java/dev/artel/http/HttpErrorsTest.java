package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.artel.support.ServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests the server refuses before, or instead of, running a handler: Jetty's protocol errors, Javalin's
 * 404 and 405, and the checks ApiServer makes before the body is parsed. Each must be a Toloka JSON error
 * with the right status, whichever layer answered it.
 */
class HttpErrorsTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static String token;

    @BeforeAll
    static void setUp() {
        token = server.newAccount().token();
    }

    /** name, request (given a valid token), expected status, expected code. */
    static Stream<Arguments> refusals() {
        return Stream.of(
                refusal("unknown path", t -> get("/nope"), 404, "DOES_NOT_EXIST"),
                refusal("unknown API path", t -> get("/api/v1/no-such-resource").token(t), 404, "DOES_NOT_EXIST"),
                refusal("empty path segment", t -> get("/api/v1//projects").token(t), 404, "DOES_NOT_EXIST"),
                refusal("DELETE on a list", t -> RawHttp.request("DELETE", "/api/v1/projects").token(t), 405,
                        "METHOD_NOT_ALLOWED"),
                refusal("PATCH on a project", t -> RawHttp.request("PATCH", "/api/v1/projects/1").token(t), 405,
                        "METHOD_NOT_ALLOWED"),
                refusal("PUT on a task", t -> RawHttp.request("PUT", "/api/v1/tasks/1").token(t), 405,
                        "METHOD_NOT_ALLOWED"),
                refusal("DELETE on a task suite", t -> RawHttp.request("DELETE", "/api/v1/task-suites/1").token(t),
                        405, "METHOD_NOT_ALLOWED"),
                refusal("POST on an assignment", t -> RawHttp.request("POST", "/api/v1/assignments/1").token(t), 405,
                        "METHOD_NOT_ALLOWED"),
                refusal("OPTIONS", t -> RawHttp.request("OPTIONS", "/api/v1/pools"), 405, "METHOD_NOT_ALLOWED"),
                refusal("TRACE", t -> RawHttp.request("TRACE", "/api/v1/pools"), 405, "METHOD_NOT_ALLOWED"),
                refusal("made-up method", t -> RawHttp.request("FROB", "/api/v1/projects"), 405,
                        "METHOD_NOT_ALLOWED"),
                refusal("%zz in the path", t -> get("/api/v1/projects/%zz").token(t), 400, "VALIDATION_ERROR"),
                refusal("truncated % in the path", t -> get("/api/v1/projects/1%2").token(t), 400,
                        "VALIDATION_ERROR"),
                refusal("%00 in the path", t -> get("/api/v1/projects/%00").token(t), 400, "VALIDATION_ERROR"),
                refusal("raw NUL in the path", t -> get("/api/v1/pro\0jects").token(t), 400, "VALIDATION_ERROR"),
                refusal("raw byte 0xFF in the path", t -> get("/api/v1/pro\u00ffjects").token(t), 400,
                        "VALIDATION_ERROR"),
                refusal("..%2F as an id", t -> get("/api/v1/projects/..%2F..%2Fpools").token(t), 404,
                        "DOES_NOT_EXIST"),
                refusal("%2e%2e segments", t -> get("/api/v1/%2e%2e/%2e%2e/etc/passwd").token(t), 404,
                        "DOES_NOT_EXIST"),
                refusal("dot segments above the root", t -> get("/../../etc/passwd").token(t), 400,
                        "VALIDATION_ERROR"),
                refusal("asterisk target", t -> get("*"), 400, "VALIDATION_ERROR"),
                refusal("absolute target for another host", t -> get("http://evil.example/api/v1/projects"), 400,
                        "VALIDATION_ERROR"),
                refusal("no Host header", t -> get("/api/v1/projects").header("Host", null), 400,
                        "VALIDATION_ERROR"),
                refusal("two Host headers", t -> RawHttp.request("GET", "/api/v1/projects")
                        .header("host", "127.0.0.2"), 400, "VALIDATION_ERROR"),
                refusal("space in a header name", t -> get("/api/v1/projects").header("Bad Name", "x"), 400,
                        "VALIDATION_ERROR"),
                refusal("headers over the cap", t -> get("/api/v1/projects").token(t)
                        .header("X-Padding", "a".repeat(20_000)), 431, "REQUEST_HEADER_FIELDS_TOO_LARGE"),
                refusal("request line over the cap", t -> get("/api/v1/projects?q=" + "a".repeat(20_000)).token(t),
                        414, "URI_TOO_LONG"),
                refusal("unknown HTTP version", t -> get("/api/v1/projects").version("HTTP/3.0"),
                        505, "HTTP_VERSION_NOT_SUPPORTED"),
                refusal("Content-Length not a number", t -> post("/api/v1/projects", t)
                        .header("Content-Length", "ten"), 400, "VALIDATION_ERROR"),
                refusal("both Content-Length and chunked", t -> post("/api/v1/projects", t)
                        .header("Content-Length", "2").header("Transfer-Encoding", "chunked"), 400,
                        "VALIDATION_ERROR"),
                refusal("broken chunk framing", t -> post("/api/v1/projects", t)
                        .header("Transfer-Encoding", "chunked").rawBody(ascii("zz\r\n{}\r\n0\r\n\r\n")), 400,
                        "VALIDATION_ERROR"),
                refusal("chunked body cut short", t -> post("/api/v1/projects", t)
                        .header("Transfer-Encoding", "chunked").rawBody(ascii("10\r\n{\"a\"")), 400,
                        "VALIDATION_ERROR"),
                refusal("text/plain body", t -> post("/api/v1/projects", t).header("Content-Type", "text/plain")
                        .body(ascii("{}")), 415, "UNSUPPORTED_MEDIA_TYPE"),
                refusal("form body", t -> post("/api/v1/projects", t)
                        .header("Content-Type", "application/x-www-form-urlencoded").body(ascii("a=b&c=d")), 415,
                        "UNSUPPORTED_MEDIA_TYPE"),
                refusal("body that is not UTF-8", t -> post("/api/v1/projects", t)
                        .header("Content-Type", "application/json").body(new byte[] {'{', (byte) 0xC3, '}'}), 400,
                        "VALIDATION_ERROR"),
                refusal("NUL in a JSON string", t -> post("/api/v1/projects", t)
                        .json("{\"public_name\": \"a\\u0000b\"}"), 400, "VALIDATION_ERROR"),
                refusal("NUL in a JSON field name", t -> post("/api/v1/projects", t)
                        .json("{\"metadata\": {\"a\\u0000\": []}}"), 400, "VALIDATION_ERROR"),
                refusal("%00 in the query", t -> get("/api/v1/operations?id_gt=%00").token(t), 400,
                        "VALIDATION_ERROR"),
                refusal("%zz in the query", t -> get("/api/v1/projects?limit=%zz").token(t), 400,
                        "VALIDATION_ERROR"),
                refusal("truncated % in the query", t -> get("/api/v1/pools?sort=id%").token(t), 400,
                        "VALIDATION_ERROR"),
                refusal("%zz in a task id", t -> get("/api/v1/tasks/%zz").token(t), 400, "VALIDATION_ERROR"),
                refusal("%00 in a task list filter", t -> get("/api/v1/tasks?pool_id=%00").token(t), 400,
                        "VALIDATION_ERROR"),
                refusal("text/plain task upload", t -> post("/api/v1/tasks", t).header("Content-Type", "text/plain")
                        .body(ascii("[]")), 415, "UNSUPPORTED_MEDIA_TYPE"),
                refusal("no credentials", t -> get("/api/v1/projects"), 401, "AUTHENTICATION_ERROR"),
                refusal("unknown scheme", t -> get("/api/v1/projects").header("Authorization", "Basic " + t), 401,
                        "AUTHENTICATION_ERROR"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void isRefusedWithATolokaError(String name, Function<String, RawHttp.Request> request, int status, String code) {
        RawHttp.Response response = RawHttp.send(server.artel().port(), request.apply(token));
        TolokaErrors.assertError(response, status, code);
        assertEquals(200, RawHttp.send(server.artel().port(), get("/_artel/health")).status(), "server stays up");
    }

    @Test
    void headIsGetWithoutABody() {
        RawHttp.Response anonymous = RawHttp.send(server.artel().port(), RawHttp.request("HEAD", "/api/v1/projects"));
        assertEquals(401, anonymous.status(), "HEAD is authenticated like GET");
        assertNull(TolokaErrors.problem(anonymous, true));
        RawHttp.Response ok = RawHttp.send(server.artel().port(), RawHttp.request("HEAD", "/api/v1/projects")
                .token(token));
        assertEquals(200, ok.status());
        assertEquals(0, ok.body().length);
    }

    private static Arguments refusal(String name, Function<String, RawHttp.Request> request, int status,
                                     String code) {
        return Arguments.of(name, request, status, code);
    }

    private static RawHttp.Request get(String target) {
        return RawHttp.request("GET", target);
    }

    private static RawHttp.Request post(String target, String token) {
        return RawHttp.request("POST", target).token(token);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
