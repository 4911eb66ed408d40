-- Workers (Tolokers) of the crowd Artel simulates, and their tokens. A worker's id is 32 hex digits, the shape
-- of a Toloka user_id. The row is the id and creation time plus the profile as a JSON document (name, profile
-- and computed attributes under the keys pool filters test), so new attributes need no migration.

CREATE TABLE workers (
    id          VARCHAR(64) PRIMARY KEY,
    created     BIGINT NOT NULL,
    doc         VARCHAR NOT NULL
);

-- Kept as SHA-256 hex digests only, like requester tokens; a separate table, so that a worker token can never
-- be taken for a requester's.
CREATE TABLE worker_tokens (
    token_hash  VARCHAR(64) PRIMARY KEY,
    worker_id   VARCHAR(64) NOT NULL REFERENCES workers (id),
    created     BIGINT NOT NULL
);
