-- The results of a SOLUTION.AGGREGATE operation, one row per task of the pool that had accepted answers, read back
-- by GET /aggregated-solutions/{operationId} in task id order (the primary key's). A chunk of the operation stores
-- its tasks' rows in the transaction that moves its checkpoint past them, so each row is written once.
-- output_values is the aggregated answer as JSON ({"result": "cat"}); account_id keeps another account's results
-- out of reach, as for every resource.
CREATE TABLE aggregated_solutions (
    operation_id    VARCHAR(64) NOT NULL,
    task_id         VARCHAR(64) NOT NULL,
    account_id      VARCHAR(64) NOT NULL,
    pool_id         BIGINT NOT NULL,
    confidence      DOUBLE PRECISION NOT NULL,
    output_values   VARCHAR NOT NULL,
    PRIMARY KEY (operation_id, task_id)
);
