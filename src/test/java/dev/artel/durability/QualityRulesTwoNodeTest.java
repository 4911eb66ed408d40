package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ArtelProcess;
import dev.artel.support.Fixtures;
import dev.artel.support.TestDatabase;
import dev.artel.support.TestServer;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Quality-control rules judged exactly once per event with two Artel processes on one PostgreSQL schema, one of
 * them killed (SIGKILL) in the middle of the crowd's work: every take, submit and skip goes to one node or the
 * other, and after the kill all go to the survivor. On H2, whose file one process holds, the one process is
 * killed and the crowd goes on with a second started on the same file. A worker whose control answers are half
 * right is restricted from the pool at their third suite, a worker who skips twice in a row from the project, and
 * each restriction takes the answers of the worker's that count to other workers once (USERS_ASSESSMENT,
 * CHANGE_OVERLAP +1). Since a rule acts in its event's transaction, what the stored assignments say fixes what the
 * rules did: one restriction per restricted worker, a skill per worker equal to their rate, exactly three submits
 * of each half-right worker and two skips of each skipper, and each general task's overlap raised by the number of
 * restricted answers it has.
 */
class QualityRulesTwoNodeTest {
    private static final int PER_KIND = 4;
    private static final int GOOD_SUITES = 5;
    private static final int TASKS = 40;
    private static final int OVERLAP = 2;

    private enum Kind { GOOD, HALF_RIGHT, SKIPPER }

    @Test
    void eachRuleEventActsOnceAcrossTwoNodesAndTheKillOfOne() {
        long seed = Long.getLong("artel.crash.seed", new Random().nextLong());
        String dbUrl;
        String token;
        String pool;
        String skill;
        String agreement;
        Map<String, Kind> kinds = new HashMap<>();
        try (TestServer seeding = TestServer.start()) {
            ApiClient requester = seeding.newAccount();
            skill = requester.post("/skills", Json.object().put("name", "accuracy")).field("id");
            agreement = requester.post("/skills", Json.object().put("name", "agreement")).field("id");
            pool = openPool(requester, skill, agreement);
            for (Kind kind : Kind.values()) {
                for (int i = 0; i < PER_KIND; i++) {
                    kinds.put(seeding.newWorker().token(), kind);
                }
            }
            token = requester.token();
            dbUrl = seeding.dbUrl();
        }
        int killAt = 20 + new Random(seed).nextInt(30);
        String context = "seed=" + seed + " db=" + (TestDatabase.isPostgres() ? "postgresql" : "h2")
                + " kill at request " + killAt;
        Map<String, String> idsByToken = new ConcurrentHashMap<>();
        try (Nodes nodes = new Nodes(dbUrl)) {
            AtomicInteger requests = new AtomicInteger();
            List<String> tokens = new ArrayList<>(kinds.keySet());
            AtomicInteger next = new AtomicInteger();
            Workers.run(tokens.size(), Duration.ofMinutes(3), context + " " + nodes, () -> {
                String workerToken = tokens.get(next.getAndIncrement());
                Function<Function<ApiClient, ApiClient.Response>, ApiClient.Response> request = call -> {
                    int n = requests.incrementAndGet();
                    if (n == killAt) {
                        nodes.killA();
                    }
                    return nodes.send(n, workerToken, call);
                };
                idsByToken.put(workerToken, request.apply(api -> api.get("/worker/me")).field("id"));
                work(kinds.get(workerToken), pool, request, context + " " + nodes);
            });
            assertTrue(nodes.killed(), context + ": the crowd finished before the kill");
            check(nodes.b().client(token), pool, skill, kinds, idsByToken, context + " " + nodes);
            checkAgreement(nodes.b().client(token), agreement, kinds, idsByToken, context + " " + nodes);
            System.out.println("rules on two nodes: " + context + " " + nodes + " requests=" + requests.get());
        }
    }

    /**
     * Node A, and node B, which takes every request once A is killed. On PostgreSQL both run from the start and
     * share the requests before the kill; on H2, whose file one process holds, B starts once A is gone.
     */
    private static final class Nodes implements AutoCloseable {
        private final String dbUrl;
        private final ArtelProcess a;
        private final CountDownLatch aGone = new CountDownLatch(1);
        private volatile ArtelProcess b;

        Nodes(String dbUrl) {
            this.dbUrl = dbUrl;
            a = ArtelProcess.start("rules-a", dbUrl, "--rate-limits", "off");
            if (TestDatabase.isPostgres()) {
                b = ArtelProcess.start("rules-b", dbUrl, "--rate-limits", "off");
            }
        }

        void killA() {
            a.kill();
            aGone.countDown();
        }

        boolean killed() {
            return aGone.getCount() == 0;
        }

        synchronized ArtelProcess b() {
            if (b == null) {
                try {
                    aGone.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                b = ArtelProcess.start("rules-b", dbUrl, "--rate-limits", "off");
            }
            return b;
        }

        /**
         * Request {@code n} of a worker: to A before the kill (on PostgreSQL, every other one to B), and to B
         * after it. One under way to A at the kill has an unknown outcome and is sent again to B, where the
         * worker's state tells what became of it (an assignment taken already is given again, a submit done is 409).
         */
        ApiClient.Response send(int n, String workerToken, Function<ApiClient, ApiClient.Response> call) {
            if (!killed() && (b == null || n % 2 == 0)) {
                try {
                    return call.apply(ArtelProcess.client(a.baseUrl(), workerToken).artelApi());
                } catch (UncheckedIOException gone) {
                    // Node A went away under this request.
                }
            }
            return call.apply(ArtelProcess.client(b().baseUrl(), workerToken).artelApi());
        }

        @Override
        public void close() {
            a.close();
            if (b != null) {
                b.close();
            }
        }

        @Override
        public String toString() {
            return "logs " + a.logFile() + (b == null ? "" : " " + b.logFile());
        }
    }

    /**
     * GOLDEN_SET: a skill of every worker from their control answers, and a ban from the pool under 70 % after
     * three; SKIPPED_IN_ROW_ASSIGNMENTS: a ban from the project at two skips in a row; MAJORITY_VOTE: a skill of
     * agreement; USERS_ASSESSMENT: the answers of a worker who lost the pool go to another worker. One general
     * and one control task a suite.
     */
    private static String openPool(ApiClient api, String skill, String agreement) {
        String project = Fixtures.createProject(api);
        ObjectNode form = Fixtures.pool(project);
        form.remove("filter");
        form.put("auto_accept_solutions", true).put("assignment_max_duration_seconds", 3600);
        form.putObject("mixer_config").put("real_tasks_count", 1).put("golden_tasks_count", 1)
                .put("training_tasks_count", 0);
        form.set("quality_control", Json.parseObject("""
                {"configs": [
                  {"collector_config": {"type": "GOLDEN_SET", "parameters": {"history_size": 10}}, "rules": [
                    {"conditions": [{"key": "golden_set_answers_count", "operator": "GTE", "value": 1}],
                     "action": {"type": "SET_SKILL_FROM_OUTPUT_FIELD", "parameters": {"skill_id": "SKILL_ID",
                                "from_field": "correct_answers_rate"}}},
                    {"conditions": [{"key": "golden_set_answers_count", "operator": "GTE", "value": 3},
                                    {"key": "golden_set_correct_answers_rate", "operator": "LT", "value": 70}],
                     "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "POOL",
                                "duration_unit": "PERMANENT"}}}]},
                  {"collector_config": {"type": "SKIPPED_IN_ROW_ASSIGNMENTS", "parameters": {}}, "rules": [
                    {"conditions": [{"key": "skipped_in_row_count", "operator": "GTE", "value": 2}],
                     "action": {"type": "RESTRICTION_V2", "parameters": {"scope": "PROJECT",
                                "duration_unit": "PERMANENT"}}}]},
                  {"collector_config": {"type": "MAJORITY_VOTE", "parameters": {"answer_threshold": 2}}, "rules": [
                    {"conditions": [{"key": "total_answers_count", "operator": "GTE", "value": 1}],
                     "action": {"type": "SET_SKILL_FROM_OUTPUT_FIELD", "parameters": {"skill_id": "AGREEMENT_ID",
                                "from_field": "correct_answers_rate"}}}]},
                  {"collector_config": {"type": "USERS_ASSESSMENT", "parameters": {}}, "rules": [
                    {"conditions": [{"key": "pool_access_revoked_reason", "operator": "EQ", "value": "RESTRICTION"}],
                     "action": {"type": "CHANGE_OVERLAP", "parameters": {"delta": 1}}}]}]}
                """.replace("SKILL_ID", skill).replace("AGREEMENT_ID", agreement)));
        ApiClient.Response created = api.post("/pools", form);
        assertEquals(201, created.status(), created.toString());
        String pool = created.field("id");
        ArrayNode batch = Json.mapper().createArrayNode();
        for (int i = 0; i < TASKS; i++) {
            batch.addObject().put("pool_id", pool).put("overlap", OVERLAP).putObject("input_values")
                    .put("image", "http://127.0.0.1/real" + i + ".png");
        }
        for (int i = 0; i < 10; i++) {
            ObjectNode task = batch.addObject().put("pool_id", pool).put("infinite_overlap", true);
            task.putObject("input_values").put("image", "http://127.0.0.1/golden" + i + ".png");
            ArrayNode known = task.putArray("known_solutions");
            known.addObject().put("correctness_weight", 1).putObject("output_values").put("result", "cat");
            known.addObject().put("correctness_weight", 0.5).putObject("output_values").put("result", "dog");
        }
        assertEquals(201, api.post("/tasks", batch).status());
        assertEquals(202, api.post("/pools/" + pool + "/open").status());
        return pool;
    }

    /**
     * A worker's part: takes suites until refused (403 once restricted, 409 with nothing left) or, if good, until
     * done with {@link #GOOD_SUITES}; answers controls "cat" (good) or "dog" (half right), or skips.
     */
    private static void work(Kind kind, String pool, Function<Function<ApiClient, ApiClient.Response>,
            ApiClient.Response> request, String context) {
        for (int done = 0; kind != Kind.GOOD || done < GOOD_SUITES; done++) {
            ApiClient.Response taken = request.apply(api -> api.post("/worker/pools/" + pool + "/assignments"));
            if (taken.status() == 403 || taken.status() == 409) {
                return;
            }
            assertTrue(taken.status() == 200 || taken.status() == 201, context + ": " + taken);
            JsonNode assignment = taken.json();
            String id = assignment.path("id").asText();
            ApiClient.Response finished;
            if (kind == Kind.SKIPPER) {
                finished = request.apply(api -> api.post("/worker/assignments/" + id + "/skip"));
            } else {
                ObjectNode body = Json.object();
                ArrayNode solutions = body.putArray("solutions");
                for (JsonNode task : assignment.path("tasks")) {
                    boolean control = task.path("input_values").path("image").asText().contains("golden");
                    solutions.addObject().putObject("output_values").put("result",
                            control && kind == Kind.HALF_RIGHT ? "dog" : "cat");
                }
                finished = request.apply(api -> api.post("/worker/assignments/" + id + "/submit", body));
            }
            // 409: a request to the killed node had done it already.
            assertTrue(finished.status() == 200 || finished.status() == 409, context + ": " + finished);
        }
    }

    private static void check(ApiClient requester, String pool, String skill, Map<String, Kind> kinds,
                              Map<String, String> idsByToken, String context) {
        List<JsonNode> assignments = all(requester, "/assignments?pool_id=" + pool);
        Map<String, Integer> overlapRaisedBy = new HashMap<>();
        for (Map.Entry<String, Kind> worker : kinds.entrySet()) {
            String id = idsByToken.get(worker.getKey());
            String who = context + " " + worker.getValue() + " " + id;
            List<JsonNode> theirs = assignments.stream().filter(x -> x.path("user_id").asText().equals(id)).toList();
            long accepted = theirs.stream().filter(x -> x.path("status").asText().equals("ACCEPTED")).count();
            long skipped = theirs.stream().filter(x -> x.path("status").asText().equals("SKIPPED")).count();
            JsonNode restrictions = requester.get("/user-restrictions?user_id=" + id).json().path("items");
            JsonNode skills = requester.get("/user-skills?skill_id=" + skill + "&user_id=" + id).json().path("items");
            switch (worker.getValue()) {
                case GOOD -> {
                    assertEquals(GOOD_SUITES, accepted, who);
                    assertEquals(0, restrictions.size(), who + " " + restrictions);
                    assertEquals(100, skills.get(0).path("exact_value").asDouble(), 1e-9, who);
                }
                case HALF_RIGHT -> {
                    assertEquals(3, accepted, who + ": banned in the transaction of the third submit");
                    assertEquals(1, restrictions.size(), who + " " + restrictions);
                    assertEquals("POOL", restrictions.get(0).path("scope").asText(), who);
                    assertEquals(50, skills.get(0).path("exact_value").asDouble(), 1e-9, who);
                    for (JsonNode a : theirs) {
                        for (JsonNode task : a.path("tasks")) {
                            if (task.path("known_solutions").isMissingNode()) {
                                overlapRaisedBy.merge(task.path("id").asText(), 1, Integer::sum);
                            }
                        }
                    }
                }
                case SKIPPER -> {
                    assertEquals(2, skipped, who + ": banned in the transaction of the second skip");
                    assertEquals(0, accepted, who);
                    assertEquals(1, restrictions.size(), who + " " + restrictions);
                    assertEquals("PROJECT", restrictions.get(0).path("scope").asText(), who);
                    assertEquals(0, skills.size(), who);
                }
            }
        }
        // Each answer of a restricted worker raised its task's overlap once, whichever node judged it.
        assertEquals(PER_KIND * 3, overlapRaisedBy.values().stream().mapToInt(Integer::intValue).sum(), context);
        for (JsonNode task : all(requester, "/tasks?pool_id=" + pool)) {
            if (task.has("known_solutions")) {
                continue;
            }
            String id = task.path("id").asText();
            assertEquals(OVERLAP + overlapRaisedBy.getOrDefault(id, 0), task.path("overlap").asInt(),
                    context + " task " + id);
        }
    }

    /**
     * Everyone answers the general tasks alike, so whoever a majority vote judged agrees fully with it. The vote
     * judges every worker who answered a task at each submit of it, locking several workers at once.
     */
    private static void checkAgreement(ApiClient requester, String agreement, Map<String, Kind> kinds,
                                       Map<String, String> idsByToken, String context) {
        int judged = 0;
        for (String token : kinds.keySet()) {
            JsonNode values = requester.get("/user-skills?skill_id=" + agreement + "&user_id=" + idsByToken.get(token))
                    .json().path("items");
            for (JsonNode value : values) {
                assertEquals(100, value.path("exact_value").asDouble(), 1e-9, context + " " + value);
                judged++;
            }
        }
        assertTrue(judged > 0, context + ": no majority formed");
    }

    /** Every item of a list, page by page. */
    private static List<JsonNode> all(ApiClient api, String path) {
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        while (true) {
            JsonNode page = api.get(path + "&limit=100&sort=id" + (after == null ? "" : "&id_gt=" + after)).json();
            page.path("items").forEach(out::add);
            if (!page.path("has_more").asBoolean()) {
                return out;
            }
            after = out.get(out.size() - 1).path("id").asText();
        }
    }
}
