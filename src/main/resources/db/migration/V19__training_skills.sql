-- A project's training skill, as in Toloka: its first training creates it, later trainings of the project use it.
-- It is an ordinary skill of the requester (doc "training": true); completing a training sets the worker's value
-- of it to their share of correct first answers, and that value is what pools requiring a training admit by.
CREATE TABLE training_skills (
    project_id  BIGINT PRIMARY KEY,
    skill_id    BIGINT NOT NULL
);

-- Every project that has a training gets its skill, named after the project as Toloka names it. The name is
-- escaped for the JSON text; the skill counts as created with the project's first training.
INSERT INTO training_skills (project_id, skill_id)
SELECT p.id, nextval('object_ids') FROM projects p
WHERE EXISTS (SELECT 1 FROM pools t WHERE t.project_id = p.id AND t.kind = 'TRAINING')
ORDER BY p.id;

INSERT INTO skills (id, account_id, name, created, modified, doc)
SELECT s.skill_id, p.account_id, COALESCE(p.public_name, '') || ' - training', c.first, c.first,
       '{"name":"' || REPLACE(REPLACE(REPLACE(REPLACE(REPLACE(COALESCE(p.public_name, ''), '\', '\\'), '"', '\"'),
                                      CHR(10), '\n'), CHR(13), '\r'), CHR(9), '\t')
       || ' - training","hidden":false,"deprecated":false,"training":true}'
FROM training_skills s JOIN projects p ON p.id = s.project_id
JOIN (SELECT project_id, MIN(created) AS first FROM pools WHERE kind = 'TRAINING' GROUP BY project_id) c
  ON c.project_id = s.project_id;

-- Each result becomes the worker's value of the skill; of several trainings of one project a worker did, the
-- last one's, since one skill holds one value. Results never expired, so their values do not either.
INSERT INTO user_skills (id, account_id, skill_id, worker_id, exact_value, created, modified, expires, doc)
SELECT nextval('object_ids'), t.account_id, s.skill_id, r.worker_id, r.correct, r.finished, r.finished, NULL, '{}'
FROM training_results r JOIN pools t ON t.id = r.pool_id JOIN training_skills s ON s.project_id = t.project_id
WHERE NOT EXISTS (SELECT 1 FROM training_results r2 JOIN pools t2 ON t2.id = r2.pool_id
                  WHERE t2.project_id = t.project_id AND r2.worker_id = r.worker_id
                    AND (r2.finished > r.finished OR r2.finished = r.finished AND r2.pool_id > r.pool_id))
ORDER BY r.pool_id, r.worker_id;

DROP TABLE training_results;
