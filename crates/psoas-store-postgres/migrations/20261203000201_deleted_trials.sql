-- How many struck-out trials were deleted from a session for real. Trials were only ever added
-- before, so their count told whether a session's history line had changed; with deletions it
-- is the count of trials plus this one that only grows.
ALTER TABLE sessions ADD COLUMN trials_deleted BIGINT NOT NULL DEFAULT 0
    CHECK (trials_deleted >= 0);
