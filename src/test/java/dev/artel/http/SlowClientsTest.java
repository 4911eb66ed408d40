package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.artel.json.Json;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slow clients, over real sockets on 127.0.0.1, against a server with short limits. Three hundred connections
 * of five kinds, each kind caught by one limit, are opened at once; while they are all held, another client's
 * GETs and POSTs are answered as usual; then the server closes every one of them within its limit, answering
 * 408 in Toloka's format where a request had reached its handler. An upload that keeps to the minimum rate is
 * served however long it takes.
 */
class SlowClientsTest {
    private static final long HEAD_MILLIS = 3_000;
    private static final long IDLE_MILLIS = 4_000;
    private static final long MIN_BODY_RATE = 1_000;
    /** How late the server may be in closing a connection on a loaded machine. */
    private static final long SLACK_MILLIS = 3_000;
    /** A trickling client sends one byte this often: far below the minimum rate, far within the idle timeout. */
    private static final long TRICKLE_MILLIS = 200;
    /**
     * Enough for the 80 bodies that have started (each holds a thread while it arrives), the other client, and
     * what Jetty keeps for itself (acceptors, selectors and reserved threads: at most 25 of a pool this size, on
     * any number of cores), but not for the 80 bodies that have not started as well (each holds none), so a
     * server that gave a thread to a body before it starts would run out.
     */
    private static final int THREADS = 130;
    private static final int BODY_LENGTH = 1_000;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.headTimeoutMillis(HEAD_MILLIS)
            .idleTimeoutMillis(IDLE_MILLIS).minBodyBytesPerSecond(MIN_BODY_RATE).httpThreads(THREADS));
    static String token;

    @BeforeAll
    static void setUp() {
        token = server.newAccount().token();
    }

    /** What a slow client sends, and which limit must end it. */
    private enum Kind {
        /** A head that stops halfway: the head deadline ends it, before the idle timeout would. */
        STALLED_HEAD(70, false, HEAD_MILLIS),
        /** A head sent a byte at a time: each byte restarts the idle timeout, so only the head deadline ends it. */
        TRICKLED_HEAD(70, true, HEAD_MILLIS),
        /** A complete head whose body never starts: it waits without a thread, until the idle timeout. */
        UNSTARTED_BODY(80, false, IDLE_MILLIS),
        /** A body that stops halfway: its handler waits in a read, until the idle timeout. */
        STALLED_BODY(40, false, IDLE_MILLIS),
        /** A body sent a byte at a time: it falls behind the minimum rate after the idle timeout's allowance. */
        TRICKLED_BODY(40, true, IDLE_MILLIS + BODY_LENGTH * 1000L / MIN_BODY_RATE);

        final int count;
        final boolean trickled;
        final long limitMillis;

        Kind(int count, boolean trickled, long limitMillis) {
            this.count = count;
            this.trickled = trickled;
            this.limitMillis = limitMillis;
        }

        boolean answers() {
            return this == UNSTARTED_BODY || this == STALLED_BODY || this == TRICKLED_BODY;
        }
    }

    /** One slow connection: what was sent at once, what it trickles, and when it was opened. */
    private static final class Slow {
        final Kind kind;
        final Socket socket;
        final InputStream in;
        final long openedNanos;
        final byte[] trickle;
        int trickled;
        volatile boolean stopTrickling;

        Slow(Kind kind, String first, String trickle) throws IOException {
            this.kind = kind;
            this.trickle = trickle.getBytes(StandardCharsets.US_ASCII);
            socket = new Socket();
            socket.connect(new InetSocketAddress("127.0.0.1", server.artel().port()), 10_000);
            socket.getOutputStream().write(first.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            openedNanos = System.nanoTime();
            in = new BufferedInputStream(socket.getInputStream());
        }

        /** Sends the next byte, unless the server has answered or closed. */
        void trickleOne() {
            try {
                if (stopTrickling || trickled >= trickle.length || socket.getInputStream().available() > 0) {
                    stopTrickling = true;
                    return;
                }
                socket.getOutputStream().write(trickle[trickled++]);
            } catch (IOException e) {
                stopTrickling = true;
            }
        }

        long deadlineNanos() {
            return openedNanos + TimeUnit.MILLISECONDS.toNanos(kind.limitMillis + SLACK_MILLIS);
        }

        @Override
        public String toString() {
            return kind + " opened " + (System.nanoTime() - openedNanos) / 1_000_000 + " ms ago";
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void slowClientsAreCutOffWithinTheirLimitsWhileOthersAreServed() throws Exception {
        List<Slow> slow = new ArrayList<>();
        ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        try {
            for (Kind kind : Kind.values()) {
                for (int i = 0; i < kind.count; i++) {
                    slow.add(open(kind));
                }
            }
            trickler.scheduleAtFixedRate(() -> slow.stream().filter(s -> s.kind.trickled).forEach(Slow::trickleOne),
                    TRICKLE_MILLIS, TRICKLE_MILLIS, TimeUnit.MILLISECONDS);

            long served = System.nanoTime();
            for (int i = 0; i < 10; i++) {
                RawHttp.Response list = RawHttp.send(server.artel().port(),
                        RawHttp.request("GET", "/api/v1/projects").token(token));
                assertEquals(200, list.status(), list.toString());
                RawHttp.Response created = RawHttp.send(server.artel().port(),
                        RawHttp.request("POST", "/api/v1/projects").token(token)
                                .json(Json.write(Fixtures.project())));
                assertEquals(201, created.status(), created.toString());
            }
            // Every slow connection is still open, so the requests above were served while all were held.
            long servedMillis = (System.nanoTime() - served) / 1_000_000;
            for (Slow s : slow) {
                assertStillOpen(s, servedMillis);
            }

            for (Slow s : slow) {
                assertCutOff(s);
            }
        } finally {
            trickler.shutdownNow();
            for (Slow s : slow) {
                s.socket.close();
            }
        }
    }

    /**
     * A slow upload that keeps above the minimum rate is served, though it takes longer than the idle timeout
     * in all and starts with a pause longer than its first bytes would cover at the minimum rate.
     */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aBodyAboveTheMinimumRateIsServedHoweverLongItTakes() throws Exception {
        byte[] body = (Json.write(Fixtures.project()) + " ".repeat(8_000)).getBytes(StandardCharsets.UTF_8);
        int first = 100;
        int chunk = 600;
        long chunkMillis = 250;
        try (Socket socket = new Socket("127.0.0.1", server.artel().port())) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Authorization: OAuth " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, first);
            out.flush();
            long started = System.nanoTime();
            Thread.sleep(1_500);
            for (int sent = first; sent < body.length; sent += chunk) {
                out.write(body, sent, Math.min(chunk, body.length - sent));
                out.flush();
                Thread.sleep(chunkMillis);
            }
            RawHttp.Response created = RawHttp.read(new BufferedInputStream(socket.getInputStream()));
            assertEquals(201, created.status(), created.toString());
            long tookMillis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMillis > IDLE_MILLIS, "the upload took only " + tookMillis + " ms");
        }
    }

    /** The head deadline counts from a head's first byte: a kept-alive connection may wait longer between requests. */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aKeptAliveConnectionOutlivesTheHeadDeadlineBetweenRequests() throws Exception {
        byte[] request = RawHttp.request("GET", "/api/v1/projects").token(token).header("Connection", null).bytes();
        try (Socket socket = new Socket("127.0.0.1", server.artel().port())) {
            socket.setSoTimeout(15_000);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            socket.getOutputStream().write(request);
            assertEquals(200, RawHttp.read(in).status());
            Thread.sleep(HEAD_MILLIS + (IDLE_MILLIS - HEAD_MILLIS) / 2);
            socket.getOutputStream().write(request);
            assertEquals(200, RawHttp.read(in).status());
        }
    }

    /** A body that ends before its declared length is a client that hung up: 400, not a timeout. */
    @Test
    void aBodyCutShortIsAValidationError() {
        TolokaErrors.assertError(RawHttp.send(server.artel().port(), RawHttp.request("POST", "/api/v1/projects")
                .token(token).header("Content-Type", "application/json").header("Content-Length", "1000")
                .rawBody("{\"public_name\": ".getBytes(StandardCharsets.US_ASCII))), 400, "VALIDATION_ERROR");
    }

    private static Slow open(Kind kind) throws IOException {
        String post = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: OAuth " + token
                + "\r\nContent-Type: application/json\r\nContent-Length: " + BODY_LENGTH + "\r\n\r\n";
        String padding = "a".repeat(BODY_LENGTH);
        return switch (kind) {
            case STALLED_HEAD -> new Slow(kind, "GET /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthoriz", "");
            case TRICKLED_HEAD -> new Slow(kind, "G", "ET /api/v1/projects HTTP/1.1\r\nX-Padding: " + padding);
            case UNSTARTED_BODY -> new Slow(kind, post, "");
            case STALLED_BODY -> new Slow(kind, post + "{\"public_name\": \"", "");
            case TRICKLED_BODY -> new Slow(kind, post + "{", "\"public_name\": \"" + padding);
        };
    }

    private static void assertStillOpen(Slow s, long servedMillis) throws IOException {
        s.socket.setSoTimeout(1);
        try {
            int b = s.in.read();
            fail(s + " was " + (b < 0 ? "closed" : "answered") + " before the other client's requests were done, in "
                    + servedMillis + " ms; its limit is " + s.kind.limitMillis + " ms");
        } catch (SocketTimeoutException expected) {
            // Nothing from the server yet: the connection is held.
        }
    }

    /** The server closes the connection by its deadline, after a 408 where the request reached its handler. */
    private static void assertCutOff(Slow s) throws IOException {
        try {
            if (s.kind.answers()) {
                s.socket.setSoTimeout(remainingMillis(s));
                TolokaErrors.assertError(RawHttp.read(s.in), 408, "REQUEST_TIMEOUT");
            }
            s.socket.setSoTimeout(remainingMillis(s));
            assertEquals(-1, s.in.read(), s + ": more after the answer");
        } catch (SocketTimeoutException e) {
            fail(s + " still open; its limit is " + s.kind.limitMillis + " ms", e);
        } catch (SocketException reset) {
            if (s.kind.answers()) {
                fail(s + " was reset without its 408", reset);
            }
        }
    }

    private static int remainingMillis(Slow s) {
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(s.deadlineNanos() - System.nanoTime()));
    }
}
