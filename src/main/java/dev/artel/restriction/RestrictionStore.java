package dev.artel.restriction;

import static dev.artel.storage.DocumentTable.column;

import dev.artel.storage.DocumentTable;
import dev.artel.storage.Handle;
import dev.artel.storage.ListQuery;
import dev.artel.storage.ListQuery.Field;
import dev.artel.storage.ListQuery.Kind;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Restrictions, keyed by account, worker, scope and target; expired ones are gone to every read here. */
public final class RestrictionStore {
    /** The condition that keeps expired restrictions out of every read; binds the current time. */
    static final String LIVE = "will_expire IS NULL OR will_expire > ?";
    private static final Field ID = new Field("id", Kind.OBJECT_ID);
    private static final Field CREATED = new Field("created", Kind.TIME);

    static final DocumentTable<UserRestriction> TABLE = new DocumentTable<>("user_restrictions", "user restriction",
            List.of(column("id", UserRestriction::id),
                    column("account_id", UserRestriction::accountId),
                    column("worker_id", UserRestriction::workerId),
                    column("scope", r -> r.scope().name()),
                    column("project_id", UserRestriction::projectId),
                    column("pool_id", UserRestriction::poolId),
                    column("created", UserRestriction::created),
                    column("will_expire", UserRestriction::willExpire),
                    column("doc", r -> r.doc().text())),
            row -> new UserRestriction(row.number("id"), row.string("account_id"), row.string("worker_id"),
                    UserRestriction.Scope.valueOf(row.string("scope")), row.number("project_id"),
                    row.number("pool_id"), row.number("created"), row.nullableNumber("will_expire"), row.document()),
            new ListQuery.Spec(Map.of("id", ID, "created", CREATED), Map.of("id", ID, "created", CREATED), ID,
                    Map.of("user_id", new Field("worker_id", Kind.STRING_ID),
                            "project_id", new Field("project_id", Kind.OBJECT_ID),
                            "pool_id", new Field("pool_id", Kind.OBJECT_ID))));

    private RestrictionStore() {
    }

    /** The restriction of this key, live or expired. */
    static Optional<UserRestriction> ofKey(Handle h, String accountId, String workerId, UserRestriction.Scope scope,
                                           long projectId, long poolId) {
        return first(TABLE.select(h, "WHERE account_id = ? AND worker_id = ? AND scope = ? AND project_id = ?"
                + " AND pool_id = ?", accountId, workerId, scope.name(), projectId, poolId));
    }

    /** The restriction, live or expired, of any account. */
    static Optional<UserRestriction> byId(Handle h, long id) {
        return first(TABLE.select(h, "WHERE id = ?", id));
    }

    static void delete(Handle h, long id) {
        h.update("DELETE FROM user_restrictions WHERE id = ?", id);
    }

    /**
     * A live restriction by which the pool's owner keeps the worker from the pool: one for all its projects, the
     * pool's project, or the pool (or training) itself. The oldest, if several.
     */
    public static Optional<UserRestriction> barring(Handle h, String workerId, String accountId, long projectId,
                                                    long poolId, long now) {
        return first(TABLE.select(h, "WHERE account_id = ? AND worker_id = ? AND (" + LIVE + ") AND (scope = ?"
                + " OR scope = ? AND project_id = ? OR scope = ? AND pool_id = ?) ORDER BY id FETCH FIRST 1 ROWS ONLY",
                accountId, workerId, now, UserRestriction.Scope.ALL_PROJECTS.name(),
                UserRestriction.Scope.PROJECT.name(), projectId, UserRestriction.Scope.POOL.name(), poolId));
    }

    /** Who set the restriction last: the pool whose rule did, or the requester ({@code rulePoolId} 0). */
    static void setBy(Handle h, long id, long rulePoolId) {
        if (rulePoolId == 0) {
            h.update("UPDATE user_restrictions SET rule_pool_id = NULL WHERE id = ?", id);
        } else {
            h.update("UPDATE user_restrictions SET rule_pool_id = ? WHERE id = ?", rulePoolId, id);
        }
    }

    /** When a restriction kept a worker from a pool: from its creation until {@code until} (null: for ever). */
    public record Span(String workerId, long from, Long until) {
        public boolean covers(long at) {
            return from <= at && (until == null || at < until);
        }
    }

    /**
     * The stored restrictions, live or expired, that keep workers from the pool and that the pool's own rules did
     * not set last, oldest first.
     */
    public static List<Span> notByRulesOf(Handle h, String accountId, long projectId, long poolId) {
        return h.query("SELECT worker_id, created, will_expire FROM user_restrictions WHERE account_id = ?"
                + " AND (scope = ? OR scope = ? AND project_id = ? OR scope = ? AND pool_id = ?)"
                + " AND (rule_pool_id IS NULL OR rule_pool_id <> ?) ORDER BY created, id",
                rs -> new Span(rs.getString(1), rs.getLong(2), rs.getObject(3) == null ? null : rs.getLong(3)),
                accountId, UserRestriction.Scope.ALL_PROJECTS.name(), UserRestriction.Scope.PROJECT.name(), projectId,
                UserRestriction.Scope.POOL.name(), poolId, poolId);
    }

    private static Optional<UserRestriction> first(List<UserRestriction> rows) {
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }
}
