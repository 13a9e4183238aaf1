//! What the marker detector hands the core: the three markers' roles and printed ids, one
//! marker as seen in an image, one image's markers, and the phone's tilt at each photo.

use serde::{Deserialize, Serialize};
use std::fmt;

use super::CameraProblem;
use crate::Side;

/// Where on the body a marker is stuck.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerRole {
    /// P: on the side of the pelvis, on the iliac crest.
    Pelvis,
    /// H: on the greater trochanter, the bony point at the side of the hip.
    Hip,
    /// K: on the outside of the thigh just above the knee.
    Knee,
}

impl MarkerRole {
    /// The three, in their order along the body from the head.
    pub const ALL: [MarkerRole; 3] = [MarkerRole::Pelvis, MarkerRole::Hip, MarkerRole::Knee];

    /// The letter printed beside the marker.
    pub fn letter(self) -> char {
        match self {
            MarkerRole::Pelvis => 'P',
            MarkerRole::Hip => 'H',
            MarkerRole::Knee => 'K',
        }
    }

    /// Lower-case name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerRole::Pelvis => "pelvis",
            MarkerRole::Hip => "hip",
            MarkerRole::Knee => "knee",
        }
    }
}

/// "the hip marker (H)", as messages name it.
impl fmt::Display for MarkerRole {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} marker ({})", self.as_str(), self.letter())
    }
}

/// The printed tag ids: each side has its own three, so a photo of the wrong side is told
/// apart from one with markers missing, and both sides may be stuck on at once.
pub const MARKER_IDS: [(u16, Side, MarkerRole); 6] = [
    (0, Side::Left, MarkerRole::Pelvis),
    (1, Side::Left, MarkerRole::Hip),
    (2, Side::Left, MarkerRole::Knee),
    (3, Side::Right, MarkerRole::Pelvis),
    (4, Side::Right, MarkerRole::Hip),
    (5, Side::Right, MarkerRole::Knee),
];

/// The side and role of a printed tag id; `None` for a tag that is not one of ours.
pub fn marker_of(id: u16) -> Option<(Side, MarkerRole)> {
    MARKER_IDS
        .iter()
        .find(|(i, _, _)| *i == id)
        .map(|&(_, side, role)| (side, role))
}

/// The printed tag id of a side's marker.
pub fn marker_id(side: Side, role: MarkerRole) -> u16 {
    // The table's layout: a side's three in the order along the body, left first.
    let first = match side {
        Side::Left => 0,
        Side::Right => 3,
    };
    first + role as u16
}

/// A point in image pixels: x to the right, y down, as images count them.
pub type Pixel = (f64, f64);

/// One marker as the detector found it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawMarker")]
pub struct SeenMarker {
    id: u16,
    centre: Pixel,
    corners: [Pixel; 4],
}

#[derive(Deserialize)]
struct RawMarker {
    id: u16,
    centre: Pixel,
    corners: [Pixel; 4],
}

impl TryFrom<RawMarker> for SeenMarker {
    type Error = CameraProblem;
    fn try_from(raw: RawMarker) -> Result<Self, Self::Error> {
        SeenMarker::new(raw.id, raw.centre, raw.corners)
    }
}

impl SeenMarker {
    /// A marker with its printed id, its centre and its four corners in the detector's order
    /// (around the tag, either way). Refuses coordinates that are not numbers.
    pub fn new(id: u16, centre: Pixel, corners: [Pixel; 4]) -> Result<Self, CameraProblem> {
        let finite = |(x, y): Pixel| x.is_finite() && y.is_finite();
        if !finite(centre) || !corners.iter().all(|&c| finite(c)) {
            return Err(CameraProblem::BadFrame {
                detail: format!("tag {id} has a corner or centre that is not a number"),
            });
        }
        Ok(Self {
            id,
            centre,
            corners,
        })
    }

    /// The printed tag id.
    pub fn id(&self) -> u16 {
        self.id
    }

    /// The tag's centre.
    pub fn centre(&self) -> Pixel {
        self.centre
    }

    /// The tag's corners in the detector's order.
    pub fn corners(&self) -> [Pixel; 4] {
        self.corners
    }
}

/// Most markers one image may carry: ours are six; more is not a photo of this protocol, and
/// this bounds the work one request can ask for.
pub const MAX_MARKERS_PER_FRAME: usize = 64;

/// How far outside the image a corner may lie, in px: the detector refines corners to a
/// fraction of a pixel and may place one just past the border.
const BORDER_SLACK_PX: f64 = 2.0;

/// The markers found in one image.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawFrame")]
pub struct MarkerFrame {
    width: u32,
    height: u32,
    markers: Vec<SeenMarker>,
}

#[derive(Deserialize)]
struct RawFrame {
    width: u32,
    height: u32,
    markers: Vec<SeenMarker>,
}

impl TryFrom<RawFrame> for MarkerFrame {
    type Error = CameraProblem;
    fn try_from(raw: RawFrame) -> Result<Self, Self::Error> {
        MarkerFrame::new(raw.width, raw.height, raw.markers)
    }
}

impl MarkerFrame {
    /// An image's size in pixels and the markers found in it (any ids; those not ours are
    /// ignored). Refuses an empty image, markers outside it, or more than
    /// [`MAX_MARKERS_PER_FRAME`].
    pub fn new(width: u32, height: u32, markers: Vec<SeenMarker>) -> Result<Self, CameraProblem> {
        if width == 0 || height == 0 {
            return Err(CameraProblem::BadFrame {
                detail: format!("the image is {width} x {height} px"),
            });
        }
        if markers.len() > MAX_MARKERS_PER_FRAME {
            return Err(CameraProblem::BadFrame {
                detail: format!(
                    "{} markers in one image, at most {MAX_MARKERS_PER_FRAME}",
                    markers.len()
                ),
            });
        }
        let inside = |(x, y): Pixel| {
            (-BORDER_SLACK_PX..=f64::from(width) + BORDER_SLACK_PX).contains(&x)
                && (-BORDER_SLACK_PX..=f64::from(height) + BORDER_SLACK_PX).contains(&y)
        };
        if let Some(m) = markers
            .iter()
            .find(|m| !inside(m.centre) || !m.corners.iter().all(|&c| inside(c)))
        {
            return Err(CameraProblem::BadFrame {
                detail: format!("tag {} lies outside the {width} x {height} px image", m.id),
            });
        }
        Ok(Self {
            width,
            height,
            markers,
        })
    }

    /// The image's width in px.
    pub fn width(&self) -> u32 {
        self.width
    }

    /// The image's height in px.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// The markers found.
    pub fn markers(&self) -> &[SeenMarker] {
        &self.markers
    }
}

/// The phone's orientation when a photo was taken, as the browser's DeviceOrientationEvent
/// reports it (the same angles as [`crate::inclinometer::OrientationSample`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawPose")]
pub struct PhonePose {
    beta: f64,
    gamma: f64,
}

#[derive(Deserialize)]
struct RawPose {
    beta: f64,
    gamma: f64,
}

impl TryFrom<RawPose> for PhonePose {
    type Error = CameraProblem;
    fn try_from(raw: RawPose) -> Result<Self, Self::Error> {
        PhonePose::new(raw.beta, raw.gamma)
    }
}

impl PhonePose {
    /// Front-back tilt `beta` (-180 to 180) and left-right tilt `gamma` (-90 to 90), in degrees.
    pub fn new(beta: f64, gamma: f64) -> Result<Self, CameraProblem> {
        if !(-180.0..=180.0).contains(&beta) || !(-90.0..=90.0).contains(&gamma) {
            return Err(CameraProblem::BadFrame {
                detail: format!(
                    "the phone's tilt reads beta {beta}°, gamma {gamma}° (beta -180 to 180, \
                     gamma -90 to 90)"
                ),
            });
        }
        Ok(Self { beta, gamma })
    }

    /// Front-back tilt in degrees.
    pub fn beta(self) -> f64 {
        self.beta
    }

    /// Left-right tilt in degrees.
    pub fn gamma(self) -> f64 {
        self.gamma
    }

    /// Which way is up, in the phone's own axes (x across the screen, y up the screen, z out
    /// of it): the third row of the browser's Z-X'-Y'' rotation, which does not need `alpha`
    /// (the compass heading, unreliable indoors).
    pub(super) fn up(self) -> [f64; 3] {
        let (b, g) = (self.beta.to_radians(), self.gamma.to_radians());
        [-g.sin() * b.cos(), b.sin(), b.cos() * g.cos()]
    }
}

/// The phone's tilt at the two photos, when the page could read it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct PhoneTilt {
    /// At the photo with the leg resting.
    pub rest: PhonePose,
    /// At the photo of the lift.
    pub lift: PhonePose,
}

/// Which picture a problem was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Photo {
    /// The photo with the leg resting on the table.
    Rest,
    /// The photo at the lift.
    Lift,
    /// A frame of a recording, by its time.
    Frame {
        /// Milliseconds since the recording started.
        t_ms: u64,
    },
}

/// "the rest photo", "the frame at 2.4 s", as messages name it.
impl fmt::Display for Photo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Photo::Rest => f.write_str("the rest photo"),
            Photo::Lift => f.write_str("the lift photo"),
            Photo::Frame { t_ms } => write!(f, "the frame at {:.1} s", *t_ms as f64 / 1000.0),
        }
    }
}
