//! What `psoas measure-photo` says: a photo's markers, one per line, the lift's angles, and
//! why a photo could not be read.

use std::path::Path;

use psoas_core::Side;
use psoas_core::camera::{CameraFinding, CameraProblem, MarkerRole};
use psoas_vision::PhotoError;

/// The line above a photo's markers.
pub fn photo_heading(path: &Path, width: u32, height: u32) -> String {
    format!("{}: {width} x {height} px", path.display())
}

/// Said when a photo shows none of the protocol's markers.
pub const NO_MARKERS: &str = "No markers found: check that the printed markers (tags 0-5) are \
    in the picture, flat, lit and in focus, at least 20 px across.";

/// One marker found: "  left side   H (hip)     tag 1   48.0 px across  at (560, 430)".
pub fn marker_line(
    side: Side,
    role: MarkerRole,
    id: u16,
    size_px: f64,
    centre: (f64, f64),
) -> String {
    let which = format!("{} ({})", role.letter(), role.as_str());
    format!(
        "  {:<5} side  {which:<10}  tag {id}  {size_px:>5.1} px across  at ({:.0}, {:.0})",
        side.as_str(),
        centre.0,
        centre.1
    )
}

/// The lift measured from two photos.
pub fn analysis(side: Side, rise: f64, hip: f64, pelvis: f64, tilt: f64) -> Vec<String> {
    vec![
        format!("Thigh rise ({} side): {rise:.1}°", side.as_str()),
        format!("  hip part (the hip's own extension): {hip:.1}°"),
        format!("  pelvis part (the pelvis tipping with the leg): {pelvis:.1}°"),
        format!("  camera tilt the markers show: {tilt:.1}°"),
    ]
}

/// A leg raise measured from photos: the parts of the rise, under the "Recorded ..." line.
pub fn trial_parts(found: &CameraFinding, kept_photos: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "from the photos: hip part {:.1}°, pelvis part {:.1}° (the rise is their sum)",
        found.hip, found.pelvis
    )];
    if let Some(tilt) = found.camera_tilt_deg {
        lines.push(format!("camera tilt the markers show: {tilt:.1}°"));
    }
    lines.push(if kept_photos {
        "the markers and both photos are kept with the trial (this profile keeps photos)"
            .to_string()
    } else {
        "the markers are kept with the trial; the photos are not".to_string()
    });
    lines
}

/// `--photo` given for the strength test.
pub const PHOTO_NEEDS_LEG_RAISE: &str =
    "--photo and --rest measure a leg raise; use them with --test leg-raise";

/// Photos whose markers cannot be trusted, and nothing stored.
pub fn photos_refused(problem: &CameraProblem) -> String {
    format!("the photos were not recorded: {problem}")
}

/// Said once the marker sheet is written.
pub fn sheet_written(path: &Path) -> String {
    format!(
        "Wrote the marker sheet to {}: print it at actual size (100%) and check its ruler \
         measures 10 cm.",
        path.display()
    )
}

/// A photo file that cannot be opened or read.
pub fn cannot_read(path: &Path, error: &std::io::Error) -> String {
    format!(
        "cannot read {}: {error}; check the file's name and that it can be read",
        path.display()
    )
}

/// A photo refused, with the file named.
pub fn photo_refused(path: &Path, error: &PhotoError) -> String {
    format!("{}: {error}", path.display())
}

/// Neither or both sides' markers are all in the rest photo, and no --side was given.
pub fn which_side(rest: &Path) -> String {
    format!(
        "{} does not show all three markers of exactly one side: say which side was \
         photographed with --side left or --side right",
        rest.display()
    )
}
