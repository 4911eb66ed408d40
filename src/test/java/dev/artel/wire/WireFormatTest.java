package dev.artel.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.Fixtures.Kind;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The formats clients parse strictly, checked over every response of a whole lifecycle: times the server
 * sets are UTC with exactly three fraction digits (the Java SDK misreads any other form), and every id,
 * wherever it appears, is a string.
 */
class WireFormatTest {
    private static final Pattern WIRE_TIME = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}");
    private static final Set<String> SERVER_TIMES =
            Set.of("created", "submitted", "started", "finished", "last_started", "last_stopped");

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();
    static final List<ApiClient.Response> responses = new ArrayList<>();

    /**
     * A project with a pool and a training taken through open, close, clone and archive, and then every list,
     * object and operation read back. The clock stands on whole seconds, where a formatter that drops a zero
     * fraction ("…:56" or "…:56.0") would show.
     */
    @BeforeAll
    static void setUp() {
        ApiClient api = server.newAccount();
        Instant now = server.clock().instant();
        server.clock().advance(Duration.ofMillis(1000 - now.toEpochMilli() % 1000));
        String project = record(api.post("/projects", Fixtures.project())).field("id");
        for (Kind kind : Kind.values()) {
            String id = record(api.post(kind.path(), kind.form(project))).field("id");
            server.seedTask(id);
            server.clock().advance(Duration.ofSeconds(1));
            record(api.post(kind.path(id) + "/open"));
            server.clock().advance(Duration.ofSeconds(1));
            record(api.post(kind.path(id) + "/close"));
            String clone = record(api.post(kind.path(id) + "/clone")).json().path("details")
                    .path(kind.idField()).asText();
            record(api.get(kind.path(id)));
            record(api.get(kind.path(clone)));
            for (String archived : List.of(id, clone)) {
                record(api.post(kind.path(archived) + "/archive"));
            }
            record(api.get(kind.path() + "?project_id=" + project));
        }
        record(api.post("/projects/" + project + "/archive"));
        record(api.get("/projects/" + project));
        record(api.get("/projects"));
        ApiClient.Response operations = record(api.get("/operations"));
        operations.json().path("items").forEach(op -> record(api.get("/operations/" + op.path("id").asText())));
        record(api.get("/requester"));
    }

    private static ApiClient.Response record(ApiClient.Response response) {
        assertTrue(response.status() < 300, response.toString());
        responses.add(response);
        return response;
    }

    static List<ApiClient.Response> responses() {
        return responses;
    }

    @ParameterizedTest(name = "response {index}")
    @MethodSource("responses")
    void serverTimesHaveExactlyThreeFractionDigits(ApiClient.Response response) {
        walk(response.json(), (name, value) -> {
            if (SERVER_TIMES.contains(name)) {
                assertTrue(value.isTextual() && WIRE_TIME.matcher(value.asText()).matches(),
                        name + "=" + value + " in " + response);
            }
        });
    }

    @ParameterizedTest(name = "response {index}")
    @MethodSource("responses")
    void everyIdIsAString(ApiClient.Response response) {
        walk(response.json(), (name, value) -> {
            if (name.equals("id") || name.endsWith("_id")) {
                assertTrue(value.isTextual(), name + "=" + value + " in " + response);
            }
        });
    }

    /** Calls {@code visit} with the name and value of every field, at any depth. */
    private static void walk(JsonNode node, BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                visit.accept(field.getKey(), field.getValue());
                walk(field.getValue(), visit);
            });
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, visit));
        }
    }
}
