-- Everything timed (assignment expiry, auto-accept, will_expire, auto-close, ...) is one row here until it is due
-- (schedule/Scheduler). A timer is named by its kind and a key unique within the kind (an assignment id, say), so
-- scheduling it again replaces it. Firing deletes the row in the transaction that runs the handler; attempts counts
-- the firings whose handler broke, up to the scheduler's bound.
CREATE TABLE timers (
    kind        VARCHAR(64) NOT NULL,
    timer_key   VARCHAR(200) NOT NULL,
    account_id  VARCHAR(64),
    due         BIGINT NOT NULL,
    payload     VARCHAR,
    attempts    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, timer_key)
);
-- Firing order, which is also the order passes read due timers in and where the next due one is found.
CREATE INDEX timers_due ON timers (due, kind, timer_key);
