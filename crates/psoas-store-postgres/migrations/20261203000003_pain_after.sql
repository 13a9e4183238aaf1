-- Pain rated again once the retest is done, so the summary can say whether it eased since the
-- start (the symptoms table holds the start). The same schema as SQLite's migration of the
-- same name, in PostgreSQL's types.
CREATE TABLE pain_after (
    session_id  TEXT PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
    back_pain   BIGINT NOT NULL CHECK (back_pain BETWEEN 0 AND 10),
    pelvic_pain BIGINT NOT NULL CHECK (pelvic_pain BETWEEN 0 AND 10),
    recorded_at BIGINT NOT NULL
);
