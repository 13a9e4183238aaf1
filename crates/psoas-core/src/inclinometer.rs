//! The phone as an inclinometer: from the browser's raw orientation readings to one leg-raise
//! angle, or a reason, in plain words, why the recording cannot be trusted.
//!
//! This is the one place the maths lives: the web app's inclinometer page sends its recorded
//! series here through the API, and `psoas record --series FILE` reads the same series from a
//! file, so both front doors get the same angle from the same readings.
//!
//! # What is recorded
//!
//! 1. **The zero pose** ([`RecordedLift::zero`]): the phone lies flat, screen up, on the table
//!    the subject lies on, untouched, for a moment (at least [`MIN_ZERO_SAMPLES`] readings).
//! 2. **The lift** ([`RecordedLift::samples`]): the phone lies lengthwise on the back of the
//!    thigh just above the knee. The recording starts with the leg resting on the table (at least
//!    [`REST_MS`]), goes through the lift and the held top (at least [`HOLD_MS`]), and may go on
//!    until the leg rests again; when it does, the rest after is compared with the rest before
//!    (see [`MAX_DRIFT_DEG`]). The phone stays on the thigh from the first sample to the last:
//!    taking it off belongs after the recording.
//!
//! # The maths
//!
//! - The phone's front-back tilt `beta` is exactly the elevation of its long axis above the
//!   horizontal (the browser's Z-X'-Y'' angles rotate the long axis about `beta` only), whatever
//!   its sideways tilt `gamma`. So the leg angle is `beta` minus the zero pose's `beta`,
//!   wrapped into -180..180 (a phone zeroed at 179° that reads -179° has tilted 2°). The zero
//!   level is the circular mean of the zero pose, so it is right across the ±180° seam too.
//! - Roll (sideways tilt) is `|gamma - zero gamma|`.
//! - Both series go through a centred running median of [`MEDIAN_WINDOW`] readings, which
//!   removes spikes up to two readings long (a glitch of the sensor fusion, a tap on the
//!   screen) without blurring the hold.
//! - The phone may lie with its top toward the knee or toward the hip: the direction of the
//!   largest departure from the resting level is taken as "up".
//! - The held peak is the highest window of at least [`HOLD_MS`] in which every reading lies
//!   within ±[`HOLD_BAND_DEG`] of the window's mean; that mean is the angle, rounded to 0.1°
//!   (finer than any phone's accuracy). It must stand at least [`MIN_RISE_DEG`] above the rest.
//!
//! # Timing
//!
//! Browsers fire orientation events at about 60 Hz, unevenly. Readings are used by their
//! `t_ms`, not by their position: the samples are **sorted by time** first (a stable sort, so
//! readings with the same time keep their order and all count). Gaps longer than
//! [`MAX_GAP_MS`] are refused: the browser stops sending readings when the screen locks or the
//! page goes to the background, and a "hold" across such a gap was not seen.
//!
//! All thresholds are the `pub const`s below, each with its reason.

use serde::{Deserialize, Serialize};

use crate::held_window::{highest_hold, running_median};
use crate::units::Degrees;

/// Fewest readings of the zero pose: at 60 Hz, a sixth of a second on the table.
pub const MIN_ZERO_SAMPLES: usize = 10;

/// Every zero-pose reading (after the median) must lie within this many degrees of the zero
/// level. A phone lying on a table does not move by even a tenth of that; more means it was
/// held in a hand or the table was bumped, and any error in the zero goes into every reading.
pub const ZERO_BAND_DEG: f64 = 1.0;

/// Fewest readings of a lift: a median filter and a hold need some to work with.
pub const MIN_SAMPLES: usize = 20;

/// Most readings of a lift: ten minutes at 60 Hz. A lift takes seconds; this bounds the work
/// one request can ask for.
pub const MAX_SAMPLES: usize = 36_000;

/// Longest allowed pause between two readings of the lift, in ms (a browser at 60 Hz sends one
/// every 17 ms; four readings a second is the slowest that still shows a one-second hold).
pub const MAX_GAP_MS: f64 = 250.0;

/// Readings in the running median (centred; fewer at the ends). Five removes spikes of one or
/// two readings, about 30 ms at 60 Hz: far shorter than any movement of a leg.
pub const MEDIAN_WINDOW: usize = 5;

/// The recording starts with the leg resting for at least this long, in ms; the mean angle
/// over it is the resting level ([`HeldPeak::rest_deg`]).
pub const REST_MS: f64 = 500.0;

/// The top must be held for at least this long, in ms, as the protocol's "held steady for
/// about a second".
pub const HOLD_MS: f64 = 1000.0;

/// While held, every reading stays within this many degrees either side of the held mean:
/// a held leg trembles by a degree or less; a 3° band still tells a hold from a rise or a fall.
/// The same band decides whether the leg rests before and after the lift.
pub const HOLD_BAND_DEG: f64 = 1.5;

/// The held top must stand at least this many degrees above the resting level: a smaller rise
/// is within a phone inclinometer's error (SEM about 2°, see the rule set's sources).
pub const MIN_RISE_DEG: f64 = 3.0;

/// Most sideways tilt (roll against the zero pose), in degrees, anywhere in the lift. More means
/// the phone slid off the flat of the thigh or the hip turned; a rolled hip or a lifted pelvis
/// inflates the raise (clinical reference: "lumbar extension and pelvic tilt inflate the reading").
pub const MAX_ROLL_DEG: f64 = 15.0;

/// Highest believable held leg-raise angle, in degrees. Adult hip extension is 10-20°, 30° in
/// teaching texts; twice that means the pelvis or back lifted, or the phone is not on the thigh.
pub const MAX_LEG_DEG: f64 = 60.0;

/// A phone on a thigh never tilts past vertical: beyond this the phone was dropped, turned
/// over, or zeroed face down.
pub const MAX_TILT_DEG: f64 = 90.0;

/// Fastest believable turn of the phone, in degrees per second, measured over
/// [`RATE_WINDOW_MS`]. A straight leg let fall from 40° reaches about 270°/s at the table (a
/// rod pivoting at the hip); a dropped or knocked phone tumbles at 700°/s and more.
pub const MAX_RATE_DEG_PER_S: f64 = 400.0;

/// The span, in ms, over which turning speed is measured (long enough that jittery timestamps
/// and same-millisecond readings do not fake a fast turn).
pub const RATE_WINDOW_MS: f64 = 100.0;

/// Most the resting level may differ after the lift from before it, in degrees, when the
/// recording includes a rest after. More than a phone inclinometer's error means the phone
/// slid on the thigh or its sensor drifted, so the peak may be off by as much. A change up to
/// this is accepted.
pub const MAX_DRIFT_DEG: f64 = 3.0;

/// One reading of the browser's DeviceOrientationEvent.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct OrientationSample {
    /// Milliseconds since the recording started.
    pub t_ms: f64,
    /// Front-back tilt in degrees, -180 to 180 (0 lying flat, positive with the top raised).
    pub beta: f64,
    /// Left-right tilt in degrees, -90 to 90.
    pub gamma: f64,
}

/// A recorded lift: samples while the phone lay flat on the table (the zero pose), then the
/// lift itself (phone lengthwise on the back of the thigh just above the knee).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RecordedLift {
    /// Readings with the phone flat on the table, screen up.
    pub zero: Vec<OrientationSample>,
    /// Readings with the phone on the thigh: resting, the lift, the held top, maybe the rest after.
    pub samples: Vec<OrientationSample>,
}

/// What the analysis found.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct HeldPeak {
    /// The held leg-raise angle against the zero pose, rounded to 0.1°.
    pub degrees: Degrees,
    /// How long the leg stayed within ±[`HOLD_BAND_DEG`] of that angle, in whole ms.
    pub held_ms: f64,
    /// The largest sideways tilt during the recording, in degrees (0.1°).
    pub max_roll_deg: f64,
    /// The resting level before the lift against the zero pose, in degrees (0.1°); the back of
    /// a thigh is seldom exactly level.
    pub rest_deg: f64,
}

/// Why a lift was refused, each with a Display message a person understands and can act on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LiftProblem {
    /// The zero pose is missing or too short.
    #[error(
        "the phone was not zeroed ({got} readings on the table, at least {MIN_ZERO_SAMPLES} \
         needed): lay the phone flat on the table to zero it first"
    )]
    NoZero {
        /// Zero-pose readings received.
        got: usize,
    },
    /// The phone moved while it was being zeroed.
    #[error(
        "the phone moved by {spread_deg:.1}° while it was being zeroed (at most \
         {ZERO_BAND_DEG}° allowed): lay it flat on the table, take your hands off, and zero it again"
    )]
    ZeroNotSteady {
        /// Largest departure of a zero-pose reading from the zero level, in degrees.
        spread_deg: f64,
    },
    /// A reading is not a number, or outside the browser's ranges.
    #[error(
        "reading {index} of the {part} is not a valid orientation (time {t_ms} ms, beta {beta}°, \
         gamma {gamma}°; times must be numbers, beta -180 to 180, gamma -90 to 90): record the lift again"
    )]
    BadSample {
        /// "zero pose" or "lift".
        part: &'static str,
        /// Its position in that list, from 0.
        index: usize,
        /// Its time.
        t_ms: f64,
        /// Its beta.
        beta: f64,
        /// Its gamma.
        gamma: f64,
    },
    /// Too few readings, or too short a time, to see a rest and a one-second hold.
    #[error(
        "the recording is too short ({got} readings over {seconds:.1} s; at least {MIN_SAMPLES} \
         readings over {min_seconds:.1} s needed): start with the leg resting, lift, and hold the top for a second"
    )]
    TooShort {
        /// Readings received.
        got: usize,
        /// Time from the first to the last reading, in seconds.
        seconds: f64,
        /// The shortest recording that can hold a rest and a hold, in seconds.
        min_seconds: f64,
    },
    /// More readings than one lift can need.
    #[error(
        "the recording is too long ({got} readings, at most {MAX_SAMPLES}): record one lift at a time"
    )]
    TooLong {
        /// Readings received.
        got: usize,
    },
    /// The browser stopped sending readings for a while.
    #[error(
        "the phone sent no readings for {gap_s:.1} s at {at_s:.1} s into the recording (the screen \
         may have locked or the page gone to the background): keep the page open and record the lift again"
    )]
    Gap {
        /// Seconds into the recording where the gap starts.
        at_s: f64,
        /// Length of the gap in seconds.
        gap_s: f64,
    },
    /// The phone tilted beyond vertical, which a leg cannot do.
    #[error(
        "the phone tilted {degrees:.0}° from the zero pose at {at_s:.1} s, past vertical, which a \
         leg cannot do: it was dropped or turned over, or zeroed face down; zero it flat and face up, \
         put it back on the thigh and record again"
    )]
    PastVertical {
        /// The tilt against the zero pose, in degrees.
        degrees: f64,
        /// Seconds into the recording.
        at_s: f64,
    },
    /// The phone turned faster than a leg moves.
    #[error(
        "the phone turned at {rate_deg_per_s:.0}°/s at {at_s:.1} s, faster than a leg moves (at \
         most {MAX_RATE_DEG_PER_S:.0}°/s): it was probably dropped or knocked; put it back on the \
         thigh and record again"
    )]
    Dropped {
        /// The turning speed seen, in degrees per second.
        rate_deg_per_s: f64,
        /// Seconds into the recording.
        at_s: f64,
    },
    /// The phone tilted too far sideways.
    #[error(
        "the phone tilted {roll_deg:.0}° sideways (at most {MAX_ROLL_DEG:.0}°): lay it lengthwise \
         on the flat of the back of the thigh, and lift the leg straight up without turning the hip"
    )]
    TooMuchRoll {
        /// The largest sideways tilt against the zero pose, in degrees.
        roll_deg: f64,
    },
    /// The leg was moving at the start of the recording.
    #[error(
        "the leg was already moving when the recording started (by {moved_deg:.1}° in the first \
         {:.1} s): start with the leg resting on the table for a moment, then lift", REST_MS / 1000.0
    )]
    NotRestingAtStart {
        /// How far the angle moved during the first [`REST_MS`], in degrees.
        moved_deg: f64,
    },
    /// The leg hardly rose.
    #[error(
        "the leg rose only {rise_deg:.1}° above where it rested (at least {MIN_RISE_DEG:.0}° \
         needed to measure): lift the straight leg as high as it goes and hold it there; if it \
         cannot rise, type the angle in by hand"
    )]
    NoLift {
        /// The largest rise above the resting level, in degrees.
        rise_deg: f64,
    },
    /// The leg rose but was not held steady long enough.
    #[error(
        "the leg reached about {top_deg:.0}° but was not held steady for {:.0} s (within \
         ±{HOLD_BAND_DEG}°): hold the top still for a moment before lowering", HOLD_MS / 1000.0
    )]
    NeverHeld {
        /// The highest angle reached, in degrees.
        top_deg: f64,
    },
    /// The held angle is not one a leg lying face down reaches.
    #[error("{}", implausible_message(*degrees))]
    Implausible {
        /// The held angle against the zero pose, in degrees.
        degrees: f64,
    },
    /// The resting level moved between before and after the lift.
    #[error(
        "the resting reading moved by {:.1}° during the recording (from {before_deg:.1}° before \
         the lift to {after_deg:.1}° after; at most {MAX_DRIFT_DEG:.0}°): the phone slid on the \
         thigh or its sensor drifted; zero the phone again and repeat the lift",
        (after_deg - before_deg).abs()
    )]
    Drift {
        /// Resting level before the lift, in degrees.
        before_deg: f64,
        /// Resting level after the lift, in degrees.
        after_deg: f64,
    },
}

fn implausible_message(degrees: f64) -> String {
    if degrees < 0.0 {
        format!(
            "the leg was held at {degrees:.1}°, below the table the phone was zeroed on: zero the \
             phone on the table the subject lies on, put it lengthwise on the back of the thigh \
             just above the knee, and record again"
        )
    } else {
        format!(
            "the leg was held at {degrees:.0}°, more than the {MAX_LEG_DEG:.0}° a straight leg \
             lifted face down can reach: keep the hips on the table, and the phone on the back of \
             the thigh just above the knee (not on the calf), then record again"
        )
    }
}

impl LiftProblem {
    /// A stable name for the kind of problem, for programs (API problem types, tests).
    pub fn code(&self) -> &'static str {
        match self {
            LiftProblem::NoZero { .. } => "no_zero",
            LiftProblem::ZeroNotSteady { .. } => "zero_not_steady",
            LiftProblem::BadSample { .. } => "bad_sample",
            LiftProblem::TooShort { .. } => "too_short",
            LiftProblem::TooLong { .. } => "too_long",
            LiftProblem::Gap { .. } => "gap",
            LiftProblem::PastVertical { .. } => "past_vertical",
            LiftProblem::Dropped { .. } => "dropped",
            LiftProblem::TooMuchRoll { .. } => "too_much_roll",
            LiftProblem::NotRestingAtStart { .. } => "not_resting_at_start",
            LiftProblem::NoLift { .. } => "no_lift",
            LiftProblem::NeverHeld { .. } => "never_held",
            LiftProblem::Implausible { .. } => "implausible",
            LiftProblem::Drift { .. } => "drift",
        }
    }
}

/// Turns a recorded lift into the held leg-raise angle, or says why it cannot be trusted.
///
/// The checks run in this order, so the first problem a person should fix is the one named:
/// zero pose present, readings valid, zero pose steady, length of the recording, gaps, tilt past
/// vertical, turning speed, roll, rest at the start, a rise, a hold, a believable angle, drift.
pub fn analyse_lift(lift: &RecordedLift) -> Result<HeldPeak, LiftProblem> {
    let found = analyse(lift)?;
    let degrees =
        Degrees::new(round_tenth(found.degrees)).map_err(|_| LiftProblem::Implausible {
            degrees: found.degrees,
        })?;
    Ok(HeldPeak {
        degrees,
        held_ms: found.held_ms.round(),
        max_roll_deg: round_tenth(found.max_roll_deg),
        rest_deg: round_tenth(found.rest_deg),
    })
}

fn round_tenth(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The analysis before rounding.
#[derive(Debug, Clone, Copy)]
struct Found {
    degrees: f64,
    held_ms: f64,
    max_roll_deg: f64,
    rest_deg: f64,
}

fn analyse(lift: &RecordedLift) -> Result<Found, LiftProblem> {
    if lift.zero.len() < MIN_ZERO_SAMPLES {
        return Err(LiftProblem::NoZero {
            got: lift.zero.len(),
        });
    }
    check_samples("zero pose", &lift.zero)?;
    check_samples("lift", &lift.samples)?;
    let zero = zero_level(&lift.zero)?;

    let mut samples = lift.samples.clone();
    samples.sort_by(|a, b| a.t_ms.total_cmp(&b.t_ms));
    let n = samples.len();
    let min_seconds = (REST_MS + HOLD_MS) / 1000.0;
    let seconds = match (samples.first(), samples.last()) {
        (Some(first), Some(last)) => (last.t_ms - first.t_ms) / 1000.0,
        _ => 0.0,
    };
    if n > MAX_SAMPLES {
        return Err(LiftProblem::TooLong { got: n });
    }
    if n < MIN_SAMPLES || seconds < min_seconds {
        return Err(LiftProblem::TooShort {
            got: n,
            seconds,
            min_seconds,
        });
    }
    let start = samples[0].t_ms;
    let t: Vec<f64> = samples.iter().map(|s| s.t_ms - start).collect();
    if let Some(i) = (1..n).find(|&i| t[i] - t[i - 1] > MAX_GAP_MS) {
        return Err(LiftProblem::Gap {
            at_s: t[i - 1] / 1000.0,
            gap_s: (t[i] - t[i - 1]) / 1000.0,
        });
    }

    let tilt = running_median(
        &samples
            .iter()
            .map(|s| wrap(s.beta - zero.beta))
            .collect::<Vec<_>>(),
    );
    let roll = running_median(
        &samples
            .iter()
            .map(|s| s.gamma - zero.gamma)
            .collect::<Vec<_>>(),
    );

    if let Some(i) = (0..n).find(|&i| tilt[i].abs() > MAX_TILT_DEG) {
        return Err(LiftProblem::PastVertical {
            degrees: tilt[i].abs(),
            at_s: t[i] / 1000.0,
        });
    }
    check_turning_speed(&t, &tilt, &roll)?;
    let max_roll_deg = roll.iter().fold(0.0_f64, |m, r| m.max(r.abs()));
    if max_roll_deg > MAX_ROLL_DEG {
        return Err(LiftProblem::TooMuchRoll {
            roll_deg: max_roll_deg,
        });
    }

    // The rest before the lift, in the phone's own direction.
    let rest_end = t.partition_point(|&x| x <= REST_MS);
    let (rest_lo, rest_hi) = min_max(&tilt[..rest_end]);
    let rest = mean(&tilt[..rest_end]);
    if rest_hi - rest > HOLD_BAND_DEG || rest - rest_lo > HOLD_BAND_DEG {
        return Err(LiftProblem::NotRestingAtStart {
            moved_deg: rest_hi - rest_lo,
        });
    }

    // "Up" is the direction of the largest departure from rest.
    let farthest = tilt
        .iter()
        .copied()
        .max_by(|a, b| (a - rest).abs().total_cmp(&(b - rest).abs()))
        .unwrap_or(rest);
    let up = if farthest < rest { -1.0 } else { 1.0 };
    let angle: Vec<f64> = tilt.iter().map(|a| up * a).collect();
    let rest = up * rest;
    let top = angle.iter().copied().fold(f64::MIN, f64::max);
    if top - rest < MIN_RISE_DEG {
        return Err(LiftProblem::NoLift {
            rise_deg: (top - rest).max(0.0),
        });
    }

    let Some(hold) = highest_hold(&t, &angle, rest + MIN_RISE_DEG) else {
        return Err(LiftProblem::NeverHeld { top_deg: top });
    };
    if !(0.0..=MAX_LEG_DEG).contains(&hold.level) {
        return Err(LiftProblem::Implausible {
            degrees: hold.level,
        });
    }

    // The rest after, when the recording goes on until the leg rests again.
    let after_start = t.partition_point(|&x| x < t[n - 1] - REST_MS);
    if after_start > hold.last {
        let tail = &angle[after_start..];
        let (lo, hi) = min_max(tail);
        let after = mean(tail);
        if hi - after <= HOLD_BAND_DEG
            && after - lo <= HOLD_BAND_DEG
            && (after - rest).abs() > MAX_DRIFT_DEG
        {
            return Err(LiftProblem::Drift {
                before_deg: round_tenth(rest),
                after_deg: round_tenth(after),
            });
        }
    }

    Ok(Found {
        degrees: hold.level,
        held_ms: t[hold.last] - t[hold.first],
        max_roll_deg,
        rest_deg: rest,
    })
}

fn check_samples(part: &'static str, samples: &[OrientationSample]) -> Result<(), LiftProblem> {
    let bad = samples.iter().position(|s| {
        !s.t_ms.is_finite()
            || !(-180.0..=180.0).contains(&s.beta)
            || !(-90.0..=90.0).contains(&s.gamma)
    });
    match bad {
        Some(index) => {
            let s = samples[index];
            Err(LiftProblem::BadSample {
                part,
                index,
                t_ms: s.t_ms,
                beta: s.beta,
                gamma: s.gamma,
            })
        }
        None => Ok(()),
    }
}

/// The zero pose's level.
struct Zero {
    beta: f64,
    gamma: f64,
}

/// The zero level: a first guess from the circular mean of `beta` (right across the ±180°
/// seam), then the mean of the median-filtered departures from it, so spikes do not move it.
fn zero_level(zero: &[OrientationSample]) -> Result<Zero, LiftProblem> {
    let (sin, cos) = zero.iter().fold((0.0, 0.0), |(s, c), z| {
        let r = z.beta.to_radians();
        (s + r.sin(), c + r.cos())
    });
    let guess = sin.atan2(cos).to_degrees();
    let beta = running_median(
        &zero
            .iter()
            .map(|z| wrap(z.beta - guess))
            .collect::<Vec<_>>(),
    );
    let gamma = running_median(&zero.iter().map(|z| z.gamma).collect::<Vec<_>>());
    let (beta_mean, gamma_mean) = (mean(&beta), mean(&gamma));
    let spread_deg = beta
        .iter()
        .map(|b| (b - beta_mean).abs())
        .chain(gamma.iter().map(|g| (g - gamma_mean).abs()))
        .fold(0.0, f64::max);
    if spread_deg > ZERO_BAND_DEG {
        return Err(LiftProblem::ZeroNotSteady { spread_deg });
    }
    Ok(Zero {
        beta: wrap(guess + beta_mean),
        gamma: gamma_mean,
    })
}

/// An angle difference brought into -180..180.
fn wrap(degrees: f64) -> f64 {
    let w = (degrees + 180.0).rem_euclid(360.0) - 180.0;
    if w == -180.0 { 180.0 } else { w }
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn min_max(values: &[f64]) -> (f64, f64) {
    values
        .iter()
        .fold((f64::MAX, f64::MIN), |(lo, hi), &v| (lo.min(v), hi.max(v)))
}

/// Refuses a turn faster than a leg moves, in tilt and roll together, over [`RATE_WINDOW_MS`].
fn check_turning_speed(t: &[f64], tilt: &[f64], roll: &[f64]) -> Result<(), LiftProblem> {
    let mut j = 0;
    for i in 0..t.len() {
        while j < t.len() && t[j] - t[i] < RATE_WINDOW_MS {
            j += 1;
        }
        if j == t.len() {
            break;
        }
        let dt = (t[j] - t[i]) / 1000.0;
        let turned = (tilt[j] - tilt[i]).hypot(roll[j] - roll[i]);
        let rate = turned / dt;
        if rate > MAX_RATE_DEG_PER_S {
            return Err(LiftProblem::Dropped {
                rate_deg_per_s: rate,
                at_s: t[i] / 1000.0,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::test_rng::Rng;

    /// A synthetic lift: what the leg does, how the phone lies, and how the browser reports it.
    #[derive(Debug, Clone)]
    struct Synth {
        /// The zero pose as the browser reports it (the table's own tilt).
        zero_beta: f64,
        zero_gamma: f64,
        /// Resting level before and after, against the table.
        rest: f64,
        rest_after: f64,
        /// The held angle.
        peak: f64,
        /// Sideways tilt at the top (grows with the lift).
        roll: f64,
        /// +1 with the phone's top toward the knee, -1 toward the hip.
        up: f64,
        rest_ms: f64,
        rise_ms: f64,
        hold_ms: f64,
        fall_ms: f64,
        after_ms: f64,
        /// Uniform noise amplitude on beta and gamma while on the thigh, degrees.
        noise: f64,
        /// The same while on the table.
        zero_noise: f64,
        /// Uniform jitter on each timestamp, ms.
        jitter_ms: f64,
        hz: f64,
        seed: u64,
    }

    impl Default for Synth {
        fn default() -> Self {
            Self {
                zero_beta: 1.2,
                zero_gamma: -0.8,
                rest: 1.0,
                rest_after: 1.0,
                peak: 22.0,
                roll: 3.0,
                up: 1.0,
                rest_ms: 800.0,
                rise_ms: 700.0,
                hold_ms: 1500.0,
                fall_ms: 600.0,
                after_ms: 900.0,
                noise: 0.0,
                zero_noise: 0.0,
                jitter_ms: 4.0,
                hz: 60.0,
                seed: 7,
            }
        }
    }

    fn smooth(x: f64) -> f64 {
        (1.0 - (x.clamp(0.0, 1.0) * std::f64::consts::PI).cos()) / 2.0
    }

    /// Browser-style beta: wrapped into -180..180.
    fn browser_beta(beta: f64) -> f64 {
        (beta + 180.0).rem_euclid(360.0) - 180.0
    }

    impl Synth {
        fn total_ms(&self) -> f64 {
            self.rest_ms + self.rise_ms + self.hold_ms + self.fall_ms + self.after_ms
        }

        /// The leg angle (against the table) at time t.
        fn leg(&self, t: f64) -> f64 {
            let rise_end = self.rest_ms + self.rise_ms;
            let hold_end = rise_end + self.hold_ms;
            if t < self.rest_ms {
                self.rest
            } else if t < rise_end {
                self.rest + (self.peak - self.rest) * smooth((t - self.rest_ms) / self.rise_ms)
            } else if t < hold_end {
                self.peak
            } else {
                let x = smooth((t - hold_end) / self.fall_ms);
                self.peak + (self.rest_after - self.peak) * x
            }
        }

        fn sample(
            &self,
            t: f64,
            leg: f64,
            roll: f64,
            noise: f64,
            rng: &mut Rng,
        ) -> OrientationSample {
            OrientationSample {
                t_ms: t,
                beta: browser_beta(self.zero_beta + self.up * leg + noise * rng.unit()),
                gamma: self.zero_gamma + roll + noise * rng.unit(),
            }
        }

        fn zero(&self, rng: &mut Rng) -> Vec<OrientationSample> {
            (0..30)
                .map(|k| self.sample(k as f64 * 1000.0 / self.hz, 0.0, 0.0, self.zero_noise, rng))
                .collect()
        }

        fn lift(&self) -> RecordedLift {
            let mut rng = Rng::new(self.seed);
            let zero = self.zero(&mut rng);
            let step = 1000.0 / self.hz;
            let count = (self.total_ms() / step) as usize;
            let samples = (0..count)
                .map(|k| {
                    let t = (k as f64 * step + self.jitter_ms * rng.unit()).max(0.0);
                    let leg = self.leg(t);
                    let share = ((leg - self.rest) / (self.peak - self.rest)).clamp(0.0, 1.0);
                    self.sample(t, leg, self.roll * share, self.noise, &mut rng)
                })
                .collect();
            RecordedLift { zero, samples }
        }
    }

    fn degrees(lift: &RecordedLift) -> f64 {
        match analyse_lift(lift) {
            Ok(peak) => peak.degrees.value(),
            Err(e) => panic!("refused: {e}"),
        }
    }

    fn refusal(lift: &RecordedLift) -> LiftProblem {
        match analyse_lift(lift) {
            Ok(peak) => panic!("accepted: {peak:?}"),
            Err(e) => e,
        }
    }

    #[test]
    fn a_clean_lift_gives_the_held_angle_within_half_a_degree() {
        let synth = Synth::default();
        let peak = analyse_lift(&synth.lift()).unwrap();
        assert!((peak.degrees.value() - 22.0).abs() < 0.5, "{peak:?}");
        assert!(peak.held_ms >= 1400.0, "{peak:?}");
        assert!((peak.rest_deg - 1.0).abs() < 0.2, "{peak:?}");
        assert!((peak.max_roll_deg - 3.0).abs() < 0.2, "{peak:?}");
    }

    #[test]
    fn the_phone_may_point_either_way_along_the_thigh() {
        let toward_hip = Synth {
            up: -1.0,
            ..Synth::default()
        };
        assert!((degrees(&toward_hip.lift()) - 22.0).abs() < 0.5);
    }

    #[test]
    fn a_leg_lifted_slowly_and_held_briefly_is_still_found() {
        let synth = Synth {
            peak: 8.0,
            rise_ms: 2500.0,
            hold_ms: 1100.0,
            ..Synth::default()
        };
        assert!((degrees(&synth.lift()) - 8.0).abs() < 0.5);
    }

    #[test]
    fn one_degree_of_jitter_stays_within_one_degree() {
        for seed in 1..20 {
            let synth = Synth {
                noise: 1.0,
                zero_noise: 0.3,
                jitter_ms: 8.0,
                seed,
                ..Synth::default()
            };
            let found = degrees(&synth.lift());
            assert!((found - 22.0).abs() < 1.0, "seed {seed}: {found}");
        }
    }

    #[test]
    fn a_small_drift_is_accepted_and_a_large_one_refused() {
        let small = Synth {
            rest_after: 1.0 + 2.5,
            ..Synth::default()
        };
        assert!((degrees(&small.lift()) - 22.0).abs() < 0.5);

        let large = Synth {
            rest_after: 1.0 + 5.0,
            ..Synth::default()
        };
        let problem = refusal(&large.lift());
        assert_eq!(problem.code(), "drift", "{problem}");
        assert!(
            problem.to_string().contains("zero the phone again"),
            "{problem}"
        );
    }

    #[test]
    fn a_recording_that_stops_while_the_leg_comes_down_is_not_called_drift() {
        // Halfway down, the leg is 10° above where it rested: not a rest, so not compared.
        let synth = Synth {
            rest_after: 1.0,
            ..Synth::default()
        };
        let mut lift = synth.lift();
        let hold_end = synth.rest_ms + synth.rise_ms + synth.hold_ms;
        lift.samples
            .retain(|s| s.t_ms < hold_end + synth.fall_ms / 2.0);
        assert!((degrees(&lift) - 22.0).abs() < 0.5);
    }

    #[test]
    fn single_reading_spikes_of_forty_degrees_are_ignored() {
        let mut lift = Synth::default().lift();
        for (k, s) in lift.samples.iter_mut().enumerate() {
            if k % 17 == 5 {
                s.beta += if k % 2 == 0 { 40.0 } else { -40.0 };
            }
            if k % 23 == 11 {
                s.gamma += 40.0;
            }
        }
        lift.zero[4].beta += 40.0;
        let peak = analyse_lift(&lift).unwrap();
        assert!((peak.degrees.value() - 22.0).abs() < 0.5, "{peak:?}");
        assert!(peak.max_roll_deg < 4.0, "{peak:?}");
    }

    #[test]
    fn a_phone_dropped_off_the_thigh_is_refused() {
        // It slides off the side at the top and lands on the floor against a leg of the table.
        let mut lift = Synth::default().lift();
        for s in lift.samples.iter_mut().filter(|s| s.t_ms > 2000.0) {
            let x = ((s.t_ms - 2000.0) / 80.0).min(1.0);
            s.beta = 1.2 + 22.0 - 50.0 * x;
            s.gamma = -0.8 + 3.0 + 50.0 * x;
        }
        let problem = refusal(&lift);
        assert_eq!(problem.code(), "dropped", "{problem}");
        assert!(problem.to_string().contains("dropped"), "{problem}");

        // It tumbles over and lands face down.
        let mut lift = Synth::default().lift();
        for s in lift.samples.iter_mut().filter(|s| s.t_ms > 2000.0) {
            let x = ((s.t_ms - 2000.0) / 200.0).min(1.0);
            s.beta = browser_beta(1.2 + 22.0 + 160.0 * x);
        }
        let problem = refusal(&lift);
        assert!(problem.to_string().contains("dropped"), "{problem}");
    }

    #[test]
    fn a_lift_that_rolls_sideways_is_refused() {
        let synth = Synth {
            roll: 25.0,
            ..Synth::default()
        };
        let problem = refusal(&synth.lift());
        assert_eq!(problem.code(), "too_much_roll", "{problem}");
        assert!(
            problem.to_string().contains("without turning the hip"),
            "{problem}"
        );
        let within = Synth {
            roll: 12.0,
            ..Synth::default()
        };
        assert!((degrees(&within.lift()) - 22.0).abs() < 0.5);
    }

    #[test]
    fn a_lift_never_held_is_refused() {
        let synth = Synth {
            hold_ms: 300.0,
            ..Synth::default()
        };
        let problem = refusal(&synth.lift());
        assert_eq!(problem.code(), "never_held", "{problem}");
        assert!(
            problem.to_string().contains("reached about 22°"),
            "{problem}"
        );
    }

    #[test]
    fn a_lift_without_a_zero_pose_is_refused() {
        let mut lift = Synth::default().lift();
        lift.zero.clear();
        let problem = refusal(&lift);
        assert_eq!(problem, LiftProblem::NoZero { got: 0 });
        assert!(
            problem
                .to_string()
                .contains("lay the phone flat on the table to zero it first"),
            "{problem}"
        );
        lift.zero = Synth::default().lift().zero[..3].to_vec();
        assert_eq!(refusal(&lift), LiftProblem::NoZero { got: 3 });
    }

    #[test]
    fn a_zero_pose_held_in_a_wobbling_hand_is_refused() {
        let mut lift = Synth::default().lift();
        for (k, z) in lift.zero.iter_mut().enumerate() {
            z.beta += (k as f64 / 3.0).sin() * 4.0;
        }
        assert_eq!(refusal(&lift).code(), "zero_not_steady");
    }

    #[test]
    fn a_held_angle_no_leg_reaches_is_refused() {
        let synth = Synth {
            peak: 75.0,
            rise_ms: 1200.0,
            fall_ms: 1200.0,
            ..Synth::default()
        };
        let problem = refusal(&synth.lift());
        assert_eq!(problem.code(), "implausible", "{problem}");
        assert!(
            problem.to_string().contains("more than the 60°"),
            "{problem}"
        );
    }

    #[test]
    fn a_phone_zeroed_face_down_is_refused() {
        let mut lift = Synth::default().lift();
        for z in &mut lift.zero {
            z.beta = browser_beta(z.beta + 180.0);
        }
        assert_eq!(refusal(&lift).code(), "past_vertical");
    }

    #[test]
    fn the_seam_at_180_degrees_is_crossed_cleanly() {
        let synth = Synth {
            zero_beta: 175.0,
            ..Synth::default()
        };
        let peak = analyse_lift(&synth.lift()).unwrap();
        assert!((peak.degrees.value() - 22.0).abs() < 0.5, "{peak:?}");
        let zero_on_the_seam = Synth {
            zero_beta: 180.0,
            zero_noise: 0.3,
            ..Synth::default()
        };
        assert!((degrees(&zero_on_the_seam.lift()) - 22.0).abs() < 0.5);
    }

    #[test]
    fn readings_out_of_order_or_at_the_same_time_are_sorted_and_kept() {
        let lift = Synth::default().lift();
        let expected = analyse_lift(&lift).unwrap();
        let mut shuffled = lift.clone();
        shuffled.samples.reverse();
        let len = shuffled.samples.len();
        shuffled.samples.swap(3, len / 2);
        assert_eq!(analyse_lift(&shuffled).unwrap(), expected);

        let mut doubled = lift.clone();
        doubled.samples = lift.samples.iter().flat_map(|s| [*s, *s]).collect();
        let peak = analyse_lift(&doubled).unwrap();
        assert!((peak.degrees.value() - expected.degrees.value()).abs() <= 0.1);
    }

    #[test]
    fn a_pause_in_the_readings_is_refused() {
        let mut lift = Synth::default().lift();
        lift.samples.retain(|s| !(1800.0..2400.0).contains(&s.t_ms));
        let problem = refusal(&lift);
        assert_eq!(problem.code(), "gap", "{problem}");
        assert!(
            problem.to_string().contains("keep the page open"),
            "{problem}"
        );
    }

    #[test]
    fn readings_that_are_not_numbers_are_refused() {
        let mut lift = Synth::default().lift();
        lift.samples[7].beta = f64::NAN;
        assert!(matches!(
            refusal(&lift),
            LiftProblem::BadSample {
                part: "lift",
                index: 7,
                ..
            }
        ));
        let mut lift = Synth::default().lift();
        lift.zero[2].gamma = 120.0;
        assert!(matches!(
            refusal(&lift),
            LiftProblem::BadSample {
                part: "zero pose",
                index: 2,
                ..
            }
        ));
    }

    #[test]
    fn a_recording_too_short_for_a_rest_and_a_hold_is_refused() {
        let mut lift = Synth::default().lift();
        lift.samples.truncate(40);
        assert_eq!(refusal(&lift).code(), "too_short");
        lift.samples.clear();
        assert_eq!(refusal(&lift).code(), "too_short");
    }

    #[test]
    fn a_recording_started_mid_lift_is_refused() {
        let synth = Synth {
            rest_ms: 0.0,
            ..Synth::default()
        };
        assert_eq!(refusal(&synth.lift()).code(), "not_resting_at_start");
    }

    #[test]
    fn a_leg_that_hardly_rises_is_refused() {
        let synth = Synth {
            peak: 2.5,
            ..Synth::default()
        };
        let problem = refusal(&synth.lift());
        assert_eq!(problem.code(), "no_lift", "{problem}");
        assert!(problem.to_string().contains("type the angle in by hand"));
    }

    #[test]
    fn every_message_is_one_line_that_says_what_to_do() {
        let problems = [
            LiftProblem::NoZero { got: 0 },
            LiftProblem::ZeroNotSteady { spread_deg: 2.0 },
            LiftProblem::BadSample {
                part: "lift",
                index: 1,
                t_ms: 0.0,
                beta: f64::NAN,
                gamma: 0.0,
            },
            LiftProblem::TooShort {
                got: 3,
                seconds: 0.1,
                min_seconds: 1.5,
            },
            LiftProblem::TooLong { got: 40_000 },
            LiftProblem::Gap {
                at_s: 1.0,
                gap_s: 0.6,
            },
            LiftProblem::PastVertical {
                degrees: 170.0,
                at_s: 2.0,
            },
            LiftProblem::Dropped {
                rate_deg_per_s: 900.0,
                at_s: 2.0,
            },
            LiftProblem::TooMuchRoll { roll_deg: 25.0 },
            LiftProblem::NotRestingAtStart { moved_deg: 8.0 },
            LiftProblem::NoLift { rise_deg: 1.0 },
            LiftProblem::NeverHeld { top_deg: 20.0 },
            LiftProblem::Implausible { degrees: 75.0 },
            LiftProblem::Implausible { degrees: -4.0 },
            LiftProblem::Drift {
                before_deg: 1.0,
                after_deg: 6.0,
            },
        ];
        let mut codes = std::collections::BTreeSet::new();
        for p in problems {
            let text = p.to_string();
            assert!(!text.contains('\n') && !text.contains("  "), "{text:?}");
            assert!(text.contains(": "), "says what to do: {text}");
            codes.insert(p.code());
        }
        assert_eq!(codes.len(), 14);
    }

    #[test]
    fn the_file_format_is_plain_json() {
        let json = r#"{"zero": [{"t_ms": 0, "beta": 0.5, "gamma": -0.2}],
                       "samples": [{"t_ms": 16.7, "beta": 1.0, "gamma": 0.0}]}"#;
        let lift: RecordedLift = serde_json::from_str(json).unwrap();
        assert_eq!(lift.zero[0].beta, 0.5);
        assert_eq!(lift.samples[0].t_ms, 16.7);
        let back: RecordedLift =
            serde_json::from_str(&serde_json::to_string(&lift).unwrap()).unwrap();
        assert_eq!(back, lift);
        let peak = analyse_lift(&Synth::default().lift()).unwrap();
        let json = serde_json::to_value(peak).unwrap();
        assert!(json["degrees"].is_number() && json["held_ms"].is_number());
    }

    proptest! {
        #[test]
        fn a_held_angle_is_found_within_one_degree(
            peak in 5.0f64..40.0,
            noise in 0.0f64..=0.5,
            rest in -1.5f64..1.5,
            zero_beta in -179.0f64..179.0,
            zero_gamma in -20.0f64..20.0,
            roll in 0.0f64..10.0,
            toward_knee in any::<bool>(),
            hz in 20.0f64..90.0,
            seed in any::<u64>(),
        ) {
            let synth = Synth {
                peak,
                noise,
                zero_noise: noise,
                rest,
                rest_after: rest,
                zero_beta,
                zero_gamma,
                roll,
                up: if toward_knee { 1.0 } else { -1.0 },
                hz,
                seed,
                ..Synth::default()
            };
            let found = analyse_lift(&synth.lift());
            prop_assert!(found.is_ok(), "{:?}", found);
            let found = found.unwrap().degrees.value();
            prop_assert!((found - peak).abs() <= 1.0, "found {found}, held {peak}");
        }

        #[test]
        fn the_angle_does_not_depend_on_how_the_table_tilts(
            peak in 5.0f64..40.0,
            noise in 0.0f64..=0.5,
            offset in -180.0f64..180.0,
            seed in any::<u64>(),
        ) {
            let synth = Synth { peak, noise, zero_noise: noise, seed, ..Synth::default() };
            let level = synth.lift();
            let mut tilted = level.clone();
            for s in tilted.zero.iter_mut().chain(tilted.samples.iter_mut()) {
                s.beta = browser_beta(s.beta + offset);
            }
            let (a, b) = (analyse(&level).unwrap(), analyse(&tilted).unwrap());
            prop_assert!((a.degrees - b.degrees).abs() < 1e-6, "{} vs {}", a.degrees, b.degrees);
            prop_assert!((a.rest_deg - b.rest_deg).abs() < 1e-6);
        }
    }
}
