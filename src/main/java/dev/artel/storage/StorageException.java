package dev.artel.storage;

import java.sql.SQLException;

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
        // on PostgreSQL, HYT00 is H2's lock timeout: all of them mean "try again", not "broken".
        boolean duplicate = state.equals("23505");
        boolean retryable = state.equals("40001") || state.equals("40P01") || state.equals("HYT00")
                || state.equals("55P03");
        return new StorageException(e.getMessage(), e, duplicate, retryable);
    }

    public boolean isDuplicateKey() {
        return duplicateKey;
    }

    public boolean isTransient() {
        return transientFailure;
    }
}
