-- Body height, from which the leg length is estimated (0.53 x height) when it was not measured.
ALTER TABLE profiles ADD COLUMN body_height_cm DOUBLE PRECISION
    CHECK (body_height_cm BETWEEN 80 AND 240);
-- Heel heights: true when the leg length used for the conversion was estimated from body height.
ALTER TABLE measurements ADD COLUMN leg_length_estimated BOOLEAN NOT NULL DEFAULT false;
