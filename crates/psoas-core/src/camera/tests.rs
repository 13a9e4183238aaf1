//! Tests of the camera geometry on a synthetic body.
