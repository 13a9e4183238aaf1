-- The first psoas schema, as in the SQLite backend's migration of the same name. Times are
-- microseconds since the Unix epoch (UTC); ids are UUID text (so short id prefixes match with
-- LIKE, as in SQLite). Integers are BIGINT (read back as 64-bit, as SQLite's), flags BOOLEAN.
-- `seq` keeps the order rows were written in, the tie-break SQLite's rowid gives.

CREATE TABLE profiles (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    -- lower-cased name, so "Anna" and "anna" cannot both exist
    name_key      TEXT NOT NULL UNIQUE,
    birth_year    BIGINT,
    sex           TEXT CHECK (sex IN ('female', 'male', 'other')),
    leg_length_cm DOUBLE PRECISION CHECK (leg_length_cm BETWEEN 40 AND 130)
);

CREATE TABLE sessions (
    id               TEXT PRIMARY KEY,
    profile_id       TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    started_at       BIGINT NOT NULL,
    ended_at         BIGINT,
    status           TEXT NOT NULL CHECK (status IN ('unfinished', 'finished', 'stopped_at_screening')),
    protocol_version BIGINT NOT NULL,
    seq              BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX sessions_by_profile ON sessions (profile_id, started_at);

CREATE TABLE screenings (
    session_id  TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    answered_at BIGINT NOT NULL,
    -- JSON array of the red flags answered "yes"; [] when clear
    flags       TEXT NOT NULL
);

CREATE TABLE symptoms (
    session_id             TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    back_pain              BIGINT NOT NULL CHECK (back_pain BETWEEN 0 AND 10),
    pelvic_pain            BIGINT NOT NULL CHECK (pelvic_pain BETWEEN 0 AND 10),
    sitting_hours_per_day  DOUBLE PRECISION NOT NULL CHECK (sitting_hours_per_day BETWEEN 0 AND 24),
    situps_per_week        BIGINT NOT NULL CHECK (situps_per_week >= 0),
    extension_after_situps BOOLEAN,
    recorded_at            BIGINT NOT NULL
);

CREATE TABLE measurements (
    id            TEXT PRIMARY KEY,
    session_id    TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    phase         TEXT NOT NULL CHECK (phase IN ('baseline', 'after_stretch', 'after_strengthening')),
    test          TEXT NOT NULL CHECK (test IN ('leg_raise', 'strength')),
    side          TEXT NOT NULL CHECK (side IN ('left', 'right')),
    trial         BIGINT NOT NULL CHECK (trial >= 1),
    method        TEXT NOT NULL,
    -- NULL kind: pain stopped the trial before a value was read
    kind          TEXT CHECK (kind IN ('angle', 'heel_height', 'grade', 'force', 'hold')),
    -- the value as read, in `unit` (NULL for hold)
    value         DOUBLE PRECISION,
    unit          TEXT,
    -- heel heights: the leg length used for the conversion
    leg_length_cm DOUBLE PRECISION,
    -- leg-raise readings: the angle in degrees
    degrees       DOUBLE PRECISION,
    hurt          BOOLEAN NOT NULL,
    taken_at      BIGINT NOT NULL,
    seq           BIGINT GENERATED ALWAYS AS IDENTITY,
    UNIQUE (session_id, phase, test, side, trial)
);

CREATE TABLE exercises (
    id              TEXT PRIMARY KEY,
    session_id      TEXT NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    step            TEXT NOT NULL CHECK (step IN ('stretch', 'strengthen')),
    -- stretch option or strengthening technique; NULL when no exercise was needed
    variant         TEXT,
    -- stretched side, or the weak side for strengthening
    side            TEXT CHECK (side IN ('left', 'right')),
    planned_seconds BIGINT NOT NULL,
    done_seconds    BIGINT NOT NULL,
    outcome         TEXT NOT NULL CHECK (outcome IN ('completed', 'stopped', 'skipped', 'not_needed')),
    note            TEXT,
    recorded_at     BIGINT NOT NULL,
    seq             BIGINT GENERATED ALWAYS AS IDENTITY
);

CREATE INDEX exercises_by_session ON exercises (session_id, recorded_at);
CREATE INDEX measurements_by_session ON measurements (session_id, taken_at);
