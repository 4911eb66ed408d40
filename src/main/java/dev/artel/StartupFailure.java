package dev.artel;

import dev.artel.config.ArtelConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Pattern;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.exception.FlywayValidateException;

/**
 * Why Artel could not start, as the one line an operator reads: what failed, the value it failed on, and how to
 * fix it ({@code no database answers (Connection refused): jdbc:postgresql://...; start the database ...}).
 * The cause keeps the rest for a stack trace on request. Failures are told apart by exception type and
 * SQLState along the cause chain, not by message text, which every driver words (and translates) its own way;
 * message text only ever appears in the line as the reason in parentheses.
 */
public final class StartupFailure extends RuntimeException {
    /** The exit code of a start that failed; 1 is a refused command, 2 a usage error. */
    static final int EXIT_CODE = 3;
    /** H2's codes for a URL it cannot parse: format error, unknown setting, a path relative to nothing. */
    private static final Set<String> H2_URL_STATES = Set.of("90046", "90113", "90011");
    /** A password in a JDBC URL: {@code password=} (PostgreSQL's query, H2's settings) or user:password@. */
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;\\s]*|(//[^/:@\\s]*:)[^@/\\s]*@");
    private static final String README = "README, \"PostgreSQL and several nodes\"";

    private StartupFailure(String what, String value, String fix, Throwable cause) {
        // Masked over the whole line: a reason quoted from a driver may repeat the URL too.
        super(mask(what + ": " + value + "; " + fix), cause);
    }

    static StartupFailure dataDirectory(Path dir, IOException cause) {
        String reason = cause instanceof AccessDeniedException ? "permission denied"
                : cause instanceof FileAlreadyExistsException ? "a file that is not a directory has that name"
                : cause instanceof FileSystemException f && f.getReason() != null ? f.getReason()
                : cause.getMessage();
        return new StartupFailure("cannot create the data directory (" + reason + ")", dir.toAbsolutePath().toString(),
                "give a directory this user can create and write with --data", cause);
    }

    static StartupFailure dataDirectoryNotWritable(Path dir) {
        return new StartupFailure("the data directory is not writable", dir.toAbsolutePath().toString(),
                "give this user write permission on it, or another directory with --data", null);
    }

    static StartupFailure unsupportedUrl(String url, Exception cause) {
        return new StartupFailure("not a database URL Artel can use", url,
                "give --db-url as jdbc:postgresql://HOST:PORT/DATABASE, or leave it out for the embedded database",
                cause);
    }

    static StartupFailure crowdFile(Path file, String reason, Throwable cause) {
        return new StartupFailure("the --crowd file defines no crowd (" + reason + ")",
                file.toAbsolutePath().toString(), "give a JSON file holding the body of PUT /artel/v1/emulator/crowd"
                + " (docs/EMULATOR.md, \"Simulated crowd\")", cause);
    }

    /**
     * Explains {@code failure}, thrown while {@code config} was being started; a failure nobody foresaw is
     * still one line, naming its innermost cause.
     */
    static StartupFailure explain(RuntimeException failure, ArtelConfig config) {
        if (failure instanceof StartupFailure known) {
            return known;
        }
        BindException bind = find(failure, BindException.class);
        if (bind != null) {
            return new StartupFailure("cannot listen for HTTP (" + bind.getMessage() + ")",
                    config.host() + ":" + config.port(), "stop what uses that port or pick another with --port "
                    + "(0 picks a free one); --host must be an address of this machine", failure);
        }
        boolean embedded = config.dbUrl() == null || config.dbUrl().isBlank();
        String database = embedded ? config.dataDir().toAbsolutePath().toString() : config.dbUrl();
        SQLException sql = withState(failure);
        String state = sql == null ? "" : sql.getSQLState();
        if (state.equals("28P01")) {
            // Under password authentication PostgreSQL answers this for a role that does not exist, too.
            return new StartupFailure("the database refused the password (" + reason(sql) + ")", database,
                    "check --db-user and --db-password, and that the role exists (" + README + ")", failure);
        }
        if (state.equals("28000") && embedded) {
            return new StartupFailure("the embedded database refused the login (" + reason(sql) + ")", database,
                    "give the --db-user and --db-password it was created with, or another --data", failure);
        }
        if (state.equals("28000")) {
            return new StartupFailure("the database refused the login (" + reason(sql) + ")", database,
                    "create the role (" + README + "), name an existing one with --db-user, or let it in via "
                    + "pg_hba.conf", failure);
        }
        if (state.equals("3D000")) {
            return new StartupFailure("the database does not exist (" + reason(sql) + ")", database,
                    "create it (" + README + ") or correct its name in --db-url", failure);
        }
        if (state.equals("42501")) {
            // PostgreSQL 15 and later let only the owner create tables in a new database's public schema.
            return new StartupFailure("the database role lacks a right Artel needs (" + reason(sql) + ")", database,
                    "make the role the owner of the database (" + README + ")", failure);
        }
        if (H2_URL_STATES.contains(state)) {
            return unsupportedUrl(database, failure);
        }
        ConnectException refused = find(failure, ConnectException.class);
        if (refused != null) {
            return new StartupFailure("no database answers (" + refused.getMessage() + ")", database,
                    "start the database, or correct the host and port in --db-url", failure);
        }
        UnknownHostException unknownHost = find(failure, UnknownHostException.class);
        if (unknownHost != null) {
            return new StartupFailure("unknown database host (" + unknownHost.getMessage() + ")", database,
                    "correct the host in --db-url", failure);
        }
        FlywayException flyway = find(failure, FlywayException.class);
        if (flyway != null) {
            // A statement that failed inside a migration says more than Flyway's summary around it, and so does
            // the first finding of a validation, on the line under its "Validate failed" heading.
            String reason = sql != null ? reason(sql)
                    : flyway instanceof FlywayValidateException ? flyway.getMessage().lines().skip(1).findFirst()
                            .orElse(reason(flyway))
                    : reason(flyway);
            return new StartupFailure("cannot migrate the database schema (" + reason + ")", database,
                    "if another version of Artel migrated this database, run that version", failure);
        }
        if (sql != null) {
            return new StartupFailure("cannot open the database (" + reason(sql) + ")", database,
                    "check --db-url, --db-user and --db-password; ARTEL_TRACE=1 shows the stack trace", failure);
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new StartupFailure("start-up failed", root.toString(), "ARTEL_TRACE=1 shows the stack trace", failure);
    }

    /** The outermost SQL failure that says which it is: a pool's own may wrap the driver's, or carry its state. */
    private static SQLException withState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
        }
        return null;
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }

    /**
     * A driver's message fit for the middle of a line: its first line, without PostgreSQL's severity prefix
     * or H2's trailing error code.
     */
    private static String reason(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
        return message.lines().findFirst().orElse("")
                .replaceFirst("^(FATAL|ERROR|PANIC): ", "")
                .replaceFirst("\\s*\\[\\d+-\\d+]$", "");
    }

    /** The text with every password in it replaced by {@code ***}. */
    static String mask(String text) {
        return PASSWORD.matcher(text).replaceAll(m -> m.group(1) != null ? "$1***" : "$2***@");
    }
}
