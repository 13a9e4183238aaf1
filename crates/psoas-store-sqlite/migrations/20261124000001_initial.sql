-- The first psoas schema. Times are microseconds since the Unix epoch (UTC); ids are UUID text.

CREATE TABLE profiles (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    -- lower-cased name, so "Anna" and "anna" cannot both exist
    name_key      TEXT NOT NULL UNIQUE,
    birth_year    INTEGER,
    sex           TEXT CHECK (sex IN ('female', 'male', 'other')),
    leg_length_cm REAL CHECK (leg_length_cm BETWEEN 40 AND 130)
) STRICT;

CREATE TABLE sessions (
    id               TEXT PRIMARY KEY NOT NULL,
    profile_id       TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    started_at       INTEGER NOT NULL,
    ended_at         INTEGER,
    status           TEXT NOT NULL CHECK (status IN ('unfinished', 'finished', 'stopped_at_screening')),
    protocol_version INTEGER NOT NULL
) STRICT;

CREATE INDEX sessions_by_profile ON sessions (profile_id, started_at);

CREATE TABLE screenings (
    session_id  TEXT PRIMARY KEY NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    answered_at INTEGER NOT NULL,
    -- JSON array of the red flags answered "yes"; [] when clear
    flags       TEXT NOT NULL
) STRICT;

CREATE TABLE symptoms (
    session_id             TEXT PRIMARY KEY NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    back_pain              INTEGER NOT NULL CHECK (back_pain BETWEEN 0 AND 10),
    pelvic_pain            INTEGER NOT NULL CHECK (pelvic_pain BETWEEN 0 AND 10),
    sitting_hours_per_day  REAL NOT NULL CHECK (sitting_hours_per_day BETWEEN 0 AND 24),
    situps_per_week        INTEGER NOT NULL CHECK (situps_per_week >= 0),
    extension_after_situps INTEGER CHECK (extension_after_situps IN (0, 1)),
    recorded_at            INTEGER NOT NULL
) STRICT;

CREATE TABLE measurements (
    id            TEXT PRIMARY KEY NOT NULL,
    session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    phase         TEXT NOT NULL CHECK (phase IN ('baseline', 'after_stretch', 'after_strengthening')),
    test          TEXT NOT NULL CHECK (test IN ('leg_raise', 'strength')),
    side          TEXT NOT NULL CHECK (side IN ('left', 'right')),
    trial         INTEGER NOT NULL CHECK (trial >= 1),
    method        TEXT NOT NULL,
    -- NULL kind: pain stopped the trial before a value was read
    kind          TEXT CHECK (kind IN ('angle', 'heel_height', 'grade', 'force', 'hold')),
    -- the value as read, in `unit` (NULL for hold)
    value         REAL,
    unit          TEXT,
    -- heel heights: the leg length used for the conversion
    leg_length_cm REAL,
    -- leg-raise readings: the angle in degrees
    degrees       REAL,
    hurt          INTEGER NOT NULL CHECK (hurt IN (0, 1)),
    taken_at      INTEGER NOT NULL,
    UNIQUE (session_id, phase, test, side, trial)
) STRICT;

CREATE TABLE exercises (
    id              TEXT PRIMARY KEY NOT NULL,
    session_id      TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step            TEXT NOT NULL CHECK (step IN ('stretch', 'strengthen')),
    -- stretch option or strengthening technique; NULL when no exercise was needed
    variant         TEXT,
    -- stretched side, or the weak side for strengthening
    side            TEXT CHECK (side IN ('left', 'right')),
    planned_seconds INTEGER NOT NULL,
    done_seconds    INTEGER NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('completed', 'stopped', 'skipped', 'not_needed')),
    note            TEXT,
    recorded_at     INTEGER NOT NULL
) STRICT;

CREATE INDEX exercises_by_session ON exercises (session_id, recorded_at);
CREATE INDEX measurements_by_session ON measurements (session_id, taken_at);
