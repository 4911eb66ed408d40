package dev.artel.ratelimit;

import dev.artel.storage.Handle;

/**
 * Counted calls per (account, method). {@link #lock} serialises all counting for one pair across threads
 * and nodes until the transaction ends, so count-then-record is atomic and a limit holds exactly.
 */
public interface RateLimitStore {
    void lock(Handle h, String accountId, String method);

    long countSince(Handle h, String accountId, String method, long sinceExclusive);

    void record(Handle h, String accountId, String method, long at);

    void forgetBefore(Handle h, String accountId, String method, long before);
}
