-- The training a pool requires (quality_control.training_requirement.training_pool_id), kept as a column so that
-- archiving a training can find the pools that still use it. Rows stored before this column existed keep NULL.
ALTER TABLE pools ADD COLUMN training_id BIGINT;
CREATE INDEX pools_training ON pools (training_id);
