-- Trials struck out: the row stays, with when, by whom (NULL for the terminal tool, or once
-- the account is gone) and why; a struck-out trial counts for nothing. The same schema as
-- SQLite's migration of the same name, in PostgreSQL's types.
ALTER TABLE measurements ADD COLUMN voided_at BIGINT;
ALTER TABLE measurements ADD COLUMN voided_by TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE measurements ADD COLUMN void_reason TEXT
    CHECK (void_reason IN ('typo', 'not_held_at_top', 'pelvis_lifted', 'other'));
ALTER TABLE measurements ADD COLUMN void_note TEXT
    CHECK (char_length(void_note) BETWEEN 1 AND 200);
ALTER TABLE measurements ADD CONSTRAINT measurements_void_whole
    CHECK ((void_reason IS NULL) = (voided_at IS NULL)
        AND (void_note IS NULL OR voided_at IS NOT NULL));
