-- Keeping the camera's photos is the profile owner's choice, off until turned on: the
-- markers (camera_markers) are always kept and give the angles again without any picture
-- of the body.
ALTER TABLE profiles ADD COLUMN keep_photos INTEGER NOT NULL DEFAULT 0
    CHECK (keep_photos IN (0, 1));

-- The rest and lift photos of a camera trial, kept only when its profile keeps photos: the
-- file as the camera saved it, in base64 (the stores' values are text and numbers), with its
-- media type. Goes when its trial goes.
CREATE TABLE camera_photos (
    measurement_id TEXT NOT NULL REFERENCES camera_markers (measurement_id) ON DELETE CASCADE,
    picture        TEXT NOT NULL CHECK (picture IN ('rest', 'lift')),
    media_type     TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png')),
    data           TEXT NOT NULL,
    PRIMARY KEY (measurement_id, picture)
) STRICT;
