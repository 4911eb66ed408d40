package dev.artel.assignment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mixer's {@code force_last_assignment}: the last tasks of a pool go out even when fewer than a suite. */
class LastTasksTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    @Test
    void theLastTasksGoOutTogetherEvenWhenEachNeedsMoreAnswers() {
        ApiClient api = server.newAccount();
        ObjectNode form = Fixtures.pool(Fixtures.createProject(api));
        form.putObject("mixer_config").put("real_tasks_count", 5).put("golden_tasks_count", 0)
                .put("training_tasks_count", 0);
        String pool = api.post("/pools", form).field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < 3; i++) {
            batch.addObject().put("pool_id", pool).put("overlap", 2)
                    .putObject("input_values").put("image", "http://127.0.0.1/" + i + ".png");
        }
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());

        // Three tasks are fewer than the five of a suite, and still need a second answer once this worker has them:
        // they are the last this worker can have all the same.
        for (int worker = 0; worker < 2; worker++) {
            ApiClient.Response taken = server.newWorker().post("/worker/pools/" + pool + "/assignments");
            assertEquals(201, taken.status(), taken.toString());
            JsonNode tasks = taken.json().path("tasks");
            assertEquals(3, tasks.size(), taken.toString());
        }
        assertEquals(409, server.newWorker().post("/worker/pools/" + pool + "/assignments").status());
    }
}
