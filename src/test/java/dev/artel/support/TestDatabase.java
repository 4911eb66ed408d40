package dev.artel.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Which database the suite runs on. Without the system property {@code artel.test.db-url} every server gets
 * an embedded database in a fresh directory. With a PostgreSQL URL, the whole test JVM shares one fresh
 * schema in that database, dropped when the JVM ends; accounts keep tests apart inside it.
 */
public final class TestDatabase {
    private static final String PROPERTY = "artel.test.db-url";
    private static String postgresUrl;

    private TestDatabase() {
    }

    public static boolean isPostgres() {
        String url = System.getProperty(PROPERTY, "");
        return url.startsWith("jdbc:postgresql:");
    }

    /** A JDBC URL for a new server: a new embedded directory, or the run's PostgreSQL schema. */
    public static String newUrl() {
        if (isPostgres()) {
            return postgresUrl();
        }
        try {
            Path dir = Files.createTempDirectory("artel-test-db");
            return "jdbc:h2:file:" + dir.resolve("artel") + ";AUTO_SERVER=TRUE;WRITE_DELAY=0";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A database no other server of the run uses: on H2 a new directory, as {@link #newUrl()}; on PostgreSQL a schema
     * of its own, dropped when the JVM ends. For servers whose behaviour spans every account, as an emulator's
     * simulated crowd does: in the shared schema it would work the open pools that earlier tests left behind.
     */
    public static String newOwnUrl() {
        return isPostgres() ? newSchemaUrl() : newUrl();
    }

    private static synchronized String postgresUrl() {
        if (postgresUrl == null) {
            postgresUrl = newSchemaUrl();
        }
        return postgresUrl;
    }

    private static String newSchemaUrl() {
        String base = System.getProperty(PROPERTY);
        String schema = "artel_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute(base, "CREATE SCHEMA " + schema);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> execute(base, "DROP SCHEMA " + schema + " CASCADE")));
        return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot run '" + sql + "' on " + url, e);
        }
    }
}
