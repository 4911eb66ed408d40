package dev.artel.security;

import dev.artel.storage.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every stored row that belongs to one account, read straight from the database: its account row, each
 * table of the schema that has an {@code account_id} column (found from the catalogue, so tables added
 * later are covered too), and the rows that belong to it through another table: its operations' log lines and
 * staged batch items, and which worker had which task of its assignments. Two snapshots are equal when nothing of the account was
 * created, changed or deleted in between.
 */
public final class AccountSnapshot {
    private AccountSnapshot() {
    }

    /** Table name to its rows, each row as column name to value text, in a stable order. */
    public static Map<String, List<Map<String, String>>> of(Database db, String accountId) {
        try (Connection c = db.dataSource().getConnection()) {
            Map<String, List<Map<String, String>>> out = new TreeMap<>();
            for (String table : tablesWithAccountColumn(c)) {
                out.put(table.toLowerCase(Locale.ROOT), rows(c, "SELECT * FROM " + quoted(table)
                        + " WHERE account_id = ?", accountId));
            }
            out.put("accounts", rows(c, "SELECT * FROM accounts WHERE id = ?", accountId));
            out.put("operation_log", rows(c, "SELECT l.* FROM operation_log l JOIN operations o"
                    + " ON o.id = l.operation_id WHERE o.account_id = ?", accountId));
            out.put("operation_items", rows(c, "SELECT i.* FROM operation_items i JOIN operations o"
                    + " ON o.id = i.operation_id WHERE o.account_id = ?", accountId));
            out.put("assignment_tasks", rows(c, "SELECT t.* FROM assignment_tasks t JOIN assignments a"
                    + " ON a.id = t.assignment_id WHERE a.account_id = ?", accountId));
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database", e);
        }
    }

    /** The tables of the current schema, as quoted identifiers (Flyway's own is lower case even on H2). */
    public static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(quoted(rs.getString("TABLE_NAME")));
            }
        }
        return tables;
    }

    private static String quoted(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static Set<String> tablesWithAccountColumn(Connection c) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (ResultSet columns = c.getMetaData().getColumns(null, c.getSchema(), "%", "%")) {
            while (columns.next()) {
                if (columns.getString("COLUMN_NAME").equalsIgnoreCase("account_id")) {
                    tables.add(columns.getString("TABLE_NAME"));
                }
            }
        }
        return tables;
    }

    /** Rows in a stable order: sorted by their full text, since not every table has an id column. */
    private static List<Map<String, String>> rows(Connection c, String sql, String accountId) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, accountId);
            try (ResultSet rs = st.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                while (rs.next()) {
                    Map<String, String> row = new TreeMap<>();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        // Values, not their text: PgJDBC reads a statement it has run five times in binary, and
                        // getString of a DOUBLE PRECISION 0 then says "0.0" where it said "0" before.
                        row.put(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), String.valueOf(rs.getObject(i)));
                    }
                    rows.add(row);
                }
            }
        }
        rows.sort(java.util.Comparator.comparing(Object::toString));
        return rows;
    }
}
