package dev.artel.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One connection inside one transaction. Stores take a Handle so that a service can compose several
 * store calls (create a pool and queue its operation) into one atomic unit. SQL errors leave as
 * {@link StorageException}; stores never leak JDBC types upward.
 */
public final class Handle {
    private final Connection connection;
    private final Dialect dialect;
    private final boolean oneStatement;
    private int statements;

    Handle(Connection connection, Dialect dialect, boolean oneStatement) {
        this.connection = connection;
        this.dialect = dialect;
        this.oneStatement = oneStatement;
    }

    /** Maps the current row of a result set. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    public Dialect dialect() {
        return dialect;
    }

    public int update(String sql, Object... args) {
        try (PreparedStatement st = prepare(sql, args)) {
            return st.executeUpdate();
        } catch (SQLException e) {
            throw StorageException.from(e);
        }
    }

    /** Runs one statement for every row of arguments as a single JDBC batch; returns the total rows changed. */
    public long batch(String sql, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        countStatement(sql);
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            for (Object[] args : rows) {
                bind(st, args);
                st.addBatch();
            }
            long changed = 0;
            for (int count : st.executeBatch()) {
                // A driver may report SUCCESS_NO_INFO (-2) for a row it did change.
                changed += count < 0 ? 1 : count;
            }
            return changed;
        } catch (SQLException e) {
            throw StorageException.from(e);
        }
    }

    public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) {
        try (PreparedStatement st = prepare(sql, args); ResultSet rs = st.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) {
                out.add(mapper.map(rs));
            }
            return out;
        } catch (SQLException e) {
            throw StorageException.from(e);
        }
    }

    /** The most values one statement of {@link #queryIn} binds. */
    static final int MAX_IN_LIST = 512;

    /**
     * {@code head} + {@code (?, ?, ...)} + {@code tail} for the values, which are all the statement binds, at most
     * {@value #MAX_IN_LIST} at a time. Each list is padded to a power of two by repeating its last value, which
     * an IN list does not mind: a handful of statement texts then serve every length, so PostgreSQL plans each
     * once per connection and H2 keeps them in its statement cache, where a text per length was planned anew.
     */
    public <T> List<T> queryIn(String head, Collection<?> values, String tail, RowMapper<T> mapper) {
        List<?> all = List.copyOf(values);
        List<T> out = new ArrayList<>();
        for (int from = 0; from < all.size(); from += MAX_IN_LIST) {
            List<?> chunk = all.subList(from, Math.min(all.size(), from + MAX_IN_LIST));
            int size = Integer.highestOneBit(chunk.size() * 2 - 1);
            Object[] args = new Object[size];
            for (int i = 0; i < size; i++) {
                args[i] = chunk.get(Math.min(i, chunk.size() - 1));
            }
            out.addAll(query(head + "(" + String.join(", ", Collections.nCopies(size, "?")) + ")" + tail, mapper,
                    args));
        }
        return out;
    }

    /** Reads one row at a time. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /** Hands each row to {@code reader} as it is read, rather than collecting a list of them. */
    public void forEachRow(String sql, RowReader reader, Object... args) {
        try (PreparedStatement st = prepare(sql, args); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                reader.read(rs);
            }
        } catch (SQLException e) {
            throw StorageException.from(e);
        }
    }

    public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... args) {
        List<T> rows = query(sql, mapper, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long queryLong(String sql, Object... args) {
        return queryOne(sql, rs -> rs.getLong(1), args).orElseThrow();
    }

    /**
     * Runs {@code work} so that, if it throws, its writes are undone and the transaction's earlier ones stay: the
     * transaction may go on and commit them. What it throws is rethrown; if the undo itself fails (the connection
     * broke), that failure is, and the transaction cannot commit.
     */
    public <T> T undoIfThrows(Supplier<T> work) {
        if (oneStatement) {
            throw new IllegalStateException("a savepoint outside a transaction");
        }
        Savepoint savepoint;
        try {
            savepoint = connection.setSavepoint();
        } catch (SQLException e) {
            throw StorageException.from(e);
        }
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            try {
                connection.rollback(savepoint);
            } catch (SQLException undo) {
                undo.addSuppressed(e);
                throw StorageException.from(undo);
            }
            throw e;
        }
    }

    private PreparedStatement prepare(String sql, Object[] args) throws SQLException {
        countStatement(sql);
        PreparedStatement st = connection.prepareStatement(sql);
        bind(st, args);
        return st;
    }

    private void countStatement(String sql) {
        if (oneStatement && ++statements > 1) {
            throw new IllegalStateException("a second statement outside a transaction: " + sql);
        }
    }

    private static void bind(PreparedStatement st, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            st.setObject(i + 1, args[i]);
        }
    }
}
