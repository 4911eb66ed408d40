package dev.artel.storage;

import dev.artel.json.Document;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One resource's table, declared once: its columns with the value each takes from a record, how a row becomes a
 * record, and which fields its list endpoint filters and sorts on. Every table of a resource has the same form:
 * an {@code id}, the owning {@code account_id}, the columns that lists filter and sort on or that rules count,
 * and the client's JSON as {@code doc}. From the declaration this class writes the SQL that every resource
 * otherwise copies: find, lock, list, insert, batch insert and update. A store keeps only its own queries.
 *
 * @param <T> the stored record
 */
public final class DocumentTable<T> {
    /** A column and how a record fills it. */
    public record Column<T>(String name, Function<T, Object> value) {
    }

    /** Builds a record from the current row, reading columns by name. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(Row row) throws SQLException;
    }

    /** The current row of a result set, read by column name; names come from the declaration, never a client. */
    public static final class Row {
        private final ResultSet rs;
        private final String kind;

        private Row(ResultSet rs, String kind) {
            this.rs = rs;
            this.kind = kind;
        }

        public String string(String column) throws SQLException {
            return rs.getString(column);
        }

        public long number(String column) throws SQLException {
            return rs.getLong(column);
        }

        public Long nullableNumber(String column) throws SQLException {
            return rs.getObject(column, Long.class);
        }

        public boolean flag(String column) throws SQLException {
            return rs.getBoolean(column);
        }

        public double decimal(String column) throws SQLException {
            BigDecimal value = rs.getBigDecimal(column);
            return value == null ? 0 : value.doubleValue();
        }

        /** The {@code doc} column, checked as {@link Document#stored} does, naming the object by its id. */
        public Document document() throws SQLException {
            return Document.stored(rs.getString("doc"), kind, rs.getString("id"));
        }
    }

    private final String kind;
    private final List<Column<T>> columns;
    private final Reader<T> reader;
    private final ListQuery.Spec listSpec;
    private final String select;
    private final String insert;
    private final String update;

    /**
     * @param kind the object's name in logs and messages ("task")
     * @param columns every column, {@code id} and {@code account_id} among them
     * @param listSpec what the resource's list endpoint filters and sorts on
     */
    public DocumentTable(String table, String kind, List<Column<T>> columns, Reader<T> reader,
                         ListQuery.Spec listSpec) {
        List<String> names = columns.stream().map(Column::name).toList();
        if (!names.contains("id") || !names.contains("account_id") || !names.contains("doc")) {
            throw new IllegalArgumentException(table + " needs id, account_id and doc columns");
        }
        this.kind = kind;
        this.columns = List.copyOf(columns);
        this.reader = reader;
        this.listSpec = listSpec;
        String all = String.join(", ", names);
        this.select = "SELECT " + all + " FROM " + table + " ";
        this.insert = "INSERT INTO " + table + " (" + all + ") VALUES ("
                + names.stream().map(n -> "?").collect(Collectors.joining(", ")) + ")";
        this.update = "UPDATE " + table + " SET " + names.stream().filter(DocumentTable::changeable)
                .map(n -> n + " = ?").collect(Collectors.joining(", ")) + " WHERE id = ? AND account_id = ?";
    }

    /** Columns an update writes: the key and the owner never change. */
    private static boolean changeable(String column) {
        return !column.equals("id") && !column.equals("account_id");
    }

    public static <T> Column<T> column(String name, Function<T, Object> value) {
        return new Column<>(name, value);
    }

    /** The list query of one request, checked against this table's list declaration. */
    public ListQuery query(ListQuery.Params params) {
        return ListQuery.parse(listSpec, params);
    }

    public Optional<T> find(Handle h, String accountId, Object id) {
        return one(h, "WHERE id = ? AND account_id = ?", id, accountId);
    }

    /** Like {@link #find}, and locks the row until the transaction ends. */
    public Optional<T> lock(Handle h, String accountId, Object id) {
        return one(h, "WHERE id = ? AND account_id = ? FOR UPDATE", id, accountId);
    }

    /** The row whoever owns it: for callers that are not its account (a worker, a timer) and check access. */
    public Optional<T> findAnyOwner(Handle h, Object id, boolean forUpdate) {
        return one(h, "WHERE id = ?" + (forUpdate ? " FOR UPDATE" : ""), id);
    }

    /** One page of the account's rows, as {@code query} filters and orders them. */
    public List<T> list(Handle h, String accountId, ListQuery query) {
        return select(h, "WHERE account_id = ?" + query.where(h.dialect()) + query.orderAndLimit(), query.args(accountId));
    }

    /** Rows by a condition of the store's own; {@code tail} starts at WHERE and binds every value. */
    public List<T> select(Handle h, String tail, Object... args) {
        return h.query(select + tail, rs -> reader.read(new Row(rs, kind)), args);
    }

    /** Rows whose condition ends in an IN list of the values: {@code head} + the list + {@code tail}. */
    public List<T> selectIn(Handle h, String head, Collection<?> values, String tail) {
        return h.queryIn(select + head, values, tail, rs -> reader.read(new Row(rs, kind)));
    }

    private Optional<T> one(Handle h, String tail, Object... args) {
        List<T> rows = select(h, tail, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public void insert(Handle h, T row) {
        h.update(insert, values(row));
    }

    /** One JDBC batch: the way a bulk upload stays one round trip per chunk rather than one per row. */
    public void insertAll(Handle h, List<T> rows) {
        List<Object[]> args = new ArrayList<>(rows.size());
        for (T row : rows) {
            args.add(values(row));
        }
        h.batch(insert, args);
    }

    /** Writes every column of the row but its key and owner. */
    public void update(Handle h, T row) {
        List<Object> args = new ArrayList<>();
        Object id = null;
        Object owner = null;
        for (Column<T> column : columns) {
            Object value = column.value().apply(row);
            switch (column.name()) {
                case "id" -> id = value;
                case "account_id" -> owner = value;
                default -> args.add(value);
            }
        }
        args.add(id);
        args.add(owner);
        h.update(update, args.toArray());
    }

    private Object[] values(T row) {
        Object[] values = new Object[columns.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = columns.get(i).value().apply(row);
        }
        return values;
    }
}
