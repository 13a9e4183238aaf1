-- Practitioners and their clients: invitation kinds, live links, notes and prescriptions.
-- The same schema as SQLite's migration of the same name, in PostgreSQL's types.

-- What an invitation made of an account: NULL (the owner, or a member), 'practitioner' or
-- 'client'. `role` keeps the way in ('owner': the set-up link; 'member': an invitation), so
-- the role read back is 'owner', 'member', or this column when it is set.
ALTER TABLE accounts ADD COLUMN practice_role TEXT
    CHECK (practice_role IN ('practitioner', 'client'));

ALTER TABLE invitations ADD COLUMN kind TEXT NOT NULL DEFAULT 'member'
    CHECK (kind IN ('member', 'practitioner', 'client'));

-- A client follows one practitioner at a time; an ended link stays as the record of it.
CREATE TABLE practice_links (
    id              TEXT PRIMARY KEY,
    practitioner_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    client_id       TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    linked_at       BIGINT NOT NULL,
    ended_at        BIGINT,
    ended_by        TEXT REFERENCES accounts (id) ON DELETE SET NULL,
    CHECK (practitioner_id <> client_id)
);

CREATE UNIQUE INDEX practice_links_live ON practice_links (client_id) WHERE ended_at IS NULL;
CREATE INDEX practice_links_by_practitioner ON practice_links (practitioner_id, ended_at);

-- A practitioner's notes about a person (profile) or one of their sessions. `seq` keeps the
-- order notes were written in, as SQLite's rowid does.
CREATE TABLE practice_notes (
    id         TEXT PRIMARY KEY,
    seq        BIGINT GENERATED ALWAYS AS IDENTITY,
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    session_id TEXT REFERENCES sessions (id) ON DELETE CASCADE,
    author_id  TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    text       TEXT NOT NULL CHECK (char_length(text) BETWEEN 1 AND 4000),
    created_at BIGINT NOT NULL
);

CREATE INDEX practice_notes_by_profile ON practice_notes (profile_id, created_at);

-- The exercise choices and timer lengths a practitioner set for a person; NULL choice: the
-- person chooses. Ranges as in the core's Durations.
CREATE TABLE prescriptions (
    profile_id         TEXT PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    set_by             TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    set_at             BIGINT NOT NULL,
    stretch            TEXT CHECK (stretch IN ('edge_of_bed', 'foam_roller')),
    technique          TEXT CHECK (technique IN ('abdomen_strong_side', 'glute_weak_side')),
    reps               BIGINT NOT NULL CHECK (reps BETWEEN 1 AND 20),
    hold_seconds       BIGINT NOT NULL CHECK (hold_seconds BETWEEN 1 AND 300),
    release_seconds    BIGINT NOT NULL CHECK (release_seconds BETWEEN 1 AND 120),
    roller_seconds     BIGINT NOT NULL CHECK (roller_seconds BETWEEN 1 AND 900),
    strengthen_seconds BIGINT NOT NULL CHECK (strengthen_seconds BETWEEN 1 AND 900)
);
