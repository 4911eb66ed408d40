package dev.artel.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The benchmark driver and load generator, a JDK-only JVM of its own. For each database it starts fresh
 * Artel servers through {@code ./artel}, drives them over 127.0.0.1 with closed-loop clients, runs the
 * storage floor in a third JVM, and writes one Markdown report. See BENCHMARKS.md for what each figure means.
 *
 * <p>Usage: {@code Bench --repo DIR --tool-classpath CP --jvm-opts "..." [--quick] [--db h2,pg] [--pg-url URL]
 * [--clone-vs-bare | --crowd [--upload-tasks N] [--scale-rows M] | --simulated-crowd [--crowd-workers N]
 * [--crowd-tasks M] | --rule-cost]}; {@code --rule-cost} runs only issue 10's rule cost (see {@link #ruleCost});
 * {@code --clone-vs-bare} runs only the clone comparison (see {@link #cloneVsBare}),
 * {@code --crowd} only issue 8's crowd figures (see {@link #crowd}), {@code --simulated-crowd} only issue 9's
 * simulated crowd (see {@link #simulatedCrowd}).
 */
public final class Bench {
    static final int[] GET_CLIENTS = {1, 8, 64};
    static final int[] CLONE_CLIENTS = {1, 8};
    /** Clients of the clone comparison: as many connections as issue 8's side-by-side measurement used. */
    static final int COMPARE_CLIENTS = 32;
    static final int WRITE_CLIENTS = 8;
    static final int LIST_CLIENTS = 8;
    static final int LIST_LIMIT = 300;
    /** Workers of the crowd benchmark's closed loop, as many as issue 8 asks for. */
    static final int WORKERS = 64;
    /** Other projects that the filler pools of the list account are spread over. */
    static final int OTHER_PROJECTS = 9;
    private static final long STARTED = System.nanoTime();

    /**
     * How long and how big. A full run warms each server for 40 s and times every figure 3 times for 8 s;
     * the quick mode is a smoke check of the whole pipeline in about a minute per database, not a measurement.
     */
    record Settings(boolean quick, double warmupSeconds, double runSeconds, int reps, int starts,
                    double settleSeconds, int listSmallAccount, int listLargeAccount, int listProjectPools) {
        static Settings full() {
            return new Settings(false, 40, 8, 3, 3, 3, 1_000, 100_000, 10_000);
        }

        /** Server starts dominate a quick run's time, so it starts (and restarts) each server only once. */
        static Settings quickRun() {
            return new Settings(true, 2, 0.5, 3, 1, 0.5, 1_000, 10_000, 2_000);
        }
    }

    private final Path repo;
    private final String toolClasspath;
    private final List<String> jvmOpts;
    private final Settings settings;
    private final Path work;
    private final String stamp;
    private final Children children = new Children();
    /** Stores (H2 directories, PostgreSQL schemas) not yet dropped; also the lock that drops them. */
    private final List<Store> created = new ArrayList<>();

    private Bench(Path repo, String toolClasspath, List<String> jvmOpts, Settings settings, Path work, String stamp) {
        this.repo = repo;
        this.toolClasspath = toolClasspath;
        this.jvmOpts = jvmOpts;
        this.settings = settings;
        this.work = work;
        this.stamp = stamp;
    }

    public static void main(String[] args) throws Exception {
        List<String> a = Arrays.asList(args);
        Path repo = Path.of(option(a, "--repo", null)).toAbsolutePath();
        Settings settings = a.contains("--quick") ? Settings.quickRun() : Settings.full();
        String pgUrl = option(a, "--pg-url", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
        List<Store.Kind> kinds = Arrays.stream(option(a, "--db", "h2,pg").split(",")).map(db -> switch (db) {
            case "h2" -> Store.Kind.H2;
            case "pg" -> Store.Kind.POSTGRESQL;
            default -> throw new IllegalArgumentException("--db takes h2, pg or h2,pg");
        }).toList();
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        String stamp = now.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"));
        Path work = Files.createTempDirectory("artel-bench-");
        Bench bench = new Bench(repo, option(a, "--tool-classpath", null),
                List.of(option(a, "--jvm-opts", "").trim().split("\\s+")), settings, work, stamp);

        // Runs at any exit: after a failure or Ctrl-C it stops the children and drops the stores; after a
        // clean run there is nothing left to do. The work directory stays after a failure, for its logs.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            bench.children.stopAll();
            bench.drop();
        }, "bench-cleanup"));
        System.err.println("bench: logs in " + work);
        long t0 = System.nanoTime();
        if (a.contains("--clone-vs-bare")) {
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "# Clone: Artel against a bare "
                    + "Javalin + JDBC clone, %s%s%n%n- Machine: %s%n- JVM flags of both servers: `%s`; load average "
                    + "before the run: %s%n- %d clients each, %s s warm-up per server, median of %d alternating runs "
                    + "of %s s; CPU ms = the server process's CPU time (user + system, /proc) during a run ÷ its clones, "
                    + "which the other processes on the machine disturb far less than the rate%n%n| Database "
                    + "| Artel clones/s | p50 ms | p99 ms | CPU ms | Bare clones/s | p50 ms | p99 ms | CPU ms "
                    + "| Artel ÷ bare, rate | Bare ÷ Artel, CPU ms |%n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n",
                    now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    settings.quick() ? " — SMOKE RUN (`--quick`), not a measurement" : "", machine(),
                    String.join(" ", bench.jvmOpts), Files.readString(Path.of("/proc/loadavg")).trim(),
                    COMPARE_CLIENTS, Report.trim(settings.warmupSeconds() / 2), settings.reps(),
                    Report.trim(settings.runSeconds())));
            for (Store.Kind kind : kinds) {
                report.append(bench.cloneVsBare(kind, pgUrl));
            }
            bench.finish(report.append(String.format(Locale.ROOT, "%nThe whole run took %.0f s.%n",
                    (System.nanoTime() - t0) / 1e9)).toString(), "clone-vs-bare");
            return;
        }
        if (a.contains("--aggregation")) {
            int tasks = Integer.parseInt(option(a, "--aggregation-tasks", settings.quick() ? "2000" : "100000"));
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "# Aggregation: Dawid-Skene over a "
                    + "pool of %,d tasks × 3 accepted answers, %s%s%n%n- Machine: %s%n- Server JVM flags (the "
                    + "launcher's unless JAVA_OPTS): `%s`; load average before the run: %s%n- Answers bulk-inserted "
                    + "by JDBC (StorageTool bulk-answers: 50 workers, 85 %% right, 5 of them always \"dog\"), then "
                    + "one `POST /api/v1/aggregated-solutions/aggregate-by-pool`, run inline, timed to its 202 "
                    + "SUCCESS; then every result read back 300 a page. RSS of the server process sampled every "
                    + "100 ms%n%n| Database | Answers | Aggregate s | RSS before MB | Max RSS MB | Read back s "
                    + "| Results |%n|---|--:|--:|--:|--:|--:|--:|%n",
                    tasks, now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    settings.quick() ? " — SMOKE RUN (`--quick`), not a measurement" : "", machine(),
                    String.join(" ", bench.jvmOpts), Files.readString(Path.of("/proc/loadavg")).trim()));
            for (Store.Kind kind : kinds) {
                report.append(bench.aggregation(kind, pgUrl, tasks));
            }
            bench.finish(report.append(String.format(Locale.ROOT, "%nThe whole run took %.0f s.%n",
                    (System.nanoTime() - t0) / 1e9)).toString(), "aggregation");
            return;
        }
        if (a.contains("--crowd")) {
            int uploadTasks = Integer.parseInt(option(a, "--upload-tasks", settings.quick() ? "2000" : "100000"));
            int scaleSmall = settings.quick() ? 1_000 : 10_000;
            int scaleLarge = Integer.parseInt(option(a, "--scale-rows", settings.quick() ? "5000" : "1000000"));
            StringBuilder loop = new StringBuilder(String.format(Locale.ROOT, "# Crowd: upload, work and scale, "
                    + "%s%s%n%n- Machine: %s%n- Server JVM flags (the launcher's unless JAVA_OPTS): `%s`; load "
                    + "average before the run: %s%n- Upload: %,d tasks in one `POST /api/v1/tasks?async_mode=true"
                    + "&allow_defaults=true` to SUCCESS, against the same documents inserted by JDBC batch (1,000 a "
                    + "batch, one transaction) into a fresh store of the same engine; max RSS sampled every 100 ms"
                    + "%n- Work: %d workers in a closed loop (take, submit; auto-accept), %s s warm-up, median of %d "
                    + "runs of %s s, against the storage floor (one read plus one insert in a transaction) at %d "
                    + "threads, and the HTTP ceiling (`GET /_artel/health`) at as many clients; the best a turn of two "
                    + "requests, each committing once, could do is 1 / (2 / ceiling + 2 / floor)%n%n| Database "
                    + "| Upload tasks/s | Floor tasks/s | Upload ÷ floor | Max RSS MB | Work asg/s | p50 ms | p99 ms "
                    + "| Floor tx/s | p50 ms | p99 ms | Work ÷ floor | Ceiling req/s | Best turn/s | Best ÷ floor "
                    + "| Work ÷ best |%n|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|%n",
                    now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    settings.quick() ? " — SMOKE RUN (`--quick`), not a measurement" : "", machine(),
                    String.join(" ", bench.jvmOpts), Files.readString(Path.of("/proc/loadavg")).trim(), uploadTasks,
                    WORKERS, Report.trim(settings.warmupSeconds() / 4), settings.reps(),
                    Report.trim(settings.runSeconds()), WORKERS));
            StringBuilder scale = new StringBuilder(String.format(Locale.ROOT, "%nScale: `GET /api/v1/tasks?pool_id=P"
                    + "&limit=%d` and `GET /api/v1/assignments?pool_id=P&limit=%d`, %d clients, median of %d runs of "
                    + "%s s, with %,d rows of each in P against %,d (bulk-inserted by JDBC)%n%n| Database "
                    + "| Tasks /s, %,d | p50 ms | Tasks /s, %,d | p50 ms | Large ÷ small | Assignments /s, %,d "
                    + "| p50 ms | Assignments /s, %,d | p50 ms | Large ÷ small |%n|---|--:|--:|--:|--:|--:|--:|--:|--:"
                    + "|--:|--:|%n", LIST_LIMIT, LIST_LIMIT, LIST_CLIENTS, settings.reps(),
                    Report.trim(settings.runSeconds()), scaleSmall, scaleLarge, scaleSmall, scaleLarge, scaleSmall,
                    scaleLarge));
            for (Store.Kind kind : kinds) {
                String[] rows = bench.crowd(kind, pgUrl, uploadTasks, scaleSmall, scaleLarge);
                loop.append(rows[0]);
                scale.append(rows[1]);
            }
            bench.finish(loop.append(scale).append(String.format(Locale.ROOT, "%nThe whole run took %.0f s.%n",
                    (System.nanoTime() - t0) / 1e9)).toString(), "crowd");
            return;
        }
        if (a.contains("--rule-cost")) {
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "# Rule cost: %d workers taking and "
                    + "submitting in a pool without and with quality-control rules, %s%s%n%n- Machine: %s%n- Server "
                    + "JVM flags (the launcher's unless JAVA_OPTS): `%s`; load average before the run: %s%n- One "
                    + "server, two pools of one-task suites, three answers a task, auto-accept: the plain one and the "
                    + "same with the rules of `Bodies.RULES` (six collectors, none of whose conditions is met, so every submit is judged and "
                    + "nothing is done); %s s warm-up of each, then %d alternating runs of %s s each, medians%n%n"
                    + "| Database | Plain asg/s | p50 ms | p99 ms | With rules asg/s | p50 ms | p99 ms | Rules ÷ plain "
                    + "| Added cost |%n|---|--:|--:|--:|--:|--:|--:|--:|--:|%n", WORKERS,
                    now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    settings.quick() ? " — SMOKE RUN (`--quick`), not a measurement" : "", machine(),
                    String.join(" ", bench.jvmOpts), Files.readString(Path.of("/proc/loadavg")).trim(),
                    Report.trim(settings.warmupSeconds() / 4), settings.reps(), Report.trim(settings.runSeconds())));
            for (Store.Kind kind : kinds) {
                report.append(bench.ruleCost(kind, pgUrl));
            }
            bench.finish(report.append(String.format(Locale.ROOT, "%nThe whole run took %.0f s.%n",
                    (System.nanoTime() - t0) / 1e9)).toString(), "rule-cost");
            return;
        }
        if (a.contains("--simulated-crowd")) {
            int workers = Integer.parseInt(option(a, "--crowd-workers", settings.quick() ? "50" : "1000"));
            int tasks = Integer.parseInt(option(a, "--crowd-tasks", settings.quick() ? "1000" : "100000"));
            Duration step = Duration.parse(option(a, "--crowd-step", "PT1M"));
            StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "# Simulated crowd: %,d workers "
                    + "finish a pool of %,d tasks, overlap 3, on the emulator's clock, %s%s%n%n- Machine: %s%n- Server "
                    + "JVM flags (the launcher's unless JAVA_OPTS): `%s`; load average before the run: %s%n- "
                    + "`./artel serve --emulator`; one pool, suites of 10 tasks, auto-accept, uploaded in one async "
                    + "request; the crowd (`Bodies.simulatedCrowd`: lognormal times, skips, abandons) is defined, "
                    + "then the clock is advanced by %s at a time until the pool is COMPLETED%n%n| Database "
                    + "| Upload s | Crowd defined s | Advances | Virtual time | Wall s of the advances | Timers fired "
                    + "| Timers/s |%n|---|--:|--:|--:|--:|--:|--:|--:|%n",
                    workers, tasks, now.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")),
                    settings.quick() ? " — SMOKE RUN (`--quick`), not a measurement" : "", machine(),
                    String.join(" ", bench.jvmOpts), Files.readString(Path.of("/proc/loadavg")).trim(), step));
            for (Store.Kind kind : kinds) {
                report.append(bench.simulatedCrowd(kind, pgUrl, workers, tasks, step));
            }
            bench.finish(report.append(String.format(Locale.ROOT, "%nThe whole run took %.0f s.%n",
                    (System.nanoTime() - t0) / 1e9)).toString(), "simulated-crowd");
            return;
        }
        List<Figures> results = new ArrayList<>();
        for (Store.Kind kind : kinds) {
            results.add(bench.measure(kind, pgUrl));
        }
        bench.finish(new Report(settings, now, machine(), String.join(" ", bench.jvmOpts), results,
                (System.nanoTime() - t0) / 1e9).render(), null);
    }

    /** Prints the report, writes it to bench/results/ and removes the work directory. */
    private void finish(String report, String suffix) throws IOException {
        Path out = repo.resolve("bench/results/" + stamp + (suffix == null ? "" : "-" + suffix)
                + (settings.quick() ? "-quick" : "") + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);
        System.err.println("Written to " + repo.relativize(out));
        deleteTree(work);
    }

    /**
     * Issue 8's side-by-side clone measurement, one table row: an Artel server and the bare clone server
     * ({@code StorageTool bare-clone}, same JVM flags, same {@code Database} and URL settings, each on a fresh
     * store of the same engine) are both up; each is warmed, then the two are driven in alternating runs by
     * {@value #COMPARE_CLIENTS} clients cloning their own pools, so a drift in machine load hits both alike.
     */
    private String cloneVsBare(Store.Kind kind, String pgUrl) throws Exception {
        Figures f = new Figures(kind);
        List<Double> artelCpu = new ArrayList<>();
        List<Double> bareCpu = new ArrayList<>();
        List<Store> stores = List.of(store(kind, pgUrl, 0), store(kind, pgUrl, 1));
        synchronized (created) {
            created.addAll(stores);
        }
        try {
            if (kind == Store.Kind.POSTGRESQL) {
                tool(Stream.concat(Stream.of("schema", "create", pgUrl), stores.stream().map(Store::schema)).toList());
            }
            try (ServerProcess artel = startMeasured(f, stores.get(0), "artel", new ArrayList<>(), new ArrayList<>())) {
                List<String> pools = new ArrayList<>();
                String projectId;
                try (Http http = new Http(artel.port(), f.token)) {
                    projectId = JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(),
                            "id");
                    for (int i = 0; i < COMPARE_CLIENTS; i++) {
                        pools.add(JsonField.get(http.expect(201, "POST", "/api/v1/pools", Bodies.pool(projectId))
                                .text(), "id"));
                    }
                }
                Clients a = new Clients(artel.port(), f.token, projectId, pools);
                Path doc = work.resolve("bare-doc.json");
                Files.writeString(doc, Bodies.pool("1000000000"));
                List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString()));
                command.addAll(jvmOpts.stream().filter(o -> !o.isEmpty()).toList());
                command.addAll(List.of("-cp", toolClasspath, "dev.artel.bench.storage.StorageTool", "bare-clone",
                        "--doc", doc.toString(), "--pools", Integer.toString(COMPARE_CLIENTS)));
                command.addAll(stores.get(1).serverArgs());
                Path bareOut = work.resolve("bare-" + kind.tag + ".out");
                Process bare = children.spawn(new ProcessBuilder(command).directory(repo.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(bareOut.toFile())
                        .redirectError(work.resolve("bare-" + kind.tag + ".log").toFile()));
                try {
                    int barePort = bareServing(bare, bareOut);
                    ServerProcess.waitForHealth(bare, barePort, work.resolve("bare-" + kind.tag + ".log"));
                    List<String> barePools = new ArrayList<>();
                    for (int i = 0; i < COMPARE_CLIENTS; i++) {
                        barePools.add(Long.toString(9_000_000_000_000L + i));
                    }
                    Clients b = new Clients(barePort, null, null, barePools);
                    log(f, "warming up both for " + settings.warmupSeconds() / 2 + " s each");
                    Load.run(COMPARE_CLIENTS, settings.warmupSeconds() / 2, a::cloneAndWait);
                    Load.run(COMPARE_CLIENTS, settings.warmupSeconds() / 2, b::cloneAndWait);
                    for (int rep = 0; rep < settings.reps(); rep++) {
                        artelCpu.add(cpuPerCall(f, "artel-clone", artel.pid(), a));
                        bareCpu.add(cpuPerCall(f, "bare-clone", bare.pid(), b));
                    }
                } finally {
                    Children.stop(bare);
                }
            }
        } finally {
            drop();
        }
        Load.Result artel = f.median("artel-clone", COMPARE_CLIENTS);
        Load.Result bare = f.median("bare-clone", COMPARE_CLIENTS);
        double artelMs = Load.medianOf(artelCpu.stream().mapToDouble(Double::doubleValue).toArray());
        double bareMs = Load.medianOf(bareCpu.stream().mapToDouble(Double::doubleValue).toArray());
        return String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %.2f | %,.0f | %.2f | %.2f | %.2f | %.2f | %.2f |%s%n",
                kind.tag, artel.perSecond(), artel.p50Millis(), artel.p99Millis(), artelMs, bare.perSecond(),
                bare.p50Millis(), bare.p99Millis(), bareMs, artel.perSecond() / bare.perSecond(), bareMs / artelMs, artel.errors() + bare.errors() > 0
                        ? " **errors**: " + artel.firstError() + " / " + bare.firstError() : "");
    }

    /**
     * Issue 8's crowd figures on one engine, as two table rows (upload and work; scale). One Artel server with
     * the operator API on, and a second fresh store for the floors, which run in the storage tool's JVM while the
     * server idles: an upload of {@code uploadTasks} tasks to a pool, timed to SUCCESS, against the same documents
     * batch-inserted; {@value #WORKERS} workers taking and submitting in that pool, against one read plus one
     * insert a transaction; then lists of tasks and assignments in a pool of {@code scaleSmall} rows of each
     * against one of {@code scaleLarge}, their rows copied by JDBC from the worked pool's.
     */
    private String[] crowd(Store.Kind kind, String pgUrl, int uploadTasks, int scaleSmall, int scaleLarge)
            throws Exception {
        Figures f = new Figures(kind);
        List<Store> stores = List.of(store(kind, pgUrl, 0), store(kind, pgUrl, 1));
        Store floorStore = stores.get(1);
        synchronized (created) {
            created.addAll(stores);
        }
        double uploadFloor = 0;
        double[] maxRss = {0};
        try {
            if (kind == Store.Kind.POSTGRESQL) {
                tool(Stream.concat(Stream.of("schema", "create", pgUrl), stores.stream().map(Store::schema)).toList());
            }
            String operatorToken = UUID.randomUUID().toString();
            Path tokenFile = work.resolve("operator-token");
            Files.writeString(tokenFile, operatorToken);
            List<String> serverArgs = new ArrayList<>(stores.get(0).serverArgs());
            serverArgs.addAll(List.of("--operator-token-file", tokenFile.toString()));
            try (ServerProcess server = ServerProcess.start(children, repo, serverArgs,
                    work.resolve("server-" + kind.tag + "-crowd.log"))) {
                int port = server.port();
                String token = server.token();
                String pool;
                String small;
                String large;
                try (Http http = new Http(port, token)) {
                    String project = JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(),
                            "id");
                    pool = JsonField.get(http.expect(201, "POST", "/api/v1/pools", Bodies.crowdPool(project)).text(),
                            "id");
                    small = JsonField.get(http.expect(201, "POST", "/api/v1/pools", Bodies.crowdPool(project)).text(),
                            "id");
                    large = JsonField.get(http.expect(201, "POST", "/api/v1/pools", Bodies.crowdPool(project)).text(),
                            "id");
                }

                String body = Bodies.tasks(pool, uploadTasks);
                log(f, String.format(Locale.ROOT, "uploading %,d tasks (%.1f MB) in one request", uploadTasks,
                        body.length() / 1e6));
                record(f, "upload", withRssSampling(server, maxRss, () -> upload(port, token, body, uploadTasks)));
                log(f, String.format(Locale.ROOT, "max RSS during the upload: %.0f MB", maxRss[0]));
                String task;
                try (Http http = new Http(port, token)) {
                    task = JsonField.firstElement(http.expect(200, "GET", "/api/v1/tasks?pool_id=" + pool
                            + "&limit=1", null).text(), "items");
                }
                Path taskDoc = work.resolve("task-doc.json");
                Files.writeString(taskDoc, task);
                List<String> floorArgs = new ArrayList<>(List.of("task-floor", "--doc", taskDoc.toString(), "--vary",
                        Bodies.FIRST_IMAGE, "--count", Integer.toString(uploadTasks)));
                floorArgs.addAll(floorStore.serverArgs());
                for (String line : tool(floorArgs)) {
                    if (line.startsWith("tasks-per-second ")) {
                        uploadFloor = Double.parseDouble(line.substring("tasks-per-second ".length()));
                    }
                }
                log(f, String.format(Locale.ROOT, "upload floor: %.0f tasks/s", uploadFloor));

                List<String> workers = new ArrayList<>();
                try (Http http = new Http(port, token); Http operator = new Http(port, operatorToken)) {
                    http.expect(202, "POST", "/api/v1/pools/" + pool + "/open", null);
                    for (int i = 0; i < WORKERS; i++) {
                        workers.add(JsonField.get(operator.expect(201, "POST", "/artel/v1/operator/workers",
                                "{\"name\": \"bench-" + i + "\"}").text(), "token"));
                    }
                }
                log(f, "warming up the workers for " + settings.warmupSeconds() / 4 + " s");
                Load.run(WORKERS, settings.warmupSeconds() / 4, i -> work(port, workers.get(i), pool));
                for (int rep = 0; rep < settings.reps(); rep++) {
                    standInForAutovacuum(stores.get(0), pgUrl);
                    record(f, "work", Load.run(WORKERS, settings.runSeconds(), i -> work(port, workers.get(i), pool)));
                }
                Path poolDoc = work.resolve("floor-doc.json");
                Files.writeString(poolDoc, Bodies.pool("1000000000"));
                List<String> args = new ArrayList<>(List.of("floor", "--doc", poolDoc.toString(),
                        "--clients", Integer.toString(WORKERS), "--warmup", Double.toString(settings.warmupSeconds() / 4),
                        "--seconds", Double.toString(settings.runSeconds()), "--reps", Integer.toString(settings.reps())));
                args.addAll(floorStore.serverArgs());
                for (String line : tool(args)) {
                    if (line.startsWith("result ")) {
                        record(f, "work-floor", Load.Result.parseLine(line));
                    }
                }
                Clients ceiling = new Clients(port, token, null, List.of());
                for (int rep = 0; rep < settings.reps(); rep++) {
                    record(f, "work-ceiling", Load.run(WORKERS, settings.runSeconds(), ceiling::health));
                }

                String assignment;
                try (Http http = new Http(port, token)) {
                    assignment = JsonField.get(JsonField.firstElement(http.expect(200, "GET",
                            "/api/v1/assignments?pool_id=" + pool + "&limit=1", null).text(), "items"), "id");
                }
                for (String[] fill : List.of(new String[] {small, Integer.toString(scaleSmall)},
                        new String[] {large, Integer.toString(scaleLarge)})) {
                    long t0 = System.nanoTime();
                    for (String[] table : List.of(new String[] {"tasks", JsonField.get(task, "id")},
                            new String[] {"assignments", assignment})) {
                        List<String> bulk = new ArrayList<>(List.of("bulk-rows", "--table", table[0], "--template",
                                table[1], "--pool", fill[0], "--count", fill[1]));
                        bulk.addAll(stores.get(0).serverArgs());
                        tool(bulk);
                    }
                    log(f, String.format(Locale.ROOT, "bulk-loaded %s tasks and assignments into pool %s in %.1f s",
                            fill[1], fill[0], (System.nanoTime() - t0) / 1e9));
                }
                Clients c = new Clients(port, token, null, List.of());
                List<String[]> lists = List.of(new String[] {"tasks-small", "/api/v1/tasks?pool_id=" + small},
                        new String[] {"tasks-large", "/api/v1/tasks?pool_id=" + large},
                        new String[] {"asg-small", "/api/v1/assignments?pool_id=" + small},
                        new String[] {"asg-large", "/api/v1/assignments?pool_id=" + large});
                for (String[] list : lists) {
                    Load.run(LIST_CLIENTS, settings.runSeconds(), i -> c.page(list[1] + "&limit=" + LIST_LIMIT));
                }
                // Small and large alternate within each repetition, so a drift in machine load hits both alike.
                for (int rep = 0; rep < settings.reps(); rep++) {
                    for (String[] list : lists) {
                        record(f, list[0], Load.run(LIST_CLIENTS, settings.runSeconds(),
                                i -> c.page(list[1] + "&limit=" + LIST_LIMIT)));
                    }
                }
            }
        } finally {
            drop();
        }
        Load.Result upload = f.median("upload", 1);
        Load.Result work = f.median("work", WORKERS);
        Load.Result floor = f.median("work-floor", WORKERS);
        Load.Result ceiling = f.median("work-ceiling", WORKERS);
        // A turn is two requests, each of which must commit before it answers: at best two trips through the HTTP
        // stack and two floor transactions.
        double bound = 1 / (2 / ceiling.perSecond() + 2 / floor.perSecond());
        Load.Result ts = f.median("tasks-small", LIST_CLIENTS);
        Load.Result tl = f.median("tasks-large", LIST_CLIENTS);
        Load.Result as = f.median("asg-small", LIST_CLIENTS);
        Load.Result al = f.median("asg-large", LIST_CLIENTS);
        long errors = work.errors() + floor.errors() + ts.errors() + tl.errors() + as.errors() + al.errors();
        return new String[] {
            String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.2f | %.0f | %,.1f | %.2f | %.2f | %,.0f | %.2f | %.2f "
                    + "| %.3f | %,.0f | %,.0f | %.3f | %.3f |%s%n", kind.tag, upload.perSecond(), uploadFloor,
                    upload.perSecond() / uploadFloor, maxRss[0], work.perSecond(), work.p50Millis(),
                    work.p99Millis(), floor.perSecond(), floor.p50Millis(), floor.p99Millis(),
                    work.perSecond() / floor.perSecond(), ceiling.perSecond(), bound, bound / floor.perSecond(),
                    work.perSecond() / bound,
                    work.errors() + floor.errors() > 0 ? " **errors**: " + work.firstError() + " / "
                            + floor.firstError() : ""),
            String.format(Locale.ROOT, "| %s | %,.1f | %.2f | %,.1f | %.2f | %.3f | %,.1f | %.2f | %,.1f | %.2f "
                    + "| %.3f |%s%n", kind.tag, ts.perSecond(), ts.p50Millis(), tl.perSecond(), tl.p50Millis(),
                    tl.perSecond() / ts.perSecond(), as.perSecond(), as.p50Millis(), al.perSecond(), al.p50Millis(),
                    al.perSecond() / as.perSecond(), errors - work.errors() - floor.errors() > 0
                            ? " **errors**: " + ts.firstError() + " / " + al.firstError() : "")};
    }

    /**
     * Starts a server on {@code store}, made first on PostgreSQL, with {@code operatorToken} as its operator's and
     * the {@code extra} arguments; its log is server-DB-NAME.log in the work directory.
     */
    private ServerProcess startOnFreshStore(Store.Kind kind, String pgUrl, Store store, String operatorToken,
                                            String name, String... extra) throws Exception {
        if (kind == Store.Kind.POSTGRESQL) {
            tool(List.of("schema", "create", pgUrl, store.schema()));
        }
        Path tokenFile = work.resolve("operator-token");
        Files.writeString(tokenFile, operatorToken);
        List<String> serverArgs = new ArrayList<>(store.serverArgs());
        serverArgs.addAll(List.of(extra));
        serverArgs.addAll(List.of("--operator-token-file", tokenFile.toString()));
        return ServerProcess.start(children, repo, serverArgs, work.resolve("server-" + kind.tag + "-" + name
                + ".log"));
    }

    /**
     * Issue 10's rule cost, one table row: {@value #WORKERS} workers in a closed loop in a plain pool and in the same
     * pool with quality-control rules, on one server, alternating so that a drift in machine load hits both alike.
     */
    private String ruleCost(Store.Kind kind, String pgUrl) throws Exception {
        Figures f = new Figures(kind);
        Store store = store(kind, pgUrl, 0);
        synchronized (created) {
            created.add(store);
        }
        int tasks = settings.quick() ? 5_000 : 40_000;
        try {
            String operatorToken = UUID.randomUUID().toString();
            try (ServerProcess server = startOnFreshStore(kind, pgUrl, store, operatorToken, "rule-cost")) {
                int port = server.port();
                Map<String, String> pools = new LinkedHashMap<>();
                List<String> workers = new ArrayList<>();
                try (Http http = new Http(port, server.token()); Http operator = new Http(port, operatorToken)) {
                    String project = JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(),
                            "id");
                    pools.put("plain", JsonField.get(http.expect(201, "POST", "/api/v1/pools",
                            Bodies.ruleCostPool(project, false)).text(), "id"));
                    pools.put("rules", JsonField.get(http.expect(201, "POST", "/api/v1/pools",
                            Bodies.ruleCostPool(project, true)).text(), "id"));
                    for (String pool : pools.values()) {
                        upload(port, server.token(), Bodies.tasks(pool, tasks), tasks);
                        http.expect(202, "POST", "/api/v1/pools/" + pool + "/open", null);
                    }
                    for (int i = 0; i < WORKERS; i++) {
                        workers.add(JsonField.get(operator.expect(201, "POST", "/artel/v1/operator/workers",
                                "{\"name\": \"bench-" + i + "\"}").text(), "token"));
                    }
                }
                for (Map.Entry<String, String> pool : pools.entrySet()) {
                    log(f, "warming up the workers in the " + pool.getKey() + " pool");
                    Load.run(WORKERS, settings.warmupSeconds() / 4, i -> work(port, workers.get(i), pool.getValue()));
                }
                for (int rep = 0; rep < settings.reps(); rep++) {
                    standInForAutovacuum(store, pgUrl);
                    for (Map.Entry<String, String> pool : pools.entrySet()) {
                        record(f, pool.getKey(), Load.run(WORKERS, settings.runSeconds(),
                                i -> work(port, workers.get(i), pool.getValue())));
                    }
                }
            }
        } finally {
            drop();
        }
        Load.Result plain = f.median("plain", WORKERS);
        Load.Result rules = f.median("rules", WORKERS);
        return String.format(Locale.ROOT, "| %s | %,.1f | %.2f | %.2f | %,.1f | %.2f | %.2f | %.3f | %+.0f %% |%s%n",
                kind.tag, plain.perSecond(), plain.p50Millis(), plain.p99Millis(), rules.perSecond(),
                rules.p50Millis(), rules.p99Millis(), rules.perSecond() / plain.perSecond(),
                100 * (plain.perSecond() / rules.perSecond() - 1), plain.errors() + rules.errors() > 0
                        ? " **errors**: " + plain.firstError() + " / " + rules.firstError() : "");
    }

    /**
     * Issue 9's load figure, one table row: on an emulator, {@code tasks} tasks of overlap 3 in one pool and a
     * simulated crowd of {@code workers} workers; the clock is advanced by {@code step} at a time until the pool
     * is COMPLETED. The figure is the wall time the advances took, which is the simulated crowd's work: every take,
     * answer, skip, expiry and wake is a timer fired within them. Steps are short so that each answer comes back
     * quickly.
     */
    private String simulatedCrowd(Store.Kind kind, String pgUrl, int workers, int tasks, Duration step)
            throws Exception {
        Figures f = new Figures(kind);
        Store store = store(kind, pgUrl, 0);
        synchronized (created) {
            created.add(store);
        }
        int advances = 0;
        long fired = 0;
        double uploadSeconds;
        double defineSeconds;
        double advanceSeconds = 0;
        try {
            String operatorToken = UUID.randomUUID().toString();
            try (ServerProcess server = startOnFreshStore(kind, pgUrl, store, operatorToken, "simulated-crowd",
                    "--emulator");
                 Http http = new Http(server.port(), server.token());
                 Http operator = new Http(server.port(), operatorToken, (int) TimeUnit.MINUTES.toMillis(60))) {
                String project = JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(),
                        "id");
                String pool = JsonField.get(http.expect(201, "POST", "/api/v1/pools",
                        Bodies.simulatedCrowdPool(project)).text(), "id");
                long t0 = System.nanoTime();
                upload(server.port(), server.token(), Bodies.tasks(pool, tasks), tasks);
                uploadSeconds = (System.nanoTime() - t0) / 1e9;
                http.expect(202, "POST", "/api/v1/pools/" + pool + "/open", null);
                t0 = System.nanoTime();
                operator.expect(200, "PUT", "/artel/v1/emulator/crowd", Bodies.simulatedCrowd(workers));
                defineSeconds = (System.nanoTime() - t0) / 1e9;
                log(f, String.format(Locale.ROOT, "%,d tasks uploaded in %.1f s, %,d workers defined in %.1f s", tasks,
                        uploadSeconds, workers, defineSeconds));
                // Bounded: at most 30 virtual days, far beyond what the crowd needs.
                while (step.multipliedBy(advances).compareTo(Duration.ofDays(30)) < 0) {
                    t0 = System.nanoTime();
                    String moved = operator.expect(200, "POST", "/artel/v1/emulator/clock/advance",
                            "{\"by\": \"" + step + "\"}").text();
                    double took = (System.nanoTime() - t0) / 1e9;
                    advanceSeconds += took;
                    advances++;
                    long now = Long.parseLong(JsonField.get(moved, "timers_fired"));
                    fired += now;
                    String status = JsonField.get(http.expect(200, "GET", "/api/v1/pools/" + pool, null).text(),
                            "status");
                    log(f, String.format(Locale.ROOT, "advance %d: %,d timers in %.1f s (%,.0f /s), pool %s",
                            advances, now, took, now / took, status));
                    if ("CLOSED".equals(status)) {
                        break;
                    }
                }
                String reason = JsonField.get(http.expect(200, "GET", "/api/v1/pools/" + pool, null).text(),
                        "last_close_reason");
                if (!"COMPLETED".equals(reason)) {
                    throw new IllegalStateException("the pool is not COMPLETED after " + step.multipliedBy(advances)
                            + ": " + reason);
                }
            }
        } finally {
            drop();
        }
        return String.format(Locale.ROOT, "| %s | %.1f | %.1f | %d | %s | %.1f | %,d | %,.0f |%n", kind.tag,
                uploadSeconds, defineSeconds, advances, step.multipliedBy(advances), advanceSeconds, fired,
                fired / advanceSeconds);
    }

    /**
     * One upload of {@code tasks} tasks, from the first byte sent until the operation is SUCCESS: it runs inline,
     * so the 202 usually says so already; else the operation is polled every 100 ms.
     */
    private static Load.Result upload(int port, String token, String body, int tasks) throws Exception {
        try (Http http = new Http(port, token, (int) TimeUnit.MINUTES.toMillis(30))) {
            long t0 = System.nanoTime();
            String op = http.expect(202, "POST", "/api/v1/tasks?async_mode=true&allow_defaults=true", body).text();
            String status = JsonField.get(op, "status");
            String path = "/api/v1/operations/" + JsonField.get(op, "id");
            while (!"SUCCESS".equals(status)) {
                if ("FAIL".equals(status)) {
                    throw new IOException("the upload ended as FAIL: " + Http.abbreviate(op));
                }
                Thread.sleep(100);
                op = http.expect(200, "GET", path, null).text();
                status = JsonField.get(op, "status");
            }
            long took = System.nanoTime() - t0;
            return new Load.Result(1, tasks, 0, took / 1e9, took, took, null);
        }
    }

    /** A worker's closed loop: take an assignment in the pool, answer its one task. */
    private static Load.Client work(int port, String workerToken, String pool) {
        Http http = new Http(port, workerToken);
        String take = "/artel/v1/worker/pools/" + pool + "/assignments";
        return Clients.client(http, () -> {
            Http.Response taken = http.send("POST", take, new byte[0]);
            // 200 is the worker's assignment still ACTIVE, left by a run that stopped between take and submit.
            if (taken.status() != 201 && taken.status() != 200) {
                throw new IOException("take answered " + taken.status() + ": " + Http.abbreviate(taken.text()));
            }
            http.expect(200, "POST", "/artel/v1/worker/assignments/" + JsonField.get(taken.text(), "id") + "/submit",
                    Bodies.ANSWER);
        });
    }

    /** One timed run of {@code clients}' clones; returns the server's CPU milliseconds per clone in it. */
    private double cpuPerCall(Figures f, String name, long pid, Clients clients) throws Exception {
        double cpu0 = ServerProcess.cpuSeconds(pid);
        Load.Result r = Load.run(COMPARE_CLIENTS, settings.runSeconds(), clients::cloneAndWait);
        double ms = (ServerProcess.cpuSeconds(pid) - cpu0) * 1000 / Math.max(1, r.calls());
        record(f, name, r);
        log(f, String.format(Locale.ROOT, "%s: %.2f CPU ms per clone", name, ms));
        return ms;
    }

    /** How a result names its task in the server's compact JSON; task ids hold no quote. */
    private static final String TASK_ID = "\"task_id\":\"";

    /**
     * One row of the aggregation figures: a pool of {@code tasks} tasks with three accepted answers each, written
     * by the storage tool, aggregated by Dawid-Skene through the API while the server's RSS is sampled, and its
     * results read back page by page.
     */
    private String aggregation(Store.Kind kind, String pgUrl, int tasks) throws Exception {
        Figures f = new Figures(kind);
        Store store = store(kind, pgUrl, 0);
        synchronized (created) {
            created.add(store);
        }
        try {
            if (kind == Store.Kind.POSTGRESQL) {
                tool(List.of("schema", "create", pgUrl, store.schema()));
            }
            try (ServerProcess server = ServerProcess.start(children, repo, store.serverArgs(),
                    work.resolve("server-" + kind.tag + "-aggregation.log"))) {
                int port = server.port();
                String token = server.token();
                String pool;
                try (Http http = new Http(port, token)) {
                    String project = JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(),
                            "id");
                    pool = JsonField.get(http.expect(201, "POST", "/api/v1/pools", Bodies.crowdPool(project)).text(),
                            "id");
                }
                long t0 = System.nanoTime();
                List<String> fill = new ArrayList<>(List.of("bulk-answers", "--pool", pool, "--tasks",
                        Integer.toString(tasks)));
                fill.addAll(store.serverArgs());
                tool(fill);
                log(f, String.format(Locale.ROOT, "bulk-loaded %,d tasks and %,d accepted answers in %.1f s", tasks,
                        tasks * 3, (System.nanoTime() - t0) / 1e9));
                double rssBefore = server.rssMegabytes();
                double[] maxRss = {rssBefore};
                String[] operation = new String[1];
                Load.Result aggregate = withRssSampling(server, maxRss, () -> {
                    long start = System.nanoTime();
                    try (Http http = new Http(port, token, 3_600_000)) {
                        operation[0] = http.expect(202, "POST", "/api/v1/aggregated-solutions/aggregate-by-pool",
                                "{\"type\": \"DAWID_SKENE\", \"pool_id\": \"" + pool
                                        + "\", \"fields\": [{\"name\": \"result\"}]}").text();
                    }
                    long took = System.nanoTime() - start;
                    return new Load.Result(1, 1, 0, took / 1e9, took, took, null);
                });
                if (!"SUCCESS".equals(JsonField.get(operation[0], "status"))) {
                    throw new IllegalStateException("the aggregation did not finish: " + operation[0]);
                }
                log(f, String.format(Locale.ROOT, "aggregated in %.1f s, RSS %.0f MB before, %.0f MB at most: %s",
                        aggregate.seconds(), rssBefore, maxRss[0], Http.abbreviate(operation[0])));
                String id = JsonField.get(operation[0], "id");
                long read0 = System.nanoTime();
                int results = 0;
                String after = null;
                try (Http http = new Http(port, token)) {
                    while (true) {
                        String page = http.expect(200, "GET", "/api/v1/aggregated-solutions/" + id + "?limit=300"
                                + (after == null ? "" : "&task_id_gt=" + after), null).text();
                        int onPage = 0;
                        for (int at = page.indexOf(TASK_ID); at >= 0; at = page.indexOf(TASK_ID, at + 1)) {
                            onPage++;
                            after = page.substring(at + TASK_ID.length(), page.indexOf('"', at + TASK_ID.length()));
                        }
                        results += onPage;
                        if (onPage == 0 || !"true".equals(JsonField.get(page, "has_more"))) {
                            break;
                        }
                    }
                }
                double read = (System.nanoTime() - read0) / 1e9;
                return String.format(Locale.ROOT, "| %s | %,d | %.1f | %.0f | %.0f | %.1f | %,d |%n", kind.title,
                        tasks * 3, aggregate.seconds(), rssBefore, maxRss[0], read, results);
            }
        } finally {
            drop();
        }
    }

    /** The port the bare clone server says it serves on (it binds a free one itself, so no other process can take it). */
    private static int bareServing(Process bare, Path out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && bare.isAlive()) {
            for (String line : Files.readAllLines(out)) {
                if (line.startsWith("serving ")) {
                    return Integer.parseInt(line.substring("serving ".length()).trim());
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("the bare clone server did not start; see " + out.resolveSibling(
                out.getFileName().toString().replace(".out", ".log")));
    }

    /**
     * Before each measured repetition of the work loops, while the server idles: VACUUM ANALYZE of the store's
     * tables on PostgreSQL, as autovacuum does on any default install. This machine's PostgreSQL has it off, and
     * without it the runs measured plans made for empty tables and index walks over every dead row.
     */
    private void standInForAutovacuum(Store store, String pgUrl) throws Exception {
        if (store.kind() == Store.Kind.POSTGRESQL) {
            tool(List.of("schema", "vacuum", pgUrl, store.schema()));
        }
    }

    private Store store(Store.Kind kind, String pgUrl, int n) {
        return kind == Store.Kind.H2 ? Store.h2(work.resolve("h2-" + n))
                : Store.postgres(pgUrl, "bench_" + stamp.toLowerCase(Locale.ROOT) + "_" + n);
    }

    /** Every figure for one database; its stores are dropped afterwards whatever happens. */
    private Figures measure(Store.Kind kind, String pgUrl) throws Exception {
        Figures f = new Figures(kind);
        // Stores 0..starts-1 for the fresh starts (the last one is measured), one for the storage floor.
        List<Store> stores = new ArrayList<>();
        for (int i = 0; i <= settings.starts(); i++) {
            stores.add(kind == Store.Kind.H2 ? Store.h2(work.resolve("h2-" + i))
                    : Store.postgres(pgUrl, "bench_" + stamp.toLowerCase(Locale.ROOT) + "_" + i));
        }
        Store floorStore = stores.get(settings.starts());
        // Registered before they exist: dropping uses IF EXISTS, so a half-created set is dropped too.
        synchronized (created) {
            created.addAll(stores);
        }
        try {
            if (kind == Store.Kind.POSTGRESQL) {
                tool(Stream.concat(Stream.of("schema", "create", pgUrl),
                        stores.stream().map(Store::schema)).toList());
            }
            ServerProcess server = null;
            for (int i = 0; i < settings.starts(); i++) {
                if (server != null) {
                    server.close();
                }
                server = startMeasured(f, stores.get(i), "fresh start " + (i + 1), f.startEmptyMs, f.idleRssMb);
            }
            Store main = stores.get(settings.starts() - 1);
            try (ServerProcess s = server) {
                loadPhases(f, s, main, floorStore);
            }
            // Restarts on the database the run has filled: start-up must not grow with the data.
            for (int i = 0; i < settings.starts(); i++) {
                startMeasured(f, main, "restart " + (i + 1), f.restartMs, f.restartIdleRssMb).close();
            }
        } finally {
            drop();
        }
        return f;
    }

    private ServerProcess startMeasured(Figures f, Store store, String what, List<Double> times, List<Double> rss)
            throws Exception {
        ServerProcess s = ServerProcess.start(children, repo, store.serverArgs(), work.resolve("server-"
                + f.kind.tag + "-" + what.replace(' ', '-') + ".log"));
        times.add(s.startupMillis());
        sleep(settings.settleSeconds());
        rss.add(s.rssMegabytes());
        log(f, String.format("%s: healthy after %.0f ms, idle RSS %.0f MB", what, s.startupMillis(),
                rss.get(rss.size() - 1)));
        if (s.token() != null) {
            f.token = s.token();
        }
        return s;
    }

    private void loadPhases(Figures f, ServerProcess server, Store store, Store floorStore) throws Exception {
        int port = server.port();
        String token = f.token;
        String projectId;
        List<String> pools = new ArrayList<>();
        try (Http http = new Http(port, token)) {
            projectId = JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(), "id");
            for (int i = 0; i < GET_CLIENTS[GET_CLIENTS.length - 1]; i++) {
                pools.add(JsonField.get(http.expect(201, "POST", "/api/v1/pools", Bodies.pool(projectId)).text(),
                        "id"));
            }
        }
        Clients c = new Clients(port, token, projectId, pools);

        log(f, "warming up for " + settings.warmupSeconds() + " s");
        double slice = settings.warmupSeconds() / 5;
        Load.run(8, slice, c::health);
        Load.run(8, slice, c::get);
        Load.run(8, slice, c::cloneAndWait);
        Load.run(8, slice, c::createPool);
        Load.run(8, slice, i -> c.list(projectId));

        // Ceiling and GET alternate within each repetition, so a drift in machine load hits both alike.
        for (int rep = 0; rep < settings.reps(); rep++) {
            for (int n : GET_CLIENTS) {
                record(f, "health", Load.run(n, settings.runSeconds(), c::health));
                double[] maxRss = {0};
                Load.Result get = withRssSampling(server, maxRss, () -> Load.run(n, settings.runSeconds(), c::get));
                record(f, "get", get);
                if (n == GET_CLIENTS[GET_CLIENTS.length - 1]) {
                    f.loadRssMb.add(maxRss[0]);
                }
            }
        }
        for (int rep = 0; rep < settings.reps(); rep++) {
            for (int n : CLONE_CLIENTS) {
                record(f, "clone", Load.run(n, settings.runSeconds(), c::cloneAndWait));
            }
        }
        f.clonesAlreadyDone = c.clonesDoneInResponse.get();
        f.clonesPolled = c.clonesPolled.get();
        for (int rep = 0; rep < settings.reps(); rep++) {
            record(f, "post", Load.run(WRITE_CLIENTS, settings.runSeconds(), c::createPool));
        }
        storageFloor(f, floorStore);
        listPhases(f, port, store);
    }

    /** The storage floor, in its own JVM with the server's JVM flags, while the server sits idle. */
    private void storageFloor(Figures f, Store floorStore) throws Exception {
        log(f, "storage floor");
        Path doc = work.resolve("floor-doc.json");
        Files.writeString(doc, Bodies.pool("1000000000"));
        List<String> args = new ArrayList<>(List.of("floor", "--doc", doc.toString(),
                "--clients", String.join(",", Arrays.stream(CLONE_CLIENTS).mapToObj(Integer::toString).toList()),
                // A fresh JVM running one small code path: half the server's warm-up gets it fully compiled.
                "--warmup", Double.toString(settings.warmupSeconds() / 2),
                "--seconds", Double.toString(settings.runSeconds()), "--reps", Integer.toString(settings.reps())));
        args.addAll(floorStore.serverArgs());
        for (String line : tool(args)) {
            if (line.startsWith("result ")) {
                record(f, "floor", Load.Result.parseLine(line));
            }
        }
    }

    /**
     * GET /pools?project_id=P&limit=300 in a second account (so the pools the other figures created do not
     * count), first with {@code listSmallAccount} pools all in P, then grown to {@code listLargeAccount} with
     * P at {@code listProjectPools}. One pool is created through the API; the rest are copies of its row
     * inserted over JDBC, which is the fast way to reach 100k.
     */
    private void listPhases(Figures f, int port, Store store) throws Exception {
        String token = createAccount(store, "list-bench");
        String p;
        List<String> others = new ArrayList<>();
        String template;
        try (Http http = new Http(port, token)) {
            p = JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(), "id");
            for (int i = 0; i < OTHER_PROJECTS; i++) {
                others.add(JsonField.get(http.expect(201, "POST", "/api/v1/projects", Bodies.PROJECT).text(), "id"));
            }
            template = JsonField.get(http.expect(201, "POST", "/api/v1/pools", Bodies.pool(p)).text(), "id");
        }
        Clients c = new Clients(port, token, p, List.of(template));

        bulkLoad(f, store, template, p, others, settings.listSmallAccount() - 1, settings.listSmallAccount() - 1);
        f.listSmallAccount = settings.listSmallAccount();
        listRuns(f, c, p, "list-small", settings.listSmallAccount());

        int more = settings.listLargeAccount() - settings.listSmallAccount();
        bulkLoad(f, store, template, p, others, more, settings.listProjectPools() - settings.listSmallAccount());
        f.listLargeAccount = settings.listLargeAccount();
        f.listProjectPools = settings.listProjectPools();
        listRuns(f, c, p, "list-large", settings.listProjectPools());
    }

    private void listRuns(Figures f, Clients c, String project, String name, int projectPools) throws Exception {
        try (Http http = new Http(c.port, c.token)) {
            String body = http.expect(200, "GET", c.listPath(project), null).text();
            int items = body.split("\"project_id\":\"" + project + "\"", -1).length - 1;
            if (items != Math.min(LIST_LIMIT, projectPools)) {
                throw new IllegalStateException(name + ": list returned " + items + " pools, expected "
                        + Math.min(LIST_LIMIT, projectPools));
            }
        }
        Load.run(LIST_CLIENTS, settings.runSeconds(), i -> c.list(project));
        for (int rep = 0; rep < settings.reps(); rep++) {
            record(f, name, Load.run(LIST_CLIENTS, settings.runSeconds(), i -> c.list(project)));
        }
    }

    private void bulkLoad(Figures f, Store store, String template, String project, List<String> others, int count,
                          int inProject) throws Exception {
        long t0 = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("bulk-load", "--template", template, "--project", project,
                "--others", String.join(",", others), "--count", Integer.toString(count),
                "--in-project", Integer.toString(inProject)));
        args.addAll(store.serverArgs());
        tool(args);
        log(f, String.format("bulk-loaded %d pools over JDBC in %.1f s", count, (System.nanoTime() - t0) / 1e9));
    }

    /** A new account through the CLI, as an operator would make one; its token is the last line printed. */
    private String createAccount(Store store, String name) throws Exception {
        List<String> command = new ArrayList<>(List.of(repo.resolve("artel").toString(), "account", "create",
                "--name", name));
        command.addAll(store.serverArgs());
        List<String> out = run(command, work.resolve("account-" + name + ".log"), false);
        return out.get(out.size() - 1).trim();
    }

    /**
     * Runs the storage tool in its own JVM with the server's JVM flags; returns its stdout lines. A cleanup
     * run (dropping schemas) is allowed even while the run is being stopped.
     */
    private List<String> tool(List<String> args) throws Exception {
        return tool(args, false);
    }

    private List<String> tool(List<String> args, boolean cleanup) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOpts.stream().filter(o -> !o.isEmpty()).toList());
        command.addAll(List.of("-cp", toolClasspath, "dev.artel.bench.storage.StorageTool"));
        command.addAll(args);
        return run(command, work.resolve("tool-" + args.get(0) + ".log"), cleanup);
    }

    private List<String> run(List<String> command, Path stderr, boolean cleanup) throws Exception {
        // Stdout goes to a file, so that waiting for the child is what is bounded, not reading its output.
        Path stdout = Files.createTempFile(work, "stdout-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(repo.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile()));
        Process p = cleanup ? children.spawnForCleanup(pb) : children.spawn(pb);
        // Bounded: the longest child (a 100k-row bulk load) takes well under this.
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            Children.stop(p);
            throw new IllegalStateException("timed out: " + command);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("failed (" + p.exitValue() + "): " + String.join(" ", command)
                    + "; see " + stderr);
        }
        List<String> lines = Files.readAllLines(stdout);
        Files.delete(stdout);
        return lines;
    }

    /** Drops every store not yet dropped; holding the lock, the shutdown hook waits for a drop in progress. */
    private void drop() {
        synchronized (created) {
            if (created.isEmpty()) {
                return;
            }
            try {
                List<Store> pg = created.stream().filter(st -> st.schema() != null).toList();
                if (!pg.isEmpty()) {
                    tool(Stream.concat(Stream.of("schema", "drop", pg.get(0).baseUrl()), pg.stream().map(Store::schema))
                            .toList(), true);
                }
                for (Store st : created) {
                    if (st.dir() != null) {
                        deleteTree(st.dir());
                    }
                }
            } catch (Exception e) {
                System.err.println("bench: could not drop " + created + ": " + e);
            } finally {
                created.clear();
            }
        }
    }

    private Load.Result withRssSampling(ServerProcess server, double[] max, LoadRun run) throws Exception {
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    max[0] = Math.max(max[0], server.rssMegabytes());
                    Thread.sleep(100);
                } catch (InterruptedException | RuntimeException e) {
                    // interrupted at the end of the run, or the server is gone (the run is being stopped)
                    return;
                }
            }
        }, "rss-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try {
            return run.run();
        } finally {
            sampler.interrupt();
            sampler.join();
        }
    }

    @FunctionalInterface
    private interface LoadRun {
        Load.Result run() throws Exception;
    }

    private void record(Figures f, String name, Load.Result r) {
        f.runs.computeIfAbsent(name + "/" + r.clients(), k -> new ArrayList<>()).add(r);
        log(f, String.format("%-10s %2d clients: %9.1f /s  p50 %7.2f ms  p99 %7.2f ms%s", name, r.clients(),
                r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors() > 0 ? "  ERRORS " + r.errors() + ": "
                        + r.firstError() : ""));
    }

    private static void log(Figures f, String message) {
        System.err.printf(Locale.ROOT, "[%s %6.1f s] %s%n", f.kind.tag, (System.nanoTime() - STARTED) / 1e9, message);
    }

    private static void sleep(double seconds) throws InterruptedException {
        Thread.sleep((long) (seconds * 1000));
    }

    /** The closed-loop clients of each figure, sharing the ids set up for them. */
    private static final class Clients {
        final int port;
        final String token;
        final String projectId;
        final List<String> pools;
        final AtomicLong clonesDoneInResponse = new AtomicLong();
        final AtomicLong clonesPolled = new AtomicLong();

        Clients(int port, String token, String projectId, List<String> pools) {
            this.port = port;
            this.token = token;
            this.projectId = projectId;
            this.pools = pools;
        }

        Load.Client health(int i) {
            Http http = new Http(port, null);
            return client(http, () -> http.expect(200, "GET", "/_artel/health", null));
        }

        Load.Client get(int i) {
            Http http = new Http(port, token);
            String path = "/api/v1/pools/" + pools.get(i % pools.size());
            return client(http, () -> http.expect(200, "GET", path, null));
        }

        Load.Client createPool(int i) {
            Http http = new Http(port, token);
            String body = Bodies.pool(projectId);
            return client(http, () -> http.expect(201, "POST", "/api/v1/pools", body));
        }

        String listPath(String project) {
            return "/api/v1/pools?project_id=" + project + "&limit=" + LIST_LIMIT;
        }

        Load.Client page(String path) {
            Http http = new Http(port, token);
            return client(http, () -> http.expect(200, "GET", path, null));
        }

        Load.Client list(String project) {
            return page(listPath(project));
        }

        /**
         * Clones client i's own pool (clones of one pool used to queue on its row lock; one pool per client
         * keeps the figures comparable with runs of that code) and waits until the operation is SUCCESS. With inline
         * operations the 202 body usually says so already; otherwise GET /operations/{id} is polled with
         * a 1 ms pause, so the pause bounds the added latency.
         */
        Load.Client cloneAndWait(int i) {
            Http http = new Http(port, token);
            String path = "/api/v1/pools/" + pools.get(i % pools.size()) + "/clone";
            return client(http, () -> {
                String op = http.expect(202, "POST", path, null).text();
                String status = JsonField.get(op, "status");
                if ("SUCCESS".equals(status)) {
                    clonesDoneInResponse.incrementAndGet();
                    return;
                }
                clonesPolled.incrementAndGet();
                String opPath = "/api/v1/operations/" + JsonField.get(op, "id");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (!"SUCCESS".equals(status)) {
                    if ("FAIL".equals(status) || System.nanoTime() > deadline) {
                        throw new IOException("clone operation ended as " + status + ": " + Http.abbreviate(op));
                    }
                    Thread.sleep(1);
                    op = http.expect(200, "GET", opPath, null).text();
                    status = JsonField.get(op, "status");
                }
            });
        }

        private static Load.Client client(Http http, Call call) {
            return new Load.Client() {
                @Override
                public void call() throws Exception {
                    call.call();
                }

                @Override
                public void close() {
                    http.close();
                }
            };
        }

        @FunctionalInterface
        private interface Call {
            void call() throws Exception;
        }
    }

    static String machine() throws IOException {
        String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown CPU");
        long memKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        return String.format("%d cores (%s), %.1f GiB RAM, %s %s, JDK %s (%s)",
                Runtime.getRuntime().availableProcessors(), cpu, memKb / 1024.0 / 1024.0,
                System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.name"));
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        if (i >= 0 && i + 1 < args.size()) {
            return args.get(i + 1);
        }
        if (fallback == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        return fallback;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
