package dev.artel.storage;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/** A database failure, translated at the store boundary. A unique-key violation is told apart. */
public class StorageException extends RuntimeException {
    private final boolean duplicateKey;
    private final boolean transientFailure;

    private StorageException(String message, Throwable cause, boolean duplicateKey, boolean transientFailure) {
        super(message, cause);
        this.duplicateKey = duplicateKey;
        this.transientFailure = transientFailure;
    }

    static StorageException from(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // 23505 is the unique violation on both engines; 40001/40P01 are serialization failures and deadlocks
        // on PostgreSQL, HYT00 is H2's lock timeout, 55P03 PostgreSQL's: all of them mean "try again", not
        // "broken". So does a lost session: a connection failure (class 08, or the driver's or the pool's own
        // transient and recoverable kinds), PostgreSQL shutting down or restarting (57P01-57P03), or ending a
        // transaction left idle too long (25P03, see Database); none of them says anything about the work.
        boolean duplicate = state.equals("23505");
        boolean retryable = state.equals("40001") || state.equals("40P01") || state.equals("HYT00")
                || state.equals("55P03") || state.startsWith("08") || state.startsWith("57P0")
                || state.equals("25P03") || e instanceof SQLTransientException || e instanceof SQLRecoverableException;
        return new StorageException(e.getMessage(), e, duplicate, retryable);
    }

    public boolean isDuplicateKey() {
        return duplicateKey;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
