package dev.artel.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.json.Json;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection. java.net.http refuses to send what these tests
 * need to send (bad percent-encoding, control characters, a wrong Content-Length, any method name), so the
 * request is written byte for byte and the response parsed by hand.
 */
public final class RawHttp {
    /** Any single exchange that takes longer than this fails the test instead of hanging it. */
    private static final int TIMEOUT_MILLIS = 15_000;

    private RawHttp() {
    }

    /** A request head plus optional body, written exactly as given. */
    public static final class Request {
        private final String method;
        private final String target;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String version = "HTTP/1.1";
        private byte[] body;

        private Request(String method, String target) {
            this.method = method;
            this.target = target;
            headers.put("Host", "127.0.0.1");
            headers.put("Connection", "close");
        }

        public String method() {
            return method;
        }

        public Request version(String value) {
            version = value;
            return this;
        }

        /** Sets a header; a null value removes it (say, the default Host). */
        public Request header(String name, String value) {
            if (value == null) {
                headers.remove(name);
            } else {
                headers.put(name, value);
            }
            return this;
        }

        public Request token(String token) {
            return header("Authorization", "OAuth " + token);
        }

        /** A JSON body with its Content-Type and Content-Length. */
        public Request json(String text) {
            header("Content-Type", "application/json");
            return body(text.getBytes(StandardCharsets.UTF_8));
        }

        /** A body with a correct Content-Length and whatever Content-Type was set, if any. */
        public Request body(byte[] bytes) {
            body = bytes;
            return header("Content-Length", Integer.toString(bytes.length));
        }

        /** Body bytes sent as they are, with no Content-Length added (for chunked or deliberately wrong framing). */
        public Request rawBody(byte[] bytes) {
            body = bytes;
            return this;
        }

        public byte[] bytes() {
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(' ').append(version).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("\r\n");
            // ISO-8859-1 maps chars 0-255 to single bytes, so a test can put any byte into the head.
            byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
            if (body == null) {
                return headBytes;
            }
            byte[] all = new byte[headBytes.length + body.length];
            System.arraycopy(headBytes, 0, all, 0, headBytes.length);
            System.arraycopy(body, 0, all, headBytes.length, body.length);
            return all;
        }

        @Override
        public String toString() {
            String shown = method + " " + target;
            return shown.length() > 160 ? shown.substring(0, 160) + "…" : shown;
        }
    }

    public static Request request(String method, String target) {
        return new Request(method, target);
    }

    /** A parsed response; header names are lower-cased. */
    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            try {
                return Json.parse(text());
            } catch (IOException e) {
                throw new AssertionError("response body is not JSON: " + this, e);
            }
        }

        @Override
        public String toString() {
            String text = text();
            return status + " " + (text.length() > 400 ? text.substring(0, 400) + "…" : text);
        }
    }

    public static Response send(int port, Request request) {
        return send(port, request.bytes());
    }

    public static Response send(int port, byte[] request) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                // The request is complete once written: a body shorter than announced then ends in EOF at once
                // instead of holding the exchange until the server's idle timeout.
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before taking all of a request it refuses; read that answer.
            }
            return read(new BufferedInputStream(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException("exchange with 127.0.0.1:" + port + " failed", e);
        }
    }

    /** Reads one response: status line, headers, then a body framed by Content-Length, chunks or close. */
    public static Response read(InputStream in) throws IOException {
        String statusLine = readLine(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        String[] parts = statusLine.split(" ", 3);
        int status = Integer.parseInt(parts[1]);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        byte[] body;
        List<String> length = headers.get("content-length");
        List<String> encoding = headers.get("transfer-encoding");
        if (length != null) {
            body = in.readNBytes(Integer.parseInt(length.get(0)));
        } else if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = readChunked(in);
        } else {
            body = in.readAllBytes();
        }
        return new Response(status, headers, body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String size = readLine(in); size != null; size = readLine(in)) {
            int n = Integer.parseInt(size.split(";")[0].trim(), 16);
            if (n == 0) {
                break;
            }
            out.write(in.readNBytes(n));
            readLine(in);
        }
        return out.toByteArray();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                byte[] bytes = line.toByteArray();
                int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
            }
            line.write(b);
        }
        return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }
}
