//! What a camera trial was measured from, kept with the trial: the markers of the rest picture
//! and of the lift photo or the recording's frames, with the image sizes and the phone's tilt.
//! No pixels: from these the angles can be worked out again ([`CameraEvidence::analyse`]),
//! by the same code, whenever the analysis improves or someone wants to check a trial.

use serde::{Deserialize, Serialize};

use super::markers::{MarkerFrame, PhoneTilt};
use super::{CameraProblem, MarkerAngles, analyse_photos, analyse_recording, pelvis_advice};
use crate::Side;
use crate::units::Degrees;

/// One frame of a recording: the markers found in it and its time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimedFrame {
    /// Milliseconds since the recording started.
    pub t_ms: u64,
    /// The markers found in the frame.
    pub markers: MarkerFrame,
}

/// How the lift was seen.
#[derive(Debug, Clone, PartialEq)]
pub enum CameraLift {
    /// One photo at the top of the lift, and the phone's tilt at both photos when known.
    Photo {
        /// The lift photo's markers.
        lift: MarkerFrame,
        /// The phone's tilt at the rest photo and at this one.
        tilt: Option<PhoneTilt>,
    },
    /// A recording's frames, in any order.
    Recording(Vec<TimedFrame>),
}

/// The markers a camera trial was measured from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawEvidence", into = "RawEvidence")]
pub struct CameraEvidence {
    /// The picture with the leg resting on the table.
    pub rest: MarkerFrame,
    /// The lift.
    pub lift: CameraLift,
}

/// The stored JSON: `{"rest": ..., "lift": ..., "tilt": ...}` for photos,
/// `{"rest": ..., "frames": [...]}` for a recording, as the API takes it.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEvidence {
    rest: MarkerFrame,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    lift: Option<MarkerFrame>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    frames: Option<Vec<TimedFrame>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tilt: Option<PhoneTilt>,
}

/// Why stored or sent evidence is not one picture of each kind.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvidenceShape {
    /// Both a lift photo and a recording, or neither.
    #[error("give either the lift photo's markers or the recording's frames, not both")]
    Both,
    /// Neither a lift photo nor a recording.
    #[error("give the lift photo's markers or the recording's frames")]
    Neither,
    /// The phone's tilt with a recording, where only photos carry it.
    #[error("the phone's tilt goes with two photos, not with a recording")]
    TiltWithRecording,
}

impl TryFrom<RawEvidence> for CameraEvidence {
    type Error = EvidenceShape;
    fn try_from(raw: RawEvidence) -> Result<Self, Self::Error> {
        let lift = match (raw.lift, raw.frames) {
            (Some(_), Some(_)) => return Err(EvidenceShape::Both),
            (None, None) => return Err(EvidenceShape::Neither),
            (Some(lift), None) => CameraLift::Photo {
                lift,
                tilt: raw.tilt,
            },
            (None, Some(frames)) if raw.tilt.is_none() => CameraLift::Recording(frames),
            (None, Some(_)) => return Err(EvidenceShape::TiltWithRecording),
        };
        Ok(Self {
            rest: raw.rest,
            lift,
        })
    }
}

impl From<CameraEvidence> for RawEvidence {
    fn from(evidence: CameraEvidence) -> Self {
        let (lift, frames, tilt) = match evidence.lift {
            CameraLift::Photo { lift, tilt } => (Some(lift), None, tilt),
            CameraLift::Recording(frames) => (None, Some(frames), None),
        };
        Self {
            rest: evidence.rest,
            lift,
            frames,
            tilt,
        }
    }
}

/// What the camera found in a trial's pictures.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CameraFinding {
    /// The thigh's rise from the table, 0.1°: the trial's value.
    pub rise: Degrees,
    /// The hip's own extension, in degrees, 0.1°.
    pub hip: f64,
    /// The pelvis's tip, in degrees, 0.1°; positive when it tipped with the leg.
    pub pelvis: f64,
    /// The camera's slant the markers' shapes show, in degrees (photos only).
    pub camera_tilt_deg: Option<f64>,
    /// How the recording was held (recordings only).
    pub recording: Option<RecordingFinding>,
}

/// What a recording adds to a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RecordingFinding {
    /// How long the top was held, in whole ms.
    pub held_ms: u64,
    /// Frames whose markers were used.
    pub frames_used: usize,
    /// Frames skipped because their markers could not be read.
    pub frames_skipped: usize,
}

impl CameraFinding {
    /// The advice to keep the pelvis down, when it tipped with the leg by more than
    /// [`super::PELVIS_ADVICE_DEG`].
    pub fn pelvis_advice(&self) -> Option<String> {
        pelvis_advice(self.rise, self.hip, self.pelvis)
    }
}

impl From<MarkerAngles> for CameraFinding {
    fn from(found: MarkerAngles) -> Self {
        Self {
            rise: found.rise,
            hip: found.hip,
            pelvis: found.pelvis,
            camera_tilt_deg: Some(found.camera_tilt_deg),
            recording: None,
        }
    }
}

impl CameraEvidence {
    /// Two photos' markers, and the phone's tilt at each when the page could read it.
    pub fn photos(rest: MarkerFrame, lift: MarkerFrame, tilt: Option<PhoneTilt>) -> Self {
        Self {
            rest,
            lift: CameraLift::Photo { lift, tilt },
        }
    }

    /// A rest picture and a recording's frames.
    pub fn recording(rest: MarkerFrame, frames: Vec<TimedFrame>) -> Self {
        Self {
            rest,
            lift: CameraLift::Recording(frames),
        }
    }

    /// The rise and its parts, by [`analyse_photos`] or [`analyse_recording`], or why the
    /// pictures cannot be trusted.
    pub fn analyse(&self, side: Side) -> Result<CameraFinding, CameraProblem> {
        match &self.lift {
            CameraLift::Photo { lift, tilt } => {
                analyse_photos(side, &self.rest, lift, *tilt).map(CameraFinding::from)
            }
            CameraLift::Recording(frames) => {
                let timed: Vec<(u64, MarkerFrame)> =
                    frames.iter().map(|f| (f.t_ms, f.markers.clone())).collect();
                let held = analyse_recording(side, &self.rest, &timed)?;
                Ok(CameraFinding {
                    rise: held.rise,
                    hip: held.hip,
                    pelvis: held.pelvis,
                    camera_tilt_deg: None,
                    recording: Some(RecordingFinding {
                        held_ms: held.held_ms as u64,
                        frames_used: held.frames_used,
                        frames_skipped: held.frames_skipped,
                    }),
                })
            }
        }
    }
}

/// Which of a camera trial's two photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Picture {
    /// The photo with the leg resting on the table.
    Rest,
    /// The photo at the top of the lift.
    Lift,
}

impl Picture {
    /// Both, in the order they are taken.
    pub const BOTH: [Picture; 2] = [Picture::Rest, Picture::Lift];

    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Picture::Rest => "rest",
            Picture::Lift => "lift",
        }
    }
}

impl std::str::FromStr for Picture {
    type Err = crate::InputError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "rest" => Ok(Picture::Rest),
            "lift" => Ok(Picture::Lift),
            _ => Err(crate::InputError::NotUnderstood {
                what: "photo",
                got: text.to_string(),
                expected: "use rest or lift",
            }),
        }
    }
}

/// The kinds of photo file kept: what cameras and browsers save.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PhotoType {
    /// `image/jpeg`.
    #[serde(rename = "image/jpeg")]
    Jpeg,
    /// `image/png`.
    #[serde(rename = "image/png")]
    Png,
}

impl PhotoType {
    /// The media type.
    pub fn as_str(self) -> &'static str {
        match self {
            PhotoType::Jpeg => "image/jpeg",
            PhotoType::Png => "image/png",
        }
    }

    /// The type a file's first bytes show, if it is one of these.
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(PhotoType::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(PhotoType::Png)
        } else {
            None
        }
    }
}

impl std::str::FromStr for PhotoType {
    type Err = crate::InputError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "image/jpeg" => Ok(PhotoType::Jpeg),
            "image/png" => Ok(PhotoType::Png),
            _ => Err(crate::InputError::NotUnderstood {
                what: "photo type",
                got: text.to_string(),
                expected: "use image/jpeg or image/png",
            }),
        }
    }
}

/// A camera trial's photo, kept only where its profile's owner turned keeping photos on
/// ([`crate::Profile::keep_photos`]): the file as the camera saved it.
#[derive(Clone, PartialEq, Eq)]
pub struct KeptPhoto {
    /// Which photo.
    pub picture: Picture,
    /// Its file type.
    pub media_type: PhotoType,
    /// The file.
    pub bytes: Vec<u8>,
}

/// The size and kind, never the pixels: photos stay out of logs and test output.
impl std::fmt::Debug for KeptPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "KeptPhoto({}, {}, {} bytes)",
            self.picture.as_str(),
            self.media_type.as_str(),
            self.bytes.len()
        )
    }
}
