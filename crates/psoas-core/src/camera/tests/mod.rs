//! Tests of the camera geometry on a synthetic body: known hip and pelvis angles drawn as a
//! detector would report the markers, with noise, camera roll, slant and either facing.

use super::*;

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

mod evidence;
mod guidance;
mod photos;
mod recording;
mod refusals;
