package dev.artel.emulator;

import dev.artel.storage.Catalogue;
import dev.artel.storage.Database;
import dev.artel.storage.Handle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * before the table that references it: the order to insert in, and reversed, to delete in.
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
        Map<String, Catalogue.Table> state = new LinkedHashMap<>();
        for (Catalogue.Table table : Catalogue.read(db)) {
            if (!OUTSIDE.contains(table.name())) {
                state.put(table.name(), table);
            }
        }
        List<Table> tables = new ArrayList<>();
        for (String name : referencedFirst(state)) {
            tables.add(classify(state.get(name), state));
        }
        return new StateTables(List.copyOf(tables));
    }

    private static Table classify(Catalogue.Table table, Map<String, Catalogue.Table> state) {
        String name = table.name();
        if (KEPT.contains(name)) {
            return new Table(name, table.columns(), table.key(), Kind.KEPT, Map.of());
        }
        if (table.columns().contains(ACCOUNT)) {
            return new Table(name, table.columns(), table.key(), Kind.REQUESTER, Map.of());
        }
        Map<String, String> owners = new LinkedHashMap<>();
        for (String column : table.columns()) {
            String owner = OWNER_COLUMNS.get(column);
            if (owner != null && state.containsKey(owner) && state.get(owner).columns().contains(ACCOUNT)) {
                owners.put(column, owner);
            }
        }
        return new Table(name, table.columns(), table.key(), owners.isEmpty() ? Kind.KEPT : Kind.OWNED,
                Collections.unmodifiableMap(owners));
    }

    /** Table names in an order where each comes after those it references; the catalogue's order otherwise. */
    private static List<String> referencedFirst(Map<String, Catalogue.Table> tables) {
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (ordered.size() < tables.size()) {
            int before = ordered.size();
            for (Catalogue.Table table : tables.values()) {
                if (!placed.contains(table.name()) && table.references().stream()
                        .filter(r -> tables.containsKey(r) && !r.equals(table.name())).allMatch(placed::contains)) {
                    placed.add(table.name());
                    ordered.add(table.name());
                }
            }
            if (ordered.size() == before) {
                throw new IllegalStateException("foreign keys in a cycle among " + tables.keySet().stream()
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
