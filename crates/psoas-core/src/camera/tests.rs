//! Tests of the camera geometry on a synthetic body: known hip and pelvis angles drawn as a
//! detector would report the markers, with noise, camera roll, slant and either facing.

use super::*;
use proptest::prelude::*;

use crate::test_rng::Rng;

type V = (f64, f64);

fn rotate(p: V, about: V, degrees: f64) -> V {
    let (s, c) = degrees.to_radians().sin_cos();
    let (x, y) = (p.0 - about.0, p.1 - about.1);
    (about.0 + c * x - s * y, about.1 + s * x + c * y)
}

/// The body seen from the side, in cm, x toward the feet and y up; the camera and the markers.
#[derive(Debug, Clone)]
struct Body {
    side: Side,
    /// The hip's extension and the pelvis's tip at the lift, degrees.
    hip: f64,
    pelvis: f64,
    /// Feet to the right of the picture (false: to the left).
    feet_right: bool,
    px_per_cm: f64,
    /// The camera's turn about its lens, degrees, in both pictures; and extra in the lift's.
    roll: f64,
    lift_roll: f64,
    /// Foreshortening of the picture's x and y (the cosine of the camera's slant).
    squash_x: f64,
    squash_y: f64,
    /// The camera nearer (above 1) at the lift.
    lift_zoom: f64,
    /// Uniform noise on every corner and centre, px.
    noise: f64,
    /// Each tag's own turn on the skin, degrees.
    tag_turns: [f64; 3],
    tag_cm: f64,
    seed: u64,
}

impl Default for Body {
    fn default() -> Self {
        Self {
            side: Side::Left,
            hip: 15.0,
            pelvis: 5.0,
            feet_right: true,
            px_per_cm: 10.0,
            roll: 0.0,
            lift_roll: 0.0,
            squash_x: 1.0,
            squash_y: 1.0,
            lift_zoom: 1.0,
            noise: 0.15,
            tag_turns: [3.0, -7.0, 12.0],
            tag_cm: 5.0,
            seed: 11,
        }
    }
}

const WIDTH: u32 = 1600;
const HEIGHT: u32 = 1200;
/// The iliac crest, the trochanter and the knee at rest; the pelvis tips about the front of the
/// pelvis on the table.
const P0: V = (-11.0, 2.0);
const H0: V = (0.0, 0.0);
const K0: V = (38.0, -1.5);
const PIVOT: V = (-6.0, -8.0);

impl Body {
    /// The markers' centres and turns with the hip and pelvis at these angles.
    fn pose(&self, hip: f64, pelvis: f64) -> [(V, f64); 3] {
        let p = rotate(P0, PIVOT, pelvis);
        let h = rotate(H0, PIVOT, pelvis);
        let k = rotate((h.0 + K0.0 - H0.0, h.1 + K0.1 - H0.1), h, pelvis + hip);
        let t = self.tag_turns;
        [
            (p, t[0] + pelvis),
            (h, t[1] + pelvis + hip),
            (k, t[2] + pelvis + hip),
        ]
    }

    /// A body point in picture pixels (y down).
    fn pixel(&self, p: V, lift: bool) -> Pixel {
        let facing = if self.feet_right { 1.0 } else { -1.0 };
        let (roll, zoom) = if lift {
            (self.roll + self.lift_roll, self.lift_zoom)
        } else {
            (self.roll, 1.0)
        };
        let q = ((p.0 - 13.5) * self.px_per_cm * facing, p.1 * self.px_per_cm);
        let q = rotate(q, (0.0, 0.0), roll);
        let q = (q.0 * self.squash_x * zoom, q.1 * self.squash_y * zoom);
        (f64::from(WIDTH) / 2.0 + q.0, 700.0 - q.1)
    }

    fn markers_at(&self, hip: f64, pelvis: f64, lift: bool, rng: &mut Rng) -> Vec<SeenMarker> {
        let a = self.tag_cm / 2.0;
        let mut jitter = |(x, y): Pixel| (x + self.noise * rng.unit(), y + self.noise * rng.unit());
        self.pose(hip, pelvis)
            .iter()
            .zip(MarkerRole::ALL)
            .map(|(&(centre, turn), role)| {
                let corners = [(-a, -a), (a, -a), (a, a), (-a, a)].map(|(dx, dy)| {
                    let c = rotate((centre.0 + dx, centre.1 + dy), centre, turn);
                    jitter(self.pixel(c, lift))
                });
                let centre = jitter(self.pixel(centre, lift));
                SeenMarker::new(marker_id(self.side, role), centre, corners).unwrap()
            })
            .collect()
    }

    fn frame_at(&self, hip: f64, pelvis: f64, lift: bool, rng: &mut Rng) -> MarkerFrame {
        MarkerFrame::new(WIDTH, HEIGHT, self.markers_at(hip, pelvis, lift, rng)).unwrap()
    }

    fn photos(&self) -> (MarkerFrame, MarkerFrame) {
        let mut rng = Rng::new(self.seed);
        (
            self.frame_at(0.0, 0.0, false, &mut rng),
            self.frame_at(self.hip, self.pelvis, true, &mut rng),
        )
    }

    fn analyse(&self) -> Result<MarkerAngles, CameraProblem> {
        let (rest, lift) = self.photos();
        analyse_photos(self.side, &rest, &lift, None)
    }
}

/// The same frame with its markers changed.
fn edit(frame: &MarkerFrame, change: impl FnOnce(&mut Vec<SeenMarker>)) -> MarkerFrame {
    let mut markers = frame.markers().to_vec();
    change(&mut markers);
    MarkerFrame::new(frame.width(), frame.height(), markers).unwrap()
}

fn role_index(frame: &MarkerFrame, side: Side, role: MarkerRole) -> usize {
    let id = marker_id(side, role);
    frame.markers().iter().position(|m| m.id() == id).unwrap()
}

/// The marker moved by `by` px, its shape kept.
fn moved(m: &SeenMarker, by: V) -> SeenMarker {
    let shift = |(x, y): Pixel| (x + by.0, y + by.1);
    SeenMarker::new(m.id(), shift(m.centre()), m.corners().map(shift)).unwrap()
}

/// The marker scaled about its centre.
fn scaled(m: &SeenMarker, by: f64) -> SeenMarker {
    let (cx, cy) = m.centre();
    let corners = m
        .corners()
        .map(|(x, y)| (cx + (x - cx) * by, cy + (y - cy) * by));
    SeenMarker::new(m.id(), m.centre(), corners).unwrap()
}

fn refusal(result: Result<MarkerAngles, CameraProblem>) -> CameraProblem {
    match result {
        Ok(angles) => panic!("accepted: {angles:?}"),
        Err(problem) => problem,
    }
}

fn assert_close(found: &MarkerAngles, body: &Body, within: f64) {
    let rise = found.rise.value();
    assert!(
        (rise - (body.hip + body.pelvis)).abs() < within
            && (found.hip - body.hip).abs() < within
            && (found.pelvis - body.pelvis).abs() < within,
        "{found:?} for {body:?}"
    );
    // Each rounded to 0.1° on its own, so the sum may be off by a tenth.
    assert!(
        (rise - (found.hip + found.pelvis)).abs() <= 0.1 + 1e-9,
        "{found:?}"
    );
}

#[test]
fn the_angles_are_found_within_half_a_degree_facing_either_way() {
    for feet_right in [true, false] {
        for hip in [0.0, 5.0, 10.0, 15.0, 20.0, 25.0, 30.0] {
            for pelvis in [-3.0, 0.0, 4.0, 8.0, 12.0] {
                if hip + pelvis < 5.0 {
                    continue;
                }
                let body = Body {
                    hip,
                    pelvis,
                    feet_right,
                    seed: (hip * 100.0 + pelvis) as u64 + 1,
                    ..Body::default()
                };
                assert_close(&body.analyse().unwrap(), &body, 0.5);
            }
        }
    }
}

#[test]
fn facing_left_or_right_gives_the_same_signs() {
    let right = Body::default().analyse().unwrap();
    let left = Body {
        feet_right: false,
        ..Body::default()
    }
    .analyse()
    .unwrap();
    assert!(right.rise.value() > 19.0 && left.rise.value() > 19.0);
    assert!(
        right.pelvis > 4.0 && left.pelvis > 4.0,
        "{right:?} {left:?}"
    );
    assert!((right.hip - left.hip).abs() < 0.5, "{right:?} {left:?}");
}

#[test]
fn the_cameras_roll_and_the_tags_own_turns_change_nothing() {
    for (roll, turns) in [(12.0, [0.0, 45.0, 80.0]), (-30.0, [170.0, -60.0, 5.0])] {
        let body = Body {
            roll,
            tag_turns: turns,
            ..Body::default()
        };
        assert_close(&body.analyse().unwrap(), &body, 0.5);
    }
}

#[test]
fn a_slight_slant_is_accepted_and_the_larger_one_shown() {
    let body = Body {
        squash_x: 5f64.to_radians().cos(),
        ..Body::default()
    };
    let found = body.analyse().unwrap();
    assert_close(&found, &body, 0.5);
    let square = Body::default().analyse().unwrap();
    assert!(found.camera_tilt_deg > square.camera_tilt_deg, "{found:?}");
}

#[test]
fn both_sides_stuck_on_at_once_is_fine_when_this_sides_three_are_seen() {
    let body = Body::default();
    let (rest, lift) = body.photos();
    let other = Body {
        side: Side::Right,
        ..Body::default()
    };
    let (other_rest, other_lift) = other.photos();
    // The far side's markers, drawn elsewhere in the picture.
    let add = |frame: &MarkerFrame, from: &MarkerFrame| {
        edit(frame, |ms| {
            ms.extend(from.markers().iter().map(|m| moved(m, (0.0, 300.0))))
        })
    };
    let found = analyse_photos(
        Side::Left,
        &add(&rest, &other_rest),
        &add(&lift, &other_lift),
        None,
    )
    .unwrap();
    assert_close(&found, &body, 0.5);
}

#[test]
fn a_missing_marker_is_named() {
    let body = Body::default();
    let (rest, lift) = body.photos();
    let without_knee = edit(&lift, |ms| {
        ms.remove(role_index(&lift, Side::Left, MarkerRole::Knee));
    });
    let problem = refusal(analyse_photos(Side::Left, &rest, &without_knee, None));
    assert_eq!(
        problem,
        CameraProblem::MissingMarker {
            photo: Photo::Lift,
            side: Side::Left,
            role: MarkerRole::Knee
        }
    );
    let text = problem.to_string();
    assert!(
        text.contains("the knee marker (K) of the left side (tag 2) is not in the lift photo"),
        "{text}"
    );
}

#[test]
fn the_other_sides_markers_say_the_wrong_side_was_photographed() {
    let right = Body {
        side: Side::Right,
        ..Body::default()
    };
    let (rest, lift) = right.photos();
    let problem = refusal(analyse_photos(Side::Left, &rest, &lift, None));
    assert_eq!(problem.code(), "wrong_side", "{problem}");
    assert!(
        problem
            .to_string()
            .contains("photograph the left side (tags 0, 1, 2)"),
        "{problem}"
    );
    // The right side, asked for, is measured.
    assert!(analyse_photos(Side::Right, &rest, &lift, None).is_ok());
}

#[test]
fn a_tag_seen_twice_is_refused() {
    let (rest, lift) = Body::default().photos();
    let doubled = edit(&rest, |ms| {
        let hip = ms[role_index(&rest, Side::Left, MarkerRole::Hip)].clone();
        ms.push(moved(&hip, (0.0, 200.0)));
    });
    let problem = refusal(analyse_photos(Side::Left, &doubled, &lift, None));
    assert_eq!(
        problem,
        CameraProblem::DuplicateMarker {
            photo: Photo::Rest,
            id: 1,
            role: MarkerRole::Hip
        }
    );
    assert!(problem.to_string().contains("the hip marker (H)"));
}

#[test]
fn markers_too_small_are_refused() {
    let body = Body {
        tag_cm: 1.8,
        ..Body::default()
    };
    let problem = refusal(body.analyse());
    assert_eq!(problem.code(), "too_small", "{problem}");
    assert!(problem.to_string().contains("at least 20 px"), "{problem}");
    let big_enough = Body {
        tag_cm: 2.2,
        noise: 0.0,
        ..Body::default()
    };
    assert!(big_enough.analyse().is_ok());
}

#[test]
fn blurred_or_misshapen_markers_are_refused() {
    let (rest, lift) = Body::default().photos();
    let i = role_index(&lift, Side::Left, MarkerRole::Pelvis);
    let reshaped =
        |change: &dyn Fn(&SeenMarker) -> SeenMarker| edit(&lift, |ms| ms[i] = change(&ms[i]));
    let twisted = reshaped(&|m| {
        let mut c = m.corners();
        c.swap(1, 2);
        SeenMarker::new(m.id(), m.centre(), c).unwrap()
    });
    // One corner pulled out along its diagonal: still convex, centre kept, sides uneven.
    let pulled_corner = reshaped(&|m| {
        let mut c = m.corners();
        let (x, y) = m.centre();
        c[2] = (x + 1.8 * (c[2].0 - x), y + 1.8 * (c[2].1 - y));
        SeenMarker::new(m.id(), m.centre(), c).unwrap()
    });
    let off_centre = reshaped(&|m| {
        let (x, y) = m.centre();
        SeenMarker::new(m.id(), (x + 20.0, y), m.corners()).unwrap()
    });
    // Twisted exactly, in whole pixels: its diagonals are parallel and never cross.
    let exact_twist = reshaped(&|m| {
        let (x, y) = (m.centre().0.round(), m.centre().1.round());
        let c = [(-25.0, -25.0), (25.0, 25.0), (25.0, -25.0), (-25.0, 25.0)]
            .map(|(dx, dy)| (x + dx, y + dy));
        SeenMarker::new(m.id(), (x, y), c).unwrap()
    });
    for frame in [twisted, pulled_corner, off_centre, exact_twist] {
        let problem = refusal(analyse_photos(Side::Left, &rest, &frame, None));
        assert_eq!(
            problem,
            CameraProblem::Misshapen {
                photo: Photo::Lift,
                role: MarkerRole::Pelvis
            }
        );
        assert!(problem.to_string().contains("the pelvis marker (P)"));
    }
}

#[test]
fn a_camera_at_a_slant_is_refused_from_the_markers_shapes() {
    for (squash_x, squash_y) in [(15f64.to_radians().cos(), 1.0), (1.0, 0.95)] {
        let body = Body {
            squash_x,
            squash_y,
            ..Body::default()
        };
        let problem = refusal(body.analyse());
        assert_eq!(problem.code(), "camera_not_square", "{problem}");
        assert!(problem.to_string().contains("at most 10°"), "{problem}");
    }
    let within = Body {
        squash_y: 7f64.to_radians().cos(),
        noise: 0.05,
        ..Body::default()
    };
    assert!(within.analyse().is_ok());
}

fn tilt(rest: (f64, f64), lift: (f64, f64)) -> Option<PhoneTilt> {
    Some(PhoneTilt {
        rest: PhonePose::new(rest.0, rest.1).unwrap(),
        lift: PhonePose::new(lift.0, lift.1).unwrap(),
    })
}

#[test]
fn a_phone_held_upright_and_still_is_accepted_in_either_orientation() {
    let body = Body::default();
    let (rest, lift) = body.photos();
    for phone in [
        tilt((90.0, 0.0), (89.0, 0.5)),
        tilt((2.0, 89.0), (1.0, 88.5)),
        tilt((-1.0, -88.0), (-1.5, -87.5)),
    ] {
        let found = analyse_photos(Side::Left, &rest, &lift, phone).unwrap();
        assert_close(&found, &body, 0.5);
    }
}

#[test]
fn a_phone_not_upright_or_turned_between_photos_is_refused() {
    let (rest, lift) = Body::default().photos();
    let leaning = refusal(analyse_photos(
        Side::Left,
        &rest,
        &lift,
        tilt((90.0, 0.0), (80.0, 0.0)),
    ));
    assert_eq!(
        leaning.code(),
        "phone_not_upright",
        "{leaning}: {leaning:?}"
    );
    assert!(matches!(
        leaning,
        CameraProblem::PhoneNotUpright {
            photo: Photo::Lift,
            ..
        }
    ));
    let flat = refusal(analyse_photos(
        Side::Left,
        &rest,
        &lift,
        tilt((10.0, 0.0), (10.0, 0.0)),
    ));
    assert_eq!(flat.code(), "phone_not_upright");

    // Upright both times, but turned 4° about the lens between them.
    let turned = refusal(analyse_photos(
        Side::Left,
        &rest,
        &lift,
        tilt((90.0, 0.0), (86.0, 0.0)),
    ));
    assert_eq!(turned.code(), "phone_moved", "{turned}");
    assert!(turned.to_string().contains("turned 4.0°"), "{turned}");
}

#[test]
fn a_turn_between_the_photos_goes_into_the_rise_which_is_why_it_is_checked() {
    let body = Body {
        lift_roll: 4.0,
        ..Body::default()
    };
    let found = body.analyse().unwrap();
    assert!((found.rise.value() - 24.0).abs() < 0.5, "{found:?}");
    assert!((found.hip - 15.0).abs() < 0.5, "{found:?}");
}

#[test]
fn a_photo_turned_on_its_side_is_refused() {
    let body = Body {
        roll: 70.0,
        ..Body::default()
    };
    let problem = refusal(body.analyse());
    assert_eq!(problem.code(), "photo_turned", "{problem}");
}

#[test]
fn markers_out_of_order_are_refused() {
    let (rest, lift) = Body::default().photos();
    let swap = |frame: &MarkerFrame, a: MarkerRole, b: MarkerRole| {
        edit(frame, |ms| {
            let (i, j) = (
                role_index(frame, Side::Left, a),
                role_index(frame, Side::Left, b),
            );
            let (ma, mb) = (ms[i].clone(), ms[j].clone());
            ms[i] = SeenMarker::new(mb.id(), ma.centre(), ma.corners()).unwrap();
            ms[j] = SeenMarker::new(ma.id(), mb.centre(), mb.corners()).unwrap();
        })
    };
    for (a, b) in [
        (MarkerRole::Pelvis, MarkerRole::Hip),
        (MarkerRole::Hip, MarkerRole::Knee),
    ] {
        let problem = refusal(analyse_photos(
            Side::Left,
            &swap(&rest, a, b),
            &swap(&lift, a, b),
            None,
        ));
        assert_eq!(
            problem,
            CameraProblem::OutOfOrder {
                photo: Photo::Rest,
                side: Side::Left
            }
        );
    }
    // Right at rest, but the lift photo has P beyond H, or K before it.
    for (a, b) in [
        (MarkerRole::Pelvis, MarkerRole::Hip),
        (MarkerRole::Hip, MarkerRole::Knee),
    ] {
        let problem = refusal(analyse_photos(Side::Left, &rest, &swap(&lift, a, b), None));
        assert_eq!(
            problem,
            CameraProblem::OutOfOrder {
                photo: Photo::Lift,
                side: Side::Left
            }
        );
    }
}

#[test]
fn an_upside_down_or_swapped_pair_of_photos_goes_into_the_table() {
    let body = Body::default();
    let upside_down = Body {
        roll: 180.0,
        ..body.clone()
    };
    let problem = refusal(upside_down.analyse());
    assert_eq!(problem.code(), "leg_went_down", "{problem}");
    assert!(problem.to_string().contains("upside down"), "{problem}");

    let (rest, lift) = body.photos();
    let problem = refusal(analyse_photos(Side::Left, &lift, &rest, None));
    assert_eq!(problem.code(), "leg_went_down", "{problem}");
}

#[test]
fn a_rise_no_body_makes_is_refused() {
    let hardly = Body {
        hip: 1.5,
        pelvis: 0.0,
        ..Body::default()
    };
    assert_eq!(refusal(hardly.analyse()).code(), "no_lift");
    // A tiny dip within the noise is no lift, not a leg into the table.
    let dip = Body {
        hip: -1.0,
        pelvis: 0.0,
        ..Body::default()
    };
    assert_eq!(refusal(dip.analyse()).code(), "no_lift");
    let too_far = Body {
        hip: 55.0,
        pelvis: 10.0,
        ..Body::default()
    };
    let problem = refusal(too_far.analyse());
    assert_eq!(problem.code(), "implausible", "{problem}");
    assert!(
        problem.to_string().contains("more than the 60°"),
        "{problem}"
    );
    // Past the rule set's 45° but within the inclinometer's 60°: kept, asked about on storing.
    let high = Body {
        hip: 40.0,
        pelvis: 10.0,
        ..Body::default()
    };
    assert_close(&high.analyse().unwrap(), &high, 0.5);
}

#[test]
fn markers_too_close_together_are_refused() {
    let body = Body {
        px_per_cm: 4.5,
        tag_cm: 5.0,
        noise: 0.05,
        ..Body::default()
    };
    let problem = refusal(body.analyse());
    assert_eq!(
        problem.code(),
        "too_close",
        "{problem}: P-H is 11 cm, 50 px"
    );
    assert!(
        problem
            .to_string()
            .contains("the pelvis marker (P) and the hip marker (H)"),
        "{problem}"
    );
}

#[test]
fn photos_that_do_not_match_are_refused() {
    let closer = Body {
        lift_zoom: 1.25,
        ..Body::default()
    };
    let problem = refusal(closer.analyse());
    assert_eq!(problem.code(), "camera_moved", "{problem}");
    assert!(problem.to_string().contains("25% larger"), "{problem}");
    let a_little = Body {
        lift_zoom: 1.08,
        ..Body::default()
    };
    assert_close(&a_little.analyse().unwrap(), &a_little, 0.5);

    let (rest, lift) = Body::default().photos();
    let k = role_index(&lift, Side::Left, MarkerRole::Knee);
    let shrunk = edit(&lift, |ms| ms[k] = scaled(&ms[k], 0.75));
    let problem = refusal(analyse_photos(Side::Left, &rest, &shrunk, None));
    assert!(
        matches!(
            problem,
            CameraProblem::MarkerChanged {
                role: MarkerRole::Knee,
                ..
            }
        ),
        "{problem}"
    );

    // P slid 3 cm along the body: 11.2 cm from H became about 14.
    let p = role_index(&lift, Side::Left, MarkerRole::Pelvis);
    let slid = edit(&lift, |ms| ms[p] = moved(&ms[p], (-30.0, 0.0)));
    let problem = refusal(analyse_photos(Side::Left, &rest, &slid, None));
    assert_eq!(problem.code(), "stretched", "{problem}");
    let nudged = edit(&lift, |ms| ms[p] = moved(&ms[p], (-8.0, 0.0)));
    assert!(analyse_photos(Side::Left, &rest, &nudged, None).is_ok());
}

#[test]
fn the_detectors_data_is_validated() {
    let square = [(0.0, 0.0), (30.0, 0.0), (30.0, 30.0), (0.0, 30.0)];
    assert_eq!(
        SeenMarker::new(1, (f64::NAN, 15.0), square)
            .unwrap_err()
            .code(),
        "bad_frame"
    );
    let marker = SeenMarker::new(1, (15.0, 15.0), square).unwrap();
    assert!(MarkerFrame::new(0, 100, vec![]).is_err());
    assert!(MarkerFrame::new(20, 20, vec![marker.clone()]).is_err());
    assert!(MarkerFrame::new(40, 40, vec![marker.clone()]).is_ok());
    assert!(MarkerFrame::new(40, 40, vec![marker; MAX_MARKERS_PER_FRAME + 1]).is_err());
    assert!(PhonePose::new(200.0, 0.0).is_err());
    assert!(PhonePose::new(0.0, f64::NAN).is_err());
}

#[test]
fn the_ids_are_the_products_table() {
    for &(id, side, role) in &MARKER_IDS {
        assert_eq!(marker_of(id), Some((side, role)));
        assert_eq!(marker_id(side, role), id);
    }
    assert_eq!(marker_of(1), Some((Side::Left, MarkerRole::Hip)));
    assert_eq!(marker_of(5), Some((Side::Right, MarkerRole::Knee)));
    assert_eq!(marker_of(6), None);
    assert_eq!(MarkerRole::Hip.to_string(), "the hip marker (H)");
}

#[test]
fn the_file_format_is_plain_json_and_checked_on_reading() {
    let json = r#"{"width": 640, "height": 480, "markers": [
        {"id": 2, "centre": [100.0, 100.0],
         "corners": [[90.0, 90.0], [110.0, 90.0], [110.0, 110.0], [90.0, 110.0]]}]}"#;
    let frame: MarkerFrame = serde_json::from_str(json).unwrap();
    assert_eq!(frame.markers()[0].id(), 2);
    let back: MarkerFrame = serde_json::from_str(&serde_json::to_string(&frame).unwrap()).unwrap();
    assert_eq!(back, frame);
    let outside = json.replace("\"width\": 640", "\"width\": 50");
    let err = serde_json::from_str::<MarkerFrame>(&outside).unwrap_err();
    assert!(err.to_string().contains("outside"), "{err}");
    let pose: PhonePose = serde_json::from_str(r#"{"beta": 90, "gamma": 0}"#).unwrap();
    assert_eq!(pose.beta(), 90.0);
    assert!(serde_json::from_str::<PhonePose>(r#"{"beta": 190, "gamma": 0}"#).is_err());
    let found = serde_json::to_value(Body::default().analyse().unwrap()).unwrap();
    assert!(found["rise"].is_number() && found["hip"].is_number());
}

#[test]
fn every_message_is_one_line_that_says_what_to_do() {
    let (rest, lift) = (Photo::Rest, Photo::Frame { t_ms: 2400 });
    let problems = [
        CameraProblem::BadFrame {
            detail: "tag 1 lies outside the 20 x 20 px image".into(),
        },
        CameraProblem::MissingMarker {
            photo: rest,
            side: Side::Right,
            role: MarkerRole::Hip,
        },
        CameraProblem::WrongSide {
            photo: rest,
            side: Side::Left,
        },
        CameraProblem::DuplicateMarker {
            photo: rest,
            id: 4,
            role: MarkerRole::Hip,
        },
        CameraProblem::TooSmall {
            photo: rest,
            role: MarkerRole::Knee,
            side_px: 14.0,
        },
        CameraProblem::Misshapen {
            photo: lift,
            role: MarkerRole::Pelvis,
        },
        CameraProblem::CameraNotSquare {
            photo: rest,
            tilt_deg: 14.0,
        },
        CameraProblem::PhoneNotUpright {
            photo: Photo::Lift,
            tilt_deg: 9.0,
        },
        CameraProblem::PhoneMoved { turned_deg: 4.0 },
        CameraProblem::PhotoTurned {
            photo: rest,
            slope_deg: 70.0,
        },
        CameraProblem::OutOfOrder {
            photo: rest,
            side: Side::Left,
        },
        CameraProblem::TooClose {
            photo: rest,
            first: MarkerRole::Pelvis,
            second: MarkerRole::Hip,
            apart_px: 40.0,
        },
        CameraProblem::CameraMoved {
            photo: lift,
            change_pct: -20.0,
        },
        CameraProblem::MarkerChanged {
            photo: lift,
            role: MarkerRole::Knee,
            change_pct: 25.0,
        },
        CameraProblem::Stretched {
            photo: lift,
            rest_tags: 2.2,
            then_tags: 2.8,
        },
        CameraProblem::LegWentDown { degrees: -6.0 },
        CameraProblem::NoLift { rise_deg: 1.0 },
        CameraProblem::Implausible { degrees: 70.0 },
        CameraProblem::NoFrames,
        CameraProblem::TooLong { got: 40_000 },
        CameraProblem::TooManySkipped {
            skipped: 40,
            total: 90,
        },
        CameraProblem::Gap {
            at_s: 1.5,
            gap_s: 0.5,
        },
        CameraProblem::NeverHeld { top_deg: 20.0 },
    ];
    let mut codes = std::collections::BTreeSet::new();
    for p in &problems {
        let text = p.to_string();
        assert!(!text.contains('\n') && !text.contains("  "), "{text:?}");
        assert!(text.contains(": "), "says what to do: {text}");
        assert!(!text.contains("the the"), "{text}");
        codes.insert(p.code());
    }
    assert_eq!(codes.len(), problems.len());
    assert!(
        problems[1]
            .to_string()
            .contains("the hip marker (H) of the right side (tag 4)")
    );
    assert!(problems[5].to_string().contains("in the frame at 2.4 s"));
    assert!(problems[12].to_string().contains("20% smaller"));
    let shrank = CameraProblem::MarkerChanged {
        photo: lift,
        role: MarkerRole::Knee,
        change_pct: -18.0,
    };
    assert!(shrank.to_string().contains("by 18%"), "{shrank}");
}

proptest! {
    #[test]
    fn any_believable_lift_is_found_within_half_a_degree(
        hip in 0.0f64..30.0,
        pelvis in -4.0f64..12.0,
        feet_right in any::<bool>(),
        roll in -20.0f64..20.0,
        turns in proptest::array::uniform3(0.0f64..90.0),
        noise in 0.0f64..0.3,
        seed in any::<u64>(),
    ) {
        prop_assume!(hip + pelvis >= 4.0);
        let body = Body {
            hip, pelvis, feet_right, roll, tag_turns: turns, noise, seed, ..Body::default()
        };
        let found = body.analyse();
        prop_assert!(found.is_ok(), "{:?}", found);
        let found = found.unwrap();
        let rise = found.rise.value();
        prop_assert!((rise - (hip + pelvis)).abs() < 0.5, "{:?}", found);
        prop_assert!((found.hip - hip).abs() < 0.5, "{:?}", found);
        prop_assert!((found.pelvis - pelvis).abs() < 0.5, "{:?}", found);
        prop_assert!((rise - (found.hip + found.pelvis)).abs() <= 0.1 + 1e-9, "{:?}", found);
    }
}

mod recording {
    use super::*;
    use crate::inclinometer::MAX_SAMPLES;

    /// A recorded lift at 30 frames a second: rest, a smooth rise, the hold, the way down.
    struct Lift {
        body: Body,
        rest_ms: u64,
        rise_ms: u64,
        hold_ms: u64,
        fall_ms: u64,
    }

    impl Default for Lift {
        fn default() -> Self {
            Self {
                body: Body::default(),
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
                .map(|k| k * 1000 / 30)
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

        let mut gap = frames.clone();
        without_knee(&mut gap, |_, t| (1900..2300).contains(&t));
        let problem = refused(&rest, &gap);
        assert_eq!(problem.code(), "gap", "{problem}");
        assert!(problem.to_string().contains("from 1.9 s"), "{problem}");
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
}
