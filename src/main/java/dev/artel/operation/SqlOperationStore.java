package dev.artel.operation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.ListQuery;
import dev.artel.json.Json;
import dev.artel.storage.Handle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;

public final class SqlOperationStore implements OperationStore {
    private static final String COLUMNS =
            "id, account_id, type, status, submitted, started, finished, progress, parameters, details, internal";

    @Override
    public void insert(Handle h, Operation op, int attemptsStarted) {
        h.update("INSERT INTO operations (" + COLUMNS + ", attempts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                op.id(), op.accountId(), op.type(), op.status(), op.submitted(), op.started(), op.finished(),
                op.progress(), Json.write(op.parameters()), op.details() == null ? null : Json.write(op.details()),
                op.internal() == null ? null : Json.write(op.internal()), attemptsStarted);
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
    public Optional<Operation> claim(Handle h, String id, long now) {
        // SKIP LOCKED instead of a plain UPDATE ... WHERE status = 'PENDING': the UPDATE would wait for the
        // row lock of whoever runs the operation, up to H2's lock timeout (then fail as a broken attempt) or,
        // on PostgreSQL, for as long as a hung node keeps its transaction open.
        Optional<Operation> pending = h.queryOne("SELECT " + COLUMNS + " FROM operations WHERE id = ? AND status = ?"
                + " FOR UPDATE SKIP LOCKED", SqlOperationStore::map, id, Operation.PENDING);
        pending.ifPresent(op -> h.update("UPDATE operations SET status = ?, started = ? WHERE id = ?",
                Operation.RUNNING, now, id));
        return pending;
    }

    @Override
    public void finish(Handle h, String id, String status, long now, ObjectNode details) {
        h.update("UPDATE operations SET status = ?, started = COALESCE(started, ?), finished = ?, progress = 100,"
                + " details = ? WHERE id = ?", status, now, now, details == null ? null : Json.write(details), id);
    }

    @Override
    public Optional<Attempts> lockPending(Handle h, String id) {
        return h.queryOne("SELECT attempts, transient_failures FROM operations WHERE id = ? AND status = ?"
                + " FOR UPDATE SKIP LOCKED", rs -> new Attempts(rs.getInt(1), rs.getInt(2)), id, Operation.PENDING);
    }

    @Override
    public void countAttempt(Handle h, String id) {
        h.update("UPDATE operations SET attempts = attempts + 1 WHERE id = ?", id);
    }

    @Override
    public void countTransientFailure(Handle h, String id) {
        h.update("UPDATE operations SET transient_failures = transient_failures + 1 WHERE id = ?", id);
    }

    @Override
    public List<QueuePosition> pendingAfter(Handle h, Set<String> types, boolean triedBefore, QueuePosition after,
                                            int limit) {
        if (types.isEmpty()) {
            return List.of();
        }
        // No row locks here: H2 applies LIMIT before SKIP LOCKED, so a locked first row would hide every row
        // behind it. Locking is left to claim(), one operation at a time.
        StringBuilder sql = new StringBuilder("SELECT submitted, id FROM operations WHERE status = ? AND type IN (")
                .append(String.join(", ", Collections.nCopies(types.size(), "?"))).append(')')
                .append(triedBefore ? " AND attempts > 0" : " AND attempts = 0");
        List<Object> args = new ArrayList<>();
        args.add(Operation.PENDING);
        args.addAll(types);
        if (after != null) {
            sql.append(" AND (submitted > ? OR (submitted = ? AND id > ?))");
            args.addAll(List.of(after.submitted(), after.submitted(), after.id()));
        }
        sql.append(" ORDER BY submitted, id LIMIT ").append(limit);
        return h.query(sql.toString(), rs -> new QueuePosition(rs.getLong(1), rs.getString(2)), args.toArray());
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
