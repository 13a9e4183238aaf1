//! Why a photo was refused before its markers could be measured, each in a sentence a person
//! understands, ending with what to do.

use psoas_core::camera::{CameraProblem, MarkerRole};

use crate::photo::{MAX_PHOTO_BYTES, MAX_PIXELS, MAX_SIDE_PX, MIN_LONG_SIDE_PX, MIN_SHORT_SIDE_PX};

/// Why a photo could not be read, or its markers not handed on.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PhotoError {
    /// The bytes are not a JPEG or a PNG.
    #[error(
        "the file is not a photo this app can read{}: send the photo as a JPEG (.jpg) or PNG \
         (.png) file, as the phone's camera saves it",
        match found { Some(format) => format!(" (it looks like {format})"), None => String::new() }
    )]
    NotAnImage {
        /// The format the bytes look like, when it is one we do not read.
        found: Option<&'static str>,
    },
    /// The file starts as a photo but its data is cut short or damaged.
    #[error(
        "the photo is damaged or cut short ({detail}): send the file again, as the camera \
         saved it"
    )]
    Damaged {
        /// What the decoder said, for someone who reports it.
        detail: String,
    },
    /// The file is larger than a phone photo.
    #[error(
        "the file is {:.1} MB, more than the {} MB a photo may be: send the photo as the \
         phone's camera took it, or a smaller copy",
        *bytes as f64 / 1e6,
        MAX_PHOTO_BYTES / 1_000_000
    )]
    TooLarge {
        /// The file's size in bytes.
        bytes: usize,
    },
    /// The photo has more pixels than a phone camera takes.
    #[error(
        "the photo is {width} x {height} px ({:.0} megapixels), more than the {} megapixels \
         (and {MAX_SIDE_PX} px a side) a photo may have: send a smaller copy, for example the \
         phone's own 12-megapixel setting",
        f64::from(*width) * f64::from(*height) / 1e6,
        MAX_PIXELS / 1_000_000
    )]
    TooManyPixels {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
    },
    /// A PNG with see-through pixels: an edited picture, not a camera's.
    #[error(
        "the picture has transparent parts, which a camera photo never has, so it was edited: \
         send the photo as the camera took it"
    )]
    Transparent,
    /// The photo is too small to hold three markers far enough apart.
    #[error(
        "the photo is only {width} x {height} px, too small to hold the three markers (at \
         least {MIN_LONG_SIDE_PX} x {MIN_SHORT_SIDE_PX} px): send the photo at the size the \
         camera took it"
    )]
    TooSmall {
        /// Width in px.
        width: u32,
        /// Height in px.
        height: u32,
    },
    /// More of the protocol's markers than one body carries.
    #[error(
        "the photo shows {found} of the protocol's markers, more than the six (three a side) \
         one person wears: cover or take away spare marker sheets and take the photo again"
    )]
    TooManyMarkers {
        /// How many of tags 0-5 were found.
        found: usize,
    },
    /// One of the protocol's markers appears twice.
    #[error(
        "tag {id} ({role}) appears twice in the photo, so it is not clear which is on the body: \
         cover or take away the spare print and take the photo again"
    )]
    SameMarkerTwice {
        /// The tag id.
        id: u16,
        /// Its role on the body.
        role: MarkerRole,
    },
    /// The core refused the markers found (for example far too many tags).
    #[error(transparent)]
    Markers(#[from] CameraProblem),
    /// The detector itself failed on an image it was given.
    #[error(
        "the marker detector could not read the photo ({detail}): take the photo again, and \
         report the problem if it comes back"
    )]
    Detector {
        /// What the detector said.
        detail: String,
    },
}

impl PhotoError {
    /// A stable name for the kind of problem, for programs (JSON, tests).
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::NotAnImage { .. } => "not_an_image",
            PhotoError::Damaged { .. } => "damaged",
            PhotoError::TooLarge { .. } => "too_large",
            PhotoError::TooManyPixels { .. } => "too_many_pixels",
            PhotoError::Transparent => "transparent",
            PhotoError::TooSmall { .. } => "too_small_photo",
            PhotoError::TooManyMarkers { .. } => "too_many_markers",
            PhotoError::SameMarkerTwice { .. } => "same_marker_twice",
            PhotoError::Markers(problem) => problem.code(),
            PhotoError::Detector { .. } => "detector_failed",
        }
    }
}
