package dev.artel.ratelimit;

import dev.artel.storage.Handle;

/**
 * Counted calls per (account, method), and each account's shared per-second budget. {@link #lock} serialises
 * all counting for one pair across threads and nodes until the transaction ends, so count-then-record is atomic
 * and a limit holds exactly; {@link #lockBudget} does the same for an account's budget.
 */
public interface RateLimitStore {
    void lock(Handle h, String accountId, String method);

    long countSince(Handle h, String accountId, String method, long sinceExclusive);

    void record(Handle h, String accountId, String method, long at);

    void forgetBefore(Handle h, String accountId, String method, long before);

    /** How much of the second starting at {@code windowStart} nodes have leased. */
    record Budget(long windowStart, int leased) {
    }

    /** The account's budget, locked until the transaction ends; a new account's counts window 0. */
    Budget lockBudget(Handle h, String accountId);

    void saveBudget(Handle h, String accountId, Budget budget);
}
