package dev.artel.operation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
        return h.query("SELECT " + COLUMNS + " FROM operations WHERE account_id = ?" + query.where(h.dialect())
                + query.orderAndLimit(), SqlOperationStore::map, query.args(accountId));
    }

    /** PENDING, or RUNNING under no lease that is live at the bound {@code now}. */
    private static final String RUNNABLE = "status IN ('" + Operation.PENDING + "', '" + Operation.RUNNING + "')"
            + " AND (lease_until IS NULL OR lease_until <= ?)";

    @Override
    public Optional<Claim> claim(Handle h, String id, long now, String owner, long leaseUntil) {
        // SKIP LOCKED instead of a plain UPDATE ... WHERE status = 'PENDING': the UPDATE would wait for the
        // row lock of whoever runs the operation, up to H2's lock timeout (then fail as a broken attempt) or,
        // on PostgreSQL, for as long as a hung node keeps its transaction open.
        Optional<Claim> runnable = h.queryOne("SELECT " + COLUMNS + ", checkpoint FROM operations WHERE id = ? AND "
                + RUNNABLE + " FOR UPDATE SKIP LOCKED", rs -> {
                    String checkpoint = rs.getString(12);
                    return new Claim(map(rs), checkpoint == null ? null : Json.parseObject(checkpoint), 0);
                }, id, now);
        if (runnable.isEmpty()) {
            return runnable;
        }
        hold(h, id, now, owner, leaseUntil);
        int nextLogSeq = (int) h.queryLong("SELECT COALESCE(MAX(seq) + 1, 0) FROM operation_log WHERE operation_id = ?",
                id);
        Claim claim = runnable.get();
        return Optional.of(new Claim(claim.operation(), claim.checkpoint(), nextLogSeq));
    }

    @Override
    public void hold(Handle h, String id, long now, String owner, long leaseUntil) {
        h.update("UPDATE operations SET status = ?, started = COALESCE(started, ?), lease_owner = ?, lease_until = ?"
                + " WHERE id = ?", Operation.RUNNING, now, owner, leaseUntil, id);
    }

    @Override
    public boolean lockHeld(Handle h, String id, String owner) {
        return h.queryOne("SELECT id FROM operations WHERE id = ? AND status = ? AND lease_owner = ?"
                + " FOR UPDATE SKIP LOCKED", rs -> rs.getString(1), id, Operation.RUNNING, owner).isPresent();
    }

    @Override
    public void checkpoint(Handle h, String id, int progress, ObjectNode checkpoint, long leaseUntil) {
        h.update("UPDATE operations SET progress = ?, checkpoint = ?, lease_until = ? WHERE id = ?", progress,
                Json.write(checkpoint), leaseUntil, id);
    }

    @Override
    public void finish(Handle h, String id, String status, long now, ObjectNode details) {
        h.update("UPDATE operations SET status = ?, started = COALESCE(started, ?), finished = ?, progress = 100,"
                + " details = ? WHERE id = ?", status, now, now, details == null ? null : Json.write(details), id);
    }

    @Override
    public Optional<Attempts> lockRunnable(Handle h, String id, long now, String owner) {
        return h.queryOne("SELECT attempts, transient_failures FROM operations WHERE id = ? AND ((" + RUNNABLE
                + ") OR (status = ? AND lease_owner = ?)) FOR UPDATE SKIP LOCKED",
                rs -> new Attempts(rs.getInt(1), rs.getInt(2)), id, now, Operation.RUNNING, owner);
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
    public List<QueuePosition> runnableAfter(Handle h, Set<String> types, boolean triedBefore, QueuePosition after,
                                             long now, int limit) {
        if (types.isEmpty()) {
            return List.of();
        }
        // No row locks here: H2 applies LIMIT before SKIP LOCKED, so a locked first row would hide every row
        // behind it. Locking is left to claim(), one operation at a time.
        StringBuilder sql = new StringBuilder("SELECT submitted, id FROM operations WHERE " + RUNNABLE)
                .append(" AND type IN (")
                .append(String.join(", ", Collections.nCopies(types.size(), "?"))).append(')')
                .append(triedBefore ? " AND attempts > 0" : " AND attempts = 0");
        List<Object> args = new ArrayList<>();
        args.add(now);
        args.addAll(types);
        if (after != null) {
            sql.append(" AND (submitted > ? OR (submitted = ? AND id > ?))");
            args.addAll(List.of(after.submitted(), after.submitted(), after.id()));
        }
        sql.append(" ORDER BY submitted, id LIMIT ").append(limit);
        return h.query(sql.toString(), rs -> new QueuePosition(rs.getLong(1), rs.getString(2)), args.toArray());
    }

    @Override
    public void appendLog(Handle h, String operationId, int seq, List<ObjectNode> items) {
        ArrayNode entry = Json.mapper().createArrayNode();
        entry.addAll(items);
        h.update("INSERT INTO operation_log (operation_id, seq, doc) VALUES (?, ?, ?)", operationId, seq,
                Json.write(entry));
    }

    @Override
    public List<ObjectNode> log(Handle h, String operationId) {
        List<ObjectNode> items = new ArrayList<>();
        h.forEachRow("SELECT doc FROM operation_log WHERE operation_id = ? ORDER BY seq", rs -> {
            for (JsonNode item : Json.parseArray(rs.getString(1))) {
                items.add((ObjectNode) item);
            }
        }, operationId);
        return items;
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
