package dev.artel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.config.ArtelConfig;
import dev.artel.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * {@code artel warm-up}: starts a server on an empty temporary database, sends it the requests a client
 * starts with (through HTTP, so that the whole request path runs), and stops. The launcher runs it once per
 * build under {@code -XX:ArchiveClassesAtExit}, which records every class it loaded in a class-data archive;
 * servers started with that archive map those classes instead of loading them one by one, which took more
 * than a second of a two-second start-up.
 */
final class WarmUp {
    private static final String PROJECT = """
            {"public_name": "Warm-up", "public_description": "Warm-up", "assignments_issuing_type": "AUTOMATED",
             "task_spec": {"input_spec": {"image": {"type": "url"}},
                           "output_spec": {"result": {"type": "string"}}}}""";
    private static final String POOL = """
            {"project_id": "%s", "private_name": "Warm-up", "may_contain_adult_content": false,
             "will_expire": "2030-01-01T00:00:00", "reward_per_assignment": 0.01,
             "assignment_max_duration_seconds": 600, "defaults": {"default_overlap_for_new_task_suites": 1}}""";

    private final String baseUrl;
    private final String token;
    private int requests;

    private WarmUp(int port, String token) {
        this.baseUrl = "http://127.0.0.1:" + port;
        this.token = token;
    }

    /** Runs the warm-up; returns how many requests were answered, each with the status expected of it. */
    static int run() throws IOException {
        Path dir = Files.createTempDirectory("artel-warm-up");
        try {
            ArtelConfig config = ArtelConfig.builder().dataDir(dir).host("127.0.0.1").port(0).rateLimits(false).build();
            try (Artel artel = Artel.serve(config, Clock.systemUTC())) {
                WarmUp client = new WarmUp(artel.port(), artel.accounts().create("warm-up").token());
                client.requests();
                return client.requests;
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private void requests() {
        send("GET", "/_artel/health", null, 200);
        String project = send("POST", "/api/v1/projects", PROJECT, 201).path("id").asText();
        String pool = send("POST", "/api/v1/pools", POOL.formatted(project), 201).path("id").asText();
        send("GET", "/api/v1/pools/" + pool, null, 200);
        send("GET", "/api/v1/pools?project_id=" + project + "&sort=-id&limit=10", null, 200);
        String operation = send("POST", "/api/v1/pools/" + pool + "/clone", null, 202).path("id").asText();
        send("GET", "/api/v1/operations/" + operation, null, 200);
        send("GET", "/api/v1/pools/1", null, 404);
        send("POST", "/api/v1/pools", "{}", 400);
        send("GET", "/_artel/metrics", null, 200);
    }

    private JsonNode send(String method, String path, String body, int expected) {
        HttpURLConnection http = null;
        try {
            http = (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
            http.setRequestMethod(method);
            http.setRequestProperty("Authorization", "OAuth " + token);
            if (body != null) {
                http.setDoOutput(true);
                http.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = http.getOutputStream()) {
                    out.write(body.getBytes(StandardCharsets.UTF_8));
                }
            }
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (status != expected) {
                    throw new IllegalStateException(method + " " + path + " answered " + status + ", not " + expected
                            + ": " + text);
                }
                requests++;
                return path.startsWith("/api/") ? Json.parse(text) : Json.object();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } finally {
            if (http != null) {
                http.disconnect();
            }
        }
    }
}
