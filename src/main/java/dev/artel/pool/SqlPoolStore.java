package dev.artel.pool;

import dev.artel.storage.ListQuery;
import dev.artel.json.Document;
import dev.artel.storage.Handle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

public final class SqlPoolStore implements PoolStore {
    private static final String COLUMNS = "id, account_id, kind, project_id, status, created, last_started,"
            + " last_stopped, last_close_reason, doc";
    /** {@link #COLUMNS} of the pool in a join, where it is {@code p}. */
    private static final String POOL_COLUMNS = "p." + COLUMNS.replace(", ", ", p.");

    @Override
    public void insert(Handle h, Pool p) {
        h.update("INSERT INTO pools (" + COLUMNS + ", training_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p.id(),
                p.accountId(), p.kind().name(), p.projectId(), p.status(), p.created(), p.lastStarted(),
                p.lastStopped(), p.lastCloseReason(), p.doc().text(), p.linkedTrainingId());
    }

    @Override
    public Optional<Pool> find(Handle h, String accountId, PoolKind kind, long id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM pools WHERE id = ? AND account_id = ? AND kind = ?",
                SqlPoolStore::map, id, accountId, kind.name());
    }

    @Override
    public Optional<Pool> findForUpdate(Handle h, String accountId, PoolKind kind, long id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM pools WHERE id = ? AND account_id = ? AND kind = ? FOR UPDATE",
                SqlPoolStore::map, id, accountId, kind.name());
    }

    @Override
    public Optional<Pool> findAnyKind(Handle h, String accountId, long id, boolean forUpdate) {
        return h.queryOne("SELECT " + COLUMNS + " FROM pools WHERE id = ? AND account_id = ?"
                + (forUpdate ? " FOR UPDATE" : ""), SqlPoolStore::map, id, accountId);
    }

    @Override
    public Optional<Pool> findAnyAccount(Handle h, long id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM pools WHERE id = ?", SqlPoolStore::map, id);
    }

    @Override
    public Optional<WithProject> findAnyAccountWithProject(Handle h, long id) {
        return h.queryOne("SELECT " + POOL_COLUMNS + ", r.doc FROM pools p JOIN projects r ON r.id = p.project_id"
                + " AND r.account_id = p.account_id WHERE p.id = ?", rs -> new WithProject(map(rs),
                        Document.stored(rs.getString(11), "project", rs.getLong(4))), id);
    }

    @Override
    public List<Pool> list(Handle h, String accountId, PoolKind kind, ListQuery query) {
        return h.query("SELECT " + COLUMNS + " FROM pools WHERE account_id = ? AND kind = ?" + query.where(h.dialect())
                + query.orderAndLimit(), SqlPoolStore::map, query.args(accountId, kind.name()));
    }

    @Override
    public void update(Handle h, Pool p) {
        h.update("UPDATE pools SET status = ?, last_started = ?, last_stopped = ?, last_close_reason = ?, doc = ?,"
                        + " training_id = ? WHERE id = ? AND account_id = ?", p.status(), p.lastStarted(),
                p.lastStopped(), p.lastCloseReason(), p.doc().text(), p.linkedTrainingId(), p.id(), p.accountId());
    }

    @Override
    public long countUnarchivedInProject(Handle h, long projectId) {
        return h.queryLong("SELECT COUNT(*) FROM pools WHERE project_id = ? AND status <> ?", projectId,
                Pool.ARCHIVED);
    }

    @Override
    public List<Pool> unarchivedLinkedTo(Handle h, String accountId, long trainingId) {
        return h.query("SELECT " + COLUMNS + " FROM pools WHERE account_id = ? AND kind = ? AND training_id = ?"
                + " AND status <> ? ORDER BY id", SqlPoolStore::map, accountId, PoolKind.POOL.name(), trainingId,
                Pool.ARCHIVED);
    }

    @Override
    public boolean hasTasks(Handle h, long poolId) {
        return h.queryOne("SELECT 1 FROM tasks WHERE pool_id = ? LIMIT 1", rs -> rs.getInt(1), poolId).isPresent();
    }

    private static Pool map(ResultSet rs) throws SQLException {
        PoolKind kind = PoolKind.valueOf(rs.getString(3));
        return new Pool(rs.getLong(1), rs.getString(2), kind, rs.getLong(4),
                rs.getString(5), rs.getLong(6), rs.getObject(7, Long.class), rs.getObject(8, Long.class),
                rs.getString(9), Document.stored(rs.getString(10), kind.name(), rs.getLong(1)));
    }
}
