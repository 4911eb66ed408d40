-- One SQL text for both engines (H2 and PostgreSQL). Each row is the columns that lists filter or sort on,
-- plus the full JSON document as the client sent it, so nested fields round-trip unchanged.
-- Timestamps are epoch milliseconds (BIGINT): exact, ordered and the same on both engines.

CREATE SEQUENCE object_ids START WITH 1000000000;

CREATE TABLE accounts (
    id          VARCHAR(64) PRIMARY KEY,
    name        VARCHAR(200) NOT NULL UNIQUE,
    created     BIGINT NOT NULL,
    balance     NUMERIC(18, 4) NOT NULL
);

-- Tokens are kept as SHA-256 hex digests only.
CREATE TABLE tokens (
    token_hash  VARCHAR(64) PRIMARY KEY,
    account_id  VARCHAR(64) NOT NULL REFERENCES accounts (id),
    created     BIGINT NOT NULL
);

CREATE TABLE projects (
    id              BIGINT PRIMARY KEY,
    account_id      VARCHAR(64) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    created         BIGINT NOT NULL,
    public_name     VARCHAR(4000),
    private_comment VARCHAR(4000),
    doc             VARCHAR NOT NULL
);
CREATE INDEX projects_account ON projects (account_id, id);

-- Pools and trainings share one table: they have the same lifecycle, columns and operations.
CREATE TABLE pools (
    id                BIGINT PRIMARY KEY,
    account_id        VARCHAR(64) NOT NULL,
    kind              VARCHAR(16) NOT NULL,
    project_id        BIGINT NOT NULL,
    status            VARCHAR(16) NOT NULL,
    created           BIGINT NOT NULL,
    last_started      BIGINT,
    last_stopped      BIGINT,
    last_close_reason VARCHAR(32),
    doc               VARCHAR NOT NULL
);
CREATE INDEX pools_account_kind ON pools (account_id, kind, id);
CREATE INDEX pools_project ON pools (project_id, kind, id);

-- Tasks exist only as far as pool lifecycle needs them (opening an empty pool is refused).
CREATE TABLE tasks (
    id          VARCHAR(64) PRIMARY KEY,
    account_id  VARCHAR(64) NOT NULL,
    pool_id     BIGINT NOT NULL,
    created     BIGINT NOT NULL,
    doc         VARCHAR NOT NULL
);
CREATE INDEX tasks_pool ON tasks (pool_id, id);

CREATE TABLE operations (
    id          VARCHAR(64) PRIMARY KEY,
    account_id  VARCHAR(64) NOT NULL,
    type        VARCHAR(32) NOT NULL,
    status      VARCHAR(16) NOT NULL,
    submitted   BIGINT NOT NULL,
    started     BIGINT,
    finished    BIGINT,
    progress    INTEGER NOT NULL,
    parameters  VARCHAR NOT NULL,
    details     VARCHAR,
    -- Arguments only the handler needs (say, why a pool is closed); never shown to clients.
    internal    VARCHAR,
    attempts    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX operations_account ON operations (account_id, id);
CREATE INDEX operations_pending ON operations (status, submitted);

CREATE TABLE operation_log (
    operation_id VARCHAR(64) NOT NULL,
    seq          INTEGER NOT NULL,
    doc          VARCHAR NOT NULL,
    PRIMARY KEY (operation_id, seq)
);

-- Rate limits: one lock row per (account, method) serialises counting across nodes; one event row per
-- accepted call gives exact sliding windows.
CREATE TABLE rate_limit_locks (
    account_id  VARCHAR(64) NOT NULL,
    method      VARCHAR(64) NOT NULL,
    PRIMARY KEY (account_id, method)
);

CREATE TABLE rate_limit_events (
    account_id  VARCHAR(64) NOT NULL,
    method      VARCHAR(64) NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX rate_limit_events_window ON rate_limit_events (account_id, method, at);
