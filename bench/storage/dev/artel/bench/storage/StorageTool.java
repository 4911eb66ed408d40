package dev.artel.bench.storage;

import dev.artel.bench.Load;
import dev.artel.config.ArtelConfig;
import dev.artel.storage.Database;
import dev.artel.storage.Dialect;
import dev.artel.storage.Handle;
import io.javalin.Javalin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark's database side, run in its own JVM with the shaded Artel jar on the class path, so that
 * it uses exactly the server's JDBC drivers, connection pool settings and schema:
 * <ul>
 *   <li>{@code floor}: the storage floor, one primary-key read plus one insert of the benchmark's pool
 *       document in one transaction, through Artel's own {@link Database} (HikariCP, same URL settings,
 *       same migrations), with no HTTP;</li>
 *   <li>{@code bare-clone}: the clone baseline, a bare Javalin server whose clone reads the pool, copies it
 *       and inserts the copy in one transaction, through the same {@link Database};</li>
 *   <li>{@code bulk-load}: copies an existing pool row many times over JDBC, to grow an account fast;</li>
 *   <li>{@code task-floor}: the upload floor, a task document inserted many times by JDBC batch in one
 *       transaction, as fast as the database takes the rows an upload stores;</li>
 *   <li>{@code bulk-rows}: copies one task or assignment row into a pool many times, to fill a pool fast;</li>
 *   <li>{@code bulk-answers}: fills a pool with tasks and three accepted answers each, from a simulated crowd;</li>
 *   <li>{@code schema create|drop}: fresh PostgreSQL schemas for each server, dropped afterwards.</li>
 * </ul>
 * Results go to stdout as {@link Load.Result#toLine()} lines; Hikari's and Flyway's logs go to stderr.
 */
public final class StorageTool {
    private static final String POOL_COLUMNS = "id, account_id, kind, project_id, status, created, last_started,"
            + " last_stopped, last_close_reason, doc";
    /** Rows the floor reads from; more than fit in any cache line pattern, few enough to seed in a moment. */
    private static final int FLOOR_SEED_ROWS = 1_000;
    /** Floor ids start far above the object sequence (10^9), so they can never collide with its values. */
    private static final long FLOOR_FIRST_ID = 9_000_000_000_000L;
    private static final int BATCH = 1_000;
    private static final int ROWS_PER_STATEMENT = 20_000;
    private static final String TASK_COLUMNS = "id, account_id, pool_id, suite_id, created, overlap, taken, issuable,"
            + " kind, doc";

    private StorageTool() {
    }

    public static void main(String[] args) throws Exception {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String command = rest.isEmpty() ? "" : rest.remove(0);
        switch (command) {
            case "floor" -> floor(rest);
            case "bare-clone" -> bareClone(rest);
            case "bulk-load" -> bulkLoad(rest);
            case "task-floor" -> taskFloor(rest);
            case "bulk-rows" -> bulkRows(rest);
            case "bulk-answers" -> bulkAnswers(rest);
            case "schema" -> schema(rest);
            default -> throw new IllegalArgumentException("usage: StorageTool floor|bare-clone|bulk-load|task-floor|bulk-rows|bulk-answers|schema ...");
        }
    }

    /**
     * {@code floor (--data DIR | --db-url URL) --doc FILE --clients 1,8 --warmup S --seconds S --reps N}:
     * warms up, then for each repetition and each client count prints one result line.
     */
    private static void floor(List<String> args) throws Exception {
        ArtelConfig config = config(args);
        String doc = Files.readString(Path.of(option(args, "--doc")));
        int[] clients = Arrays.stream(option(args, "--clients").split(",")).mapToInt(Integer::parseInt).toArray();
        double warmup = Double.parseDouble(option(args, "--warmup"));
        double seconds = Double.parseDouble(option(args, "--seconds"));
        int reps = Integer.parseInt(option(args, "--reps"));
        if (config.dbUrl() == null) {
            Files.createDirectories(config.dataDir());
        }
        try (Database db = new Database(config.effectiveDbUrl(), null, null, config.dbPoolSize(),
                config.dbConnectionTimeoutMillis()).open()) {
            AtomicLong nextId = new AtomicLong(FLOOR_FIRST_ID);
            db.inTransaction(h -> {
                for (int i = 0; i < FLOOR_SEED_ROWS; i++) {
                    insert(h, nextId.getAndIncrement(), doc);
                }
                return null;
            });
            Load.Client op = () -> db.inTransaction(h -> {
                long id = FLOOR_FIRST_ID + ThreadLocalRandom.current().nextInt(FLOOR_SEED_ROWS);
                String read = h.queryOne("SELECT " + POOL_COLUMNS + " FROM pools WHERE id = ?",
                        rs -> rs.getString(10), id).orElseThrow();
                insert(h, nextId.getAndIncrement(), read);
                return null;
            });
            Load.run(8, warmup, i -> op);
            for (int rep = 0; rep < reps; rep++) {
                for (int c : clients) {
                    System.out.println(Load.run(c, seconds, i -> op).toLine());
                }
            }
        }
    }

    /**
     * {@code bare-clone (--data DIR | --db-url URL) --doc FILE --pools K}: seeds K pools (ids
     * {@value #FLOOR_FIRST_ID} onwards) and serves {@code POST /api/v1/pools/{id}/clone} on a free port of
     * 127.0.0.1, printed as {@code serving PORT}, until stopped: one transaction reads the pool, draws the copy's id from the object sequence, inserts the copy
     * and commits, and the answer is a 202 with a SUCCESS operation, so the load generator's clone client
     * drives it unchanged. No authentication, no operation row: what a clone costs with nothing but the
     * framework and the database, the baseline Artel's clone is compared with in the same run.
     */
    private static void bareClone(List<String> args) throws Exception {
        ArtelConfig config = config(args);
        String doc = Files.readString(Path.of(option(args, "--doc")));
        int pools = Integer.parseInt(option(args, "--pools"));
        if (config.dbUrl() == null) {
            Files.createDirectories(config.dataDir());
        }
        Database db = new Database(config.effectiveDbUrl(), null, null, config.dbPoolSize(),
                config.dbConnectionTimeoutMillis()).open();
        db.inTransaction(h -> {
            for (int i = 0; i < pools; i++) {
                insert(h, FLOOR_FIRST_ID + i, doc);
            }
            return null;
        });
        String nextId = db.dialect().nextObjectIdSql();
        Javalin app = Javalin.create(cfg -> cfg.showJavalinBanner = false);
        app.get("/_artel/health", ctx -> ctx.result("ok"));
        app.post("/api/v1/pools/{id}/clone", ctx -> {
            long source = Long.parseLong(ctx.pathParam("id"));
            long copy = db.inTransaction(h -> {
                String read = h.queryOne("SELECT " + POOL_COLUMNS + " FROM pools WHERE id = ?",
                        rs -> rs.getString(10), source).orElseThrow();
                long id = h.queryLong(nextId);
                insert(h, id, read);
                return id;
            });
            ctx.status(202).contentType("application/json").result("{\"id\":\"" + java.util.UUID.randomUUID()
                    + "\",\"type\":\"POOL.CLONE\",\"status\":\"SUCCESS\",\"details\":{\"pool_id\":\"" + copy
                    + "\"}}");
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.stop();
            db.close();
        }, "bare-clone-stop"));
        app.start("127.0.0.1", 0);
        System.out.println("serving " + app.port());
    }

    /** The same INSERT the server's pool store issues. */
    private static void insert(Handle h, long id, String doc) {
        h.update("INSERT INTO pools (" + POOL_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id, "floor",
                "POOL", 1L, "CLOSED", System.currentTimeMillis(), null, null, null, doc);
    }

    /**
     * {@code bulk-load (--data DIR | --db-url URL) --template ID --project P --others Q1,Q2,.. --count N
     * --in-project K}: inserts N copies of pool ID's row (same account, document and status, ids from the
     * object sequence, created now); K of them, spread evenly through the id range, go to project P and the
     * rest round-robin to the other projects. Spreading them makes a list of P walk past other projects'
     * pools if the query ever scans by account, which is what a growing account should not cost.
     */
    private static void bulkLoad(List<String> args) throws SQLException {
        ArtelConfig config = config(args);
        long template = Long.parseLong(option(args, "--template"));
        long project = Long.parseLong(option(args, "--project"));
        long[] others = Arrays.stream(option(args, "--others").split(",")).mapToLong(Long::parseLong).toArray();
        int count = Integer.parseInt(option(args, "--count"));
        int inProject = Integer.parseInt(option(args, "--in-project"));
        String url = config.effectiveDbUrl();
        String nextId = switch (Dialect.fromJdbcUrl(url)) {
            case H2 -> "NEXT VALUE FOR object_ids";
            case POSTGRESQL -> "nextval('object_ids')";
        };
        String sql = "INSERT INTO pools (" + POOL_COLUMNS + ") SELECT " + nextId + ", account_id, kind, ?, status, ?,"
                + " NULL, NULL, NULL, doc FROM pools WHERE id = ?";
        try (Connection c = DriverManager.getConnection(url); PreparedStatement st = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            int other = 0;
            for (int i = 0; i < count; i++) {
                boolean inP = (long) (i + 1) * inProject / count > (long) i * inProject / count;
                st.setLong(1, inP ? project : others[other++ % others.length]);
                st.setLong(2, System.currentTimeMillis());
                st.setLong(3, template);
                st.addBatch();
                if ((i + 1) % BATCH == 0 || i == count - 1) {
                    st.executeBatch();
                    c.commit();
                }
            }
        }
    }

    /**
     * {@code task-floor (--data DIR | --db-url URL) --doc FILE --vary TEXT --count N}: inserts N tasks whose
     * document is the one in FILE with TEXT replaced by the row's number (so no two rows are alike) through Artel's own
     * {@link Database} and batch insert, {@value #BATCH} rows a batch, all in one transaction, into a pool of
     * their own; prints {@code tasks-per-second R} for the whole transaction, commit included.
     */
    private static void taskFloor(List<String> args) throws Exception {
        ArtelConfig config = config(args);
        String doc = Files.readString(Path.of(option(args, "--doc")));
        String vary = option(args, "--vary");
        int count = Integer.parseInt(option(args, "--count"));
        if (config.dbUrl() == null) {
            Files.createDirectories(config.dataDir());
        }
        String insert = "INSERT INTO tasks (" + TASK_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Database db = new Database(config.effectiveDbUrl(), null, null, config.dbPoolSize(),
                config.dbConnectionTimeoutMillis()).open()) {
            long t0 = System.nanoTime();
            db.inTransaction(h -> {
                List<Object[]> rows = new ArrayList<>(BATCH);
                for (int i = 0; i < count; i++) {
                    rows.add(new Object[] {itemId(FLOOR_FIRST_ID, i), "floor", FLOOR_FIRST_ID, null,
                            System.currentTimeMillis(), 1L, 0, true, "REAL",
                            doc.replace(vary, Integer.toString(i))});
                    if (rows.size() == BATCH || i == count - 1) {
                        h.batch(insert, rows);
                        rows.clear();
                    }
                }
                return null;
            });
            System.out.println("tasks-per-second " + count / ((System.nanoTime() - t0) / 1e9));
        }
    }

    /**
     * {@code bulk-rows (--data DIR | --db-url URL) --table tasks|assignments --template ID --pool P --count N}:
     * inserts N copies of row ID of the table into pool P (same account and document), set-based, one statement and
     * commit per {@value #ROWS_PER_STATEMENT} rows. Ids are the item form's width with P's prefix and a zero-padded
     * counter, so they sort like the server's and never collide with another pool's.
     */
    private static void bulkRows(List<String> args) throws SQLException {
        ArtelConfig config = config(args);
        String table = option(args, "--table");
        String columns = switch (table) {
            case "tasks" -> TASK_COLUMNS;
            case "assignments" -> "id, account_id, pool_id, task_suite_id, worker_id, status, created, submitted,"
                    + " accepted, rejected, skipped, expired, reward, doc";
            default -> throw new IllegalArgumentException("--table tasks|assignments");
        };
        String template = option(args, "--template");
        long pool = Long.parseLong(option(args, "--pool"));
        int count = Integer.parseInt(option(args, "--count"));
        String url = config.effectiveDbUrl();
        Dialect dialect = Dialect.fromJdbcUrl(url);
        String range = switch (dialect) {
            case H2 -> "SELECT x AS n FROM SYSTEM_RANGE(?, ?)";
            case POSTGRESQL -> "SELECT generate_series(CAST(? AS BIGINT), CAST(? AS BIGINT)) AS n";
        };
        String id = "'" + String.format("%010x--", pool) + "' || LPAD(CAST(r.n AS VARCHAR), 24, '0')";
        String copied = Arrays.stream(columns.split(",\\s*"))
                .map(c -> c.equals("id") ? id : c.equals("pool_id") ? Long.toString(pool) : "t." + c)
                .reduce((x, y) -> x + ", " + y).orElseThrow();
        String sql = "INSERT INTO " + table + " (" + columns + ") SELECT " + copied + " FROM " + table + " t CROSS JOIN ("
                + range + ") r WHERE t.id = ?";
        try (Connection c = DriverManager.getConnection(url); PreparedStatement st = c.prepareStatement(sql)) {
            c.setAutoCommit(false);
            for (int from = 0; from < count; from += ROWS_PER_STATEMENT) {
                st.setLong(1, from);
                st.setLong(2, Math.min(count, from + ROWS_PER_STATEMENT) - 1);
                st.setString(3, template);
                st.executeUpdate();
                c.commit();
            }
            if (dialect == Dialect.POSTGRESQL) {
                // Rows that arrive at once leave PostgreSQL planning from statistics of the empty pool until autovacuum
                // next looks (it had not, a minute later): a sort of all 200k rows instead of an index walk of 301.
                try (Statement analyze = c.createStatement()) {
                    analyze.execute("ANALYZE " + table);
                }
                c.commit();
            }
        }
    }

    /**
     * {@code bulk-answers (--data DIR | --db-url URL) --pool P --tasks N}: N tasks in pool P, each with three
     * ACCEPTED one-task assignments whose {@code result} is cat or dog, as the worker API would have stored them, an
     * hour old. A seeded crowd of 50 workers: five always answer dog, the others are right 85 % of the time.
     * Batched inserts, one commit per {@value #BATCH} tasks.
     */
    private static void bulkAnswers(List<String> args) throws SQLException {
        ArtelConfig config = config(args);
        long pool = Long.parseLong(option(args, "--pool"));
        int tasks = Integer.parseInt(option(args, "--tasks"));
        String url = config.effectiveDbUrl();
        java.util.Random random = new java.util.Random(20240611);
        String[] workers = new String[50];
        for (int w = 0; w < workers.length; w++) {
            workers[w] = String.format("%032x", w + 1);
        }
        long accepted = System.currentTimeMillis() - 3_600_000;
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement account = c.prepareStatement("SELECT account_id FROM pools WHERE id = ?");
             PreparedStatement task = c.prepareStatement("INSERT INTO tasks (" + TASK_COLUMNS
                     + ") VALUES (?, ?, ?, NULL, ?, 3, 3, FALSE, 'REAL', ?)");
             PreparedStatement assignment = c.prepareStatement("INSERT INTO assignments (id, account_id, pool_id,"
                     + " task_suite_id, worker_id, status, created, submitted, accepted, reward, doc)"
                     + " VALUES (?, ?, ?, ?, ?, 'ACCEPTED', ?, ?, ?, 0.01, ?)");
             PreparedStatement had = c.prepareStatement("INSERT INTO assignment_tasks (task_id, worker_id,"
                     + " assignment_id) VALUES (?, ?, ?)")) {
            c.setAutoCommit(false);
            account.setLong(1, pool);
            String accountId;
            try (var rs = account.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalArgumentException("no pool " + pool);
                }
                accountId = rs.getString(1);
            }
            for (int i = 0; i < tasks; i++) {
                String taskId = itemId(pool, i);
                String input = "{\"image\": \"https://example.com/" + i + ".png\"}";
                task.setString(1, taskId);
                task.setString(2, accountId);
                task.setLong(3, pool);
                task.setLong(4, accepted);
                task.setString(5, "{\"input_values\": " + input + "}");
                task.addBatch();
                boolean cat = random.nextBoolean();
                List<Integer> crowd = new ArrayList<>();
                while (crowd.size() < 3) {
                    int w = random.nextInt(workers.length);
                    if (!crowd.contains(w)) {
                        crowd.add(w);
                    }
                }
                for (int k = 0; k < 3; k++) {
                    int w = crowd.get(k);
                    boolean right = w >= 5 && random.nextDouble() < 0.85;
                    String answer = w < 5 ? "dog" : (right == cat) ? "cat" : "dog";
                    String assignmentId = itemId(pool, tasks + i * 3 + k);
                    assignment.setString(1, assignmentId);
                    assignment.setString(2, accountId);
                    assignment.setLong(3, pool);
                    assignment.setString(4, taskId);
                    assignment.setString(5, workers[w]);
                    assignment.setLong(6, accepted);
                    assignment.setLong(7, accepted);
                    assignment.setLong(8, accepted);
                    assignment.setString(9, "{\"tasks\": [{\"id\": \"" + taskId + "\", \"input_values\": " + input
                            + "}], \"solutions\": [{\"output_values\": {\"result\": \"" + answer + "\"}}]}");
                    assignment.addBatch();
                    had.setString(1, taskId);
                    had.setString(2, workers[w]);
                    had.setString(3, assignmentId);
                    had.addBatch();
                }
                if ((i + 1) % BATCH == 0 || i == tasks - 1) {
                    task.executeBatch();
                    assignment.executeBatch();
                    had.executeBatch();
                    c.commit();
                }
            }
            if (Dialect.fromJdbcUrl(url) == Dialect.POSTGRESQL) {
                try (Statement analyze = c.createStatement()) {
                    analyze.execute("ANALYZE tasks");
                    analyze.execute("ANALYZE assignments");
                }
                c.commit();
            }
        }
    }

    /** An id of the server's item form (pool in ten hex digits, then 24), from a counter instead of the clock. */
    private static String itemId(long pool, int i) {
        return String.format("%010x--%024x", pool, i);
    }

    /**
     * {@code schema create|drop|vacuum BASE_URL NAME...}. {@code vacuum} does for each table of the schema what
     * autovacuum would (VACUUM ANALYZE): this machine's PostgreSQL runs with it off, so a run's tables would
     * otherwise keep the statistics of when they were empty and every dead row they ever had.
     */
    private static void schema(List<String> args) throws SQLException {
        String action = args.get(0);
        String base = args.get(1);
        try (Connection c = DriverManager.getConnection(base); Statement st = c.createStatement()) {
            for (String name : args.subList(2, args.size())) {
                if (!name.matches("[a-z0-9_]+")) {
                    throw new IllegalArgumentException("not a plain schema name: " + name);
                }
                switch (action) {
                    case "create" -> st.execute("CREATE SCHEMA " + name);
                    case "drop" -> st.execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
                    case "vacuum" -> {
                        List<String> tables = new ArrayList<>();
                        try (ResultSet rs = st.executeQuery("SELECT table_name FROM information_schema.tables"
                                + " WHERE table_schema = '" + name + "' AND table_type = 'BASE TABLE'")) {
                            while (rs.next()) {
                                tables.add(rs.getString(1));
                            }
                        }
                        for (String table : tables) {
                            st.execute("VACUUM ANALYZE " + name + ".\"" + table + "\"");
                        }
                    }
                    default -> throw new IllegalArgumentException("schema create|drop|vacuum");
                }
            }
        }
    }

    /** The database from {@code --data DIR} or {@code --db-url URL}, through Artel's own config (same URL settings). */
    private static ArtelConfig config(List<String> args) {
        ArtelConfig.Builder b = ArtelConfig.builder();
        int data = args.indexOf("--data");
        int url = args.indexOf("--db-url");
        if (data >= 0) {
            b.dataDir(Path.of(args.get(data + 1)));
        } else if (url >= 0) {
            b.dbUrl(args.get(url + 1));
        } else {
            throw new IllegalArgumentException("--data DIR or --db-url URL is required");
        }
        return b.build();
    }

    private static String option(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0 || i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return args.get(i + 1);
    }
}
