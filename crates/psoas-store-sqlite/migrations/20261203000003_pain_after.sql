-- Pain rated again once the retest is done, so the summary can say whether it eased since the
-- start (the symptoms table holds the start).
CREATE TABLE pain_after (
    session_id  TEXT PRIMARY KEY NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
    back_pain   INTEGER NOT NULL CHECK (back_pain BETWEEN 0 AND 10),
    pelvic_pain INTEGER NOT NULL CHECK (pelvic_pain BETWEEN 0 AND 10),
    recorded_at INTEGER NOT NULL
) STRICT;
