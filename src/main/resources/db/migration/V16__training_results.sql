-- A worker's result in a training (pool_id names the training): the share of correct first answers, 0-100, fixed
-- once the worker has done the suites the training asks for. A pool whose quality_control.training_requirement
-- names the training admits the worker only with a value at least its training_passing_skill_value, and the
-- training is no longer offered to a worker who has a result. Toloka keeps it as the training's skill.
CREATE TABLE training_results (
    pool_id     BIGINT NOT NULL,
    worker_id   VARCHAR(64) NOT NULL,
    correct     DOUBLE PRECISION NOT NULL,
    finished    BIGINT NOT NULL,
    PRIMARY KEY (pool_id, worker_id)
);
