package dev.artel.project;

import dev.artel.core.Text;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.artel.storage.ListQuery;
import dev.artel.json.Document;
import dev.artel.storage.Handle;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

public final class SqlProjectStore implements ProjectStore {
    private static final String COLUMNS = "id, account_id, status, created, doc";
    /**
     * Lock stripes a project has (V10 creates as many for the projects it finds). With up to the connection pool's
     * 16 transactions at once in one project, two draw the same stripe rarely, and then one waits only for the
     * rest of the other's short transaction.
     */
    static final int STRIPES = 64;

    @Override
    public void insert(Handle h, Project p) {
        ObjectNode doc = p.doc().tree();
        h.update("INSERT INTO projects (id, account_id, status, created, public_name, private_comment, doc)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?)", p.id(), p.accountId(), p.status(), p.created(),
                sortKey(doc, "public_name"), sortKey(doc, "private_comment"), p.doc().text());
        List<Object[]> stripes = new ArrayList<>(STRIPES);
        for (int i = 0; i < STRIPES; i++) {
            stripes.add(new Object[] {p.id(), i});
        }
        h.batch("INSERT INTO project_stripes (project_id, stripe) VALUES (?, ?)", stripes);
    }

    @Override
    public void lockForNewPool(Handle h, long projectId) {
        h.query("SELECT stripe FROM project_stripes WHERE project_id = ? AND stripe = ? FOR UPDATE", rs -> 1,
                projectId, ThreadLocalRandom.current().nextInt(STRIPES));
    }

    @Override
    public void lockAgainstNewPools(Handle h, long projectId) {
        // In stripe order, the one order every locker of several stripes uses.
        h.query("SELECT stripe FROM project_stripes WHERE project_id = ? ORDER BY stripe FOR UPDATE", rs -> 1,
                projectId);
    }

    @Override
    public Optional<Project> find(Handle h, String accountId, long id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM projects WHERE id = ? AND account_id = ?",
                SqlProjectStore::map, id, accountId);
    }

    @Override
    public Optional<Project> findForUpdate(Handle h, String accountId, long id) {
        return h.queryOne("SELECT " + COLUMNS + " FROM projects WHERE id = ? AND account_id = ? FOR UPDATE",
                SqlProjectStore::map, id, accountId);
    }

    @Override
    public List<Project> list(Handle h, String accountId, ListQuery query) {
        return h.query("SELECT " + COLUMNS + " FROM projects WHERE account_id = ?" + query.where(h.dialect())
                + query.orderAndLimit(), SqlProjectStore::map, query.args(accountId));
    }

    @Override
    public void update(Handle h, Project p) {
        ObjectNode doc = p.doc().tree();
        h.update("UPDATE projects SET status = ?, public_name = ?, private_comment = ?, doc = ?"
                        + " WHERE id = ? AND account_id = ?", p.status(), sortKey(doc, "public_name"),
                sortKey(doc, "private_comment"), p.doc().text(), p.id(), p.accountId());
    }

    /** The sortable text columns hold a bounded prefix; the document keeps the full value. */
    private static String sortKey(ObjectNode doc, String field) {
        if (!doc.hasNonNull(field)) {
            return null;
        }
        String text = doc.get(field).asText();
        return Text.prefix(text, 1000);
    }

    private static Project map(ResultSet rs) throws SQLException {
        return new Project(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                Document.stored(rs.getString(5), "project", rs.getLong(1)));
    }
}
