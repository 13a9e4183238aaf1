-- The raw orientation readings a phone-inclinometer trial was measured from (the RecordedLift
-- JSON of psoas-core: {"zero": [...], "samples": [...]}), kept with the trial so the angle can be
-- checked, or worked out again when the analysis improves. Goes when its trial goes. Kept as
-- text, as in SQLite, so it reads back byte for byte; the check refuses text that is not JSON.
CREATE TABLE lift_series (
    measurement_id TEXT PRIMARY KEY REFERENCES measurements (id) ON DELETE CASCADE,
    series         TEXT NOT NULL CHECK (series::json IS NOT NULL)
);
