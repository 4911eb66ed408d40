package dev.artel.emulator;

import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The tables a reset empties and a snapshot holds. They are read from the database's own catalogue, not listed
 * here, so a table a later migration adds (the simulated crowd's) is covered the day it exists. Each table is
 * one of four kinds, told apart by its columns:
 * <ul>
 * <li><b>Requester data</b>: it has an {@code account_id} column, and a row belongs to the account it names
 *     (projects, pools, tasks, task suites, assignments, operations, timers, rate-limit counters).</li>
 * <li><b>Owned through a requester object</b>: no {@code account_id}, but a column that names a requester's
 *     object ({@link #OWNER_COLUMNS}: {@code pool_id}, {@code task_id}, {@code operation_id}, ...); a row belongs
 *     to the account that owns that object (an assignment's task rows, an operation's items and log, a project's
 *     lock stripes). Such a column must have the type of the id it names.</li>
 * <li><b>Kept</b> by a reset: everything else (accounts, workers, the emulator's clock, whatever describes
 *     the simulated crowd rather than a requester's objects), and {@link #KEPT} tables that name an account
 *     but are its credentials.</li>
 * <li><b>Outside</b> the state: the schema's history and the snapshots themselves ({@link #OUTSIDE}).</li>
 * </ul>
 * A snapshot holds every table but those outside. Tables are listed so that one a foreign key references comes
 * before the table that references it: the order to insert in, and reversed, to delete in. Names are used in SQL
 * as the migrations write them, unquoted, which both engines fold to their own case.
 */
final class StateTables {
    /** Neither reset nor snapshotted: the migrations' record, and the snapshots, which outlive both. */
    static final Set<String> OUTSIDE = Set.of("flyway_schema_history", "emulator_snapshots",
            "emulator_snapshot_chunks");
    /** Tables with an account_id that a reset keeps: the requester's credentials keep working. */
    static final Set<String> KEPT = Set.of("tokens");
    /** A column naming a requester's object, and that object's table; a row with one belongs to its owner. */
    static final Map<String, String> OWNER_COLUMNS = Map.of(
            "project_id", "projects",
            "pool_id", "pools",
            "task_id", "tasks",
            "task_suite_id", "task_suites",
            "assignment_id", "assignments",
            "operation_id", "operations");
    private static final String ACCOUNT = "account_id";

    enum Kind { REQUESTER, OWNED, KEPT }

    /**
     * A table, its columns in the catalogue's order, its primary key's columns (none when it has no primary key),
     * and for an owned one its columns naming an owner.
     */
    record Table(String name, List<String> columns, List<String> key, Kind kind, Map<String, String> owners) {
    }

    private final List<Table> tables;

    private StateTables(List<Table> tables) {
        this.tables = tables;
    }

    /** Every table of the state, referenced tables first. */
    List<Table> all() {
        return tables;
    }

    static StateTables read(Database db) {
        try (Connection c = db.dataSource().getConnection()) {
            DatabaseMetaData meta = c.getMetaData();
            String schema = c.getSchema();
            Map<String, List<String>> columns = new LinkedHashMap<>();
            try (ResultSet rs = meta.getTables(c.getCatalog(), schema, "%", null)) {
                while (rs.next()) {
                    String name = rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                    // H2 2 calls a plain table BASE TABLE, as the SQL standard does; PostgreSQL calls it TABLE.
                    String type = rs.getString("TABLE_TYPE");
                    if ((type.equals("TABLE") || type.equals("BASE TABLE")) && !OUTSIDE.contains(name)) {
                        columns.put(name, new ArrayList<>());
                    }
                }
            }
            Map<String, Set<String>> references = new LinkedHashMap<>();
            Map<String, List<String>> keys = new LinkedHashMap<>();
            for (String table : columns.keySet()) {
                String catalogueName = meta.storesUpperCaseIdentifiers() ? table.toUpperCase(Locale.ROOT) : table;
                try (ResultSet rs = meta.getColumns(c.getCatalog(), schema, catalogueName, "%")) {
                    while (rs.next()) {
                        columns.get(table).add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                Set<String> referenced = new LinkedHashSet<>();
                try (ResultSet rs = meta.getImportedKeys(c.getCatalog(), schema, catalogueName)) {
                    while (rs.next()) {
                        referenced.add(rs.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                references.put(table, referenced);
                Map<Integer, String> key = new TreeMap<>();
                try (ResultSet rs = meta.getPrimaryKeys(c.getCatalog(), schema, catalogueName)) {
                    while (rs.next()) {
                        key.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
                    }
                }
                keys.put(table, List.copyOf(key.values()));
            }
            List<Table> tables = new ArrayList<>();
            for (String name : referencedFirst(references)) {
                tables.add(classify(name, columns, keys.get(name)));
            }
            return new StateTables(List.copyOf(tables));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's tables", e);
        }
    }

    private static Table classify(String name, Map<String, List<String>> columns, List<String> key) {
        List<String> own = List.copyOf(columns.get(name));
        if (KEPT.contains(name)) {
            return new Table(name, own, key, Kind.KEPT, Map.of());
        }
        if (own.contains(ACCOUNT)) {
            return new Table(name, own, key, Kind.REQUESTER, Map.of());
        }
        Map<String, String> owners = new LinkedHashMap<>();
        for (String column : own) {
            String owner = OWNER_COLUMNS.get(column);
            if (owner != null && columns.getOrDefault(owner, List.of()).contains(ACCOUNT)) {
                owners.put(column, owner);
            }
        }
        return new Table(name, own, key, owners.isEmpty() ? Kind.KEPT : Kind.OWNED,
                Collections.unmodifiableMap(owners));
    }

    /** Tables in an order where each comes after those it references; the catalogue's order otherwise. */
    private static List<String> referencedFirst(Map<String, Set<String>> references) {
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (ordered.size() < references.size()) {
            int before = ordered.size();
            for (Map.Entry<String, Set<String>> table : references.entrySet()) {
                if (!placed.contains(table.getKey()) && references.keySet().stream()
                        .filter(table.getValue()::contains).filter(r -> !r.equals(table.getKey()))
                        .allMatch(placed::contains)) {
                    placed.add(table.getKey());
                    ordered.add(table.getKey());
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("foreign keys in a cycle among " + references.keySet().stream()
                        .filter(t -> !placed.contains(t)).collect(Collectors.joining(", ")));
            }
        }
        return ordered;
    }

    /** Deletes everything that belongs to one account; returns how many rows went. */
    long deleteAccount(Handle h, String accountId) {
        long deleted = 0;
        for (Table table : deletionOrder()) {
            deleted += switch (table.kind()) {
                case REQUESTER -> h.update("DELETE FROM " + table.name() + " WHERE account_id = ?", accountId);
                case OWNED -> h.update("DELETE FROM " + table.name() + " WHERE " + table.owners().entrySet().stream()
                                .map(o -> o.getKey() + " IN (SELECT id FROM " + o.getValue() + " WHERE account_id = ?)")
                                .collect(Collectors.joining(" OR ")),
                        Collections.nCopies(table.owners().size(), accountId).toArray());
                case KEPT -> 0;
            };
        }
        return deleted;
    }

    /**
     * Deletes what belongs to any account; returns how many rows went. A row whose account_id is null (a timer
     * that acts for nobody's objects) belongs to no account and stays.
     */
    long deleteEveryAccount(Handle h) {
        long deleted = 0;
        for (Table table : deletionOrder()) {
            deleted += switch (table.kind()) {
                case REQUESTER -> h.update("DELETE FROM " + table.name() + " WHERE account_id IS NOT NULL");
                case OWNED -> h.update("DELETE FROM " + table.name());
                case KEPT -> 0;
            };
        }
        return deleted;
    }

    /** Owned rows before their owners' (a subquery finds them through the owner), then the rest, referencing first. */
    private List<Table> deletionOrder() {
        List<Table> order = new ArrayList<>(tables);
        Collections.reverse(order);
        order.sort((a, b) -> Boolean.compare(a.kind() != Kind.OWNED, b.kind() != Kind.OWNED));
        return order;
    }
}
