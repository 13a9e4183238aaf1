-- Trials struck out: the row stays, with when, by whom (NULL for the terminal tool, or once
-- the account is gone) and why; a struck-out trial counts for nothing. Reasons as in the
-- core's VoidReason; the words at most MAX_VOID_NOTE_CHARS.
ALTER TABLE measurements ADD COLUMN voided_at INTEGER;
ALTER TABLE measurements ADD COLUMN voided_by TEXT REFERENCES accounts (id) ON DELETE SET NULL;
ALTER TABLE measurements ADD COLUMN void_reason TEXT
    CHECK (void_reason IN ('typo', 'not_held_at_top', 'pelvis_lifted', 'other'))
    CHECK ((void_reason IS NULL) = (voided_at IS NULL));
ALTER TABLE measurements ADD COLUMN void_note TEXT
    CHECK (length(void_note) BETWEEN 1 AND 200)
    CHECK (void_note IS NULL OR voided_at IS NOT NULL);
