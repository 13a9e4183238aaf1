-- Trials per side are chosen when a session starts, so resuming keeps the plan it began with.
ALTER TABLE sessions ADD COLUMN trials_per_side BIGINT NOT NULL DEFAULT 3
    CHECK (trials_per_side BETWEEN 1 AND 10);
