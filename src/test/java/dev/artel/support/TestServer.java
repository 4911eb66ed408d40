package dev.artel.support;

import dev.artel.Artel;
import dev.artel.core.VirtualClock;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.config.ArtelConfig;
import dev.artel.json.Json;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A real Artel server on a free port of 127.0.0.1, on the suite's database, with a hand-moved clock.
 * Rate limits are off unless a test turns them on; {@link #restart()} reopens the same database. The operator
 * API is on, with {@link #OPERATOR_TOKEN}, unless a test sets another or none.
 */
public final class TestServer implements AutoCloseable {
    private static final AtomicInteger ACCOUNTS = new AtomicInteger();
    public static final String OPERATOR_TOKEN = "test-operator-" + UUID.randomUUID();

    private final VirtualClock clock;
    private final String dbUrl;
    private final Consumer<ArtelConfig.Builder> customizer;
    private Artel artel;

    private TestServer(String dbUrl, Consumer<ArtelConfig.Builder> customizer) {
        this.dbUrl = dbUrl;
        this.customizer = customizer;
        // An emulator given --clock-start starts there; the server takes this clock instead of making one.
        Long clockStart = config().emulatorStart();
        this.clock = new VirtualClock(clockStart != null ? Instant.ofEpochMilli(clockStart) : Instant.now());
        this.artel = launch();
    }

    public static TestServer start(Consumer<ArtelConfig.Builder> customizer) {
        return new TestServer(TestDatabase.newUrl(), customizer);
    }

    public static TestServer start() {
        return start(b -> { });
    }

    /** A server on a database of its own even on PostgreSQL ({@link TestDatabase#newOwnUrl()}). */
    public static TestServer startOnOwnDatabase(Consumer<ArtelConfig.Builder> customizer) {
        return new TestServer(TestDatabase.newOwnUrl(), customizer);
    }

    /** A server on a database that exists already, say one that a killed process of Artel left behind. */
    public static TestServer on(String dbUrl) {
        return new TestServer(dbUrl, b -> { });
    }

    private ArtelConfig config() {
        ArtelConfig.Builder builder = ArtelConfig.builder()
                .host("127.0.0.1").port(0).dbUrl(dbUrl).rateLimits(false).dbPoolSize(8).workerPollMillis(0)
                .timerPollMillis(0)
                .operatorToken(OPERATOR_TOKEN);
        customizer.accept(builder);
        return builder.build();
    }

    private Artel launch() {
        return Artel.serve(config(), clock);
    }

    /** Stops the server and starts a new one on the same database. */
    public void restart() {
        artel.close();
        artel = launch();
    }

    public VirtualClock clock() {
        return clock;
    }

    public Artel artel() {
        return artel;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + artel.port();
    }

    public String dbUrl() {
        return dbUrl;
    }

    /** A client for a brand-new account, so that tests never see each other's objects. */
    public ApiClient newAccount() {
        String name = "test-" + ProcessHandle.current().pid() + "-" + ACCOUNTS.incrementAndGet() + "-" + System.nanoTime();
        return new ApiClient(baseUrl(), artel.accounts().create(name).token());
    }

    /**
     * Puts one task into a pool or training, straight into the database: the task endpoints are not served
     * yet, and opening needs a pool that has tasks. The task belongs to the pool's account.
     */
    public void seedTask(String poolId) {
        int rows = artel.database().inTransaction(h -> h.update(
                "INSERT INTO tasks (id, account_id, pool_id, created, doc)"
                        + " SELECT ?, account_id, id, ?, '{}' FROM pools WHERE id = ?",
                UUID.randomUUID().toString(), clock.millis(), Long.parseLong(poolId)));
        if (rows != 1) {
            throw new IllegalArgumentException("no pool or training " + poolId);
        }
    }

    /** A client of Artel's own API with the operator token. */
    public ApiClient operator() {
        return new ApiClient(baseUrl(), OPERATOR_TOKEN).artelApi();
    }

    /**
     * A client of Artel's own API for a brand-new worker, who has a name and speaks English: the language
     * {@link Fixtures#pool}'s filter asks for. Nothing else is in their profile.
     */
    public ApiClient newWorker() {
        ObjectNode form = Json.object();
        form.putObject("profile").putArray("languages").add("EN");
        return newWorker(form);
    }

    /** A client of Artel's own API for a brand-new worker made from {@code form} (a WorkerForm, named if it is not). */
    public ApiClient newWorker(ObjectNode form) {
        ObjectNode named = form.deepCopy();
        if (!named.has("name")) {
            named.put("name", "worker-" + ACCOUNTS.incrementAndGet());
        }
        return new ApiClient(baseUrl(), artel.workers().create(named).token()).artelApi();
    }

    /** A client for an account made elsewhere, say by {@code artel account create} in another process. */
    public ApiClient client(String token) {
        return new ApiClient(baseUrl(), token);
    }

    /** A client that sends no Authorization header. */
    public ApiClient anonymous() {
        return new ApiClient(baseUrl(), null);
    }

    @Override
    public void close() {
        artel.close();
    }
}
