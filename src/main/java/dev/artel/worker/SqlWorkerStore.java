package dev.artel.worker;

import dev.artel.json.Document;
import dev.artel.storage.Handle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

public final class SqlWorkerStore implements WorkerStore {
    @Override
    public void insert(Handle h, Worker worker) {
        h.update("INSERT INTO workers (id, created, doc) VALUES (?, ?, ?)",
                worker.id(), worker.created(), worker.doc().text());
    }

    @Override
    public void insertToken(Handle h, String tokenHash, String workerId, long created) {
        h.update("INSERT INTO worker_tokens (token_hash, worker_id, created) VALUES (?, ?, ?)",
                tokenHash, workerId, created);
    }

    @Override
    public Optional<Worker> findById(Handle h, String id) {
        return h.queryOne("SELECT id, created, doc FROM workers WHERE id = ?", SqlWorkerStore::worker, id);
    }

    @Override
    public Optional<Worker> lock(Handle h, String id) {
        return h.queryOne("SELECT id, created, doc FROM workers WHERE id = ? FOR UPDATE", SqlWorkerStore::worker, id);
    }

    @Override
    public List<Worker> findByIds(Handle h, Collection<String> ids) {
        return h.queryIn("SELECT id, created, doc FROM workers WHERE id IN ", ids, "", SqlWorkerStore::worker);
    }

    private static Worker worker(ResultSet rs) throws SQLException {
        return new Worker(rs.getString(1), rs.getLong(2), Document.stored(rs.getString(3), "worker", rs.getString(1)));
    }

    @Override
    public Optional<String> findIdByTokenHash(Handle h, String tokenHash) {
        return h.queryOne("SELECT worker_id FROM worker_tokens WHERE token_hash = ?", rs -> rs.getString(1),
                tokenHash);
    }

    @Override
    public long count(Handle h) {
        return h.queryLong("SELECT COUNT(*) FROM workers");
    }
}
