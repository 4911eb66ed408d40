package dev.artel.storage;

import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The few things that differ between the embedded database (H2) and PostgreSQL. Nothing else may. */
public enum Dialect {
    H2("SELECT NEXT VALUE FOR object_ids",
            "SET LOCK_TIMEOUT " + Database.LOCK_TIMEOUT_MILLIS),
    POSTGRESQL("SELECT nextval('object_ids')",
            "SET lock_timeout = " + Database.LOCK_TIMEOUT_MILLIS
                    + "; SET idle_in_transaction_session_timeout = " + Database.IDLE_IN_TRANSACTION_MILLIS);

    private final String nextObjectIdSql;
    private final String sessionSetupSql;

    Dialect(String nextObjectIdSql, String sessionSetupSql) {
        this.nextObjectIdSql = nextObjectIdSql;
        this.sessionSetupSql = sessionSetupSql;
    }

    public String nextObjectIdSql() {
        return nextObjectIdSql;
    }

    /** The value the object-id sequence gives next, read without drawing it. */
    public String peekObjectIdSql() {
        return switch (this) {
            case H2 -> "SELECT BASE_VALUE FROM INFORMATION_SCHEMA.SEQUENCES"
                    + " WHERE SEQUENCE_SCHEMA = CURRENT_SCHEMA AND SEQUENCE_NAME = 'OBJECT_IDS'";
            case POSTGRESQL -> "SELECT CASE WHEN is_called THEN last_value + 1 ELSE last_value END FROM object_ids";
        };
    }

    /**
     * What makes the planner see a table as it is after a large load of it, where it does not see it so by itself:
     * PostgreSQL plans by statistics that only ANALYZE (or autovacuum, which may be off, and lags a load anyway)
     * brings up to date, while H2 analyzes a table itself after every few thousand changed rows.
     */
    public Optional<String> refreshStatisticsSql(String table) {
        return this == POSTGRESQL ? Optional.of("ANALYZE " + table) : Optional.empty();
    }

    /** Run on every new connection: the same lock and transaction limits on both engines. */
    String sessionSetupSql() {
        return sessionSetupSql;
    }

    /** An INSERT that silently does nothing when a row with the same key exists. */
    public String insertIgnoringDuplicates(String table, String columns, String keyColumns, int valueCount) {
        String values = String.join(", ", Collections.nCopies(valueCount, "?"));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + keyColumns + ") VALUES (" + values + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT DO NOTHING";
        };
    }

    /**
     * An INSERT that replaces the other columns of a row with the same key: values in the order of
     * {@code keyColumns}, then {@code otherColumns}. Safe when transactions store the same new key at once: the
     * later one waits for the earlier and then replaces its row, on both engines, instead of failing on the key.
     */
    public String upsert(String table, List<String> keyColumns, List<String> otherColumns) {
        String keys = String.join(", ", keyColumns);
        String columns = keys + ", " + String.join(", ", otherColumns);
        String values = String.join(", ", Collections.nCopies(keyColumns.size() + otherColumns.size(), "?"));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + keys + ") VALUES (" + values + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT ("
                    + keys + ") DO UPDATE SET " + otherColumns.stream().map(c -> c + " = EXCLUDED." + c)
                    .collect(Collectors.joining(", "));
        };
    }

    /**
     * A list's condition that a column has one value, binding the value twice. PostgreSQL gets a range of one
     * value: a column equal to a constant it drops from the ORDER BY, and then it read the primary key in id order,
     * filtering, believing a pool's rows spread evenly over it; ids begin with their pool, so a page of the last
     * pool read every row of the pools before it (52 ms a page of assignments). H2 gets the equality: given the
     * range, it preferred the account's index and sorted the whole pool (36 s a page at 1,000,000 assignments).
     */
    public String oneValueCondition(String column) {
        return switch (this) {
            case H2 -> column + " = ? AND " + column + " = ?";
            case POSTGRESQL -> column + " BETWEEN ? AND ?";
        };
    }

    public static Dialect fromJdbcUrl(String url) {
        if (url.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (url.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("Unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + url);
    }
}
