package dev.artel;

import dev.artel.account.AccountService;
import dev.artel.account.SqlAccountStore;
import dev.artel.aggregation.AggregationRoutes;
import dev.artel.aggregation.AggregationService;
import dev.artel.aggregation.SkillConfidence;
import dev.artel.aggregation.UserSkillsLookup;
import dev.artel.analytics.AnalyticsRoutes;
import dev.artel.analytics.AnalyticsService;
import dev.artel.assignment.AfterMove;
import dev.artel.assignment.AssignmentExport;
import dev.artel.assignment.AssignmentRoutes;
import dev.artel.assignment.AssignmentService;
import dev.artel.assignment.WorkRoutes;
import dev.artel.config.ArtelConfig;
import dev.artel.core.IdGenerator;
import dev.artel.core.Timestamps;
import dev.artel.core.VirtualClock;
import dev.artel.emulator.Emulator;
import dev.artel.emulator.EmulatorRoutes;
import dev.artel.emulator.crowd.CrowdFile;
import dev.artel.emulator.crowd.CrowdRoutes;
import dev.artel.emulator.crowd.SimulatedCrowd;
import dev.artel.emulator.crowd.TrueSolutions;
import dev.artel.http.ApiMount;
import dev.artel.http.ApiServer;
import dev.artel.http.Authenticator;
import dev.artel.http.OperatorCredential;
import dev.artel.http.HttpLimits;
import dev.artel.http.RouteTable;
import dev.artel.metrics.Metrics;
import dev.artel.operation.OperationRoutes;
import dev.artel.operation.OperationRunner;
import dev.artel.operation.OperationService;
import dev.artel.operation.SqlOperationStore;
import dev.artel.pool.PoolKind;
import dev.artel.pool.PoolRoutes;
import dev.artel.pool.PoolService;
import dev.artel.pool.SqlPoolStore;
import dev.artel.project.ProjectRoutes;
import dev.artel.project.ProjectService;
import dev.artel.project.SqlProjectStore;
import dev.artel.quality.DynamicOverlap;
import dev.artel.quality.PoolAccess;
import dev.artel.quality.TrainingResults;
import dev.artel.quality.rules.DryRun;
import dev.artel.quality.rules.QualityRoutes;
import dev.artel.quality.rules.QualityRules;
import dev.artel.ratelimit.RateLimiter;
import dev.artel.ratelimit.SqlRateLimitStore;
import dev.artel.requester.RequesterRoutes;
import dev.artel.restriction.RestrictionRoutes;
import dev.artel.restriction.RestrictionService;
import dev.artel.schedule.Scheduler;
import dev.artel.schedule.SqlTimerStore;
import dev.artel.skill.SkillRoutes;
import dev.artel.skill.SkillService;
import dev.artel.spec.ApiSpec;
import dev.artel.storage.Database;
import dev.artel.task.PoolCompletion;
import dev.artel.task.TaskRoutes;
import dev.artel.task.TaskService;
import dev.artel.storage.DatabaseHealth;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.userskill.UserSkillRoutes;
import dev.artel.userskill.UserSkillService;
import dev.artel.worker.SqlWorkerStore;
import dev.artel.worker.UserMetadataRoutes;
import dev.artel.worker.WorkerForms;
import dev.artel.worker.WorkerRoutes;
import dev.artel.worker.WorkerService;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The composition root and the command line. Builds clock, ids, database and stores, then services, then
 * routes, by hand; whoever creates a resource closes it.
 */
public final class Artel implements AutoCloseable {
    /** Whether a failed start prints its stack trace (and everything else start-up wrote) after its one line. */
    private static final boolean TRACE = "1".equals(System.getenv("ARTEL_TRACE"));
    /** Standard error as the process got it, before start-up holds it back. */
    private static final PrintStream STDERR = System.err;
    private final Database db;
    private final OperationRunner operations;
    private final Scheduler scheduler;
    private final AccountService accounts;
    private final WorkerService workers;
    private final ApiServer server;
    private final Emulator emulator;

    private Artel(ArtelConfig config, Clock wallOrTestClock, boolean serve) {
        this.db = database(config);
        // An emulator keeps time on a clock it can move; tests hand in one they move themselves.
        VirtualClock virtual = !config.emulator() ? null
                : wallOrTestClock instanceof VirtualClock given ? given
                : new VirtualClock(config.emulatorStart() != null ? Instant.ofEpochMilli(config.emulatorStart())
                : wallOrTestClock.instant());
        Clock clock = virtual != null ? virtual : wallOrTestClock;
        IdGenerator ids = new IdGenerator(clock, config.deterministicIds());
        this.accounts = new AccountService(db, new SqlAccountStore(), ids, clock);
        this.workers = new WorkerService(db, new SqlWorkerStore(), ids, clock);
        if (!serve) {
            db.open();
            this.operations = null;
            this.scheduler = null;
            this.server = null;
            this.emulator = null;
            return;
        }
        // Opening the database (connect, migrate) and starting HTTP (read the spec, start Jetty) are the long
        // steps of start-up, each bound to one core, so they run side by side. A request that arrives before the
        // database is open waits for it; the health check answers 503 until then.
        CompletableFuture<Database> opening = CompletableFuture.supplyAsync(db::open, Artel::startupThread);
        this.operations = new OperationRunner(db, new SqlOperationStore(), clock, config.runOperationsInline(),
                config.workerPollMillis(), config.maxOperationAttempts(), config.maxOperationTransientFailures(),
                config.operationLeaseMillis());
        // On an emulator timers fire only when its clock is moved, in the same order on every run.
        this.scheduler = new Scheduler(db, new SqlTimerStore(), clock, virtual != null ? 0 : config.timerPollMillis(),
                config.maxTimerAttempts());
        this.emulator = new Emulator(db, scheduler, virtual, ids, config.emulatorStart());
        // A restore may take accounts, workers and their tokens away; a reset keeps them.
        emulator.onStateReplaced(accounts::forgetTokens);
        emulator.onStateReplaced(workers::forgetTokens);
        SqlPoolStore poolStore = new SqlPoolStore();
        SqlProjectStore projectStore = new SqlProjectStore();
        PoolService pools = new PoolService(db, poolStore, projectStore, operations, scheduler, ids, clock);
        ProjectService projects = new ProjectService(db, projectStore, poolStore, operations, ids, clock);

        RouteTable routes = new RouteTable();
        new ProjectRoutes(projects).register(routes);
        for (PoolKind kind : PoolKind.values()) {
            new PoolRoutes(pools, kind).register(routes);
        }
        new OperationRoutes(new OperationService(db, new SqlOperationStore())).register(routes);
        new RequesterRoutes(accounts).register(routes);
        PoolCompletion completion = new PoolCompletion(poolStore, pools, scheduler, clock);
        new TaskRoutes(new TaskService(db, poolStore, projectStore, pools, completion, operations, ids, clock))
                .register(routes);
        SqlWorkerStore workerStore = new SqlWorkerStore();
        new SkillRoutes(new SkillService(db, ids, clock)).register(routes);
        UserSkillService userSkills = new UserSkillService(db, workerStore, pools, ids, clock);
        new UserSkillRoutes(userSkills).register(routes);
        RestrictionService restrictions = new RestrictionService(db, workerStore, projectStore, poolStore, pools,
                scheduler, ids, clock);
        new RestrictionRoutes(restrictions).register(routes);
        new UserMetadataRoutes(workers).register(routes);
        PoolAccess access = new PoolAccess(poolStore, clock);
        QualityRules qualityRules = new QualityRules(poolStore, projectStore, pools, restrictions, userSkills,
                workerStore, access, clock);
        restrictions.whenAccessLost(qualityRules);
        userSkills.whenSkillChanges(qualityRules);
        AssignmentService assignments = new AssignmentService(db, poolStore, projectStore, pools, scheduler,
                completion, workerStore, access, qualityRules
                        .then(new TrainingResults(poolStore, userSkills, clock))
                        .then(new DynamicOverlap(projectStore, pools,
                                new SkillConfidence(new UserSkillsLookup(workerStore, clock)))), ids, clock);
        AssignmentRoutes assignmentRoutes = new AssignmentRoutes(assignments,
                new AssignmentExport(db, poolStore, projectStore));
        assignmentRoutes.register(routes);
        new AggregationRoutes(new AggregationService(db, poolStore, projectStore, new SqlOperationStore(),
                new UserSkillsLookup(workerStore, clock), operations, ids, clock)).register(routes);

        RouteTable tolokaExtraRoutes = new RouteTable();
        assignmentRoutes.registerOffSpec(tolokaExtraRoutes);
        new AnalyticsRoutes(new AnalyticsService(poolStore, operations, ids, clock, workerStore, access))
                .register(tolokaExtraRoutes);

        RouteTable artelRoutes = new RouteTable();
        new WorkerRoutes(workers).register(artelRoutes);
        new WorkRoutes(assignments).register(artelRoutes);
        new EmulatorRoutes(emulator).register(artelRoutes);
        SimulatedCrowd crowd = new SimulatedCrowd(db, scheduler, workers, assignments, poolStore, projectStore, clock);
        if (emulator.on()) {
            pools.onWorkMayAppear(crowd);
        }
        new CrowdRoutes(emulator, crowd, new TrueSolutions(db, poolStore, crowd)).register(artelRoutes);
        new QualityRoutes(new DryRun(db, poolStore, projectStore)).register(artelRoutes);
        Authenticator requesters = RequesterRoutes.authenticator(accounts);
        List<ApiMount> apis = List.of(
                ApiMount.of(ApiServer.API_PREFIX, ApiSpec.load(), routes, Map.of("api_key1", requesters)),
                ApiMount.of(ApiServer.TOLOKA_EXTRA_PREFIX, ApiSpec.load(ApiSpec.TOLOKA_EXTRA), tolokaExtraRoutes,
                        Map.of("api_key1", requesters)),
                ApiMount.of(ApiServer.ARTEL_PREFIX, ApiSpec.load(ApiSpec.ARTEL), artelRoutes,
                        Map.of("worker", WorkerRoutes.authenticator(workers),
                                "operator", new OperatorCredential(config.operatorToken()),
                                "requester", requesters)).servingSpec());

        RateLimiter limiter = new RateLimiter(config.rateLimits(), db, new SqlRateLimitStore(), clock);
        ApiServer started = null;
        try {
            started = new ApiServer(apis, limiter,
                    new HttpLimits(config.maxBodyBytes(), config.maxHeaderBytes(),
                            config.headTimeoutMillis(), config.idleTimeoutMillis(), config.minBodyBytesPerSecond(),
                            config.httpThreads(), config.maxUploadBytes()), new Metrics(db),
                    new DatabaseHealth(db, clock, config.healthCheckTimeoutMillis(), config.healthCacheMillis()))
                    .start(config.host(), config.port());
            opening.join();
            emulator.resume();
            if (config.crowdFile() != null) {
                defineCrowd(crowd, config.crowdFile());
            }
        } catch (RuntimeException e) {
            if (started != null) {
                started.close();
            }
            scheduler.close();
            operations.close();
            // An open still running would otherwise finish after the close and leave the database open.
            opening.handle((opened, failure) -> null).join();
            db.close();
            throw e instanceof CompletionException && e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        this.server = started;
    }

    /** The crowd of {@code --crowd FILE}; a file that defines none fails the start with one line saying why. */
    private static void defineCrowd(SimulatedCrowd crowd, Path file) {
        try {
            crowd.defineAtStart(CrowdFile.read(file));
        } catch (CrowdFile.Invalid e) {
            throw StartupFailure.crowdFile(file, e.getMessage(), e);
        }
    }

    /** Starts a server; the caller closes it. Tests use this with their own clock. */
    public static Artel serve(ArtelConfig config, Clock clock) {
        return new Artel(config, clock, true);
    }

    private static void startupThread(Runnable work) {
        Thread thread = new Thread(work, "artel-startup");
        thread.setDaemon(true);
        thread.start();
    }

    private static Database database(ArtelConfig config) {
        if (config.dbUrl() == null || config.dbUrl().isBlank()) {
            try {
                Files.createDirectories(config.dataDir());
            } catch (java.io.IOException e) {
                throw StartupFailure.dataDirectory(config.dataDir(), e);
            }
            // H2 would fail on its first write instead, with a message about a lock or trace file.
            if (!Files.isWritable(config.dataDir())) {
                throw StartupFailure.dataDirectoryNotWritable(config.dataDir());
            }
        }
        String url = config.effectiveDbUrl();
        try {
            // No driver takes a URL it cannot parse: say so here, before the pool wraps it into something vaguer.
            DriverManager.getDriver(url);
            return new Database(url, config.dbUser(), config.dbPassword(), config.dbPoolSize(),
                    config.dbConnectionTimeoutMillis());
        } catch (SQLException | IllegalArgumentException unsupported) {
            // The argument exception is the dialect's: a URL of a database Artel has no dialect for.
            throw StartupFailure.unsupportedUrl(url, unsupported);
        }
    }

    public int port() {
        return server.port();
    }

    public AccountService accounts() {
        return accounts;
    }

    public WorkerService workers() {
        return workers;
    }

    public OperationRunner operations() {
        return operations;
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public Database database() {
        return db;
    }

    public Emulator emulator() {
        return emulator;
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (scheduler != null) {
            scheduler.close();
        }
        if (operations != null) {
            operations.close();
        }
        db.close();
    }

    public static void main(String[] args) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        String command = rest.isEmpty() ? "serve" : rest.remove(0);
        // The embedded database's AUTO_SERVER port exists so that `account create` can reach a database a server
        // holds open; that is a local need, so H2 listens on loopback only (by default it binds every interface).
        setDefault("h2.bindAddress", "127.0.0.1");
        if (command.equals("account") || command.equals("worker") || command.equals("warm-up")) {
            // A one-shot command: its output is the token; connection-pool and migration chatter would bury it.
            setDefault("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        try {
            switch (command) {
                case "serve" -> serveCommand(rest);
                case "account" -> accountCommand(rest);
                case "worker" -> workerCommand(rest);
                case "warm-up" -> warmUpCommand();
                case "help", "--help", "-h" -> usage(0);
                default -> {
                    System.err.println("unknown command: " + command);
                    usage(2);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("artel: " + e.getMessage());
            usage(2);
        } catch (StartupFailure e) {
            // The line comes last, under the trace if there is one: it is what the operator reads.
            if (TRACE) {
                e.printStackTrace(STDERR);
            }
            STDERR.println("artel: " + e.getMessage());
            // Also ends Javalin's non-daemon thread, which would keep a failed JVM alive for 5 s.
            System.exit(StartupFailure.EXIT_CODE);
        }
    }

    /** Sets a system property unless the operator has set it (say with -D in JAVA_OPTS). */
    private static void setDefault(String property, String value) {
        if (System.getProperty(property) == null) {
            System.setProperty(property, value);
        }
    }

    private static void serveCommand(List<String> args) {
        ArtelConfig.Builder options = options(args, true);
        ArtelConfig asGiven = options.build();
        // The emulator's controls are the operator's: a test double without its token would have none.
        boolean newOperatorToken = asGiven.emulator() && asGiven.operatorToken() == null;
        ArtelConfig config = newOperatorToken
                ? options.operatorToken(new IdGenerator(Clock.systemUTC()).randomToken()).build() : asGiven;
        Artel artel = start(config, true);
        Runtime.getRuntime().addShutdownHook(new Thread(artel::close, "artel-shutdown"));
        artel.accounts.createFirstAccountIfNone("default").ifPresent(created -> {
            System.out.println("Created the first account 'default'. Its token (shown once):");
            System.out.println(created.token());
        });
        if (newOperatorToken) {
            System.out.println("Emulator on. The operator token for /artel/v1/operator and /artel/v1/emulator:");
            System.out.println(config.operatorToken());
        }
        System.out.println("Artel is serving the Toloka API on http://localhost:" + artel.port() + "/api/v1 ("
                + (config.dbUrl() == null ? "embedded database in " + config.dataDir() : config.dbUrl()) + ")"
                + (config.emulator() ? ", on a virtual clock at " + Timestamps.format(artel.emulator().clockMillis())
                : ""));
    }

    private static void warmUpCommand() {
        try {
            int requests = WarmUp.run();
            System.err.println("artel: warm-up done, " + requests + " requests answered as expected");
            // Javalin keeps a non-daemon thread asleep for 5 s after every create, to warn about an app never started.
            System.exit(0);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("artel: warm-up failed: " + e);
            System.exit(1);
        }
    }

    private static void accountCommand(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("create")) {
            throw new IllegalArgumentException("usage: artel account create --name NAME [--data DIR | --db-url URL]");
        }
        List<String> options = new ArrayList<>(args.subList(1, args.size()));
        String name = takeOption(options, "--name");
        if (name == null) {
            throw new IllegalArgumentException("account create needs --name NAME");
        }
        ArtelConfig config = parseOptions(options, false);
        try (Artel artel = start(config, false)) {
            AccountService.Created created = artel.accounts.create(name);
            System.out.println("Created account '" + name + "' (" + created.account().id() + "). Its token:");
            System.out.println(created.token());
        } catch (dev.artel.error.ApiException e) {
            System.err.println("artel: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void workerCommand(List<String> args) {
        if (args.isEmpty() || !args.get(0).equals("create")) {
            throw new IllegalArgumentException("usage: artel worker create --name NAME [--languages EN,RU]"
                    + " [--verified-languages EN] [--country US] [--data DIR | --db-url URL]");
        }
        List<String> options = new ArrayList<>(args.subList(1, args.size()));
        String name = takeOption(options, "--name");
        if (name == null) {
            throw new IllegalArgumentException("worker create needs --name NAME");
        }
        ObjectNode form = WorkerForms.fromOptions(name, takeOption(options, "--languages"),
                takeOption(options, "--verified-languages"), takeOption(options, "--country"));
        ArtelConfig config = parseOptions(options, false);
        try (Artel artel = start(config, false)) {
            WorkerService.Created created = artel.workers.create(form);
            System.out.println("Created worker '" + name + "' (" + created.worker().id() + "). Its token:");
            System.out.println(created.token());
        }
    }

    /**
     * Starts Artel for a command; whatever stops it becomes the one line {@link #main} prints, and whatever
     * else start-up wrote to stderr is dropped, unless the operator asked for traces.
     */
    private static Artel start(ArtelConfig config, boolean serve) {
        HeldStderr held = TRACE ? null : HeldStderr.install();
        try {
            return new Artel(config, Clock.systemUTC(), serve);
        } catch (RuntimeException e) {
            if (held != null) {
                held.drop();
            }
            throw StartupFailure.explain(e, config);
        } finally {
            // After a success, and after an Error, which is no start-up failure and whose trace must show.
            if (held != null) {
                held.release();
            }
        }
    }

    private static ArtelConfig parseOptions(List<String> args, boolean serving) {
        return options(args, serving).build();
    }

    private static ArtelConfig.Builder options(List<String> args, boolean serving) {
        ArtelConfig.Builder b = ArtelConfig.builder();
        List<String> rest = new ArrayList<>(args);
        String value;
        if ((value = takeOption(rest, "--data")) != null) {
            b.dataDir(Path.of(value));
        }
        if ((value = takeOption(rest, "--db-url")) != null) {
            b.dbUrl(value);
        }
        if ((value = takeOption(rest, "--db-user")) != null) {
            b.dbUser(value);
        }
        if ((value = takeOption(rest, "--db-password")) != null) {
            b.dbPassword(value);
        }
        if (serving) {
            if ((value = takeOption(rest, "--port")) != null) {
                b.port(port(value));
            }
            if ((value = takeOption(rest, "--host")) != null) {
                b.host(value);
            }
            if ((value = takeOption(rest, "--rate-limits")) != null) {
                if (!value.equals("on") && !value.equals("off")) {
                    throw new IllegalArgumentException("--rate-limits takes on or off");
                }
                b.rateLimits(value.equals("on"));
            }
            // The file keeps the token out of process listings; the variable suits containers. The file wins.
            String operatorTokenFile = takeOption(rest, "--operator-token-file");
            b.operatorToken(operatorTokenFile != null ? operatorToken(Path.of(operatorTokenFile))
                    : System.getenv("ARTEL_OPERATOR_TOKEN"));
            b.emulator(takeFlag(rest, "--emulator"));
            b.deterministicIds(takeFlag(rest, "--deterministic-ids"));
            if ((value = takeOption(rest, "--clock-start")) != null) {
                String given = value;
                b.emulatorStart(Timestamps.parse(value).orElseThrow(() -> new IllegalArgumentException(
                        "--clock-start " + given + ": " + Timestamps.EXPECTED)));
            }
            if ((value = takeOption(rest, "--crowd")) != null) {
                b.crowdFile(Path.of(value));
            }
            if ((value = takeOption(rest, "--operations")) != null) {
                // "inline" runs each operation in the request that accepted it; "workers" only in the background.
                if (!value.equals("inline") && !value.equals("workers")) {
                    throw new IllegalArgumentException("--operations takes inline or workers");
                }
                b.runOperationsInline(value.equals("inline"));
            }
        } else {
            b.workerPollMillis(0);
        }
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown arguments: " + rest);
        }
        return b;
    }

    private static String operatorToken(Path file) {
        try {
            String token = Files.readString(file).trim();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("--operator-token-file " + file + " is empty");
            }
            return token;
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--operator-token-file " + file + " cannot be read: " + e);
        }
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // falls through to the one message below
        }
        throw new IllegalArgumentException("--port takes a number from 0 to 65535 (0 picks a free port)");
    }

    private static boolean takeFlag(List<String> args, String name) {
        return args.remove(name);
    }

    private static String takeOption(List<String> args, String name) {
        int i = args.indexOf(name);
        if (i < 0) {
            return null;
        }
        if (i + 1 >= args.size()) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        String value = args.get(i + 1);
        args.remove(i + 1);
        args.remove(i);
        return value;
    }

    private static void usage(int exitCode) {
        System.err.println("""
                usage:
                  artel serve [--port 8080] [--host 0.0.0.0] [--data ./data | --db-url jdbc:postgresql://...]
                              [--db-user U] [--db-password P] [--rate-limits on|off] [--operations inline|workers]
                              [--operator-token-file PATH]
                              [--emulator [--clock-start 2026-01-01T00:00:00] [--deterministic-ids] [--crowd FILE]]
                  artel account create --name NAME [--data ./data | --db-url URL] [--db-user U] [--db-password P]
                  artel worker create --name NAME [--languages EN,RU] [--verified-languages EN] [--country US]
                              [--data ./data | --db-url URL] [--db-user U] [--db-password P]
                  artel warm-up   (run by ./artel after a build, to record the class-data archive)
                The new account's or worker's token is the last line printed. The operator API
                (/artel/v1/operator) takes the token in --operator-token-file, else in the environment
                variable ARTEL_OPERATOR_TOKEN; without either it is off. --emulator makes the server an
                offline test double (a virtual clock, /artel/v1/emulator); never use it in production.
                Without an operator token it makes one and prints it.
                Exit codes: 1 a refused command (a taken name), 2 a usage error, 3 a failed start: one line on
                stderr says what failed, the value and how to fix it; ARTEL_TRACE=1 adds the stack trace.""");
        System.exit(exitCode);
    }
}
