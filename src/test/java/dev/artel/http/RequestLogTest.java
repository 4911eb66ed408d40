package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every answer, errors above all, leaves one artel.http log line that its request_id leads to. */
class RequestLogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static String token;
    static String account;

    @BeforeAll
    static void setUp() {
        token = server.newAccount().token();
        account = server.artel().accounts().authenticate(token).orElseThrow().id();
    }

    @Test
    void anErrorsRequestIdLeadsToItsLogLine() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            RawHttp.Response notFound = send(RawHttp.request("GET", "/api/v1/projects/12345").token(token));
            TolokaErrors.assertError(notFound, 404, "DOES_NOT_EXIST");
            assertLine(log, notFound, "GET", "/api/v1/projects/{id}", account);

            RawHttp.Response anonymous = send(RawHttp.request("POST", "/api/v1/pools/1/open"));
            TolokaErrors.assertError(anonymous, 401, "AUTHENTICATION_ERROR");
            assertLine(log, anonymous, "POST", "/api/v1/pools/{id}/open", "null");

            RawHttp.Response unmatched = send(RawHttp.request("DELETE", "/api/v1/nothing").token(token));
            TolokaErrors.assertError(unmatched, 404, "DOES_NOT_EXIST");
            assertLine(log, unmatched, "DELETE", "(unmatched)", "null");

            RawHttp.Response rejected = send(RawHttp.request("GET", "/api/v1/projects/%00").token(token));
            TolokaErrors.assertError(rejected, 400, "VALIDATION_ERROR");
            assertLine(log, rejected, "-", "(rejected)", "null");

            assertFalse(log.text().contains(token), "a token was logged");
        }
    }

    @Test
    void successesAreLoggedToo() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            RawHttp.Response list = send(RawHttp.request("GET", "/api/v1/projects?limit=1").token(token));
            assertEquals(200, list.status(), list.toString());
            assertLine(log, list, "GET", "/api/v1/projects", account);
        }
    }

    @Test
    void durationsHaveOneDecimalRoundedHalfUp() {
        assertEquals("0.0", RequestLog.tenths(0.04));
        assertEquals("0.1", RequestLog.tenths(0.05));
        assertEquals("12.3", RequestLog.tenths(12.345));
        assertEquals("10.0", RequestLog.tenths(9.96));
        assertEquals("1234.5", RequestLog.tenths(1234.5));
    }

    private static void assertLine(LogCapture log, RawHttp.Response response, String method, String route,
                                   String accountId) throws InterruptedException {
        String requestId = response.header("X-Request-Id");
        String line = log.awaitLine("request_id=" + requestId, WAIT);
        Pattern expected = Pattern.compile("INFO artel\\.http - method=" + Pattern.quote(method)
                + " route=" + Pattern.quote(route) + " status=" + response.status()
                + " duration_ms=\\d+\\.\\d account=" + Pattern.quote(accountId)
                + " request_id=" + Pattern.quote(requestId) + "$");
        assertTrue(expected.matcher(line).find(), "log line: " + line);
    }

    private static RawHttp.Response send(RawHttp.Request request) {
        return RawHttp.send(server.artel().port(), request);
    }
}
