package dev.artel.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The connection pool, the schema migrations and the transaction boundary. One SQL code path serves both
 * engines; {@link Dialect} holds the differences.
 */
public final class Database implements AutoCloseable {
    /**
     * How long a statement waits for a row lock before it fails as a transient error (a 503 for a request;
     * for an operation, another try on the next pass). Every transaction here holds its locks for
     * milliseconds, so a longer wait means the holder is stuck, say a node that hangs in the middle of a
     * transaction; without a limit (PostgreSQL's default) every request touching that row would hang with
     * it. H2 has a limit of its own (2 s); both engines get this one.
     */
    static final int LOCK_TIMEOUT_MILLIS = 5_000;
    /**
     * PostgreSQL ends a session that sits this long inside a transaction without sending a statement, which
     * releases its locks. A node that hangs (stopped, swapping, cut off) while it runs an operation keeps
     * its TCP connection open, so without this the operation it claimed would stay claimed, and never run,
     * for as long as the node hangs; with it another node runs the operation, and the hung node's commit
     * fails if it ever wakes up. Artel never waits on anything but the database inside a transaction.
     */
    static final int IDLE_IN_TRANSACTION_MILLIS = 60_000;

    private final HikariConfig config;
    private final Dialect dialect;
    /** Completed by {@link #open}; until then every unit of work waits for it. */
    private final CompletableFuture<HikariDataSource> opened = new CompletableFuture<>();

    /**
     * Configures the database without touching it; {@link #open} connects and migrates. The server opens it
     * on a thread of its own while it starts HTTP, and requests that arrive in between wait for it.
     * {@code connectionTimeoutMillis} bounds how long a unit of work waits for a connection: while the
     * database is unreachable no connection comes, and a request should fail with a transient error in that
     * time rather than hang for HikariCP's default of 30 s.
     */
    public Database(String jdbcUrl, String user, String password, int poolSize, long connectionTimeoutMillis) {
        this.dialect = Dialect.fromJdbcUrl(jdbcUrl);
        config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        if (user != null) {
            config.setUsername(user);
        }
        if (password != null) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(connectionTimeoutMillis);
        config.setPoolName("artel-db");
        config.setConnectionInitSql(dialect.sessionSetupSql());
        config.setAutoCommit(true);
        if (dialect == Dialect.H2 && !jdbcUrl.toUpperCase(java.util.Locale.ROOT).contains("QUERY_CACHE_SIZE")) {
            // H2 parses a statement again unless it is among the session's last 8 (its default), and a worker's
            // take and submit run some twenty: parsing was a quarter of their time. Unless the URL says otherwise.
            config.addDataSourceProperty("QUERY_CACHE_SIZE", "128");
        }
        if (dialect == Dialect.POSTGRESQL && !jdbcUrl.contains("reWriteBatchedInserts")) {
            // The driver otherwise sends a JDBC batch of inserts as one statement per row; rewritten, as multi-row
            // INSERTs, a bulk upload's rows cost a fraction of that. Unless the URL says otherwise.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
    }

    /** Connects (failing at once if the database cannot be reached) and migrates the schema; returns this. */
    public Database open() {
        if (opened.isDone()) {
            throw new IllegalStateException("the database has been opened or closed already");
        }
        try {
            HikariDataSource dataSource = new HikariDataSource(config);
            try {
                migrate(dataSource);
            } catch (RuntimeException e) {
                dataSource.close();
                throw e;
            }
            opened.complete(dataSource);
            return this;
        } catch (RuntimeException e) {
            opened.completeExceptionally(e);
            throw e;
        }
    }

    public boolean isOpen() {
        return opened.isDone() && !opened.isCompletedExceptionally();
    }

    /**
     * Whether the database answers now: a connection from the pool that passes the driver's own validity check
     * (a round trip on PostgreSQL) within {@code timeoutSeconds}. A connection that fails it is evicted, so
     * that the next check gets a fresh one: returned to the pool, the dead connection would be handed out
     * again without HikariCP's own check, which it skips for a connection used in the last half second, and a
     * health check polled that often would never see the database come back.
     */
    public boolean isReachable(int timeoutSeconds) {
        if (!isOpen()) {
            return false;
        }
        HikariDataSource pool = opened.join();
        try (Connection connection = pool.getConnection()) {
            if (connection.isValid(timeoutSeconds)) {
                return true;
            }
            pool.evictConnection(connection);
            return false;
        } catch (SQLException e) {
            return false;
        }
    }

    private static void migrate(DataSource dataSource) {
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    public Dialect dialect() {
        return dialect;
    }

    /** The connection pool, once the database is open (waiting for that if it is being opened). */
    public DataSource dataSource() {
        try {
            return opened.join();
        } catch (CompletionException e) {
            throw new IllegalStateException("the database did not open", e.getCause());
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Function<Handle, T> work) {
        return run(work, false);
    }

    /**
     * Runs {@code work} that issues one statement (a read, typically) in auto-commit mode. One statement is
     * atomic by itself, so the transaction's begin and commit would only add round trips; the handle refuses a
     * second statement, which would need {@link #inTransaction}.
     */
    public <T> T oneStatement(Function<Handle, T> work) {
        return run(work, true);
    }

    private <T> T run(Function<Handle, T> work, boolean oneStatement) {
        try (Connection connection = dataSource().getConnection()) {
            if (oneStatement) {
                return work.apply(new Handle(connection, dialect, true));
            }
            // No finally that turns auto-commit back on: HikariCP does that when the connection returns to
            // the pool, and on a connection that has just broken the finally would throw "Connection is
            // closed" and hide the real failure (a lost connection is transient, a closed one looked broken).
            connection.setAutoCommit(false);
            try {
                T result = work.apply(new Handle(connection, dialect, false));
                connection.commit();
                return result;
            } catch (RuntimeException | Error | SQLException e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw StorageException.from(e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException rollbackFailure) {
            cause.addSuppressed(rollbackFailure);
        }
    }

    @Override
    public void close() {
        if (!opened.completeExceptionally(new IllegalStateException("the database is closed")) && isOpen()) {
            opened.join().close();
        }
    }
}
