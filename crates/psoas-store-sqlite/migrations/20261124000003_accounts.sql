-- Accounts of the web app, and profiles owned by them.

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY NOT NULL,
    -- lower-cased
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    created_at    INTEGER NOT NULL
) STRICT;

-- NULL: made in the terminal tool. Seen there, and by the owner account in the web app.
ALTER TABLE profiles ADD COLUMN owner_id TEXT REFERENCES accounts (id) ON DELETE CASCADE;
-- Names are unique per owner: the key becomes "<owner id or 'terminal'>/<lower-cased name>".
UPDATE profiles SET name_key = 'terminal/' || name_key;
CREATE INDEX profiles_by_owner ON profiles (owner_id);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    created_at INTEGER NOT NULL,
    used_at    INTEGER
) STRICT;

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY NOT NULL,
    created_by TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    TEXT REFERENCES accounts (id) ON DELETE SET NULL
) STRICT;

CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY NOT NULL,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   INTEGER NOT NULL,
    last_used_at INTEGER,
    revoked_at   INTEGER
) STRICT;

CREATE TABLE login_failures (
    key       TEXT NOT NULL,
    failed_at INTEGER NOT NULL
) STRICT;

CREATE INDEX login_failures_by_key ON login_failures (key, failed_at);
