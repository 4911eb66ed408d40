package dev.artel.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.artel.support.ApiClient;
import dev.artel.support.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;

/** One object of each implemented resource, created through the API for one account. */
public final class OwnedObjects {
    private OwnedObjects() {
    }

    /**
     * Ids keyed by the first segment of their path (projects, pools, trainings, operations), plus a pool's
     * clone (clone), an archived pool (archived-pool) and its operation (archive-operation).
     */
    public static Map<String, String> create(ApiClient api) {
        Map<String, String> ids = new LinkedHashMap<>();
        ids.put("projects", created(api.post("/projects", Fixtures.project())));
        ids.put("pools", created(api.post("/pools", Fixtures.pool(ids.get("projects")))));
        ids.put("trainings", created(api.post("/trainings", Fixtures.training(ids.get("projects")))));
        ApiClient.Response clone = accepted(api.post("/pools/" + ids.get("pools") + "/clone"));
        ids.put("operations", clone.field("id"));
        ids.put("clone", api.get("/operations/" + clone.field("id")).json().path("details").path("pool_id").asText());
        ids.put("archived-pool", created(api.post("/pools", Fixtures.pool(ids.get("projects")))));
        ids.put("archive-operation", accepted(api.post("/pools/" + ids.get("archived-pool") + "/archive")).field("id"));
        return ids;
    }

    private static String created(ApiClient.Response response) {
        assertEquals(201, response.status(), response.toString());
        return response.field("id");
    }

    private static ApiClient.Response accepted(ApiClient.Response response) {
        assertEquals(202, response.status(), response.toString());
        return response;
    }
}
