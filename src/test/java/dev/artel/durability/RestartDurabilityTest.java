package dev.artel.durability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.support.ApiClient;
import dev.artel.support.ArtelProcess;
import dev.artel.support.Fixtures;
import dev.artel.support.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Operations accepted while nothing runs them (inline execution and workers off) are all still there after
 * the server goes away, and the next server runs each of them exactly once: pool and training clones, pool
 * open, close and archive, project archive. Everything created before is still readable and unchanged
 * except where an operation changed it.
 */
class RestartDurabilityTest {

    @Test
    void pendingOperationsCompleteOnceAfterAnInProcessRestartWithWorkers() {
        AtomicLong pollMillis = new AtomicLong(0);
        try (TestServer server = TestServer.start(b -> b.runOperationsInline(false).workerPollMillis(pollMillis.get()))) {
            Scenario scenario = Scenario.prepare(server);
            pollMillis.set(20);
            server.restart();
            scenario.verify(scenario.client(server.baseUrl()), "in-process restart");
        }
    }

    @Test
    void pendingOperationsCompleteOnceAfterTheProcessHoldingThemIsKilled() {
        Scenario scenario;
        String dbUrl;
        try (TestServer server = TestServer.start(b -> b.runOperationsInline(false))) {
            scenario = Scenario.prepare(server);
            dbUrl = server.dbUrl();
        }
        try (ArtelProcess first = ArtelProcess.start("restart-first", dbUrl, "--operations", "workers",
                "--rate-limits", "off")) {
            // More objects and work from the process itself; its worker may or may not get to the work
            // before the kill.
            ApiClient api = first.client(scenario.token);
            ApiClient.Response project = api.post("/projects", Fixtures.project());
            scenario.remember("/projects/" + Seeded.created(project), project);
            scenario.accept(api.post("/pools/" + scenario.clonedPool + "/clone"));
            scenario.accept(api.post("/trainings/" + scenario.training + "/clone"));
            first.kill();
        }
        try (ArtelProcess second = ArtelProcess.start("restart-second", dbUrl, "--rate-limits", "off")) {
            scenario.verify(second.client(scenario.token), "after SIGKILL; logs in target/artel-processes");
        }
    }

    /** One account's objects and the operations accepted on them, with what each must lead to. */
    private static final class Scenario {
        private final String token;
        private final String project;
        private final String archivedProject;
        private final String clonedPool;
        private final String poolToOpen;
        private final String poolToClose;
        private final String poolToArchive;
        private final String training;
        private final List<String> accepted = new ArrayList<>();
        /** Every object and operation as read before the restart, by path. */
        private final Map<String, ObjectNode> before = new LinkedHashMap<>();

        private Scenario(String token, String project, String archivedProject, String clonedPool, String poolToOpen,
                         String poolToClose, String poolToArchive, String training) {
            this.token = token;
            this.project = project;
            this.archivedProject = archivedProject;
            this.clonedPool = clonedPool;
            this.poolToOpen = poolToOpen;
            this.poolToClose = poolToClose;
            this.poolToArchive = poolToArchive;
            this.training = training;
        }

        /**
         * Builds the objects, brings one pool to OPEN and one project's only pool to ARCHIVED by running the
         * pending queue once, then accepts the operations under test and leaves them pending.
         */
        static Scenario prepare(TestServer server) {
            ApiClient api = server.newAccount();
            String accountId = api.get("/requester").field("id");
            String project = Seeded.created(api.post("/projects", Fixtures.project()));
            String other = Seeded.created(api.post("/projects", Fixtures.project()));
            List<String> pools = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String pool = Seeded.created(api.post("/pools", Fixtures.pool(project)));
                Seeded.addTask(server.artel().database(), accountId, pool);
                pools.add(pool);
            }
            String lastPool = Seeded.created(api.post("/pools", Fixtures.pool(other)));
            String training = Seeded.created(api.post("/trainings", Fixtures.training(project)));
            Scenario s = new Scenario(api.token(), project, other, pools.get(0), pools.get(1), pools.get(2),
                    pools.get(3), training);

            String opened = accepted(api.post("/pools/" + s.poolToClose + "/open"));
            String archived = accepted(api.post("/pools/" + lastPool + "/archive"));
            server.artel().operations().runPending();
            assertEquals("SUCCESS", api.get("/operations/" + opened).field("status"));
            assertEquals("SUCCESS", api.get("/operations/" + archived).field("status"));

            s.accept(api.post("/pools/" + s.clonedPool + "/clone"));
            s.accept(api.post("/pools/" + s.clonedPool + "/clone"));
            s.accept(api.post("/trainings/" + training + "/clone"));
            s.accept(api.post("/pools/" + s.poolToOpen + "/open"));
            s.accept(api.post("/pools/" + s.poolToClose + "/close"));
            s.accept(api.post("/pools/" + s.poolToArchive + "/archive"));
            s.accept(api.post("/projects/" + other + "/archive"));
            for (String id : s.accepted) {
                assertEquals("PENDING", api.get("/operations/" + id).field("status"), "nothing runs operations yet");
            }

            List<String> paths = new ArrayList<>(List.of("/projects/" + project, "/projects/" + other,
                    "/pools/" + lastPool, "/trainings/" + training, "/operations/" + opened,
                    "/operations/" + archived));
            pools.forEach(pool -> paths.add("/pools/" + pool));
            s.accepted.forEach(id -> paths.add("/operations/" + id));
            for (String path : paths) {
                ApiClient.Response read = api.get(path);
                assertEquals(200, read.status(), read.toString());
                s.before.put(path, read.object());
            }
            return s;
        }

        private static String accepted(ApiClient.Response response) {
            assertEquals(202, response.status(), response.toString());
            return response.field("id");
        }

        void accept(ApiClient.Response response) {
            accepted.add(accepted(response));
        }

        /** An object to read back unchanged after the restart. */
        void remember(String path, ApiClient.Response created) {
            before.put(path, created.object());
        }

        ApiClient client(String baseUrl) {
            return ArtelProcess.client(baseUrl, token);
        }

        void verify(ApiClient api, String context) {
            Invariants.awaitDrained(api, Duration.ofMinutes(1), context);
            Set<String> poolCopies = new HashSet<>();
            Set<String> trainingCopies = new HashSet<>();
            for (String id : accepted) {
                JsonNode op = api.get("/operations/" + id).json();
                assertEquals("SUCCESS", op.path("status").asText(), context + ": " + op);
                switch (op.path("type").asText()) {
                    case "POOL.CLONE" -> assertTrue(poolCopies.add(op.path("details").path("pool_id").asText()),
                            context + ": two clones share a new pool");
                    case "TRAINING.CLONE" -> assertTrue(trainingCopies.add(
                            op.path("details").path("training_id").asText()), context + ": two clones share one");
                    default -> { }
                }
            }

            Set<String> pools = ids(api, "/pools", project);
            Set<String> expectedPools = new HashSet<>(poolCopies);
            before.keySet().stream().filter(p -> p.startsWith("/pools/")).map(p -> p.substring(7))
                    .filter(id -> before.get("/pools/" + id).path("project_id").asText().equals(project))
                    .forEach(expectedPools::add);
            assertEquals(expectedPools, pools, context + ": exactly one new pool per clone");
            Set<String> expectedTrainings = new HashSet<>(trainingCopies);
            expectedTrainings.add(training);
            assertEquals(expectedTrainings, ids(api, "/trainings", project), context + ": one training per clone");

            assertEquals("OPEN", api.get("/pools/" + poolToOpen).field("status"), context);
            assertEquals("CLOSED", api.get("/pools/" + poolToClose).field("status"), context);
            assertEquals("MANUAL", api.get("/pools/" + poolToClose).field("last_close_reason"), context);
            assertEquals("ARCHIVED", api.get("/pools/" + poolToArchive).field("status"), context);
            assertEquals("ARCHIVED", api.get("/projects/" + archivedProject).field("status"), context);

            Set<String> changing = Set.of("status", "last_started", "last_stopped", "last_close_reason", "started",
                    "finished", "progress", "details");
            before.forEach((path, earlier) -> {
                ApiClient.Response now = api.get(path);
                assertEquals(200, now.status(), context + ": " + now);
                ObjectNode later = now.object();
                ObjectNode stable = earlier.deepCopy();
                stable.remove(changing);
                ObjectNode laterStable = later.deepCopy();
                laterStable.remove(changing);
                assertEquals(stable, laterStable, context + ": " + path + " changed beyond its status");
                boolean targeted = path.endsWith(poolToOpen) || path.endsWith(poolToClose)
                        || path.endsWith(poolToArchive) || path.endsWith(archivedProject) || path.startsWith("/operations/");
                if (!targeted) {
                    assertEquals(earlier, later, context + ": " + path + " changed");
                }
            });
        }

        private static Set<String> ids(ApiClient api, String list, String projectId) {
            Set<String> out = new HashSet<>();
            Invariants.listAll(api, list, "project_id=" + projectId).forEach(item -> out.add(item.path("id").asText()));
            return out;
        }
    }
}
