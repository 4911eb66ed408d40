package dev.artel.ratelimit;

import dev.artel.storage.Handle;
import java.util.Optional;

public final class SqlRateLimitStore implements RateLimitStore {
    @Override
    public void lock(Handle h, String accountId, String method) {
        h.update(h.dialect().insertIgnoringDuplicates("rate_limit_locks", "account_id, method", "account_id, method", 2),
                accountId, method);
        h.query("SELECT account_id FROM rate_limit_locks WHERE account_id = ? AND method = ? FOR UPDATE",
                rs -> rs.getString(1), accountId, method);
    }

    @Override
    public long countSince(Handle h, String accountId, String method, long sinceExclusive) {
        return h.queryLong("SELECT COUNT(*) FROM rate_limit_events WHERE account_id = ? AND method = ? AND at > ?",
                accountId, method, sinceExclusive);
    }

    @Override
    public void record(Handle h, String accountId, String method, long at) {
        h.update("INSERT INTO rate_limit_events (account_id, method, at) VALUES (?, ?, ?)", accountId, method, at);
    }

    @Override
    public void forgetBefore(Handle h, String accountId, String method, long before) {
        h.update("DELETE FROM rate_limit_events WHERE account_id = ? AND method = ? AND at <= ?", accountId, method,
                before);
    }

    @Override
    public Budget lockBudget(Handle h, String accountId) {
        return findBudgetForUpdate(h, accountId).orElseGet(() -> {
            // Only the key: H2's MERGE overwrites the columns it is given when the row exists already.
            h.update(h.dialect().insertIgnoringDuplicates("request_budget", "account_id", "account_id", 1), accountId);
            return findBudgetForUpdate(h, accountId).orElseThrow();
        });
    }

    private static Optional<Budget> findBudgetForUpdate(Handle h, String accountId) {
        return h.queryOne("SELECT window_start, leased FROM request_budget WHERE account_id = ? FOR UPDATE",
                rs -> new Budget(rs.getLong(1), rs.getInt(2)), accountId);
    }

    @Override
    public void saveBudget(Handle h, String accountId, Budget budget) {
        h.update("UPDATE request_budget SET window_start = ?, leased = ? WHERE account_id = ?", budget.windowStart(),
                budget.leased(), accountId);
    }
}
