package dev.artel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.support.ServerExtension;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that stop halfway do not stop the server for others. A half-sent head costs only a connection
 * (Jetty waits for the rest without a thread); a half-sent body holds a thread in the handler's read, of
 * which there are hundreds. Both kinds together must leave ordinary requests answered as usual.
 */
class SlowClientsTest {
    private static final int STALLED_HEADS = 64;
    private static final int STALLED_BODIES = 16;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static String token;

    @BeforeAll
    static void setUp() {
        token = server.newAccount().token();
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void stalledClientsDoNotDelayOthers() throws IOException {
        List<Socket> stalledHeads = new ArrayList<>();
        List<Socket> stalledBodies = new ArrayList<>();
        try {
            for (int i = 0; i < STALLED_HEADS; i++) {
                stalledHeads.add(open("GET /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: OAuth "
                        + token.substring(0, 5)));
            }
            for (int i = 0; i < STALLED_BODIES; i++) {
                stalledBodies.add(open("POST /api/v1/projects HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: OAuth "
                        + token + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"a\": "));
            }
            for (int i = 0; i < 20; i++) {
                RawHttp.Response list = RawHttp.send(server.artel().port(),
                        RawHttp.request("GET", "/api/v1/projects").token(token));
                assertEquals(200, list.status(), list.toString());
            }
            // A body that ends early is the client's fault: 400, never a 500.
            for (Socket socket : stalledBodies) {
                socket.shutdownOutput();
                TolokaErrors.assertError(RawHttp.read(new BufferedInputStream(socket.getInputStream())), 400,
                        "VALIDATION_ERROR");
            }
        } finally {
            for (Socket socket : stalledHeads) {
                socket.close();
            }
            for (Socket socket : stalledBodies) {
                socket.close();
            }
        }
        assertEquals(200, RawHttp.send(server.artel().port(), RawHttp.request("GET", "/_artel/health")).status());
    }

    private static Socket open(String partialRequest) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.artel().port()), 10_000);
        socket.setSoTimeout(30_000);
        socket.getOutputStream().write(partialRequest.getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }
}
