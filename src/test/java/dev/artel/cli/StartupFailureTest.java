package dev.artel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.artel.cli.ArtelCli.Run;
import dev.artel.storage.Database;
import dev.artel.support.TestDatabase;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that cannot succeed, run as the operator runs it: exit code 3 and, on stderr, exactly one line that
 * names what failed, the value and the fix, with no stack trace and nothing else that start-up printed before
 * it failed; with ARTEL_TRACE=1 the trace comes too, above the same line. Both {@code serve} and
 * {@code account create} where the failure applies to both. PostgreSQL's own refusals (no such role, no such
 * database) are asked of the local PostgreSQL whichever database the suite runs on, and skipped only if none
 * answers there.
 */
class StartupFailureTest {
    private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String README = "README, \"PostgreSQL and several nodes\"";

    @TempDir
    Path output;
    @TempDir
    Path data;

    /** Runs {@code args} without and with tracing; a run that fails a check fails with its whole output. */
    private void assertFailsWith(String line, String... args) throws IOException, InterruptedException {
        assertFailsUntraced(line, args);
        Run traced = ArtelCli.run(output, Map.of("ARTEL_TRACE", "1"), args);
        assertEquals(3, traced.exitCode(), traced.toString());
        assertEquals("artel: " + line, traced.stderr().get(traced.stderr().size() - 1), traced.toString());
        assertTrue(traced.stderr().contains("dev.artel.StartupFailure: " + line), traced.toString());
        assertTrue(traced.stderr().stream().anyMatch(l -> l.startsWith("\tat dev.artel.Artel.")), traced.toString());
    }

    private void assertFailsUntraced(String line, String... args) throws IOException, InterruptedException {
        Run run = ArtelCli.run(output, args);
        assertEquals(3, run.exitCode(), run.toString());
        assertEquals(List.of("artel: " + line), run.stderr(), run.toString());
        assertEquals(List.of(), run.stdout(), run.toString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assumePostgres() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1_000);
        } catch (IOException e) {
            assumeTrue(false, "no PostgreSQL answers on 127.0.0.1:5432: " + e);
        }
    }

    @Test
    void aUrlOfAnotherDatabaseIsNamedWithoutItsPassword() throws Exception {
        String line = "not a database URL Artel can use: jdbc:mysql://127.0.0.1/artel?user=artel&password=***; "
                + "give --db-url as jdbc:postgresql://HOST:PORT/DATABASE, or leave it out for the embedded database";
        assertFailsWith(line, "serve", "--port", "0", "--db-url", "jdbc:mysql://127.0.0.1/artel?user=artel&password=s3cret");
        assertFailsWith(line, "account", "create", "--name", "a",
                "--db-url", "jdbc:mysql://127.0.0.1/artel?user=artel&password=s3cret");
    }

    @Test
    void aMalformedUrlIsNamedOnBothEngines() throws Exception {
        String fix = "; give --db-url as jdbc:postgresql://HOST:PORT/DATABASE, or leave it out for the embedded "
                + "database";
        // The driver also warns about the port on stderr; only the one line may remain.
        String postgres = POSTGRES.replace("5432", "port") + "artel";
        assertFailsWith("not a database URL Artel can use: " + postgres + fix, "serve", "--port", "0",
                "--db-url", postgres);
        String h2 = "jdbc:h2:file:" + data.resolve("artel") + ";NO_SUCH_SETTING=1";
        assertFailsWith("not a database URL Artel can use: " + h2 + fix, "serve", "--port", "0", "--db-url", h2);
    }

    @Test
    void aDatabaseThatDoesNotAnswerIsNamedOnBothEngines() throws Exception {
        String fix = "; start the database, or correct the host and port in --db-url";
        String postgres = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/artel?user=artel&password=";
        String line = "no database answers (Connection refused): " + postgres + "***" + fix;
        assertFailsWith(line, "serve", "--port", "0", "--db-url", postgres + "s3cret");
        assertFailsWith(line, "account", "create", "--name", "a", "--db-url", postgres + "s3cret");
        String h2 = "jdbc:h2:tcp://127.0.0.1:" + closedPort() + "/artel";
        assertFailsWith("no database answers (Connection refused): " + h2 + fix, "serve", "--port", "0",
                "--db-url", h2);
    }

    @Test
    void aRoleThatDoesNotExistIsNamed() throws Exception {
        assumePostgres();
        String url = POSTGRES + "postgres?user=no_such_artel_role";
        String line = "the database refused the login (role \"no_such_artel_role\" does not exist): " + url
                + "; create the role (" + README + "), name an existing one with --db-user, or let it in via "
                + "pg_hba.conf";
        assertFailsWith(line, "serve", "--port", "0", "--db-url", url);
        assertFailsWith(line, "account", "create", "--name", "a", "--db-url", url);
    }

    @Test
    void aDatabaseThatDoesNotExistIsNamed() throws Exception {
        assumePostgres();
        String url = POSTGRES + "no_such_artel_database?user=postgres";
        String line = "the database does not exist (database \"no_such_artel_database\" does not exist): " + url
                + "; create it (" + README + ") or correct its name in --db-url";
        assertFailsWith(line, "serve", "--port", "0", "--db-url", url);
        assertFailsWith(line, "account", "create", "--name", "a", "--db-url", url);
    }

    @Test
    void aRoleThatMayNotCreateTablesIsNamed() throws Exception {
        assumePostgres();
        // A role of its own, without rights in the database "postgres", dropped again at the end.
        String role = "artel_startup_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = POSTGRES + "postgres?user=postgres";
        execute(admin, "CREATE ROLE " + role + " LOGIN");
        try {
            String url = POSTGRES + "postgres?user=" + role;
            String line = "the database role lacks a right Artel needs (permission denied for schema public): " + url
                    + "; make the role the owner of the database (" + README + ")";
            // Flyway tries ten times, a second apart, to create its table before it gives up: one run only.
            assertFailsUntraced(line, "serve", "--port", "0", "--db-url", url);
        } finally {
            execute(admin, "DROP ROLE " + role);
        }
    }

    @Test
    void anEmbeddedDatabaseRefusesAnotherUser() throws Exception {
        ArtelCli.Run created = ArtelCli.run(output, "account", "create", "--name", "a", "--data", data.toString());
        assertEquals(0, created.exitCode(), created.toString());
        String line = "the embedded database refused the login (Wrong user name or password): " + data
                + "; give the --db-user and --db-password it was created with, or another --data";
        assertFailsWith(line, "serve", "--port", "0", "--data", data.toString(), "--db-user", "intruder");
        assertFailsWith(line, "account", "create", "--name", "b", "--data", data.toString(), "--db-user", "intruder");
    }

    @Test
    void aDataDirectoryThatCannotBeCreatedIsNamed() throws Exception {
        // Root may write anywhere; a regular file where a directory must be stops everyone.
        Path file = Files.writeString(data.resolve("a-file"), "not a directory");
        Path dir = file.resolve("data");
        String line = "cannot create the data directory (Not a directory): " + dir
                + "; give a directory this user can create and write with --data";
        assertFailsWith(line, "serve", "--port", "0", "--data", dir.toString());
        assertFailsWith(line, "account", "create", "--name", "a", "--data", dir.toString());
    }

    @Test
    void aPortInUseIsNamed() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            String line = "cannot listen for HTTP (Address already in use): 127.0.0.1:" + port + "; stop what uses "
                    + "that port or pick another with --port (0 picks a free one); --host must be an address of "
                    + "this machine";
            assertFailsWith(line, "serve", "--host", "127.0.0.1", "--port", String.valueOf(port),
                    "--db-url", TestDatabase.newUrl());
        }
    }

    @Test
    void aSchemaThatFailsValidationIsNamedOnH2() throws Exception {
        String url = "jdbc:h2:file:" + data.resolve("artel");
        String line = migratedWithAnotherFirstMigration(url);
        assertFailsWith(line + url + FIX_MIGRATION, "serve", "--port", "0", "--db-url", url);
    }

    @Test
    void aSchemaThatFailsValidationIsNamedOnPostgres() throws Exception {
        assumePostgres();
        String schema = "artel_startup_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String admin = POSTGRES + "postgres?user=postgres";
        execute(admin, "CREATE SCHEMA " + schema);
        try {
            String url = admin + "&currentSchema=" + schema;
            String line = migratedWithAnotherFirstMigration(url);
            assertFailsWith(line + url + FIX_MIGRATION, "serve", "--port", "0", "--db-url", url);
            assertFailsWith(line + url + FIX_MIGRATION, "account", "create", "--name", "a", "--db-url", url);
        } finally {
            execute(admin, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static final String FIX_MIGRATION = "; if another version of Artel migrated this database, run that "
            + "version";

    /**
     * Migrates the database at {@code url} and then changes the checksum recorded for its first migration, as
     * an edited migration file would; returns the start of the line that refuses it, up to the value.
     */
    private static String migratedWithAnotherFirstMigration(String url) throws SQLException {
        try (Database db = new Database(url, null, null, 2, 5_000).open();
             Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.execute("UPDATE \"flyway_schema_history\" SET \"checksum\" = \"checksum\" + 1 WHERE \"version\" = '1'");
        }
        return "cannot migrate the database schema (Migration checksum mismatch for migration version 1): ";
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }
}
