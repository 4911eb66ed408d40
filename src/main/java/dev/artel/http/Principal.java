package dev.artel.http;

/**
 * Who sent a request, as its API's authenticator found: a requester account (the Toloka API), a worker or the
 * operator (the Artel API).
 */
public record Principal(Kind kind, String id) {
    public enum Kind { REQUESTER, WORKER, OPERATOR }

    /** The operator is one credential, not an account: it has no id of its own. */
    public static final Principal OPERATOR = new Principal(Kind.OPERATOR, "operator");

    public static Principal requester(String accountId) {
        return new Principal(Kind.REQUESTER, accountId);
    }

    public static Principal worker(String workerId) {
        return new Principal(Kind.WORKER, workerId);
    }

    /**
     * The name the request log and the rate limiter know the caller by. A requester's is its account id, as it
     * always was (rate-limit rows and log lines keep their meaning); a worker's is prefixed, since worker ids
     * and account ids are both 32 hex digits and must never share a budget.
     */
    public String key() {
        return kind == Kind.WORKER ? "worker:" + id : id;
    }
}
