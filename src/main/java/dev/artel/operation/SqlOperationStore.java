package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.http.ListQuery;
import dev.artel.json.Json;
import dev.artel.storage.Handle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class SqlOperationStore implements OperationStore {
    private static final String COLUMNS =
            "id, account_id, type, status, submitted, started, finished, progress, parameters, details, internal";

    @Override
    public void insert(Handle h, Operation op) {
        h.update("INSERT INTO operations (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                op.id(), op.accountId(), op.type(), op.status(), op.submitted(), op.started(), op.finished(),
                op.progress(), Json.write(op.parameters()), op.details() == null ? null : Json.write(op.details()),
                op.internal() == null ? null : Json.write(op.internal()));
    }

    @Override
    public Optional<Operation> find(Handle h, String accountId, String id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM operations WHERE id = ? AND account_id = ?",
                SqlOperationStore::map, id, accountId);
    }

    @Override
    public Optional<Operation> findAnyAccount(Handle h, String id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM operations WHERE id = ?", SqlOperationStore::map, id);
    }

    @Override
    public List<Operation> list(Handle h, String accountId, ListQuery query) {
        return h.query("SELECT " + COLUMNS + " FROM operations WHERE account_id = ?" + query.where()
                + query.orderAndLimit(), SqlOperationStore::map, query.args(accountId));
    }

    @Override
    public boolean claim(Handle h, String id, long now) {
        return h.update("UPDATE operations SET status = ?, started = ?, attempts = attempts + 1"
                + " WHERE id = ? AND status = ?", Operation.RUNNING, now, id, Operation.PENDING) == 1;
    }

    @Override
    public void finish(Handle h, String id, String status, long now, ObjectNode details) {
        h.update("UPDATE operations SET status = ?, finished = ?, progress = 100, details = ? WHERE id = ?",
                status, now, details == null ? null : Json.write(details), id);
    }

    @Override
    public int recordFailedAttempt(Handle h, String id) {
        h.update("UPDATE operations SET attempts = attempts + 1 WHERE id = ?", id);
        return (int) h.queryLong("SELECT attempts FROM operations WHERE id = ?", id);
    }

    @Override
    public List<String> pendingIds(Handle h, int limit) {
        return h.query("SELECT id FROM operations WHERE status = ? ORDER BY submitted, id LIMIT " + limit,
                rs -> rs.getString(1), Operation.PENDING);
    }

    @Override
    public void appendLog(Handle h, String operationId, int seq, ObjectNode item) {
        h.update("INSERT INTO operation_log (operation_id, seq, doc) VALUES (?, ?, ?)", operationId, seq,
                Json.write(item));
    }

    @Override
    public List<ObjectNode> log(Handle h, String operationId) {
        return h.query("SELECT doc FROM operation_log WHERE operation_id = ? ORDER BY seq",
                rs -> Json.parseObject(rs.getString(1)), operationId);
    }

    private static Operation map(ResultSet rs) throws SQLException {
        String details = rs.getString(10);
        String internal = rs.getString(11);
        return new Operation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getObject(6, Long.class), rs.getObject(7, Long.class), rs.getInt(8),
                Json.parseObject(rs.getString(9)), details == null ? null : Json.parseObject(details),
                internal == null ? null : Json.parseObject(internal));
    }
}
