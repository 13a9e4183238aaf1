-- Body height, from which the leg length is estimated (0.53 x height) when it was not measured.
ALTER TABLE profiles ADD COLUMN body_height_cm REAL CHECK (body_height_cm BETWEEN 80 AND 240);
-- Heel heights: 1 when the leg length used for the conversion was estimated from body height.
ALTER TABLE measurements ADD COLUMN leg_length_estimated INTEGER NOT NULL DEFAULT 0
    CHECK (leg_length_estimated IN (0, 1));
