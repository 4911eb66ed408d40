package dev.artel.storage;

/** The few things that differ between the embedded database (H2) and PostgreSQL. Nothing else may. */
public enum Dialect {
    H2("SELECT NEXT VALUE FOR object_ids"),
    POSTGRESQL("SELECT nextval('object_ids')");

    private final String nextObjectIdSql;

    Dialect(String nextObjectIdSql) {
        this.nextObjectIdSql = nextObjectIdSql;
    }

    public String nextObjectIdSql() {
        return nextObjectIdSql;
    }

    /** An INSERT that silently does nothing when a row with the same key exists. */
    public String insertIgnoringDuplicates(String table, String columns, String keyColumns, int valueCount) {
        String values = String.join(", ", java.util.Collections.nCopies(valueCount, "?"));
        return switch (this) {
            case H2 -> "MERGE INTO " + table + " (" + columns + ") KEY (" + keyColumns + ") VALUES (" + values + ")";
            case POSTGRESQL -> "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ") ON CONFLICT DO NOTHING";
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
