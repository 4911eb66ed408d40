-- When an assignment stopped being worked on (submitted, skipped or expired), kept beside the times it is made of,
-- so that quality-control rules read a worker's latest finished assignments of a pool newest first, as far as each
-- collector's window reaches, instead of all of them at every event; and whether its suite has a control or
-- training task, so that a golden-set window passes over the others without reading their documents.
ALTER TABLE assignments ADD COLUMN finished BIGINT;
ALTER TABLE assignments ADD COLUMN controls BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE assignments SET finished = COALESCE(submitted, skipped, expired),
    controls = doc LIKE '%"known_solutions":[{%';
-- Both lead with the worker: led by the pool, H2 took them for a page of the pool's assignments in id order and
-- sorted the whole pool (0.2 pages a second at 1,000,000 rows instead of 640).
CREATE INDEX assignments_worker_finished ON assignments (worker_id, pool_id, finished, id);
-- Its own index, so that a worker's suites with control tasks are found without passing over the rest.
CREATE INDEX assignments_worker_controls ON assignments (worker_id, pool_id, controls, finished, id);
