-- Quality-control rules keep no state of their own: each event's rules measure the worker's assignments of the
-- pool as stored. The one thing assignments cannot tell is a CLEAN_COLLECTOR or CLEAN_ASSIGNMENTS_HISTORY action:
-- since is the time from which a collector (its uuid, else its place in quality_control.configs; '*' for all of
-- the pool's collectors) counts the worker's assignments again.
CREATE TABLE quality_resets (
    pool_id     BIGINT NOT NULL,
    worker_id   VARCHAR(64) NOT NULL,
    collector   VARCHAR(128) NOT NULL,
    since       BIGINT NOT NULL,
    PRIMARY KEY (pool_id, worker_id, collector)
);
