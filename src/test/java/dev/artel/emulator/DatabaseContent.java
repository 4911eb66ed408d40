package dev.artel.emulator;

import dev.artel.support.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every row of every table of a server's database, read over JDBC as text and sorted: a state to compare whole.
 * Found from the catalogue like the server's own list, but written apart from it, so that the two cannot agree
 * on a table left out; the schema history and the snapshots, which a restore does not touch, are left out.
 */
final class DatabaseContent {
    private DatabaseContent() {
    }

    static Map<String, List<String>> read(TestServer server) {
        Map<String, List<String>> content = new TreeMap<>();
        try (Connection c = server.artel().database().dataSource().getConnection()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), c.getSchema(), "%", null)) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    if (rs.getString("TABLE_TYPE").endsWith("TABLE") && !name.startsWith("flyway")
                            && !name.startsWith("emulator_snapshot")) {
                        tables.add(name);
                    }
                }
            }
            for (String table : tables) {
                List<String> rows = new ArrayList<>();
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM " + table)) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Object[] row = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        rows.add(Arrays.deepToString(row));
                    }
                }
                rows.sort(null);
                content.put(table, rows);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return content;
    }
}
