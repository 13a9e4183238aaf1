//! The camera as a measuring tool: from the printed markers a detector found in side photos
//! (or a recording) of a face-down leg raise, to the thigh's rise split into the hip's own
//! extension and the pelvis's tip, or a reason, in plain words, why the pictures cannot be
//! trusted.
//!
//! Finding the markers in an image belongs to another crate; this module only does the
//! geometry, so the same pictures give the same angles in every front door.
//!
//! # The markers
//!
//! A helper sticks three printed square tags on the side being measured (ids in
//! [`MARKER_IDS`]): **P** on the side of the pelvis (the iliac crest), **H** on the greater
//! trochanter (the bony point at the side of the hip), **K** on the outside of the thigh just
//! above the knee. The camera looks at that side of the body, square to it, from hip height.
//! One picture is taken with the leg resting on the table, one at the top of the lift
//! ([`analyse_photos`]); or a recording gives many ([`analyse_recording`]).
//!
//! # The maths
//!
//! - **Rise**: the turn of the line H→K from the rest picture to the lift. The resting leg
//!   lies along the table and the camera stays put, so this is the thigh's rise from the table.
//! - **Pelvis**: the turn of the line P→H: how far the pelvis tipped with the leg.
//! - **Hip**: the change of the angle between P→H and H→K: the hip's own extension.
//!
//! The three add up (rise = hip + pelvis) before rounding to 0.1°, so after it to within 0.1°.
//! The person may face left or right in the picture: the side of H the knee lies on at rest
//! tells which turn is "up", so a lift is positive either way; a mirrored picture (a front
//! camera) changes nothing. The camera's own roll drops out, as it turns both lines alike, as
//! long as it does not change between the pictures.
//!
//! Printed tags are square, so a tag drawn as a parallelogram shows the camera looking at a
//! slant: the ratio of its two axes (from the corners, whatever the tag's own turn) is the
//! cosine of the slant. A slanted camera shrinks the angles (the notes measured a true 41.4°
//! read as 38.3° with the camera raised 15°).
//!
//! All thresholds are the `pub const`s below, each with its reason; the refusals are
//! [`CameraProblem`]s.

mod evidence;
mod geometry;
mod guidance;
mod markers;
mod problem;
mod recording;
#[cfg(test)]
mod tests;

use serde::Serialize;

pub use evidence::{
    CameraEvidence, CameraFinding, CameraLift, EvidenceShape, KeptPhoto, PhotoType, Picture,
    RecordingFinding, TimedFrame,
};
pub use guidance::{PelvisTip, findings_of, pelvis_tips};
pub use markers::{
    MARKER_IDS, MAX_MARKERS_PER_FRAME, MarkerFrame, MarkerRole, PhonePose, PhoneTilt, Photo, Pixel,
    SeenMarker, marker_id, marker_of,
};
pub use problem::CameraProblem;
pub use recording::{HeldMarkerLift, MAX_SKIPPED_SHARE, analyse_recording};

use crate::Side;
use crate::inclinometer::{MAX_LEG_DEG, MIN_RISE_DEG};
use crate::units::Degrees;

/// Shortest side a marker may have in the picture, in px. An AprilTag's black square is 8 cells
/// across (36h11, the usual family); below about 2.5 px a cell the detector misreads its bits,
/// and its corners, each a fraction of a pixel out, no longer give its shape.
pub const MIN_TAG_SIDE_PX: f64 = 20.0;

/// Most slant of the camera to the body the markers' shapes may show, in degrees. The error
/// grows with the square of the slant: the notes' 3.1° at 15° on a 41.4° angle becomes about
/// 1.4° at 10°, and under 1° at the usual 10-25° raises, within a phone inclinometer's 2°
/// error. The corners' own error reads as a few degrees of slant on small tags (about 6° for
/// tags 60 px across with corners a fifth of a pixel out), so a tighter limit would refuse
/// square pictures.
pub const MAX_CAMERA_TILT_DEG: f64 = 10.0;

/// Most the phone's screen may lean from upright at either photo, in degrees, when the page
/// reads its tilt. The phone's own sensor is good to about a degree, far better than the
/// markers' shapes, so it can hold the camera to a slant whose error is a few tenths of a
/// degree; a phone held against the page's level stays within it.
pub const MAX_PHONE_TILT_DEG: f64 = 5.0;

/// Most the phone may turn between the two photos, in degrees. A turn about the lens turns the
/// whole picture and goes one for one into the rise and the pelvis's tip; 2° is a phone
/// inclinometer's error (SEM), the most the protocol already accepts from one phone reading.
pub const MAX_PHONE_TURN_DEG: f64 = 2.0;

/// Most the resting thigh may slope across the picture, in degrees. It lies along the table,
/// so a steeper line is a camera or photo turned on its side, where up cannot be told from
/// down.
pub const MAX_BODY_SLOPE_DEG: f64 = 45.0;

/// Most the line P→H may bend from the thigh H→K at rest, in degrees. Lying face down, the
/// pelvis's tilt and the bulk of the buttock bend it by 10-30°; beyond 50° P is not on the
/// pelvis above the hip (a marker in the wrong place, or P and H swapped).
pub const MAX_REST_BEND_DEG: f64 = 50.0;

/// Fewest px between two markers' centres. A centre is found to about half a pixel, which
/// turns a line this long by under half a degree.
pub const MIN_SEGMENT_PX: f64 = 60.0;

/// Most the markers' mean size may change between the rest picture and another, as a share:
/// the camera moved nearer or farther by as much. A phone held by hand keeps within a few per
/// cent; more means it was put down and picked up again, and its turn cannot be trusted
/// either.
pub const MAX_SCALE_CHANGE: f64 = 0.15;

/// Most one marker's size may change against the other two between the pictures, as a share.
/// The thigh rises in the plane the camera looks at, so its markers keep their size; a marker
/// 15% smaller turned about 30° away (the leg rolled out, or the marker came unstuck).
pub const MAX_TAG_CHANGE: f64 = 0.15;

/// Most the distance P-H, in marker widths (which cancel the camera's distance), may change
/// between the pictures, as a share. H is on the thigh bone, a few centimetres from the hip's
/// centre, so a raise turns it about that centre and the skin slides over the trochanter by
/// 1-2 cm: together up to about 15% of the 10-15 cm from the iliac crest. More is a marker
/// that slid or was stuck on again.
pub const MAX_STRETCH: f64 = 0.15;

/// How far below the rest the thigh may seem to go, in degrees, before it is refused rather
/// than called no lift: the markers' error on the two pictures together.
pub const MAX_BELOW_REST_DEG: f64 = 2.0;

/// Longest stretch without a readable frame, in ms. A page sends a few frames a second (each
/// one a photo the server reads), not the sensor's 60 a second, so the inclinometer's 250 ms
/// would refuse ordinary jitter; a second is as long as the shortest hold, so a gap this long
/// could hide the top.
pub const MAX_FRAME_GAP_MS: f64 = 1000.0;

/// How far the pelvis may tip with the leg before the guidance says to keep it down, in
/// degrees: the inclinometer's smallest rise ([`MIN_RISE_DEG`]), the least movement this
/// protocol reads as movement at all. Below it the markers' own error (a few tenths of a
/// degree a line) could make a still pelvis seem to move.
pub const PELVIS_ADVICE_DEG: f64 = MIN_RISE_DEG;

/// What two photos show.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MarkerAngles {
    /// The thigh's rise from the table (the line H→K), rounded to 0.1°.
    pub rise: Degrees,
    /// The hip's own extension (the angle between P→H and H→K), in degrees, 0.1°.
    pub hip: f64,
    /// The pelvis's tip (the line P→H), in degrees, 0.1°; positive when it tips with the leg.
    pub pelvis: f64,
    /// The larger slant of the camera the two pictures' markers show, in degrees, 0.1°.
    pub camera_tilt_deg: f64,
}

impl MarkerAngles {
    /// The guidance when the pelvis tipped with the leg by more than [`PELVIS_ADVICE_DEG`]:
    /// a leg raise read without the pelvis held down overstates the hip's extension.
    pub fn pelvis_advice(&self) -> Option<String> {
        pelvis_advice(self.rise, self.hip, self.pelvis)
    }
}

/// "Keep the pelvis down", with how much of the rise came from the hip, when the pelvis
/// tipped with the leg by more than [`PELVIS_ADVICE_DEG`].
fn pelvis_advice(rise: Degrees, hip: f64, pelvis: f64) -> Option<String> {
    (pelvis > PELVIS_ADVICE_DEG).then(|| {
        format!(
            "The pelvis tipped {pelvis:.1}° with the leg, so {hip:.1}° of the {:.1}° rise came \
             from the hip: keep the pelvis down on the table and lift again.",
            rise.value()
        )
    })
}

/// Turns a rest photo and a lift photo of one side into the thigh's rise and its parts, or
/// says why they cannot be trusted.
///
/// The checks run in this order, so the first problem a person should fix is the one named:
/// the markers present and readable in the rest photo, then in the lift photo; the phone
/// upright and still (when `tilt` is given); the camera square to the body; the markers far
/// enough apart, lying along the picture and in their order; the pictures matching (the
/// camera's distance, each marker's size, P-H); a believable rise.
pub fn analyse_photos(
    side: Side,
    rest: &MarkerFrame,
    lift: &MarkerFrame,
    tilt: Option<PhoneTilt>,
) -> Result<MarkerAngles, CameraProblem> {
    let at_rest = geometry::read(side, rest, Photo::Rest)?;
    let at_lift = geometry::read(side, lift, Photo::Lift)?;
    if let Some(tilt) = tilt {
        geometry::check_phone(&tilt)?;
    }
    let view = geometry::rest_view(&at_rest, side)?;
    geometry::other_view(&at_lift, view, side)?;
    let found = geometry::angles(&at_rest, &at_lift, view)?;
    check_rise(found.rise)?;
    let rise = Degrees::new(round_tenth(found.rise)).map_err(|_| CameraProblem::Implausible {
        degrees: found.rise,
    })?;
    Ok(MarkerAngles {
        rise,
        hip: round_tenth(found.hip),
        pelvis: round_tenth(found.pelvis),
        camera_tilt_deg: round_tenth(at_rest.tilt_deg().max(at_lift.tilt_deg())),
    })
}

/// Refuses a rise no face-down leg makes. The inclinometer's limits, so the two ways of
/// measuring refuse alike: a rise up to its [`MAX_LEG_DEG`] is kept, and one past the rule
/// set's plausible maximum (45°) is asked about when it is stored, as any reading is.
fn check_rise(rise: f64) -> Result<(), CameraProblem> {
    if rise < -MAX_BELOW_REST_DEG {
        Err(CameraProblem::LegWentDown { degrees: rise })
    } else if rise < MIN_RISE_DEG {
        Err(CameraProblem::NoLift {
            rise_deg: rise.max(0.0),
        })
    } else if rise > MAX_LEG_DEG {
        Err(CameraProblem::Implausible { degrees: rise })
    } else {
        Ok(())
    }
}

fn round_tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}
