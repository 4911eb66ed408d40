-- The emulator's simulated crowd (emulator/crowd). One row holds the definition as its PUT body with defaults
-- filled (seed, personas); each simulated worker is a row of workers, and here its place in the crowd: its ordinal,
-- which keys its timer and so orders the workers acting at one instant the same on every run, its persona, whether
-- it is idle (it found no work and waits to be woken), and how many assignments it has taken, which numbers the
-- random draws of each one.
CREATE TABLE emulator_crowd (
    id   INTEGER PRIMARY KEY,
    doc  VARCHAR NOT NULL
);

CREATE TABLE crowd_workers (
    ordinal    INTEGER PRIMARY KEY,
    worker_id  VARCHAR(64) NOT NULL REFERENCES workers (id),
    name       VARCHAR(200) NOT NULL,
    persona    VARCHAR(200) NOT NULL,
    idle       BOOLEAN NOT NULL,
    turns      INTEGER NOT NULL
);
-- Waking the idle workers when work may have appeared reads and updates only them.
CREATE INDEX crowd_workers_idle ON crowd_workers (idle, ordinal);
-- Every turn of a simulated worker looks for the open pools.
CREATE INDEX pools_status ON pools (status, id);
