-- Who read or changed whose records, when and through which front door: a practitioner
-- reading a client's records, an account exporting or importing its own. The holder of the
-- records (subject) sees these; they go with the subject's account or the profile, and are
-- purged after the server's retention time. An actor whose account was deleted stays as
-- "an account since deleted".
CREATE TABLE access_log (
    id         TEXT PRIMARY KEY NOT NULL,
    at         INTEGER NOT NULL,
    actor_id   TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    subject_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    profile_id TEXT REFERENCES profiles (id) ON DELETE CASCADE,
    kind       TEXT NOT NULL,
    door       TEXT NOT NULL CHECK (door IN ('pages', 'api'))
) STRICT;
CREATE INDEX access_log_by_subject ON access_log (subject_id, at);
CREATE INDEX access_log_by_time ON access_log (at);
