//! Recordings: the held top found as the inclinometer finds it, frames skipped, gaps, holds
//! too short and recordings too long.

use super::*;
use crate::inclinometer::MAX_SAMPLES;

/// A recorded lift at `fps` frames a second: rest, a smooth rise, the hold, the way down.
struct Lift {
    body: Body,
    fps: u64,
    rest_ms: u64,
    rise_ms: u64,
    hold_ms: u64,
    fall_ms: u64,
}

impl Default for Lift {
    fn default() -> Self {
        Self {
            body: Body::default(),
            fps: 30,
            rest_ms: 500,
            rise_ms: 800,
            hold_ms: 1500,
            fall_ms: 600,
        }
    }
}

fn smooth(x: f64) -> f64 {
    (1.0 - (x.clamp(0.0, 1.0) * std::f64::consts::PI).cos()) / 2.0
}

impl Lift {
    /// How far through the lift the leg is at t, 0 to 1.
    fn share(&self, t: u64) -> f64 {
        let up = self.rest_ms + self.rise_ms;
        let down = up + self.hold_ms;
        if t < self.rest_ms {
            0.0
        } else if t < up {
            smooth((t - self.rest_ms) as f64 / self.rise_ms as f64)
        } else if t < down {
            1.0
        } else {
            1.0 - smooth((t - down) as f64 / self.fall_ms as f64)
        }
    }

    fn frames(&self) -> (MarkerFrame, Vec<(u64, MarkerFrame)>) {
        let mut rng = Rng::new(self.body.seed);
        let rest = self.body.frame_at(0.0, 0.0, false, &mut rng);
        let total = self.rest_ms + self.rise_ms + self.hold_ms + self.fall_ms;
        let frames = (0..)
            .map(|k| k * 1000 / self.fps)
            .take_while(|&t| t <= total)
            .map(|t| {
                let s = self.share(t);
                let (hip, pelvis) = (self.body.hip * s, self.body.pelvis * s);
                (t, self.body.frame_at(hip, pelvis, true, &mut rng))
            })
            .collect();
        (rest, frames)
    }
}

fn without_knee(frames: &mut [(u64, MarkerFrame)], when: impl Fn(usize, u64) -> bool) {
    for (k, (t, frame)) in frames.iter_mut().enumerate() {
        if when(k, *t) {
            let i = role_index(frame, Side::Left, MarkerRole::Knee);
            *frame = edit(frame, |ms| {
                ms.remove(i);
            });
        }
    }
}

fn held(lift: &Lift, frames: &[(u64, MarkerFrame)], rest: &MarkerFrame) -> HeldMarkerLift {
    analyse_recording(lift.body.side, rest, frames).unwrap()
}

fn refused(rest: &MarkerFrame, frames: &[(u64, MarkerFrame)]) -> CameraProblem {
    match analyse_recording(Side::Left, rest, frames) {
        Ok(found) => panic!("accepted: {found:?}"),
        Err(problem) => problem,
    }
}

#[test]
fn the_held_top_and_its_parts_are_found_facing_either_way() {
    for feet_right in [true, false] {
        let lift = Lift {
            body: Body {
                feet_right,
                hip: 18.0,
                pelvis: 6.0,
                ..Body::default()
            },
            ..Lift::default()
        };
        let (rest, frames) = lift.frames();
        let found = held(&lift, &frames, &rest);
        assert!((found.rise.value() - 24.0).abs() < 0.5, "{found:?}");
        assert!((found.hip - 18.0).abs() < 0.5, "{found:?}");
        assert!((found.pelvis - 6.0).abs() < 0.5, "{found:?}");
        assert!(
            (found.rise.value() - (found.hip + found.pelvis)).abs() <= 0.1 + 1e-9,
            "{found:?}"
        );
        assert!(found.held_ms >= 1400.0, "{found:?}");
        assert_eq!((found.frames_used, found.frames_skipped), (frames.len(), 0));
    }
}

#[test]
fn frames_without_a_marker_are_skipped_and_frames_may_come_in_any_order() {
    let lift = Lift::default();
    let (rest, mut frames) = lift.frames();
    let expected = held(&lift, &frames, &rest);
    without_knee(&mut frames, |k, _| k % 8 == 3);
    let found = held(&lift, &frames, &rest);
    assert!(found.frames_skipped > 5, "{found:?}");
    assert!((found.rise.value() - 20.0).abs() < 0.5, "{found:?}");
    frames.reverse();
    assert_eq!(held(&lift, &frames, &rest), found);
    assert!((expected.rise.value() - found.rise.value()).abs() <= 0.2);
}

#[test]
fn too_many_frames_skipped_or_a_long_gap_is_refused() {
    let lift = Lift::default();
    let (rest, frames) = lift.frames();
    let mut smeared = frames.clone();
    // K drawn squashed to 70% across in some frames mid-rise: skipped, not refused.
    for (_, frame) in smeared.iter_mut().skip(20).step_by(3).take(4) {
        let i = role_index(frame, Side::Left, MarkerRole::Knee);
        *frame = edit(frame, |ms| {
            let m = &ms[i];
            let (cx, _) = m.centre();
            let corners = m.corners().map(|(x, y)| (cx + (x - cx) * 0.7, y));
            ms[i] = SeenMarker::new(m.id(), m.centre(), corners).unwrap();
        });
    }
    let found = held(&lift, &smeared, &rest);
    assert_eq!(found.frames_skipped, 4, "{found:?}");
    let mut lossy = frames.clone();
    without_knee(&mut lossy, |k, _| k % 5 < 2);
    let problem = refused(&rest, &lossy);
    assert_eq!(problem.code(), "too_many_skipped", "{problem}");

    // A second and a bit without a readable frame, in a recording long enough that this is
    // under a quarter of its frames.
    let long = Lift {
        hold_ms: 3200,
        ..Lift::default()
    };
    let (rest, frames) = long.frames();
    let mut gap = frames.clone();
    without_knee(&mut gap, |_, t| (1900..3000).contains(&t));
    let problem = refused(&rest, &gap);
    assert_eq!(problem.code(), "gap", "{problem}");
    assert!(problem.to_string().contains("from 1.9 s"), "{problem}");
    let mut shorter = frames;
    without_knee(&mut shorter, |_, t| (1900..2800).contains(&t));
    assert!((held(&long, &shorter, &rest).rise.value() - 20.0).abs() < 0.5);
}

#[test]
fn a_page_sending_four_frames_a_second_is_read() {
    // What the pages send: a photo every 250 ms, some a little late, one in eight unreadable.
    let lift = Lift {
        fps: 4,
        rest_ms: 1000,
        rise_ms: 1000,
        hold_ms: 2500,
        fall_ms: 1000,
        ..Lift::default()
    };
    let (rest, mut frames) = lift.frames();
    for (k, (t, _)) in frames.iter_mut().enumerate() {
        *t += [0, 40, 90, 10][k % 4];
    }
    without_knee(&mut frames, |k, _| k % 8 == 5);
    let found = held(&lift, &frames, &rest);
    assert!((found.rise.value() - 20.0).abs() < 0.5, "{found:?}");
    assert!(found.held_ms >= 1000.0, "{found:?}");
    assert!(found.frames_skipped >= 2, "{found:?}");
}

#[test]
fn a_top_never_held_is_refused() {
    let lift = Lift {
        hold_ms: 300,
        ..Lift::default()
    };
    let (rest, frames) = lift.frames();
    let problem = refused(&rest, &frames);
    assert_eq!(problem.code(), "never_held", "{problem}");
    assert!(problem.to_string().contains("about 20°"), "{problem}");
}

#[test]
fn a_recording_with_no_lift_or_no_frames_is_refused() {
    let down = Lift {
        body: Body {
            hip: -6.0,
            pelvis: 0.0,
            ..Body::default()
        },
        ..Lift::default()
    };
    let (rest, frames) = down.frames();
    assert_eq!(refused(&rest, &frames).code(), "leg_went_down");
    let still = Lift {
        body: Body {
            hip: 1.0,
            pelvis: 0.0,
            ..Body::default()
        },
        ..Lift::default()
    };
    let (rest, frames) = still.frames();
    assert_eq!(refused(&rest, &frames).code(), "no_lift");
    assert_eq!(refused(&rest, &[]), CameraProblem::NoFrames);
}

#[test]
fn a_marker_that_slides_during_the_recording_is_refused() {
    let lift = Lift::default();
    let (rest, mut frames) = lift.frames();
    let (_, frame) = &mut frames[60];
    let p = role_index(frame, Side::Left, MarkerRole::Pelvis);
    *frame = edit(frame, |ms| ms[p] = moved(&ms[p], (-30.0, 0.0)));
    let problem = refused(&rest, &frames);
    assert!(
        matches!(
            problem,
            CameraProblem::Stretched {
                photo: Photo::Frame { t_ms: 2000 },
                ..
            }
        ),
        "{problem}"
    );
}

#[test]
fn single_frame_misreadings_are_removed_as_the_inclinometers_spikes_are() {
    let lift = Lift::default();
    let (rest, mut frames) = lift.frames();
    // K read 60 px off in one frame of every 7: about 8° either way on a 390 px thigh.
    for (k, (_, frame)) in frames.iter_mut().enumerate().filter(|(k, _)| k % 7 == 3) {
        let i = role_index(frame, Side::Left, MarkerRole::Knee);
        let by = if k % 2 == 0 { 60.0 } else { -60.0 };
        *frame = edit(frame, |ms| ms[i] = moved(&ms[i], (0.0, by)));
    }
    let found = held(&lift, &frames, &rest);
    assert!((found.rise.value() - 20.0).abs() < 0.5, "{found:?}");
    assert!(found.held_ms >= 1400.0, "{found:?}");
}

#[test]
fn a_recording_longer_than_the_inclinometers_is_refused_before_it_is_read() {
    let (rest, frames) = Lift::default().frames();
    let many: Vec<_> = (0..=MAX_SAMPLES as u64)
        .map(|t| (t, frames[0].1.clone()))
        .collect();
    assert_eq!(
        refused(&rest, &many),
        CameraProblem::TooLong {
            got: MAX_SAMPLES + 1
        }
    );
}

#[test]
fn a_held_rise_no_leg_reaches_is_refused() {
    let lift = Lift {
        body: Body {
            hip: 55.0,
            pelvis: 10.0,
            ..Body::default()
        },
        ..Lift::default()
    };
    let (rest, frames) = lift.frames();
    assert_eq!(refused(&rest, &frames).code(), "implausible");
}
