package dev.artel.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.core.IdGenerator;
import dev.artel.core.Timestamps;
import dev.artel.json.Json;
import dev.artel.storage.Handle;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * Named snapshots of the emulator's state, kept in the database so that they outlive a restart, and outside the
 * tables they hold (a reset or restore leaves every snapshot as it is). A snapshot is one row of what lives
 * outside the tables ({@link Saved}) and, for each table of {@link StateTables}, its rows in chunks: each chunk
 * names its columns and holds rows of typed values, deflated at the fastest level, since saving and restoring
 * must take well under a second for a test fixture and the bytes are a by-product. The rows are read and written
 * through JDBC's own types (numbers, text, booleans, decimals, bytes), so any table a migration adds is held
 * without code here, as long as its columns are of those types.
 * <p>
 * Every method runs in the caller's transaction: a restore makes every table's rows the snapshot's, so it
 * replaces the state whole or, when anything fails, not at all.
 */
final class Snapshots {
    /** About this many bytes of rows go into one chunk before it is compressed and stored. */
    private static final int CHUNK_BYTES = 1 << 20;

    /** A stored snapshot: its name, the virtual time and id position it holds, and its size. */
    record Saved(String name, long clock, IdGenerator.Position ids, int schemaVersion, long rows, long bytes) {
        /** As artel-api.yaml's EmulatorSnapshot. */
        ObjectNode view() {
            ObjectNode out = Json.object();
            out.put("name", name);
            out.put("clock", Timestamps.format(clock));
            out.put("rows", rows);
            out.put("bytes", bytes);
            return out;
        }
    }

    private static final String COLUMNS = "name, clock, next_object_id, id_millis, id_counter, schema_version,"
            + " table_rows, bytes";

    private Snapshots() {
    }

    static Optional<Saved> find(Handle h, String name) {
        return h.queryOne("SELECT " + COLUMNS + " FROM emulator_snapshots WHERE name = ?", Snapshots::saved, name);
    }

    static List<Saved> list(Handle h) {
        return h.query("SELECT " + COLUMNS + " FROM emulator_snapshots ORDER BY name", Snapshots::saved);
    }

    /** Deletes a snapshot; returns whether there was one. */
    static boolean delete(Handle h, String name) {
        h.update("DELETE FROM emulator_snapshot_chunks WHERE snapshot_name = ?", name);
        return h.update("DELETE FROM emulator_snapshots WHERE name = ?", name) > 0;
    }

    /** The version of the schema the tables are in now: a snapshot's rows fit only the version they were read in. */
    static int schemaVersion(Handle h) {
        // Flyway quotes the names of its table and columns, in lower case, which H2 keeps as written.
        return (int) h.queryLong("SELECT MAX(\"installed_rank\") FROM \"flyway_schema_history\"");
    }

    /** Stores the rows of every table, with {@code clock} and {@code ids}, under a name no snapshot has. */
    static Saved save(Handle h, StateTables tables, String name, long clock, IdGenerator.Position ids) {
        long rows = 0;
        long bytes = 0;
        for (StateTables.Table table : tables.all()) {
            ChunkWriter chunks = new ChunkWriter(h, name, table);
            h.forEachRow("SELECT " + String.join(", ", table.columns()) + " FROM " + table.name(), chunks::row);
            chunks.finish();
            rows += chunks.rows;
            bytes += chunks.bytes;
        }
        Saved saved = new Saved(name, clock, ids, schemaVersion(h), rows, bytes);
        h.update("INSERT INTO emulator_snapshots (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", name, clock,
                ids.nextObjectId(), ids.lastMillis(), ids.counter(), saved.schemaVersion(), rows, bytes);
        return saved;
    }

    /**
     * Makes every table's rows the snapshot's, writing only what differs: a table's rows are matched with the
     * snapshot's by primary key, and those the snapshot lacks are deleted, those it holds otherwise updated, those
     * missing inserted. A test that restores its fixture before each case has changed a few rows since, and
     * writing every row again was most of a restore's time, on H2 above all. A table without a primary key is
     * written whole when it differs at all.
     */
    static void restore(Handle h, StateTables tables, Saved snapshot) {
        List<TableDiff> diffs = new ArrayList<>();
        for (StateTables.Table table : tables.all()) {
            diffs.add(TableDiff.between(h, table, snapshotRows(h, snapshot.name(), table)));
        }
        // Rows that reference others go first, and rows that are referenced come first.
        for (int i = diffs.size() - 1; i >= 0; i--) {
            diffs.get(i).delete(h);
        }
        for (TableDiff diff : diffs) {
            diff.write(h);
        }
    }

    /** The snapshot's rows of a table, their values in the order of the table's columns now. */
    private static List<Object[]> snapshotRows(Handle h, String snapshot, StateTables.Table table) {
        List<Object[]> rows = new ArrayList<>();
        for (byte[] chunk : h.query("SELECT data FROM emulator_snapshot_chunks WHERE snapshot_name = ?"
                + " AND table_name = ? ORDER BY chunk", rs -> rs.getBytes(1), snapshot, table.name())) {
            try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(chunk)))) {
                int count = in.readInt();
                List<String> stored = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    stored.add(in.readUTF());
                }
                // The schema version was checked, so the columns are the same; their order need not be.
                if (!Set.copyOf(stored).equals(Set.copyOf(table.columns()))) {
                    throw new IllegalStateException("the snapshot's table " + table.name() + " has columns " + stored
                            + ", and the table has " + table.columns());
                }
                while (in.readBoolean()) {
                    Object[] row = new Object[count];
                    for (String column : stored) {
                        row[table.columns().indexOf(column)] = readValue(in);
                    }
                    rows.add(row);
                }
            } catch (IOException e) {
                throw new IllegalStateException("a chunk of table " + table.name() + " in a snapshot cannot be read",
                        e);
            }
        }
        return rows;
    }

    /** Values compared as a whole, bytes by content: a row, or the values of its primary key. */
    private record Values(Object[] values) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Values v && Arrays.deepEquals(values, v.values);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(values);
        }

        @Override
        public String toString() {
            return Arrays.deepToString(values);
        }
    }

    /** What it takes to turn a table's rows into the snapshot's. */
    private static final class TableDiff {
        private final StateTables.Table table;
        private final int[] keyAt;
        private final int[] otherAt;
        private final boolean whole;
        private final List<Object[]> deletes = new ArrayList<>();
        private final List<Object[]> updates = new ArrayList<>();
        private final List<Object[]> inserts = new ArrayList<>();

        private TableDiff(StateTables.Table table, boolean whole) {
            this.table = table;
            this.whole = whole;
            List<String> columns = table.columns();
            keyAt = table.key().stream().mapToInt(columns::indexOf).toArray();
            otherAt = columns.stream().filter(c -> !table.key().contains(c)).mapToInt(columns::indexOf).toArray();
        }

        static TableDiff between(Handle h, StateTables.Table table, List<Object[]> wanted) {
            int width = table.columns().size();
            List<Object[]> current = h.query("SELECT " + String.join(", ", table.columns()) + " FROM " + table.name(),
                    rs -> {
                        Object[] row = new Object[width];
                        for (int i = 0; i < width; i++) {
                            row[i] = rs.getObject(i + 1);
                        }
                        return row;
                    });
            if (table.key().isEmpty()) {
                TableDiff diff = new TableDiff(table, !counted(current).equals(counted(wanted)));
                if (diff.whole) {
                    diff.inserts.addAll(wanted);
                }
                return diff;
            }
            TableDiff diff = new TableDiff(table, false);
            Map<Values, Object[]> byKey = new HashMap<>();
            for (Object[] row : current) {
                byKey.put(diff.pick(row, diff.keyAt), row);
            }
            for (Object[] row : wanted) {
                Object[] had = byKey.remove(diff.pick(row, diff.keyAt));
                if (had == null) {
                    diff.inserts.add(row);
                } else if (!Arrays.deepEquals(had, row)) {
                    diff.updates.add(row);
                }
            }
            byKey.keySet().forEach(key -> diff.deletes.add(key.values()));
            return diff;
        }

        private static Map<Values, Integer> counted(List<Object[]> rows) {
            Map<Values, Integer> counts = new HashMap<>();
            rows.forEach(row -> counts.merge(new Values(row), 1, Integer::sum));
            return counts;
        }

        private Values pick(Object[] row, int[] at) {
            Object[] picked = new Object[at.length];
            for (int i = 0; i < at.length; i++) {
                picked[i] = row[at[i]];
            }
            return new Values(picked);
        }

        void delete(Handle h) {
            if (whole) {
                h.update("DELETE FROM " + table.name());
                return;
            }
            h.batch("DELETE FROM " + table.name() + " WHERE " + equalsEach(table.key(), " AND "), deletes);
        }

        void write(Handle h) {
            h.batch("INSERT INTO " + table.name() + " (" + String.join(", ", table.columns()) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(table.columns().size(), "?")) + ")", inserts);
            if (updates.isEmpty()) {
                return;
            }
            List<String> others = Arrays.stream(otherAt).mapToObj(table.columns()::get).toList();
            List<Object[]> arguments = new ArrayList<>(updates.size());
            for (Object[] row : updates) {
                Object[] args = new Object[row.length];
                Object[] other = pick(row, otherAt).values();
                Object[] key = pick(row, keyAt).values();
                System.arraycopy(other, 0, args, 0, other.length);
                System.arraycopy(key, 0, args, other.length, key.length);
                arguments.add(args);
            }
            h.batch("UPDATE " + table.name() + " SET " + equalsEach(others, ", ") + " WHERE "
                    + equalsEach(table.key(), " AND "), arguments);
        }

        private static String equalsEach(List<String> columns, String separator) {
            return columns.stream().map(c -> c + " = ?").collect(Collectors.joining(separator));
        }
    }

    private static Saved saved(ResultSet rs) throws SQLException {
        return new Saved(rs.getString(1), rs.getLong(2),
                new IdGenerator.Position(rs.getLong(3), rs.getLong(4), rs.getLong(5)), rs.getInt(6), rs.getLong(7),
                rs.getLong(8));
    }

    /** One table's rows as they are read, cut into chunks of about {@link #CHUNK_BYTES} and stored. */
    private static final class ChunkWriter {
        private final Handle h;
        private final String snapshot;
        private final StateTables.Table table;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private DataOutputStream out;
        private int chunk;
        private long rows;
        private long bytes;

        ChunkWriter(Handle h, String snapshot, StateTables.Table table) {
            this.h = h;
            this.snapshot = snapshot;
            this.table = table;
        }

        void row(ResultSet rs) throws SQLException {
            try {
                if (out == null) {
                    out = new DataOutputStream(buffer);
                    out.writeInt(table.columns().size());
                    for (String column : table.columns()) {
                        out.writeUTF(column);
                    }
                }
                out.writeBoolean(true);
                for (int i = 1; i <= table.columns().size(); i++) {
                    writeValue(out, rs.getObject(i), table.name(), table.columns().get(i - 1));
                }
                rows++;
                if (buffer.size() >= CHUNK_BYTES) {
                    store();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Stores what the last chunk holds; an empty table stores no chunk. */
        void finish() {
            if (out != null) {
                store();
            }
        }

        private void store() {
            try {
                out.writeBoolean(false);
                out.flush();
                byte[] data = deflate(buffer.toByteArray());
                h.update("INSERT INTO emulator_snapshot_chunks (snapshot_name, table_name, chunk, data)"
                        + " VALUES (?, ?, ?, ?)", snapshot, table.name(), chunk++, data);
                bytes += data.length;
                buffer.reset();
                out = null;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] deflate(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        try (DeflaterOutputStream zip = new DeflaterOutputStream(out, deflater)) {
            zip.write(raw);
        } finally {
            deflater.end();
        }
        return out.toByteArray();
    }

    // Value tags: each value is one of these, then its bytes. Only added to, so stored snapshots stay readable.
    private static final int NULL = 0;
    private static final int LONG = 1;
    private static final int INT = 2;
    private static final int TEXT = 3;
    private static final int BOOLEAN = 4;
    private static final int DECIMAL = 5;
    private static final int DOUBLE = 6;
    private static final int BYTES = 7;

    private static void writeValue(DataOutputStream out, Object value, String table, String column)
            throws IOException {
        if (value == null) {
            out.writeByte(NULL);
        } else if (value instanceof Long v) {
            out.writeByte(LONG);
            out.writeLong(v);
        } else if (value instanceof Integer v) {
            out.writeByte(INT);
            out.writeInt(v);
        } else if (value instanceof String v) {
            out.writeByte(TEXT);
            writeBytes(out, v.getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Boolean v) {
            out.writeByte(BOOLEAN);
            out.writeBoolean(v);
        } else if (value instanceof BigDecimal v) {
            out.writeByte(DECIMAL);
            out.writeUTF(v.toString());
        } else if (value instanceof Double v) {
            out.writeByte(DOUBLE);
            out.writeDouble(v);
        } else if (value instanceof byte[] v) {
            out.writeByte(BYTES);
            writeBytes(out, v);
        } else {
            throw new IllegalStateException("column " + column + " of table " + table + " holds a "
                    + value.getClass().getName() + ", which snapshots do not store: give it a type they do"
                    + " (BIGINT, INTEGER, VARCHAR, BOOLEAN, NUMERIC, DOUBLE PRECISION, BYTEA) or add the type here");
        }
    }

    private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static Object readValue(DataInputStream in) throws IOException {
        int tag = in.readByte();
        return switch (tag) {
            case NULL -> null;
            case LONG -> in.readLong();
            case INT -> in.readInt();
            case TEXT -> new String(readBytes(in), StandardCharsets.UTF_8);
            case BOOLEAN -> in.readBoolean();
            case DECIMAL -> new BigDecimal(in.readUTF());
            case DOUBLE -> in.readDouble();
            case BYTES -> readBytes(in);
            default -> throw new IOException("unknown value tag " + tag);
        };
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }
}
