//! A recorded lift: every frame's angles against the rest picture, then the held top found
//! exactly as the phone inclinometer finds it (the same running median and window search).

use serde::Serialize;

use super::geometry::{self, Angles};
use super::markers::{MarkerFrame, Photo};
use super::{CameraProblem, MAX_BELOW_REST_DEG, MAX_FRAME_GAP_MS, check_rise, round_tenth};
use crate::Side;
use crate::held_window::{highest_hold, running_median};
use crate::inclinometer::{MAX_SAMPLES, MIN_RISE_DEG};
use crate::units::Degrees;

/// Largest share of a recording's frames that may be skipped because their markers could not
/// be read. Mid-lift a frame blurs or a marker turns out of view for a moment; when a quarter
/// are lost, the hold is mostly guessed from the gaps' edges.
pub const MAX_SKIPPED_SHARE: f64 = 0.25;

/// What a recording shows.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeldMarkerLift {
    /// The thigh's held rise from the table, rounded to 0.1°.
    pub rise: Degrees,
    /// The hip's own extension over the same window, in degrees, 0.1°.
    pub hip: f64,
    /// The pelvis's tip over the same window, in degrees, 0.1°.
    pub pelvis: f64,
    /// How long the thigh stayed within the inclinometer's hold band of that rise, in whole ms.
    pub held_ms: f64,
    /// Frames whose angles were used.
    pub frames_used: usize,
    /// Frames skipped because their markers could not be read.
    pub frames_skipped: usize,
}

/// Turns a rest picture and a recording's frames (each with its time in ms since the recording
/// started, in any order) into the held rise and its parts, or says why they cannot be trusted.
///
/// The rest picture gets every check [`super::analyse_photos`] makes of it. A frame whose
/// markers cannot be read (missing, too small, blurred, doubled, or squashed when the rest
/// frame's were square: smeared by the movement) is skipped; any other problem
/// with a frame refuses the recording, as it would refuse a lift photo. Then: too many frames
/// skipped, a gap without frames longer than the inclinometer's
/// [`MAX_FRAME_GAP_MS`], a thigh that went down or hardly rose, a
/// top never held, a held rise no leg reaches. The hip and pelvis parts are their means over
/// the window whose mean is the rise, so they add up as the photos' do.
pub fn analyse_recording(
    side: Side,
    rest: &MarkerFrame,
    frames: &[(u64, MarkerFrame)],
) -> Result<HeldMarkerLift, CameraProblem> {
    if frames.is_empty() {
        return Err(CameraProblem::NoFrames);
    }
    if frames.len() > MAX_SAMPLES {
        return Err(CameraProblem::TooLong { got: frames.len() });
    }
    let at_rest = geometry::read(side, rest, Photo::Rest)?;
    let view = geometry::rest_view(&at_rest, side)?;

    let mut order: Vec<&(u64, MarkerFrame)> = frames.iter().collect();
    order.sort_by_key(|(t_ms, _)| *t_ms);
    let mut t = Vec::with_capacity(order.len());
    let mut found: Vec<Angles> = Vec::with_capacity(order.len());
    for (t_ms, frame) in order {
        let photo = Photo::Frame { t_ms: *t_ms };
        let markers = match geometry::read(side, frame, photo) {
            Ok(markers) => markers,
            Err(problem) if problem.unreadable() => continue,
            Err(problem) => return Err(problem),
        };
        match geometry::other_view(&markers, view, side) {
            // The rest frame showed the camera square; markers squashed in one frame of the
            // movement are smeared by it, not seen at a slant.
            Err(CameraProblem::CameraNotSquare { .. }) => continue,
            other => other?,
        }
        found.push(geometry::angles(&at_rest, &markers, view)?);
        t.push(*t_ms as f64);
    }
    let skipped = frames.len() - found.len();
    if skipped as f64 > MAX_SKIPPED_SHARE * frames.len() as f64 {
        return Err(CameraProblem::TooManySkipped {
            skipped,
            total: frames.len(),
        });
    }
    if let Some(i) = (1..t.len()).find(|&i| t[i] - t[i - 1] > MAX_FRAME_GAP_MS) {
        return Err(CameraProblem::Gap {
            at_s: t[i - 1] / 1000.0,
            gap_s: (t[i] - t[i - 1]) / 1000.0,
        });
    }

    // Rise and pelvis through the inclinometer's median; the hip as their difference, so the
    // parts still add up frame by frame.
    let rise = running_median(&found.iter().map(|a| a.rise).collect::<Vec<_>>());
    let pelvis = running_median(&found.iter().map(|a| a.pelvis).collect::<Vec<_>>());
    let top = rise.iter().copied().fold(f64::MIN, f64::max);
    let bottom = rise.iter().copied().fold(f64::MAX, f64::min);
    if top < MIN_RISE_DEG {
        return Err(if bottom < -MAX_BELOW_REST_DEG {
            CameraProblem::LegWentDown { degrees: bottom }
        } else {
            CameraProblem::NoLift {
                rise_deg: top.max(0.0),
            }
        });
    }
    let Some(hold) = highest_hold(&t, &rise, MIN_RISE_DEG) else {
        return Err(CameraProblem::NeverHeld { top_deg: top });
    };
    check_rise(hold.level)?;
    let (first, last) = hold.window;
    let count = (last - first + 1) as f64;
    let pelvis_mean = pelvis[first..=last].iter().sum::<f64>() / count;
    let hip_mean = hold.level - pelvis_mean;
    let degrees =
        Degrees::new(round_tenth(hold.level)).map_err(|_| CameraProblem::Implausible {
            degrees: hold.level,
        })?;
    Ok(HeldMarkerLift {
        rise: degrees,
        hip: round_tenth(hip_mean),
        pelvis: round_tenth(pelvis_mean),
        held_ms: (t[hold.last] - t[hold.first]).round(),
        frames_used: found.len(),
        frames_skipped: skipped,
    })
}
