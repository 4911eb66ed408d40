-- From this version on, operations.attempts counts every attempt started, committed before the attempt runs (a
-- crash cannot roll it back), and this column counts those that met a transient storage failure (a lock timeout,
-- a lost connection), which says nothing about the operation and has a bound of its own. Rows stored before
-- counted only broken attempts in attempts, which is what attempts minus this column means now.
ALTER TABLE operations ADD COLUMN transient_failures INTEGER NOT NULL DEFAULT 0;
