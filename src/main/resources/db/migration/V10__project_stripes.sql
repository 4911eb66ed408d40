-- A new pool or training must not land in a project that is being archived, and archiving checks that none of
-- the project's pools is left unarchived. Both used to lock the project's row, so every pool create and clone of
-- a project ran one at a time. Instead each project has 64 lock stripes: a pool create locks one, chosen at
-- random, before it reads the project's status; archiving locks all of them before it counts the pools. Creates
-- share the project (they collide only when they draw the same stripe) and still exclude the archive: one that
-- locks its stripe first has committed its pool before the archive counts, one that locks it after sees ARCHIVED.
-- One row a stripe rather than a shared row lock, which H2 does not have (no FOR SHARE).
CREATE TABLE project_stripes (
    project_id BIGINT NOT NULL,
    stripe     INT NOT NULL,
    PRIMARY KEY (project_id, stripe)
);

INSERT INTO project_stripes (project_id, stripe)
SELECT p.id, s.n FROM projects p CROSS JOIN (VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16), (17), (18), (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30), (31), (32), (33), (34), (35), (36), (37), (38), (39), (40), (41), (42), (43), (44), (45), (46), (47), (48), (49), (50), (51), (52), (53), (54), (55), (56), (57), (58), (59), (60), (61), (62), (63)) AS s (n);
