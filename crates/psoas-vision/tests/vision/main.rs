//! The vision crate's integration tests: photos drawn from known markers, encoded as a camera
//! would, read back and measured against the truth.

mod analysis;
mod detect;
mod refusals;

use psoas_core::camera::{MarkerFrame, SeenMarker};
use psoas_vision::testing::TagPose;

/// The marker found for a drawn tag, or a failure naming what was found instead.
fn found<'a>(frame: &'a MarkerFrame, tag: &TagPose) -> &'a SeenMarker {
    frame
        .markers()
        .iter()
        .find(|m| m.id() == tag.id)
        .unwrap_or_else(|| panic!("tag {} not found; found {:?}", tag.id, frame.markers()))
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}
