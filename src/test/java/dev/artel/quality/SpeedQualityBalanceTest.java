package dev.artel.quality;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.Crowd;
import dev.artel.support.Fixtures;
import dev.artel.support.ServerExtension;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code speed_quality_balance} over HTTP: a requester reviews workers' answers in one pool, and a second pool
 * with a balance is then open only to the best of them by the owner's acceptance rate.
 */
class SpeedQualityBalanceTest {
    @RegisterExtension
    static final ServerExtension server = ServerExtension.start();

    /**
     * Workers who have done the requester's work, by name, reviewed in a first pool: "best" accepted three times,
     * "good" once, "poor" and "bad" rejected once and twice.
     */
    private static Map<String, ApiClient> reviewedCrowd(ApiClient api) {
        String pool = Crowd.openPool(api, Fixtures.reviewedPool(Fixtures.createProject(api)), 10, 4);
        Map<String, List<Boolean>> verdicts = new LinkedHashMap<>();
        verdicts.put("best", List.of(true, true, true));
        verdicts.put("good", List.of(true));
        verdicts.put("poor", List.of(false));
        verdicts.put("bad", List.of(false, false));
        Map<String, ApiClient> workers = new LinkedHashMap<>();
        for (Map.Entry<String, List<Boolean>> worker : verdicts.entrySet()) {
            ApiClient client = server.newWorker();
            workers.put(worker.getKey(), client);
            for (boolean accepted : worker.getValue()) {
                JsonNode assignment = Crowd.take(client, pool);
                Crowd.submit(client, assignment, "cat");
                if (accepted) {
                    Crowd.accept(api, assignment);
                } else {
                    Crowd.reject(api, assignment, "wrong");
                }
            }
        }
        return workers;
    }

    /** An open pool of the requester's with the balance given and work for everyone. */
    private static String balancedPool(ApiClient api, ObjectNode balance) {
        ObjectNode form = Fixtures.reviewedPool(Fixtures.createProject(api));
        form.set("speed_quality_balance", balance);
        return Crowd.openPool(api, form, 10, 10);
    }

    /** Which of the workers may take work from the pool, and whether the pool is in their list of pools. */
    private static Map<String, String> admitted(Map<String, ApiClient> workers, String pool) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, ApiClient> worker : workers.entrySet()) {
            List<String> listed = new ArrayList<>();
            worker.getValue().get("/worker/pools").json().path("items").forEach(p -> listed.add(p.path("id").asText()));
            ApiClient.Response taken = worker.getValue().post("/worker/pools/" + pool + "/assignments");
            out.put(worker.getKey(), taken.status() + (taken.status() == 403 ? " " + taken.code() : "")
                    + (listed.contains(pool) ? " listed" : ""));
        }
        return out;
    }

    @Test
    void theTopPercentageAdmitsTheBestShareOfTheWorkersTheOwnerKnowsAndNewcomersStandAtOneHalf() {
        ApiClient api = server.newAccount();
        Map<String, ApiClient> workers = reviewedCrowd(api);
        String pool = balancedPool(api, Json.object().put("type", "TOP_PERCENTAGE_BY_QUALITY").put("percent", 50));
        // Four known workers: the best two. Smoothed rates: best 3.5/4, good 1.5/2, poor 0.5/2, bad 0.5/3.
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("best", "201 listed");
        expected.put("good", "201 listed");
        expected.put("poor", "403 ACCESS_DENIED");
        expected.put("bad", "403 ACCESS_DENIED");
        assertEquals(expected, admitted(workers, pool));
        // A newcomer stands at one half, below best and good only: the top half of five admits three.
        Map<String, ApiClient> newcomer = Map.of("new", server.newWorker());
        assertEquals(Map.of("new", "201 listed"), admitted(newcomer, pool));

        ApiClient.Response refused = workers.get("poor").post("/worker/pools/" + pool + "/assignments");
        assertEquals("Pool " + pool + " is not for you: the pool's speed/quality balance admits only the top 50% of"
                + " workers by quality", refused.json().path("message").asText());
    }

    @Test
    void theBestConcurrentUsersAreTheCountBestAndAPoolWithoutABalanceIsOpenToAll() {
        ApiClient api = server.newAccount();
        Map<String, ApiClient> workers = reviewedCrowd(api);
        String best = balancedPool(api, Json.object().put("type", "BEST_CONCURRENT_USERS_BY_QUALITY").put("count", 1));
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("best", "201 listed");
        expected.put("good", "403 ACCESS_DENIED");
        expected.put("poor", "403 ACCESS_DENIED");
        expected.put("bad", "403 ACCESS_DENIED");
        assertEquals(expected, admitted(workers, best));

        String open = Crowd.openPool(api, Fixtures.reviewedPool(Fixtures.createProject(api)), 10, 10);
        admitted(workers, open).values().forEach(outcome -> assertEquals("201 listed", outcome));
    }

    @Test
    void qualityIsPerRequester() {
        ApiClient api = server.newAccount();
        Map<String, ApiClient> workers = reviewedCrowd(api);
        // Another requester knows none of them: all stand at one half, and the top 10 % of equals admits them all.
        ApiClient other = server.newAccount();
        String pool = balancedPool(other, Json.object().put("type", "TOP_PERCENTAGE_BY_QUALITY").put("percent", 10));
        admitted(workers, pool).values().forEach(outcome -> assertEquals("201 listed", outcome));
    }
}
