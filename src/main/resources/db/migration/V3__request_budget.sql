-- Each account's budget of 300 requests a second, shared by every node (ratelimit/RateLimiter): the second the
-- row counts (its first millisecond) and how many requests of that second nodes have leased to spend locally.
CREATE TABLE request_budget (
    account_id    VARCHAR(64) PRIMARY KEY,
    window_start  BIGINT NOT NULL DEFAULT 0,
    leased        INT NOT NULL DEFAULT 0
);
