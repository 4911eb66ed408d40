package dev.artel.ratelimit;

import dev.artel.storage.Handle;

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
}
