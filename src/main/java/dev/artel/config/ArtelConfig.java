package dev.artel.config;

import java.nio.file.Path;

/**
 * Everything that can be set from the command line, in one typed place. Built with {@link #builder()}.
 *
 * @param port                HTTP port; 0 picks a free one
 * @param dataDir             where the embedded database lives
 * @param dbUrl               JDBC URL; null means the embedded database under {@code dataDir}
 * @param rateLimits          whether Toloka's rate-limit table is enforced
 * @param maxBodyBytes        request bodies above this are refused with 413
 * @param runOperationsInline whether an accepted operation is executed right away in the request thread
 *                            (it is stored first either way); off leaves it to the background workers
 * @param workerPollMillis    how often background workers look for pending operations; 0 disables them
 * @param maxHeaderBytes      request line plus headers above this are refused by Jetty with 431 (414 when the
 *                            request line alone is too long), before any request body is read
 * @param dbConnectionTimeoutMillis how long a unit of work waits for a database connection before it fails as
 *                            transient (503): while the database is unreachable, requests fail in this time
 * @param healthCheckTimeoutMillis how long the health check waits for the database to answer before it says
 *                            the database is unavailable
 * @param healthCacheMillis   how long one answer of the database serves the health check, so that frequent
 *                            polling does not load the database
 * @param maxOperationAttempts
 *                            an operation whose handler breaks, or kills the process, this many times is failed
 * @param maxOperationTransientFailures
 *                            an operation that meets this many transient storage failures (lock timeouts, lost
 *                            connections) is failed; higher, as they say nothing about the operation (see
 *                            OperationRunner)
 * @param operationLeaseMillis
 *                            how long an operation that commits in chunks stays its runner's after each chunk: a
 *                            node that dies mid-run holds it this long, after which another node resumes it
 * @param headTimeoutMillis   a request head (request line and headers) must be complete this long after its first
 *                            byte arrives, or the connection is closed
 * @param idleTimeoutMillis   a connection on which nothing arrives for this long is closed, and a request whose
 *                            body stops for this long is answered 408
 * @param minBodyBytesPerSecond a body must arrive within {@code idleTimeoutMillis} plus one second per this many
 *                            bytes of it, or the request is answered 408; 0 leaves only the idle timeout
 * @param httpThreads         how many requests are handled at once; a request holds its thread while its body
 *                            arrives, so this also bounds the bodies held in memory
 * @param timerPollMillis     how often the scheduler fires due timers; 0 disables its thread (tests fire them)
 * @param maxTimerAttempts    a timer whose handler breaks this many times is dropped (see schedule/Scheduler)
 * @param maxUploadBytes      the body cap of a batch upload of tasks or task suites, parsed an item at a time
 * @param operatorToken       the token of the operator API (/artel/v1/operator); null switches it off (403)
 * @param emulator            whether this is an offline test double: a virtual clock that moves only when told, and
 *                            the controls under /artel/v1/emulator; off (the default) refuses them with 403
 * @param emulatorStart       where an emulator's clock starts on an empty database (epoch millis); null: wall time
 * @param deterministicIds    on an emulator, ids that depend only on the calls made since an empty start or a
 *                            restore (no per-node bits or randomness), so runs can be compared
 * @param crowdFile           on an emulator, a simulated crowd to define at start, as its PUT body in JSON; or null
 */
public record ArtelConfig(
        String host,
        int port,
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int dbPoolSize,
        boolean rateLimits,
        long maxBodyBytes,
        boolean runOperationsInline,
        long workerPollMillis,
        int maxHeaderBytes,
        long dbConnectionTimeoutMillis,
        long healthCheckTimeoutMillis,
        long healthCacheMillis,
        int maxOperationAttempts,
        int maxOperationTransientFailures,
        long operationLeaseMillis,
        long headTimeoutMillis,
        long idleTimeoutMillis,
        long minBodyBytesPerSecond,
        int httpThreads,
        long timerPollMillis,
        int maxTimerAttempts,
        long maxUploadBytes,
        String operatorToken,
        boolean emulator,
        Long emulatorStart,
        boolean deterministicIds,
        Path crowdFile) {

    public static Builder builder() {
        return new Builder();
    }

    /** The embedded database is an H2 file; AUTO_SERVER lets the CLI reach it while a server holds it open. */
    public String effectiveDbUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return dbUrl;
        }
        // WRITE_DELAY=0: every commit is written out before it is acknowledged, so kill -9 cannot lose it
        // (H2's default delays writes by half a second).
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("artel") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
    }

    /** Defaults: port 8080, ./data, the embedded database, Toloka's rate limits, operations run at once. */
    public static final class Builder {
        private String host = "0.0.0.0";
        private int port = 8080;
        private Path dataDir = Path.of("data");
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private int dbPoolSize = 16;
        private boolean rateLimits = true;
        private long maxBodyBytes = 10L * 1024 * 1024;
        private boolean runOperationsInline = true;
        private long workerPollMillis = 500;
        // Twice Jetty's and nginx's 8 KB: list filters and long ids in the query string still fit.
        private int maxHeaderBytes = 16 * 1024;
        // As long as a statement may wait for a row lock (Database.LOCK_TIMEOUT_MILLIS): beyond that a request
        // is better answered 503, which toloka-kit retries, than left hanging.
        private long dbConnectionTimeoutMillis = 5_000;
        private long healthCheckTimeoutMillis = 1_000;
        private long healthCacheMillis = 250;
        private int maxOperationAttempts = 5;
        // At the 5 s lock timeout and the 500 ms poll, some four minutes of a row held by a stuck transaction:
        // far more than contention between healthy nodes produces, and than PostgreSQL takes to end a hung
        // node's transaction (one minute).
        private int maxOperationTransientFailures = 50;
        // Far longer than one chunk takes to commit, and short enough that a dead node's operation resumes soon.
        private long operationLeaseMillis = 30_000;
        // Real clients send a head in one packet; 20 s leaves room for a full 16 KB head over a very slow link
        // (Apache's mod_reqtimeout also starts at 20 s) while a slowloris client is cut off early.
        private long headTimeoutMillis = 20_000;
        // Jetty's own default: long enough for a keep-alive client between requests and for a pause mid-upload.
        private long idleTimeoutMillis = 30_000;
        // 128 kbit/s: a body at the 10 MB cap may take up to 11 minutes, so slow links still upload, while a
        // client that wants to hold a thread that long must keep sending at least this much.
        private long minBodyBytesPerSecond = 16 * 1024;
        // Javalin's default pool size, now a choice: each thread may hold a body of up to maxBodyBytes.
        private int httpThreads = 250;
        private long timerPollMillis = 500;
        private int maxTimerAttempts = 5;
        /** 100,000 tasks as toloka-kit sends them are about 20 MB. */
        private long maxUploadBytes = 64L * 1024 * 1024;
        private String operatorToken;
        private boolean emulator;
        private Long emulatorStart;
        private boolean deterministicIds;
        private Path crowdFile;

        public Builder host(String value) {
            host = value;
            return this;
        }

        public Builder port(int value) {
            port = value;
            return this;
        }

        public Builder dataDir(Path value) {
            dataDir = value;
            return this;
        }

        public Builder dbUrl(String value) {
            dbUrl = value;
            return this;
        }

        public Builder dbUser(String value) {
            dbUser = value;
            return this;
        }

        public Builder dbPassword(String value) {
            dbPassword = value;
            return this;
        }

        public Builder dbPoolSize(int value) {
            dbPoolSize = value;
            return this;
        }

        public Builder rateLimits(boolean value) {
            rateLimits = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            maxBodyBytes = value;
            return this;
        }

        public Builder runOperationsInline(boolean value) {
            runOperationsInline = value;
            return this;
        }

        public Builder workerPollMillis(long value) {
            workerPollMillis = value;
            return this;
        }

        public Builder maxHeaderBytes(int value) {
            maxHeaderBytes = value;
            return this;
        }

        public Builder dbConnectionTimeoutMillis(long value) {
            dbConnectionTimeoutMillis = value;
            return this;
        }

        public Builder healthCheckTimeoutMillis(long value) {
            healthCheckTimeoutMillis = value;
            return this;
        }

        public Builder healthCacheMillis(long value) {
            healthCacheMillis = value;
            return this;
        }

        public Builder maxOperationAttempts(int value) {
            maxOperationAttempts = value;
            return this;
        }

        public Builder maxOperationTransientFailures(int value) {
            maxOperationTransientFailures = value;
            return this;
        }

        public Builder operationLeaseMillis(long value) {
            operationLeaseMillis = value;
            return this;
        }

        public Builder headTimeoutMillis(long value) {
            headTimeoutMillis = value;
            return this;
        }

        public Builder idleTimeoutMillis(long value) {
            idleTimeoutMillis = value;
            return this;
        }

        public Builder minBodyBytesPerSecond(long value) {
            minBodyBytesPerSecond = value;
            return this;
        }

        public Builder httpThreads(int value) {
            httpThreads = value;
            return this;
        }

        public Builder timerPollMillis(long value) {
            timerPollMillis = value;
            return this;
        }

        public Builder maxTimerAttempts(int value) {
            maxTimerAttempts = value;
            return this;
        }

        public Builder maxUploadBytes(long value) {
            maxUploadBytes = value;
            return this;
        }

        public Builder operatorToken(String value) {
            operatorToken = value;
            return this;
        }

        public Builder emulator(boolean value) {
            emulator = value;
            return this;
        }

        public Builder emulatorStart(Long value) {
            emulatorStart = value;
            return this;
        }

        public Builder deterministicIds(boolean value) {
            deterministicIds = value;
            return this;
        }

        public Builder crowdFile(Path value) {
            crowdFile = value;
            return this;
        }

        public ArtelConfig build() {
            if (!emulator && (emulatorStart != null || deterministicIds || crowdFile != null)) {
                throw new IllegalArgumentException("--clock-start, --deterministic-ids and --crowd need --emulator");
            }
            return new ArtelConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, dbPoolSize, rateLimits,
                    maxBodyBytes, runOperationsInline, workerPollMillis, maxHeaderBytes, dbConnectionTimeoutMillis,
                    healthCheckTimeoutMillis, healthCacheMillis, maxOperationAttempts, maxOperationTransientFailures,
                    operationLeaseMillis, headTimeoutMillis, idleTimeoutMillis, minBodyBytesPerSecond, httpThreads,
                    timerPollMillis, maxTimerAttempts, maxUploadBytes, operatorToken, emulator, emulatorStart,
                    deterministicIds, crowdFile);
        }
    }
}
