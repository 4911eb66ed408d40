-- The crowd loop: tasks, task suites, the assignments that issue them to workers, and which worker had which task.
-- Tasks existed before only as markers that let a pool open (nothing could create one over the API), so the table is
-- made again with what issuing needs.
DROP TABLE tasks;

-- taken: the assignments holding a place in the overlap (active, submitted or accepted). issuable: whether the mixer
-- may still hand the task out on its own (not part of an uploaded suite, and a place left), kept beside taken by the
-- same UPDATE so that finding work is an index range rather than a scan over every filled task.
-- overlap NULL is infinite overlap. kind: REAL, GOLDEN (known solutions) or TRAINING (known solutions and a hint).
CREATE TABLE tasks (
    id          VARCHAR(64) PRIMARY KEY,
    account_id  VARCHAR(64) NOT NULL,
    pool_id     BIGINT NOT NULL,
    suite_id    VARCHAR(64),
    created     BIGINT NOT NULL,
    overlap     BIGINT,
    taken       INTEGER NOT NULL DEFAULT 0,
    issuable    BOOLEAN NOT NULL DEFAULT TRUE,
    kind        VARCHAR(16) NOT NULL DEFAULT 'REAL',
    doc         VARCHAR NOT NULL
);
CREATE INDEX tasks_pool ON tasks (pool_id, id);
CREATE INDEX tasks_pool_created ON tasks (pool_id, created, id);
CREATE INDEX tasks_issuable ON tasks (pool_id, issuable, kind, id);
CREATE INDEX tasks_suite ON tasks (suite_id);

-- Suites uploaded as suites, and those the mixer makes when it issues loose tasks (mixed = TRUE, overlap 1).
CREATE TABLE task_suites (
    id              VARCHAR(64) PRIMARY KEY,
    account_id      VARCHAR(64) NOT NULL,
    pool_id         BIGINT NOT NULL,
    created         BIGINT NOT NULL,
    overlap         BIGINT,
    taken           INTEGER NOT NULL DEFAULT 0,
    issuable        BOOLEAN NOT NULL,
    mixed           BOOLEAN NOT NULL,
    issuing_order   DOUBLE PRECISION NOT NULL DEFAULT 0,
    doc             VARCHAR NOT NULL
);
CREATE INDEX task_suites_pool ON task_suites (pool_id, id);
CREATE INDEX task_suites_pool_created ON task_suites (pool_id, created, id);
CREATE INDEX task_suites_issuable ON task_suites (pool_id, issuable, issuing_order, id);

CREATE TABLE assignments (
    id              VARCHAR(64) PRIMARY KEY,
    account_id      VARCHAR(64) NOT NULL,
    pool_id         BIGINT NOT NULL,
    task_suite_id   VARCHAR(64) NOT NULL,
    worker_id       VARCHAR(64) NOT NULL,
    status          VARCHAR(16) NOT NULL,
    created         BIGINT NOT NULL,
    submitted       BIGINT,
    accepted        BIGINT,
    rejected        BIGINT,
    skipped         BIGINT,
    expired         BIGINT,
    reward          NUMERIC(18, 4) NOT NULL,
    doc             VARCHAR NOT NULL
);
CREATE INDEX assignments_account ON assignments (account_id, id);
CREATE INDEX assignments_pool ON assignments (pool_id, id);
CREATE INDEX assignments_pool_submitted ON assignments (pool_id, submitted, id);
CREATE INDEX assignments_pool_status ON assignments (pool_id, status);
CREATE INDEX assignments_worker ON assignments (worker_id, pool_id, status);
CREATE INDEX assignments_suite ON assignments (task_suite_id);

-- One row per task a worker was given: the primary key is what makes "never the same task twice" hold under any
-- concurrency, on any number of nodes.
CREATE TABLE assignment_tasks (
    task_id         VARCHAR(64) NOT NULL,
    worker_id       VARCHAR(64) NOT NULL,
    assignment_id   VARCHAR(64) NOT NULL,
    PRIMARY KEY (task_id, worker_id)
);
CREATE INDEX assignment_tasks_assignment ON assignment_tasks (assignment_id);

-- The items of an asynchronous batch create, held from the 202 until the operation has stored them; the handler
-- deletes each chunk in the transaction that stores it, so what is left is exactly what remains to do.
CREATE TABLE operation_items (
    operation_id    VARCHAR(64) NOT NULL,
    idx             INTEGER NOT NULL,
    doc             VARCHAR NOT NULL,
    PRIMARY KEY (operation_id, idx)
);
