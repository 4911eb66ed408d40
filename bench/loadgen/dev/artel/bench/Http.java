package dev.artel.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A minimal HTTP/1.1 client over one keep-alive socket to 127.0.0.1. The load generator shares two cores
 * with the server, so it avoids java.net.http's selector thread and futures: one blocking socket per
 * client thread costs the least CPU per request. It understands Content-Length and chunked bodies, and
 * reconnects after the server closes the connection or a call fails.
 *
 * <p>A connection that waited longer than the server's idle timeout (30 s) was closed by the server, and a request
 * written to it reads only the end of the connection: the write succeeds, the server never sees the request. That
 * is what lost "the answer to a long advance" in the simulated-crowd bench: the advance itself was answered on its
 * connection (a request being handled is never idle), but the pool's status was then read on a second connection
 * that had waited through the whole advance. So before it sends on a connection that has waited a while, the
 * client looks whether the server has closed it, and connects again if so.
 */
final class Http implements AutoCloseable {
    record Response(int status, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final int port;
    private final String token;
    private final int timeoutMillis;
    /** A connection that waited at least this long is checked before it is used again. */
    private static final long STALE_CHECK_AFTER_NANOS = TimeUnit.SECONDS.toNanos(1);
    private Socket socket;
    /** When the last response was read, or the connection made. */
    private long lastUsedNanos;
    private InputStream in;
    private OutputStream out;

    Http(int port, String token) {
        this(port, token, 60_000);
    }

    /** With a read timeout of its own, for a request that does long work before it answers (a large upload). */
    Http(int port, String token, int timeoutMillis) {
        this.port = port;
        this.token = token;
        this.timeoutMillis = timeoutMillis;
    }

    Response get(String path) throws IOException {
        return send("GET", path, null);
    }

    /** Sends one request and reads the whole response; a body of null sends none (GET). */
    Response send(String method, String path, byte[] body) throws IOException {
        if (socket != null && System.nanoTime() - lastUsedNanos > STALE_CHECK_AFTER_NANOS && closedByServer()) {
            close();
        }
        if (socket == null) {
            connect();
        }
        try {
            StringBuilder head = new StringBuilder(160).append(method).append(' ').append(path)
                    .append(" HTTP/1.1\r\nHost: 127.0.0.1:").append(port).append("\r\n");
            if (token != null) {
                head.append("Authorization: OAuth ").append(token).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: application/json\r\nContent-Length: ").append(body.length).append("\r\n");
            }
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            Response response = read();
            lastUsedNanos = System.nanoTime();
            return response;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Sends a request and fails unless the status is the expected one. */
    Response expect(int status, String method, String path, String json) throws IOException {
        byte[] body = json != null ? json.getBytes(StandardCharsets.UTF_8) : method.equals("GET") ? null : new byte[0];
        Response r = send(method, path, body);
        if (r.status() != status) {
            throw new IOException(method + " " + path + " answered " + r.status() + " (expected " + status + "): "
                    + abbreviate(r.text()));
        }
        return r;
    }

    private void connect() throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        s.setSoTimeout(timeoutMillis);
        socket = s;
        in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
        out = new BufferedOutputStream(s.getOutputStream(), 8 * 1024);
        lastUsedNanos = System.nanoTime();
    }

    /**
     * Whether the server has closed the connection: a read finds its end (or a reset) at once. On an open idle
     * connection nothing is there to read, and the read gives up after a millisecond, which only a connection
     * that waited a second or more pays.
     */
    private boolean closedByServer() {
        try {
            socket.setSoTimeout(1);
            in.mark(1);
            if (in.read() < 0) {
                return true;
            }
            in.reset();
            return false;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (IOException broken) {
            return true;
        } finally {
            try {
                socket.setSoTimeout(timeoutMillis);
            } catch (IOException broken) {
                // the next write or read fails and reconnects
            }
        }
    }

    private Response read() throws IOException {
        String statusLine = line();
        if (!statusLine.startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP response: " + abbreviate(statusLine));
        }
        int status = Integer.parseInt(statusLine.substring(9, 12));
        long length = -1;
        boolean chunked = false;
        boolean closeAfter = false;
        for (String h = line(); !h.isEmpty(); h = line()) {
            int colon = h.indexOf(':');
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> closeAfter = value.equalsIgnoreCase("close");
                default -> { }
            }
        }
        byte[] body;
        if (chunked) {
            body = readChunked();
        } else if (length >= 0) {
            body = in.readNBytes((int) length);
            if (body.length != length) {
                throw new EOFException("body cut short");
            }
        } else {
            body = in.readAllBytes();
            closeAfter = true;
        }
        if (closeAfter) {
            close();
        }
        return new Response(status, body);
    }

    private byte[] readChunked() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(64 * 1024);
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailer fields: none expected, skipped
                }
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length != size) {
                throw new EOFException("chunk cut short");
            }
            body.write(chunk);
            line();
        }
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed");
            }
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) b);
        }
    }

    static String abbreviate(String text) {
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    @Override
    public void close() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a socket we are done with; nothing to recover
            }
            socket = null;
        }
    }
}
