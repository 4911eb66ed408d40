package dev.artel.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.json.Json;
import dev.artel.support.ApiClient;
import dev.artel.support.ServerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An operation that commits its work in chunks: a test type logs {@value #ITEMS} items, {@value #CHUNK} per
 * chunk, and before every chunk but the first it stops until the test lets it go on, so the test looks at the
 * operation over HTTP between chunks. The type takes the name ANALYTICS, a type the spec knows and Artel does
 * not run, so that its views pass the spec check of every response.
 */
class ChunkedOperationTest {
    private static final String TYPE = "ANALYTICS";
    private static final int ITEMS = 10;
    private static final int CHUNK = 3;
    private static final long LEASE_MILLIS = 60_000;

    @RegisterExtension
    static final ServerExtension server = ServerExtension.start(b -> b.runOperationsInline(false)
            .operationLeaseMillis(LEASE_MILLIS));

    private final ItemsType type = new ItemsType();
    private final ExecutorService nodeA = Executors.newSingleThreadExecutor();
    private OperationRunner nodeB;

    @BeforeEach
    void register() {
        server.artel().operations().register(type);
        // A second node: its own runner on the same database and clock, as another process would have.
        nodeB = new OperationRunner(server.artel().database(), new SqlOperationStore(), server.clock(), false, 0, 5,
                50, LEASE_MILLIS);
        nodeB.register(type);
    }

    @AfterEach
    void stop() {
        type.gate.release(1000);
        nodeA.shutdownNow();
        nodeB.close();
    }

    @Test
    void progressAndLogShowBetweenChunksAndNoOtherNodeRunsTheOperationMeanwhile() throws Exception {
        ApiClient api = server.newAccount();
        String id = submit(api);
        Future<Boolean> run = nodeA.submit(() -> server.artel().operations().run(id));

        for (int from = CHUNK; from < ITEMS; from += CHUNK) {
            assertEquals(from, type.awaitChunk(), "the chunk the operation stopped before");
            ApiClient.Response op = api.get("/operations/" + id);
            assertEquals("RUNNING", op.field("status"), op.toString());
            assertEquals(from * 100 / ITEMS, op.json().path("progress").asInt(), op.toString());
            assertNotNull(op.json().get("started"), op.toString());
            assertEquals(indexes(0, from), loggedIndexes(api, id));

            // Node A holds the row while it runs a chunk, even once its lease has run out on the clock.
            assertFalse(nodeB.run(id), "node B must not run what node A runs");
            assertEquals(0, nodeB.runPending());
            server.clock().advance(Duration.ofMillis(LEASE_MILLIS + 1));
            assertFalse(nodeB.run(id), "node B must not take a chunk under way");
            type.gate.release();
        }
        assertTrue(run.get(30, TimeUnit.SECONDS));

        ApiClient.Response done = api.get("/operations/" + id);
        assertEquals("SUCCESS", done.field("status"), done.toString());
        assertEquals(100, done.json().path("progress").asInt());
        assertEquals(indexes(0, ITEMS), loggedIndexes(api, id));
        JsonNode first = api.get("/operations/" + id + "/log").json().get(0);
        assertEquals(Json.parse("{\"type\":\"TASK_CREATE\",\"success\":true,\"input\":{\"__item_idx\":\"0\"},"
                + "\"output\":{\"task_id\":\"task-0\"}}"), first);
        assertEquals(ITEMS / CHUNK + 1, type.chunksRun.get(), "each chunk ran once");
    }

    /**
     * The attempt breaks in its third chunk, after logging some of its items: they roll back with it, the two
     * chunks before stay, and the operation stays RUNNING with its progress. It is the broken attempt's until
     * its lease runs out, as it would be a dead node's; then the next attempt resumes at the third chunk.
     */
    @Test
    void anAttemptThatBreaksMidWayIsResumedFromItsLastChunkOnceItsLeaseRunsOut() throws Exception {
        ApiClient api = server.newAccount();
        String id = submit(api);
        type.breakAt = 2 * CHUNK;
        type.gate.release(1000);

        assertFalse(nodeB.run(id), "the attempt broke");
        ApiClient.Response broken = api.get("/operations/" + id);
        assertEquals("RUNNING", broken.field("status"), broken.toString());
        assertEquals(2 * CHUNK * 100 / ITEMS, broken.json().path("progress").asInt());
        assertEquals(indexes(0, 2 * CHUNK), loggedIndexes(api, id));

        // From here on the type would run to the end: only the lease keeps it from doing so too early.
        type.breakAt = -1;
        server.clock().advance(Duration.ofMillis(LEASE_MILLIS - 1));
        assertFalse(server.artel().operations().run(id), "the lease of the broken attempt still runs");
        assertEquals(0, server.artel().operations().runPending());
        assertEquals(indexes(0, 2 * CHUNK), loggedIndexes(api, id));

        server.clock().advance(Duration.ofMillis(1));
        assertTrue(server.artel().operations().run(id));
        ApiClient.Response done = api.get("/operations/" + id);
        assertEquals("SUCCESS", done.field("status"), done.toString());
        assertEquals(indexes(0, ITEMS), loggedIndexes(api, id), "every item logged once, in order");
        assertEquals(2L, (long) server.artel().database().inTransaction(h -> h.queryLong(
                "SELECT attempts FROM operations WHERE id = ?", id)), "the broken attempt and the one that resumed");
    }

    /** Submits through the engine itself, as a service would, for the caller's account. */
    private static String submit(ApiClient api) {
        String accountId = api.get("/requester").field("id");
        String id = UUID.randomUUID().toString();
        ObjectNode parameters = Json.object();
        parameters.put("items", ITEMS);
        server.artel().database().inTransaction(h -> server.artel().operations().submit(h, id, accountId, TYPE,
                parameters, null));
        return id;
    }

    private static List<String> loggedIndexes(ApiClient api, String id) {
        List<String> out = new ArrayList<>();
        for (JsonNode item : api.get("/operations/" + id + "/log").json()) {
            out.add(item.path("input").path("__item_idx").asText());
        }
        return out;
    }

    private static List<String> indexes(int from, int to) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(Integer.toString(i));
        }
        return out;
    }

    /**
     * Logs items {@code 0..items-1} (from the parameters) in chunks, its checkpoint the next item's index.
     * Before each chunk but the first it reports the chunk's first index and waits for a permit of {@link #gate};
     * in the chunk that starts at {@link #breakAt} it throws an Error after logging the chunk's items.
     */
    private static final class ItemsType implements OperationType<Integer> {
        final Semaphore gate = new Semaphore(0);
        final BlockingQueue<Integer> arrivals = new LinkedBlockingQueue<>();
        final AtomicInteger chunksRun = new AtomicInteger();
        volatile int breakAt = -1;

        @Override
        public String name() {
            return TYPE;
        }

        @Override
        public Integer parameters(Operation operation) {
            return operation.parameters().path("items").asInt();
        }

        @Override
        public Step run(OperationContext<Integer> context) {
            int items = context.parameters();
            int from = context.checkpoint() == null ? 0 : context.checkpoint().path("next").asInt();
            if (from > 0) {
                arrivals.add(from);
                acquire();
            }
            chunksRun.incrementAndGet();
            int to = Math.min(from + CHUNK, items);
            for (int i = from; i < to; i++) {
                ObjectNode input = Json.object();
                input.put("__item_idx", Integer.toString(i));
                ObjectNode output = Json.object();
                output.put("task_id", "task-" + i);
                context.log("TASK_CREATE", true, input, output);
            }
            if (from == breakAt) {
                throw new AssertionError("the test's crash in the chunk at " + from);
            }
            if (to == items) {
                return Step.done(null);
            }
            context.progress(to * 100 / items);
            ObjectNode checkpoint = Json.object();
            checkpoint.put("next", to);
            return Step.more(checkpoint);
        }

        int awaitChunk() throws InterruptedException {
            Integer from = arrivals.poll(30, TimeUnit.SECONDS);
            assertNotNull(from, "the operation did not reach its next chunk");
            return from;
        }

        private void acquire() {
            try {
                if (!gate.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never let the chunk go on");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
