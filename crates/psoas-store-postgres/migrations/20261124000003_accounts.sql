-- Accounts of the web app, and profiles owned by them.

CREATE TABLE accounts (
    id            TEXT PRIMARY KEY,
    -- lower-cased
    email         TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('owner', 'member')),
    created_at    BIGINT NOT NULL
);

-- One owner at most. SQLite runs one write at a time, so its "no owner yet" check in the same
-- transaction is enough; here two servers may create the owner at the same moment.
CREATE UNIQUE INDEX accounts_one_owner ON accounts (role) WHERE role = 'owner';

-- NULL: made in the terminal tool. Seen there, and by the owner account in the web app.
ALTER TABLE profiles ADD COLUMN owner_id TEXT REFERENCES accounts (id) ON DELETE CASCADE;
-- Names are unique per owner: the key becomes "<owner id or 'terminal'>/<lower-cased name>".
UPDATE profiles SET name_key = 'terminal/' || name_key;
CREATE INDEX profiles_by_owner ON profiles (owner_id);

CREATE TABLE setup_tokens (
    token_hash TEXT PRIMARY KEY,
    created_at BIGINT NOT NULL,
    used_at    BIGINT
);

CREATE TABLE invitations (
    token_hash TEXT PRIMARY KEY,
    created_by TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    used_by    TEXT REFERENCES accounts (id) ON DELETE SET NULL
);

CREATE TABLE web_sessions (
    token_hash TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    account_id   TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);

CREATE TABLE login_failures (
    key       TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);

CREATE INDEX login_failures_by_key ON login_failures (key, failed_at);
