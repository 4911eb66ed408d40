package dev.artel.storage;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The tables of the schema as the database's own catalogue describes them, for code that acts on every table
 * without naming them (the emulator's reset and snapshots). Names are in lower case, as the migrations write them;
 * both engines fold them to their own case when they are used unquoted.
 */
public final class Catalogue {
    private Catalogue() {
    }

    /**
     * A table: its columns in the catalogue's order, its primary key's columns in key order (empty without one), and
     * the tables its foreign keys reference.
     */
    public record Table(String name, List<String> columns, List<String> key, Set<String> references) {
    }

    /** The plain tables of the connection's schema (no views), in the catalogue's order. */
    public static List<Table> read(Database db) {
        try (Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String schema = c.getSchema();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), schema, "%", null)) {
                while (rs.next()) {
                    // H2 2 calls a plain table BASE TABLE, as the SQL standard does; PostgreSQL calls it TABLE.
                    String type = rs.getString("TABLE_TYPE");
                    if (type.equals("TABLE") || type.equals("BASE TABLE")) {
                        names.add(lower(rs.getString("TABLE_NAME")));
                    }
                }
            }
            List<Table> tables = new ArrayList<>();
            for (String name : names) {
                String asStored = meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
                List<String> columns = new ArrayList<>();
                try (ResultSet rs = meta.getColumns(c.getCatalog(), schema, asStored, "%")) {
                    while (rs.next()) {
                        columns.add(lower(rs.getString("COLUMN_NAME")));
                    }
                }
                Map<Integer, String> key = new TreeMap<>();
                try (ResultSet rs = meta.getPrimaryKeys(c.getCatalog(), schema, asStored)) {
                    while (rs.next()) {
                        key.put(rs.getInt("KEY_SEQ"), lower(rs.getString("COLUMN_NAME")));
                    }
                }
                Set<String> references = new LinkedHashSet<>();
                try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), schema, asStored)) {
                    while (rs.next()) {
                        references.add(lower(rs.getString("PKTABLE_NAME")));
                    }
                }
                tables.add(new Table(name, List.copyOf(columns), List.copyOf(key.values()), Set.copyOf(references)));
            }
            return tables;
        } catch (SQLException e) {
            throw StorageException.from(e);
        }
    }

    private static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
