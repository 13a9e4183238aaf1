-- A trial whose value was unusual (beyond what a body does, or far from the side's other
-- trials) and that the person said is right: kept, and flagged where trials are listed. The
-- same schema as SQLite's migration of the same name, in PostgreSQL's types.
ALTER TABLE measurements ADD COLUMN confirmed_unusual BOOLEAN NOT NULL DEFAULT FALSE;
