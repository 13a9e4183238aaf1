-- The raw orientation readings a phone-inclinometer trial was measured from (the RecordedLift
-- JSON of psoas-core: {"zero": [...], "samples": [...]}), kept with the trial so the angle can be
-- checked, or worked out again when the analysis improves. Goes when its trial goes.
CREATE TABLE lift_series (
    measurement_id TEXT PRIMARY KEY NOT NULL REFERENCES measurements (id) ON DELETE CASCADE,
    series         TEXT NOT NULL CHECK (json_valid(series))
) STRICT;
