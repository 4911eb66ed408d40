package dev.artel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;

/** One object of each implemented resource, created through the API for one account. */
public final class OwnedObjects {
    private OwnedObjects() {
    }

    /**
     * Ids keyed by the first segment of their path (projects, pools, trainings, operations, tasks, task-suites,
     * assignments, skills, user-skills, user-restrictions), plus the project's training skill (training-skill), a
     * pool's clone (clone), an archived pool (archived-pool) and its operation (archive-operation), the open pool
     * the assignment was taken from (crowd-pool), and the worker (worker). The task and the suite are in the closed pool; the assignment is
     * SUBMITTED, so that it can still be accepted or rejected. {@code worker} (a client of Artel's worker API) takes
     * and submits it, has a value of the skill and is restricted from the project (whose pools are all closed,
     * but the crowd pool and the aggregated pool, which it has done). The aggregated pool (aggregated-pool)
     * auto-accepts; its one task (aggregated-task) has the worker's answer, and the pool's Dawid-Skene aggregation
     * (aggregated-solutions) has its result.
     */
    public static Map<String, String> create(ApiClient api, ApiClient worker) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("projects", created(api.post("/projects", Fixtures.project())));
        ids.put("pools", created(api.post("/pools", Fixtures.pool(ids.get("projects")))));
        ids.put("trainings", created(api.post("/trainings", Fixtures.training(ids.get("projects")))));
        // The project's training skill, which its first training created: the account's too.
        ids.put("training-skill", api.get("/skills?name=Cats%20or%20dogs%20-%20training").json().path("items")
                .path(0).path("id").asText());
        ApiClient.Response clone = accepted(api.post("/pools/" + ids.get("pools") + "/clone"));
        ids.put("operations", clone.field("id"));
        ids.put("clone", api.get("/operations/" + clone.field("id")).json().path("details").path("pool_id").asText());
        ids.put("archived-pool", created(api.post("/pools", Fixtures.pool(ids.get("projects")))));
        ids.put("archive-operation", accepted(api.post("/pools/" + ids.get("archived-pool") + "/archive")).field("id"));
        ids.put("tasks", created(api.post("/tasks", Fixtures.task(ids.get("pools")))));
        ids.put("task-suites", created(api.post("/task-suites", Fixtures.taskSuite(ids.get("pools")))));
        ids.put("crowd-pool", created(api.post("/pools", Fixtures.reviewedPool(ids.get("projects")))));
        assertEquals(201, api.post("/tasks?open_pool=true", Fixtures.task(ids.get("crowd-pool"))).status());
        String assignment = Fixtures.submitAssignment(worker, ids.get("crowd-pool"), Json.object().put("result", "cat"));
        assertEquals("SUBMITTED", api.get("/assignments/" + assignment).field("status"));
        ids.put("assignments", assignment);
        ids.put("worker", worker.get("/worker/me").field("id"));
        ids.put("aggregated-pool", created(api.post("/pools", Fixtures.pool(ids.get("projects")))));
        ids.put("aggregated-task", created(api.post("/tasks?open_pool=true", Fixtures.task(ids.get("aggregated-pool")))));
        Fixtures.submitAssignment(worker, ids.get("aggregated-pool"), Json.object().put("result", "cat"));
        ApiClient.Response aggregation = api.post("/aggregated-solutions/aggregate-by-pool",
                Fixtures.aggregation(ids.get("aggregated-pool")));
        assertEquals(202, aggregation.status(), aggregation.toString());
        ids.put("aggregated-solutions", aggregation.field("id"));
        ids.put("skills", created(api.post("/skills", Fixtures.skill())));
        ids.put("user-skills", ok(api.put("/user-skills", Fixtures.userSkill(ids.get("skills"), ids.get("worker"),
                42))).field("id"));
        ids.put("user-restrictions", ok(api.put("/user-restrictions", Fixtures.projectRestriction(
                ids.get("projects"), ids.get("worker")))).field("id"));
        return ids;
    }

    private static String created(ApiClient.Response response) {
        assertEquals(201, response.status(), response.toString());
        return response.field("id");
    }

    private static ApiClient.Response ok(ApiClient.Response response) {
        assertEquals(200, response.status(), response.toString());
        return response;
    }

    private static ApiClient.Response accepted(ApiClient.Response response) {
        assertEquals(202, response.status(), response.toString());
        return response;
    }
}
