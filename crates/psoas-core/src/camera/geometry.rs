//! The geometry: one picture's three markers read and checked, the view checked, and the
//! angles from the rest picture to another.
//!
//! Points are turned to y up (x, -y) as soon as they are read, so that an angle counted
//! anticlockwise in the maths is anticlockwise as a person sees the picture.

use super::markers::{MarkerFrame, MarkerRole, PhoneTilt, Photo, SeenMarker, marker_of};
use super::{
    CameraProblem, MAX_BODY_SLOPE_DEG, MAX_CAMERA_TILT_DEG, MAX_PHONE_TILT_DEG, MAX_PHONE_TURN_DEG,
    MAX_REST_BEND_DEG, MAX_SCALE_CHANGE, MAX_STRETCH, MAX_TAG_CHANGE, MIN_SEGMENT_PX,
    MIN_TAG_SIDE_PX,
};
use crate::Side;

type Vec2 = (f64, f64);

fn sub(a: Vec2, b: Vec2) -> Vec2 {
    (a.0 - b.0, a.1 - b.1)
}

fn add(a: Vec2, b: Vec2) -> Vec2 {
    (a.0 + b.0, a.1 + b.1)
}

fn dot(a: Vec2, b: Vec2) -> f64 {
    a.0 * b.0 + a.1 * b.1
}

fn cross(a: Vec2, b: Vec2) -> f64 {
    a.0 * b.1 - a.1 * b.0
}

fn length(a: Vec2) -> f64 {
    a.0.hypot(a.1)
}

/// The angle from `a` to `b` in degrees, anticlockwise positive, -180 to 180.
fn turn(a: Vec2, b: Vec2) -> f64 {
    cross(a, b).atan2(dot(a, b)).to_degrees()
}

fn up(p: (f64, f64)) -> Vec2 {
    (p.0, -p.1)
}

/// Opposite sides of a printed square differ only by perspective, a few per cent at the
/// distances a phone is held; a quarter more is a corner the detector misplaced or a blurred
/// edge.
const MAX_OPPOSITE_SIDES: f64 = 1.25;

/// The detector's centre is where the tag's diagonals cross; farther than this share of a
/// side from it, the corners and the centre do not describe the same square.
const MAX_CENTRE_OFF: f64 = 0.25;

/// One marker read from a picture.
#[derive(Debug, Clone, Copy)]
pub(super) struct Tag {
    /// Its centre, y up.
    pub centre: Vec2,
    /// The mean of its four sides, in px.
    pub side_px: f64,
    /// The shorter over the longer axis of the square as drawn (1 seen face on, the cosine of
    /// the tilt when seen at a slant): the singular values of the affine map from the printed
    /// square, so the tag's own turn in the picture does not count.
    pub squareness: f64,
}

/// A picture's three markers of one side.
#[derive(Debug, Clone, Copy)]
pub(super) struct Markers {
    pub photo: Photo,
    pub pelvis: Tag,
    pub hip: Tag,
    pub knee: Tag,
}

impl Markers {
    fn tag(&self, role: MarkerRole) -> Tag {
        match role {
            MarkerRole::Pelvis => self.pelvis,
            MarkerRole::Hip => self.hip,
            MarkerRole::Knee => self.knee,
        }
    }

    /// The picture's scale: the markers' mean side, in px.
    pub fn scale(&self) -> f64 {
        MarkerRole::ALL
            .iter()
            .map(|&r| self.tag(r).side_px)
            .sum::<f64>()
            / 3.0
    }

    /// The camera's slant the markers' shapes imply, in degrees. Averaged over the three: the
    /// camera's slant is common to them, the detector's corner error is not.
    pub fn tilt_deg(&self) -> f64 {
        let squareness = MarkerRole::ALL
            .iter()
            .map(|&r| self.tag(r).squareness)
            .sum::<f64>()
            / 3.0;
        squareness.clamp(0.0, 1.0).acos().to_degrees()
    }

    /// Pelvis to hip.
    fn pelvis_line(&self) -> Vec2 {
        sub(self.hip.centre, self.pelvis.centre)
    }

    /// Hip to knee: the thigh.
    fn thigh(&self) -> Vec2 {
        sub(self.knee.centre, self.hip.centre)
    }
}

/// Finds this side's three markers in a picture and reads each one's shape.
pub(super) fn read(
    side: Side,
    frame: &MarkerFrame,
    photo: Photo,
) -> Result<Markers, CameraProblem> {
    let mut found: [Option<&SeenMarker>; 3] = [None; 3];
    let mut other_side = false;
    for marker in frame.markers() {
        match marker_of(marker.id()) {
            Some((s, role)) if s == side => {
                let slot = &mut found[role as usize];
                if slot.is_some() {
                    return Err(CameraProblem::DuplicateMarker {
                        photo,
                        id: marker.id(),
                        role,
                    });
                }
                *slot = Some(marker);
            }
            Some(_) => other_side = true,
            None => {}
        }
    }
    if other_side && found.iter().all(Option::is_none) {
        return Err(CameraProblem::WrongSide { photo, side });
    }
    let tag = |role: MarkerRole| match found[role as usize] {
        Some(marker) => read_tag(marker, photo, role),
        None => Err(CameraProblem::MissingMarker { photo, side, role }),
    };
    Ok(Markers {
        photo,
        pelvis: tag(MarkerRole::Pelvis)?,
        hip: tag(MarkerRole::Hip)?,
        knee: tag(MarkerRole::Knee)?,
    })
}

fn read_tag(marker: &SeenMarker, photo: Photo, role: MarkerRole) -> Result<Tag, CameraProblem> {
    let c = marker.corners().map(up);
    let edges = [0, 1, 2, 3].map(|i| sub(c[(i + 1) % 4], c[i]));
    let turns = [0, 1, 2, 3].map(|i| cross(edges[i], edges[(i + 1) % 4]));
    // All four corners turning the same way, whichever way the detector goes round: a
    // quadrilateral that does so is convex; a twisted or folded one is not.
    let convex = turns.iter().all(|&t| t > 0.0) || turns.iter().all(|&t| t < 0.0);
    let misshapen = CameraProblem::Misshapen { photo, role };
    if !convex {
        return Err(misshapen);
    }
    let sides = edges.map(length);
    let shortest = sides.iter().copied().fold(f64::INFINITY, f64::min);
    if shortest < MIN_TAG_SIDE_PX {
        return Err(CameraProblem::TooSmall {
            photo,
            role,
            side_px: shortest,
        });
    }
    let uneven = |a: f64, b: f64| a.max(b) / a.min(b) > MAX_OPPOSITE_SIDES;
    if uneven(sides[0], sides[2]) || uneven(sides[1], sides[3]) {
        return Err(misshapen);
    }
    let side_px = sides.iter().sum::<f64>() / 4.0;
    let centre = up(marker.centre());
    // Where the diagonals c0-c2 and c1-c3 cross; parallel ones (a twisted quadrilateral's)
    // cross nowhere, at an infinite distance or at no number, and are refused too.
    let (d1, d2) = (sub(c[2], c[0]), sub(c[3], c[1]));
    let s = cross(sub(c[1], c[0]), d2) / cross(d1, d2);
    let crossing = add(c[0], (d1.0 * s, d1.1 * s));
    let off = length(sub(centre, crossing));
    if off.is_nan() || off > MAX_CENTRE_OFF * side_px {
        return Err(misshapen);
    }
    // The printed square's two axes as drawn, each the mean of a pair of opposite sides.
    let u = (
        (edges[0].0 - edges[2].0) / 2.0,
        (edges[0].1 - edges[2].1) / 2.0,
    );
    let v = (
        (edges[1].0 - edges[3].0) / 2.0,
        (edges[1].1 - edges[3].1) / 2.0,
    );
    let sum = dot(u, u) + dot(v, v);
    let det = cross(u, v);
    let spread = (sum * sum - 4.0 * det * det).max(0.0).sqrt();
    let (major, minor) = (((sum + spread) / 2.0).sqrt(), ((sum - spread) / 2.0).sqrt());
    Ok(Tag {
        // The diagonals cross at the printed centre seen through any perspective, so the
        // crossing is a second reading of the centre from four other points; the mean of the
        // two wavers less than either.
        centre: ((centre.0 + crossing.0) / 2.0, (centre.1 + crossing.1) / 2.0),
        side_px,
        squareness: minor / major,
    })
}

/// Checks the phone was upright at both photos and did not turn between them.
pub(super) fn check_phone(tilt: &PhoneTilt) -> Result<(), CameraProblem> {
    let (rest, lift) = (tilt.rest.up(), tilt.lift.up());
    for (photo, up) in [(Photo::Rest, rest), (Photo::Lift, lift)] {
        // The screen is upright when "up" lies in its plane: no part along its normal.
        let tilt_deg = up[2].abs().min(1.0).asin().to_degrees();
        if tilt_deg > MAX_PHONE_TILT_DEG {
            return Err(CameraProblem::PhoneNotUpright { photo, tilt_deg });
        }
    }
    let along = rest[0] * lift[0] + rest[1] * lift[1] + rest[2] * lift[2];
    let turned_deg = along.clamp(-1.0, 1.0).acos().to_degrees();
    if turned_deg > MAX_PHONE_TURN_DEG {
        return Err(CameraProblem::PhoneMoved { turned_deg });
    }
    Ok(())
}

/// How the body lies in the rest picture, which every other picture is read against.
#[derive(Debug, Clone, Copy)]
pub(super) struct View {
    /// The thigh at rest, the body's length in the picture.
    axis: Vec2,
    /// Which way the feet point, as the sign that makes a lift positive: +1 with the feet to
    /// the right (a knee that rises turns the thigh anticlockwise), -1 to the left.
    feet: f64,
}

/// The checks every picture gets: the camera square to the body and the markers far enough
/// apart to give directions.
fn check_picture(m: &Markers) -> Result<(), CameraProblem> {
    let tilt_deg = m.tilt_deg();
    if tilt_deg > MAX_CAMERA_TILT_DEG {
        return Err(CameraProblem::CameraNotSquare {
            photo: m.photo,
            tilt_deg,
        });
    }
    for (first, second, line) in [
        (MarkerRole::Pelvis, MarkerRole::Hip, m.pelvis_line()),
        (MarkerRole::Hip, MarkerRole::Knee, m.thigh()),
    ] {
        let apart_px = length(line);
        if apart_px < MIN_SEGMENT_PX {
            return Err(CameraProblem::TooClose {
                photo: m.photo,
                first,
                second,
                apart_px,
            });
        }
    }
    Ok(())
}

/// Checks the rest picture and finds the way the body lies in it.
pub(super) fn rest_view(m: &Markers, side: Side) -> Result<View, CameraProblem> {
    check_picture(m)?;
    let axis = m.thigh();
    // The resting thigh lies along the table; run steeply across the picture, up cannot be
    // told from down (the camera or the photo is turned on its side).
    let slope_deg = axis.1.abs().atan2(axis.0.abs()).to_degrees();
    if slope_deg > MAX_BODY_SLOPE_DEG {
        return Err(CameraProblem::PhotoTurned {
            photo: m.photo,
            slope_deg,
        });
    }
    // At rest the pelvis line runs on from the thigh, bent by the pelvis's own tilt; P beside
    // or beyond H is a marker stuck in the wrong place or a side mixed up.
    if turn(m.pelvis_line(), axis).abs() > MAX_REST_BEND_DEG {
        return Err(CameraProblem::OutOfOrder {
            photo: m.photo,
            side,
        });
    }
    Ok(View {
        axis,
        feet: axis.0.signum(),
    })
}

/// Checks another picture against the way the body lay at rest: P still before H and K still
/// beyond it along the body (a leg raised less than vertical keeps its knee beyond the hip).
pub(super) fn other_view(m: &Markers, view: View, side: Side) -> Result<(), CameraProblem> {
    check_picture(m)?;
    if dot(m.thigh(), view.axis) <= 0.0 || dot(m.pelvis_line(), view.axis) <= 0.0 {
        return Err(CameraProblem::OutOfOrder {
            photo: m.photo,
            side,
        });
    }
    Ok(())
}

/// The angles from rest to another picture, in degrees, unrounded.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Angles {
    /// The thigh's turn against the picture: against the table, as the camera stays put.
    pub rise: f64,
    /// The turn of the thigh against the pelvis line.
    pub hip: f64,
    /// The pelvis line's turn.
    pub pelvis: f64,
}

/// Compares a picture with the rest picture: the markers must be the same size and P-H the
/// same length in marker widths (the widths cancel the camera's distance); then the angles.
pub(super) fn angles(rest: &Markers, then: &Markers, view: View) -> Result<Angles, CameraProblem> {
    let grew = then.scale() / rest.scale() - 1.0;
    if grew.abs() > MAX_SCALE_CHANGE {
        return Err(CameraProblem::CameraMoved {
            photo: then.photo,
            change_pct: grew * 100.0,
        });
    }
    for role in MarkerRole::ALL {
        let share = |m: &Markers| m.tag(role).side_px / m.scale();
        let change = share(then) / share(rest) - 1.0;
        if change.abs() > MAX_TAG_CHANGE {
            return Err(CameraProblem::MarkerChanged {
                photo: then.photo,
                role,
                change_pct: change * 100.0,
            });
        }
    }
    let apart = |m: &Markers| length(m.pelvis_line()) / m.scale();
    let (rest_tags, then_tags) = (apart(rest), apart(then));
    if (then_tags / rest_tags - 1.0).abs() > MAX_STRETCH {
        return Err(CameraProblem::Stretched {
            photo: then.photo,
            rest_tags,
            then_tags,
        });
    }
    let f = view.feet;
    let rise = f * turn(rest.thigh(), then.thigh());
    let pelvis = f * turn(rest.pelvis_line(), then.pelvis_line());
    let bend = |m: &Markers| f * turn(m.pelvis_line(), m.thigh());
    let hip = bend(then) - bend(rest);
    Ok(Angles { rise, hip, pelvis })
}
