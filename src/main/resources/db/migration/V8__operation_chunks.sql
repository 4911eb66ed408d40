-- A long operation commits its work in chunks, so that RUNNING and its progress show while it runs. Between
-- chunks its row is not locked, so the attempt running it holds a lease instead: lease_owner names the attempt,
-- and no other attempt may take the operation before lease_until (epoch millis) unless the lease is released.
-- A node that dies mid-run leaves its lease to run out, and the next attempt resumes from checkpoint, the cursor
-- the last committed chunk stored with its work (JSON, the operation type's own).
ALTER TABLE operations ADD COLUMN lease_owner VARCHAR(64);
ALTER TABLE operations ADD COLUMN lease_until BIGINT;
ALTER TABLE operations ADD COLUMN checkpoint VARCHAR;
