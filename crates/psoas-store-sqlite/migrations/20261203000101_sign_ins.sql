-- What an account sees of its own sign-ins: an id to end one by (never the token's hash),
-- when it started and was last used (for the idle timeout too), and the browser in brief.
ALTER TABLE web_sessions ADD COLUMN id TEXT;
ALTER TABLE web_sessions ADD COLUMN started_at INTEGER;
ALTER TABLE web_sessions ADD COLUMN last_used_at INTEGER;
ALTER TABLE web_sessions ADD COLUMN user_agent TEXT NOT NULL DEFAULT '';
-- Sign-ins made before: 12 hours before they expire, which is when they were made.
-- The id in the hyphenated form ids are kept in.
UPDATE web_sessions SET id = lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-' ||
        hex(randomblob(2)) || '-' || hex(randomblob(2)) || '-' || hex(randomblob(6))),
    started_at = expires_at - 43200000000, last_used_at = expires_at - 43200000000;
CREATE UNIQUE INDEX web_sessions_by_id ON web_sessions (id);
CREATE INDEX web_sessions_by_account ON web_sessions (account_id);
