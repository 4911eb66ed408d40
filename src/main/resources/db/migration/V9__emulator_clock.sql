-- The emulator's virtual time (emulator/Emulator), so that a restart does not take it back behind the timestamps
-- and timers already stored. One row, written by every move of the clock.
CREATE TABLE emulator_clock (
    id   INTEGER PRIMARY KEY,
    now  BIGINT NOT NULL
);
