package dev.artel.emulator;

import static dev.artel.emulator.CrowdRuns.persona;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.RawHttp;
import dev.artel.json.Json;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An advance of the clock that works longer than the server's idle timeout, over a kept-alive connection as the
 * bench's client sends it. The idle timeout counts time in which nothing happens on a connection while nobody is
 * handling it: a request being handled is not idle however long it runs, so the advance gets its answer and its
 * connection stays open; a connection that waits meanwhile with no request is closed, and a client that sends on
 * it afterwards reads the end of the connection. The bench's "lost answer to a long advance" was that: its
 * second connection, idle through the advance, was closed under its next GET, not the advance's (bench Http
 * now checks a connection idle for a while before it sends on it).
 *
 * <p>The setup goes over fresh connections (RawHttp, Connection: close), which no idle timeout can close between
 * two requests. The advance is made long honestly, by a crowd with work: each step advances twice as far as the
 * last, until one has run several idle timeouts, whatever the machine's speed.
 */
class LongAdvanceTest {
    private static final long IDLE_MILLIS = 500;
    /** A long advance: the idle timeout is checked several times while it runs. */
    private static final long LONG_MILLIS = 3 * IDLE_MILLIS;
    private static final int TIMEOUT_MILLIS = 300_000;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.startOnOwnDatabase(b -> b.emulator(true)
            .idleTimeoutMillis(IDLE_MILLIS));

    @Test
    void anAdvanceLongerThanTheIdleTimeoutIsAnsweredOnItsKeptConnectionWhileAnIdleConnectionIsClosed()
            throws IOException {
        String token = server.newAccount().token();
        String operator = server.operator().token();
        String project = once(RawHttp.request("POST", "/api/v1/projects").token(token)
                .json(Json.write(Fixtures.project()))).json().path("id").asText();
        ObjectNode poolForm = Fixtures.pool(project);
        poolForm.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        String pool = once(RawHttp.request("POST", "/api/v1/pools").token(token).json(Json.write(poolForm)))
                .json().path("id").asText();
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (int i = 0; i < 2_000; i++) {
            tasks.addObject().put("pool_id", pool).put("overlap", 3).putObject("input_values")
                    .put("image", "http://127.0.0.1/" + i + ".png");
        }
        once(RawHttp.request("POST", "/api/v1/tasks").token(token).json(Json.write(tasks)));
        once(RawHttp.request("POST", "/api/v1/pools/" + pool + "/open").token(token).json("{}"));
        ObjectNode crowd = Json.object().put("seed", 7);
        crowd.putArray("personas").add(persona("steady", 40, 0.9));
        once(RawHttp.request("PUT", "/artel/v1/emulator/crowd").token(operator).json(Json.write(crowd)));

        try (Socket advancing = connect(); Socket idle = connect()) {
            InputStream advancingIn = new BufferedInputStream(advancing.getInputStream());
            InputStream idleIn = new BufferedInputStream(idle.getInputStream());
            RawHttp.Request clock = kept(RawHttp.request("GET", "/artel/v1/emulator/clock").token(operator));
            assertEquals(200, exchange(idle, idleIn, clock).status());

            long longest = 0;
            for (int minutes = 1; longest < LONG_MILLIS; minutes *= 2) {
                // The crowd's work lasts about 25 virtual minutes: a machine that does all of it in less than a
                // long advance's time is one this test cannot judge.
                assertTrue(minutes <= 64, "no advance ran " + LONG_MILLIS + " ms; the longest ran " + longest);
                long started = System.nanoTime();
                RawHttp.Response moved = exchange(advancing, advancingIn, kept(RawHttp.request("POST",
                        "/artel/v1/emulator/clock/advance").token(operator).json("{\"by\": \"PT" + minutes + "M\"}")));
                long took = (System.nanoTime() - started) / 1_000_000;
                assertEquals(200, moved.status(), moved.toString());
                assertEquals(null, moved.header("Connection"), "the connection is kept: " + moved.headers());
                if (took > longest) {
                    longest = took;
                    assertTrue(moved.json().path("timers_fired").asInt() > 0, "the longest advance did the crowd's"
                            + " work: " + moved);
                }
            }
            // The advance's connection serves the next request; the one idle meanwhile was closed by the server.
            assertEquals(200, exchange(advancing, advancingIn, clock).status());
            assertTrue(closedByServer(idleIn), "a connection idle for " + longest + " ms is closed");
        }
    }

    private static RawHttp.Response once(RawHttp.Request request) {
        RawHttp.Response response = RawHttp.send(server.artel().port(), request);
        assertTrue(response.status() / 100 == 2, request + ": " + response);
        return response;
    }

    /** Without RawHttp's Connection: close, so that the connection is kept for the next request. */
    private static RawHttp.Request kept(RawHttp.Request request) {
        return request.header("Connection", null);
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.artel().port()), TIMEOUT_MILLIS);
        socket.setSoTimeout(TIMEOUT_MILLIS);
        return socket;
    }

    private static RawHttp.Response exchange(Socket socket, InputStream in, RawHttp.Request request)
            throws IOException {
        socket.getOutputStream().write(request.bytes());
        socket.getOutputStream().flush();
        return RawHttp.read(in);
    }

    /** The server has closed the connection: reading finds its end (or its reset), not a byte nor a timeout. */
    private static boolean closedByServer(InputStream in) throws IOException {
        try {
            return in.read() < 0;
        } catch (SocketException reset) {
            return true;
        }
    }
}
