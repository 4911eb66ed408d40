package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 100 MB body against a server that could not hold it: the server runs as its own process with a 96 MB
 * heap, so buffering the body (or any large part of it) would end in OutOfMemoryError and a 500, or a dead
 * process. It must answer 413, stop reading, and keep serving. The storage engine plays no part here, so the
 * process always uses an embedded database of its own.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class OversizedBodyTest {
    private static final long HUNDRED_MB = 100L * 1024 * 1024;
    private static final Pattern SERVING = Pattern.compile("serving the Toloka API on http://localhost:(\\d+)/");

    static Process process;
    static int port;
    static String token;

    @BeforeAll
    static void startServerProcess() throws Exception {
        Path data = Files.createTempDirectory("artel-oversized");
        String java = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(java, "-Xmx96m", "-cp", System.getProperty("java.class.path"),
                "dev.artel.Artel", "serve", "--host", "127.0.0.1", "--port", "0", "--data", data.toString())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        // The first account's token is printed on the line after this one, then the serving line with the port.
        boolean tokenNext = false;
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (tokenNext) {
                token = line.trim();
                tokenNext = false;
            }
            tokenNext |= line.contains("Its token (shown once)");
            Matcher serving = SERVING.matcher(line);
            if (serving.find()) {
                port = Integer.parseInt(serving.group(1));
                break;
            }
        }
        assertTrue(port > 0 && token != null, "the server process did not start");
        // Keep draining its output (one log line per request) so that the process never blocks on a full pipe.
        CompletableFuture.runAsync(() -> out.lines().forEach(line -> { }));
    }

    @AfterAll
    static void stopServerProcess() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    @Test
    void hundredMegabytesChunkedAreRefusedWithoutBeingBuffered() throws Exception {
        assertRefusedWhileStreaming(true);
    }

    @Test
    void hundredMegabytesWithContentLengthAreRefusedWithoutBeingBuffered() throws Exception {
        assertRefusedWhileStreaming(false);
    }

    /**
     * Streams the body from another thread while this one waits for the answer, the way a real client does.
     * The 413 comes as soon as the head is read. Jetty then reads and discards what the client still sends
     * until the client stops (a graceful close, RFC 9112 section 9.6, so that the client sees the 413 rather
     * than a reset); that costs no memory, and the connection is closed once the client is done.
     */
    private static void assertRefusedWhileStreaming(boolean chunked) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(60_000);
            String head = "POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: OAuth " + token
                    + "\r\nContent-Type: application/json\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + HUNDRED_MB + "\r\n")
                    + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> stream(socket, chunked));
            BufferedInputStream in = new BufferedInputStream(socket.getInputStream());
            RawHttp.Response response = RawHttp.read(in);
            TolokaErrors.assertError(response, 413, "PAYLOAD_TOO_LARGE");
            assertEquals("close", response.header("Connection"), "the connection is not reused for a next request");
            sender.get(60, TimeUnit.SECONDS);
            assertEquals(-1, in.read(), "the server closes the connection once the client stops sending");
        }
        assertTrue(process.isAlive(), "the server process died");
        assertEquals(200, RawHttp.send(port, RawHttp.request("GET", "/_artel/health")).status());
        RawHttp.Response list = RawHttp.send(port, RawHttp.request("GET", "/api/v1/projects").token(token));
        assertEquals(200, list.status(), list.toString());
    }

    /** Sends 100 MB of JSON whitespace from one reused buffer, then ends the upload; stops early if hung up on. */
    private static void stream(Socket socket, boolean chunked) {
        byte[] data = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
        byte[] chunkHead = (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            OutputStream out = socket.getOutputStream();
            for (long sent = 0; sent < HUNDRED_MB; sent += data.length) {
                if (chunked) {
                    out.write(chunkHead);
                }
                out.write(data);
                if (chunked) {
                    out.write(crlf);
                }
            }
            socket.shutdownOutput();
        } catch (IOException hungUp) {
            // Also fine: the server may close the connection before taking everything.
        }
    }
}
