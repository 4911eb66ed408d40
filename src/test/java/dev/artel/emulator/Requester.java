package dev.artel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import java.util.ArrayList;
import java.util.List;

/**
 * What the emulator's state tests make and read back as a requester: an open pool whose assignments last a
 * minute, with a worker's assignment in it (its expiry is a timer), and everything the account can list.
 */
final class Requester {
    private Requester() {
    }

    /** An open pool of {@code tasks} one-task suites whose assignments last a minute; returns its id. */
    static String openPool(ApiClient api, int tasks) {
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.put("assignment_max_duration_seconds", 60);
        form.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        String pool = api.post("/pools", form).field("id");
        upload(api, pool, tasks);
        ApiClient.Response opened = api.post("/pools/" + pool + "/open");
        assertEquals(202, opened.status(), opened.toString());
        return pool;
    }

    /** Uploads {@code count} tasks into the pool; returns the answer's task ids in upload order. */
    static List<String> upload(ApiClient api, String pool, int count) {
        ArrayNode tasks = Json.mapper().createArrayNode();
        for (int i = 0; i < count; i++) {
            tasks.addObject().put("pool_id", pool).put("overlap", 1).putObject("input_values")
                    .put("image", "http://127.0.0.1/" + i + ".png");
        }
        ApiClient.Response created = api.post("/tasks", tasks);
        assertEquals(201, created.status(), created.toString());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(created.json().path("items").path(Integer.toString(i)).path("id").asText());
        }
        return ids;
    }

    /** The worker's new assignment in the pool. */
    static JsonNode take(ApiClient worker, String pool) {
        ApiClient.Response taken = worker.post("/worker/pools/" + pool + "/assignments");
        assertEquals(201, taken.status(), taken.toString());
        return taken.json();
    }

    /** Everything the account can list, as the API shows it: a state to compare before and after. */
    static List<String> everything(ApiClient api) {
        List<String> out = new ArrayList<>();
        for (String list : List.of("/projects", "/pools", "/trainings", "/operations")) {
            out.add(list + " " + api.get(list + "?limit=300").json().path("items"));
        }
        for (JsonNode pool : api.get("/pools?limit=300").json().path("items")) {
            String id = pool.path("id").asText();
            for (String list : List.of("/tasks", "/task-suites", "/assignments")) {
                out.add(list + " " + api.get(list + "?limit=300&pool_id=" + id).json().path("items"));
            }
        }
        return out;
    }

    static long now(ApiClient operator) {
        return Timestamps.parse(operator.get("/emulator/clock").field("now")).orElseThrow();
    }

    static ApiClient.Response advance(ApiClient operator, String by) {
        ApiClient.Response moved = operator.post("/emulator/clock/advance", Json.object().put("by", by));
        assertEquals(200, moved.status(), moved.toString());
        return moved;
    }
}
