-- A trial whose value was unusual (beyond what a body does, or far from the side's other
-- trials) and that the person said is right: kept, and flagged where trials are listed.
ALTER TABLE measurements ADD COLUMN confirmed_unusual INTEGER NOT NULL DEFAULT 0
    CHECK (confirmed_unusual IN (0, 1));
