-- Skills, workers' skill values and restrictions (bans): what pool filters read and what keeps a worker away.

-- A requester's skills, and the global ones every account reads (account_id NULL: no account's, so an emulator
-- reset keeps them). id comes from the object-id sequence; modified is what GET /skills?modified_* filters,
-- though Toloka's view does not show it.
CREATE TABLE skills (
    id          BIGINT PRIMARY KEY,
    account_id  VARCHAR(64),
    name        VARCHAR NOT NULL,
    created     BIGINT NOT NULL,
    modified    BIGINT NOT NULL,
    doc         VARCHAR NOT NULL
);
CREATE INDEX skills_account ON skills (account_id, id);

-- The verified-language skills toloka-kit's Languages.in_(..., verified=True) filters on, with its ids (below the
-- sequence's 10^9, so they never clash). A worker has value 100 in one when their profile lists the language under
-- verified_languages; nobody stores values of them.
INSERT INTO skills (id, account_id, name, created, modified, doc)
SELECT v.id, NULL, 'Verified language: ' || v.lang, 1577836800000, 1577836800000,
       '{"name":"Verified language: ' || v.lang || '","public_name":{"EN":"Passed the ' || v.lang
       || ' language test"},"hidden":false,"deprecated":false,'
       || '"training":false,"private_comment":"100 for workers whose profile lists ' || v.lang
       || ' in verified_languages"}'
FROM (VALUES (30724, 'AR'), (26377, 'DE'), (26366, 'EN'), (32346, 'ES'), (26711, 'FR'), (44954, 'HE'),
             (39821, 'ID'), (26513, 'JA'), (26714, 'PT'), (26296, 'RU'), (29789, 'SV'), (44742, 'ZH-HANS'))
     AS v (id, lang);

-- One value a skill and worker. expires: when the skill's skill_ttl_hours, counted from the last change, runs
-- out; from then on the value is gone to every read, and the next change of the pair replaces the row.
CREATE TABLE user_skills (
    id          BIGINT PRIMARY KEY,
    account_id  VARCHAR(64) NOT NULL,
    skill_id    BIGINT NOT NULL,
    worker_id   VARCHAR(64) NOT NULL,
    exact_value DOUBLE PRECISION NOT NULL,
    created     BIGINT NOT NULL,
    modified    BIGINT NOT NULL,
    expires     BIGINT,
    doc         VARCHAR NOT NULL
);
CREATE UNIQUE INDEX user_skills_pair ON user_skills (skill_id, worker_id);
CREATE INDEX user_skills_account ON user_skills (account_id, id);
CREATE INDEX user_skills_worker ON user_skills (worker_id, account_id);

-- One restriction a worker, scope and target: project_id or pool_id is 0 where the scope names none, so that the
-- key is unique on both engines (PostgreSQL's unique indexes let NULLs repeat). will_expire NULL is for ever; an
-- expired row is gone to every read and to issuing, and the next restriction of the same key replaces it.
CREATE TABLE user_restrictions (
    id          BIGINT PRIMARY KEY,
    account_id  VARCHAR(64) NOT NULL,
    worker_id   VARCHAR(64) NOT NULL,
    scope       VARCHAR(16) NOT NULL,
    project_id  BIGINT NOT NULL,
    pool_id     BIGINT NOT NULL,
    created     BIGINT NOT NULL,
    will_expire BIGINT,
    doc         VARCHAR NOT NULL
);
CREATE UNIQUE INDEX user_restrictions_key ON user_restrictions (account_id, worker_id, scope, project_id, pool_id);
CREATE INDEX user_restrictions_account ON user_restrictions (account_id, id);
