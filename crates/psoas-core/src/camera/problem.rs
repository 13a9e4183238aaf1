//! Why photos or a recording of the markers were refused, each in a sentence a person
//! understands, ending with what to do.

use super::markers::{MarkerRole, Photo};
use super::{
    MAX_BELOW_REST_DEG, MAX_BODY_SLOPE_DEG, MAX_CAMERA_TILT_DEG, MAX_FRAME_GAP_MS,
    MAX_PHONE_TILT_DEG, MAX_PHONE_TURN_DEG, MAX_SCALE_CHANGE, MAX_STRETCH, MAX_TAG_CHANGE,
    MIN_SEGMENT_PX, MIN_TAG_SIDE_PX,
};
use crate::Side;
use crate::inclinometer::{MAX_LEG_DEG, MAX_SAMPLES, MIN_RISE_DEG};

/// Why marker photos or a recording were refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CameraProblem {
    /// The detector's data cannot be a real image's markers.
    #[error(
        "the marker detector sent data that cannot be right ({detail}): take the photo again, \
         and report the problem if it comes back"
    )]
    BadFrame {
        /// What is wrong, in words.
        detail: String,
    },
    /// One of this side's markers is not in the picture.
    #[error(
        "{role} of the {side} side (tag {}) is not in {photo}: check it is stuck on and \
         facing the camera, then take the photo again",
        super::marker_id(*side, *role)
    )]
    MissingMarker {
        /// The picture.
        photo: Photo,
        /// The side measured.
        side: Side,
        /// The marker missing.
        role: MarkerRole,
    },
    /// Only the other side's markers are in the picture.
    #[error(
        "{photo} shows the {} side's markers, not the {side} side's: photograph the {side} side (tags \
         {}, {}, {}), or measure the {} side instead",
        side.other(),
        super::marker_id(*side, MarkerRole::Pelvis),
        super::marker_id(*side, MarkerRole::Hip),
        super::marker_id(*side, MarkerRole::Knee),
        side.other()
    )]
    WrongSide {
        /// The picture.
        photo: Photo,
        /// The side measured.
        side: Side,
    },
    /// The same tag was found twice.
    #[error(
        "tag {id} appears twice in {photo}, so it is not clear which is {role}: cover or take \
         away the spare print and take the photo again"
    )]
    DuplicateMarker {
        /// The picture.
        photo: Photo,
        /// The tag id.
        id: u16,
        /// Its role.
        role: MarkerRole,
    },
    /// A marker is too small in the picture to measure.
    #[error(
        "{role} is only {side_px:.0} px across in {photo} (at least {MIN_TAG_SIDE_PX:.0} px \
         needed): move the camera closer or print the markers larger, then take the photo again"
    )]
    TooSmall {
        /// The picture.
        photo: Photo,
        /// The marker.
        role: MarkerRole,
        /// Its shortest side, in px.
        side_px: f64,
    },
    /// A marker's corners do not make a square seen from the front.
    #[error(
        "{role} in {photo} is blurred or misshapen (its corners do not make a square): keep the \
         marker flat on the skin, hold the camera still, and take the photo again"
    )]
    Misshapen {
        /// The picture.
        photo: Photo,
        /// The marker.
        role: MarkerRole,
    },
    /// The square markers look squashed: the camera looks at the body at a slant.
    #[error(
        "the markers in {photo} look tilted by {tilt_deg:.0}° (at most {MAX_CAMERA_TILT_DEG:.0}°), \
         so the camera is not square to the body: hold it at hip height, pointing straight at \
         the side of the body, and take the photos again"
    )]
    CameraNotSquare {
        /// The picture.
        photo: Photo,
        /// The tilt the markers' shapes imply, in degrees.
        tilt_deg: f64,
    },
    /// The phone was not held upright.
    #[error(
        "the phone was tilted {tilt_deg:.0}° from upright for {photo} (at most \
         {MAX_PHONE_TILT_DEG:.0}°): hold it upright, screen facing you, and take the photos again"
    )]
    PhoneNotUpright {
        /// The picture.
        photo: Photo,
        /// The screen's tilt from vertical, in degrees.
        tilt_deg: f64,
    },
    /// The phone turned between the two photos.
    #[error(
        "the phone turned {turned_deg:.1}° between the two photos (at most \
         {MAX_PHONE_TURN_DEG:.0}°), and a turn adds to the angle: keep the phone still between \
         the photos (a stand helps) and take both again"
    )]
    PhoneMoved {
        /// The turn between the photos, in degrees.
        turned_deg: f64,
    },
    /// The body runs up or down the picture, so up and down cannot be told.
    #[error(
        "the body runs at {slope_deg:.0}° across {photo} (at most {MAX_BODY_SLOPE_DEG:.0}°), so it is not clear which \
         way is up: hold the camera level with the body lying along the picture, and take the \
         photos again"
    )]
    PhotoTurned {
        /// The picture.
        photo: Photo,
        /// The thigh's slope in the picture, in degrees from level.
        slope_deg: f64,
    },
    /// The markers are not in the order pelvis, hip, knee along the body.
    #[error(
        "the markers in {photo} are not in the order pelvis, hip, knee along the body: check \
         that P is on the side of the pelvis, H on the bony point of the hip and K just above \
         the knee, all on the {side} side, then take the photos again"
    )]
    OutOfOrder {
        /// The picture.
        photo: Photo,
        /// The side measured.
        side: Side,
    },
    /// Two markers are too close in the picture to give a direction.
    #[error(
        "{first} and {second} are only {apart_px:.0} px apart in {photo} (at least \
         {MIN_SEGMENT_PX:.0} px needed for a direction within half a degree): move the camera \
         closer, keeping all three markers in the picture, and take the photos again"
    )]
    TooClose {
        /// The picture.
        photo: Photo,
        /// The marker nearer the head.
        first: MarkerRole,
        /// The other.
        second: MarkerRole,
        /// Their distance, in px.
        apart_px: f64,
    },
    /// The camera moved nearer or farther between the pictures.
    #[error(
        "the markers are {:.0}% {} in {photo} than at rest (at most {:.0}%): keep the camera \
         in one place from the rest photo on, and take the photos again",
        change_pct.abs(),
        if *change_pct > 0.0 { "larger" } else { "smaller" },
        MAX_SCALE_CHANGE * 100.0
    )]
    CameraMoved {
        /// The picture compared with the rest photo.
        photo: Photo,
        /// The change in the markers' size, in % (positive: larger).
        change_pct: f64,
    },
    /// One marker changed size against the others between the pictures.
    #[error(
        "{role} changed size by {:.0}% against the other markers between the rest photo and \
         {photo} (at most {:.0}%): it turned away from the camera or came loose, or the leg \
         rolled; stick it flat, lift the leg straight up, and take the photos again",
        change_pct.abs(),
        MAX_TAG_CHANGE * 100.0
    )]
    MarkerChanged {
        /// The picture compared with the rest photo.
        photo: Photo,
        /// The marker.
        role: MarkerRole,
        /// The change, in % of its size at rest.
        change_pct: f64,
    },
    /// The pelvis and hip markers moved apart or together on the skin.
    #[error(
        "the pelvis marker (P) and the hip marker (H) are {rest_tags:.2} marker widths apart at \
         rest but {then_tags:.2} in {photo} (at most {:.0}% change): a marker slid on the skin or \
         was stuck on again; stick both firmly and take the photos again",
        MAX_STRETCH * 100.0
    )]
    Stretched {
        /// The picture compared with the rest photo.
        photo: Photo,
        /// Their distance at rest, in marker widths.
        rest_tags: f64,
        /// Their distance then, in marker widths.
        then_tags: f64,
    },
    /// The knee marker went down, which a leg on the table cannot do.
    #[error(
        "the thigh went {:.1}° down from the rest photo, into the table (at most \
         {MAX_BELOW_REST_DEG:.0}° counts as noise): the photos may be swapped or one taken \
         upside down; take the rest photo with the leg on the table and the lift photo at the \
         top, both the same way up",
        -degrees
    )]
    LegWentDown {
        /// The rise found, in degrees (negative).
        degrees: f64,
    },
    /// The thigh hardly rose.
    #[error(
        "the thigh rose only {rise_deg:.1}° (at least {MIN_RISE_DEG:.0}° needed to tell a lift \
         from the markers' error): lift the leg and take the lift photo at the top, or measure \
         this trial another way and type its angle"
    )]
    NoLift {
        /// The rise found, in degrees.
        rise_deg: f64,
    },
    /// The thigh rose more than a face-down leg raise can.
    #[error(
        "the thigh rose {degrees:.0}°, more than the {MAX_LEG_DEG:.0}° a straight leg lifted \
         face down can reach: keep the hips on the table, and K on the thigh just above the knee \
         (not on the calf), then take the photos again"
    )]
    Implausible {
        /// The rise found, in degrees.
        degrees: f64,
    },
    /// A recording with no frames.
    #[error("the recording has no frames: record the lift from the rest to the held top")]
    NoFrames,
    /// A recording with more frames than a lift needs.
    #[error(
        "the recording is too long ({got} frames, at most {MAX_SAMPLES}): record one lift at a time"
    )]
    TooLong {
        /// Frames received.
        got: usize,
    },
    /// The markers could not be read in too many frames.
    #[error(
        "the markers could not be read in {skipped} of {total} frames (at most a quarter may be \
         missed): keep all three markers in the picture and in focus, lift the leg steadily, and \
         record again"
    )]
    TooManySkipped {
        /// Frames whose markers could not be read.
        skipped: usize,
        /// Frames received.
        total: usize,
    },
    /// A stretch of the recording with no readable frame.
    #[error(
        "no frame could be read for {gap_s:.1} s from {at_s:.1} s into the recording (at most \
         {:.0} s): keep all three markers in the picture and record again",
        MAX_FRAME_GAP_MS / 1000.0
    )]
    Gap {
        /// Seconds into the recording where the gap starts.
        at_s: f64,
        /// Length of the gap in seconds.
        gap_s: f64,
    },
    /// The leg rose but never stayed still at the top.
    #[error(
        "the thigh reached about {top_deg:.0}° but was never held steady for a second: lift, \
         hold the top still for a second, and record again"
    )]
    NeverHeld {
        /// The highest rise seen, in degrees.
        top_deg: f64,
    },
}

impl CameraProblem {
    /// A stable name for the kind of problem, for programs (API problem types, tests).
    pub fn code(&self) -> &'static str {
        match self {
            CameraProblem::BadFrame { .. } => "bad_frame",
            CameraProblem::MissingMarker { .. } => "missing_marker",
            CameraProblem::WrongSide { .. } => "wrong_side",
            CameraProblem::DuplicateMarker { .. } => "duplicate_marker",
            CameraProblem::TooSmall { .. } => "too_small",
            CameraProblem::Misshapen { .. } => "misshapen",
            CameraProblem::CameraNotSquare { .. } => "camera_not_square",
            CameraProblem::PhoneNotUpright { .. } => "phone_not_upright",
            CameraProblem::PhoneMoved { .. } => "phone_moved",
            CameraProblem::PhotoTurned { .. } => "photo_turned",
            CameraProblem::OutOfOrder { .. } => "out_of_order",
            CameraProblem::TooClose { .. } => "too_close",
            CameraProblem::CameraMoved { .. } => "camera_moved",
            CameraProblem::MarkerChanged { .. } => "marker_changed",
            CameraProblem::Stretched { .. } => "stretched",
            CameraProblem::LegWentDown { .. } => "leg_went_down",
            CameraProblem::NoLift { .. } => "no_lift",
            CameraProblem::Implausible { .. } => "implausible",
            CameraProblem::NoFrames => "no_frames",
            CameraProblem::TooLong { .. } => "too_long",
            CameraProblem::TooManySkipped { .. } => "too_many_skipped",
            CameraProblem::Gap { .. } => "gap",
            CameraProblem::NeverHeld { .. } => "never_held",
        }
    }

    /// Whether a recording may skip the frame this was found in: its markers could not be
    /// read (motion blur mid-lift, a marker turned out of view for a moment), which says
    /// nothing about the frames that could.
    pub(super) fn unreadable(&self) -> bool {
        matches!(
            self,
            CameraProblem::MissingMarker { .. }
                | CameraProblem::WrongSide { .. }
                | CameraProblem::DuplicateMarker { .. }
                | CameraProblem::TooSmall { .. }
                | CameraProblem::Misshapen { .. }
        )
    }
}
