-- An asynchronous batch create stages its items a run at a time and a chunk of an operation writes its log items
-- as one entry: a row per item cost an upload of 100,000 tasks 200,000 rows written, read back and deleted besides
-- the tasks themselves. operation_items.doc and operation_log.doc are now JSON arrays (idx is the index of the run's
-- first item, seq numbers the log's entries); the rows written before hold one item each.
UPDATE operation_items SET doc = '[' || doc || ']';
UPDATE operation_log SET doc = '[' || doc || ']';
