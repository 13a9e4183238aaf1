-- The printed markers a camera trial was measured from (the CameraEvidence JSON of psoas-core:
-- {"rest": {...}, "lift": {...}, "tilt": {...}} for two photos, {"rest": {...}, "frames": [...]}
-- for a recording): each picture's size and each marker's id, centre and corners, no pixels.
-- Kept with the trial so the rise, the hip part and the pelvis part can be worked out again.
-- Goes when its trial goes. Text, as in SQLite, so it reads back byte for byte.
CREATE TABLE camera_markers (
    measurement_id TEXT PRIMARY KEY REFERENCES measurements (id) ON DELETE CASCADE,
    markers        TEXT NOT NULL CHECK (markers::json IS NOT NULL)
);
