-- Named snapshots of an emulator's whole state (emulator/Snapshots): what lives outside the tables (the virtual
-- time, the object-id sequence's next value, the id generator's last millisecond and counter, the schema version
-- the rows fit), and each table's rows, serialized and compressed a chunk at a time. BYTEA is PostgreSQL's type
-- for bytes and a name H2 takes for its own (BINARY VARYING).
CREATE TABLE emulator_snapshots (
    name            VARCHAR(100) PRIMARY KEY,
    clock           BIGINT NOT NULL,
    next_object_id  BIGINT NOT NULL,
    id_millis       BIGINT NOT NULL,
    id_counter      BIGINT NOT NULL,
    schema_version  INTEGER NOT NULL,
    table_rows      BIGINT NOT NULL,
    bytes           BIGINT NOT NULL
);

CREATE TABLE emulator_snapshot_chunks (
    snapshot_name   VARCHAR(100) NOT NULL,
    table_name      VARCHAR(128) NOT NULL,
    chunk           INTEGER NOT NULL,
    data            BYTEA NOT NULL,
    PRIMARY KEY (snapshot_name, table_name, chunk)
);

-- A restarted emulator no longer knows how many ids it drew in the virtual clock's current millisecond, and the
-- clock may still stand in it. So ids after a restart carry a later millisecond than any before, kept here so
-- that a second restart in the same millisecond moves past the first's too.
ALTER TABLE emulator_clock ADD COLUMN ids_from BIGINT;
