-- When an assignment stopped being worked on (submitted, skipped or expired), kept beside the times it is made of,
-- so that quality-control rules read a worker's latest finished assignments of a pool newest first, as far as each
-- collector's window reaches, instead of all of them at every event.
ALTER TABLE assignments ADD COLUMN finished BIGINT;
UPDATE assignments SET finished = COALESCE(submitted, skipped, expired);
CREATE INDEX assignments_worker_finished ON assignments (pool_id, worker_id, finished, id);
