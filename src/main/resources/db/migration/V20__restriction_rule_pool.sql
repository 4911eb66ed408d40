-- The pool whose quality-control rule last set a restriction, NULL when the requester last set it (PUT
-- /user-restrictions). A pool's rule dry run honours every restriction but those its own rules set: the candidate
-- replaces those rules, and what they did is not a fact it should see. Rows from before know no origin: by hand.
ALTER TABLE user_restrictions ADD COLUMN rule_pool_id BIGINT;
