package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.json.Json;
import dev.artel.support.ServerExtension;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The caps on request size and shape answer 4xx, cheaply, and never 500. */
class RequestLimitsTest {
    private static final int CAP = 10 * 1024 * 1024;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static String token;

    @BeforeAll
    static void setUp() {
        token = server.newAccount().token();
    }

    @Test
    void declaredOversizedBodyIsRefusedBeforeAnyOfItIsRead() {
        // Only the head is sent. Had the server started reading, it would have met end of input and said 400.
        RawHttp.Response response = send(RawHttp.request("POST", "/api/v1/projects")
                .header("Content-Type", "application/json").header("Content-Length", Long.toString(CAP + 1L)));
        TolokaErrors.assertError(response, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void oversizedBodyIsRefusedBeforeAuthentication() {
        RawHttp.Response response = RawHttp.send(port(), RawHttp.request("POST", "/api/v1/projects")
                .header("Content-Type", "application/json").header("Content-Length", "104857600"));
        TolokaErrors.assertError(response, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunkedBodyOverTheCapIsRefused() {
        TolokaErrors.assertError(send(chunked(CAP + 1)), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunkedBodyAtTheCapIsReadAndJudgedOnItsContent() {
        // Exactly the cap of JSON whitespace: read in full, then refused as an empty body, not as too large.
        TolokaErrors.assertError(send(chunked(CAP)), 400, "VALIDATION_ERROR");
    }

    @Test
    void nestingAtTheParserLimitIsAValidationErrorNotAServerError() {
        RawHttp.Response deepest = send(post(nested(Json.MAX_NESTING_DEPTH)));
        TolokaErrors.assertError(deepest, 400, "VALIDATION_ERROR");
        assertEquals("OBJECT_EXPECTED", deepest.json().path("payload").path("body").path("code").asText(),
                deepest.toString());
        RawHttp.Response tooDeep = send(post(nested(Json.MAX_NESTING_DEPTH + 1)));
        TolokaErrors.assertError(tooDeep, 400, "VALIDATION_ERROR");
        assertEquals("JSON_EXPECTED", tooDeep.json().path("payload").path("body").path("code").asText());
    }

    @Test
    void millionLevelsOfNestingAreRefusedAtTheFirstLevelOverTheLimit() {
        TolokaErrors.assertError(send(post(nested(1_000_000))), 400, "VALIDATION_ERROR");
    }

    @Test
    void nestingInsideAFieldIsRefusedToo() {
        String metadata = "{\"public_name\": \"x\", \"metadata\": {\"k\": " + nested(200) + "}}";
        TolokaErrors.assertError(send(post(metadata)), 400, "VALIDATION_ERROR");
    }

    @Test
    void hugeExponentsAreRefusedWithoutBeingExpanded() {
        // 1e999999999 as a plain integer has a billion digits; anything that expands it would take minutes.
        for (String number : new String[] {"1e999999999", "-1e999999999", "1e-999999999", "9".repeat(100)}) {
            RawHttp.Response response = send(post("{\"public_name\": \"x\", \"assignments_issuing_type\": "
                    + "\"AUTOMATED\", \"task_spec\": {}, \"max_active_assignments_count\": " + number + "}"));
            TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
        }
        TolokaErrors.assertError(send(post("{\"n\": " + "9".repeat(101) + "}")), 400, "VALIDATION_ERROR");
    }

    @Test
    void longStringsUpToTheCapAreJudgedOnTheirContent() {
        String body = "{\"public_name\": \"" + "x".repeat(CAP - 100) + "\"}";
        RawHttp.Response response = send(post(body));
        TolokaErrors.assertError(response, 400, "VALIDATION_ERROR");
        assertTrue(response.json().path("payload").has("task_spec"), response.toString());
    }

    @Test
    void aSmallUnreadBodyKeepsTheConnectionALargeOneClosesIt() throws IOException {
        // Transitions take no body, so theirs is never read by the handler.
        try (Socket socket = connect()) {
            socket.getOutputStream().write(transition("{}").bytes());
            RawHttp.Response first = RawHttp.read(new BufferedInputStream(socket.getInputStream()));
            TolokaErrors.assertError(first, 404, "DOES_NOT_EXIST");
            assertNull(first.header("Connection"), first.headers().toString());
            socket.getOutputStream().write(RawHttp.request("GET", "/_artel/health").header("Connection", null)
                    .bytes());
            assertEquals(200, RawHttp.read(new BufferedInputStream(socket.getInputStream())).status());
        }
        try (Socket socket = connect()) {
            socket.getOutputStream().write(transition("{\"a\": \"" + "x".repeat(100_000) + "\"}").bytes());
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            RawHttp.Response first = RawHttp.read(in);
            TolokaErrors.assertError(first, 404, "DOES_NOT_EXIST");
            assertEquals("close", first.header("Connection"));
            assertEquals(-1, in.read(), "the server closes the connection after its answer");
        }
    }

    /** A kept-alive POST of a pool transition (of no existing pool) with a JSON body. */
    private static RawHttp.Request transition(String json) {
        return RawHttp.request("POST", "/api/v1/pools/1/open").header("Connection", null).token(token).json(json);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port()), 10_000);
        socket.setSoTimeout(15_000);
        return socket;
    }

    private static RawHttp.Request post(String json) {
        return RawHttp.request("POST", "/api/v1/projects").token(token).json(json);
    }

    private static String nested(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    /** A POST whose body of {@code size} spaces comes in 64 KB chunks and declares no length. */
    private static RawHttp.Request chunked(int size) {
        ByteArrayOutputStream body = new ByteArrayOutputStream(size + size / 8);
        byte[] chunk = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        for (int left = size; left > 0; left -= chunk.length) {
            int n = Math.min(left, chunk.length);
            body.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            body.write(chunk, 0, n);
            body.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return RawHttp.request("POST", "/api/v1/projects").token(token).header("Content-Type", "application/json")
                .header("Transfer-Encoding", "chunked").rawBody(body.toByteArray());
    }

    private static RawHttp.Response send(RawHttp.Request request) {
        RawHttp.Response response = RawHttp.send(port(), request);
        assertEquals(200, RawHttp.send(port(), RawHttp.request("GET", "/_artel/health")).status());
        return response;
    }

    private static int port() {
        return server.artel().port();
    }
}
