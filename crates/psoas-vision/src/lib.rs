//! Decoding photos and finding the printed markers in them: the image half of the camera
//! measurement, whose geometry is [`psoas_core::camera`].
//!
//! A photo's bytes become a grey [`Photo`] with [`decode`] (JPEG or PNG, upright as the
//! camera's EXIF orientation says, refused when too large, damaged or edited), and its
//! markers a [`MarkerFrame`](psoas_core::camera::MarkerFrame) with [`find_markers`]. Every
//! refusal is a [`PhotoError`] with a sentence for people.
//!
//! ```
//! use psoas_core::Side;
//! use psoas_core::camera::analyse_photos;
//! use psoas_vision::testing::{Scene, encode_png};
//!
//! let rest = Scene::side(Side::Left, 0.0, 0.0).render();
//! let lift = Scene::side(Side::Left, 20.0, 4.0).render();
//! let rest = psoas_vision::find_markers(&psoas_vision::decode(&encode_png(&rest)).unwrap()).unwrap();
//! let lift = psoas_vision::find_markers(&psoas_vision::decode(&encode_png(&lift)).unwrap()).unwrap();
//! let angles = analyse_photos(Side::Left, &rest, &lift, None).unwrap();
//! assert!((angles.rise.value() - 20.0).abs() <= 0.5);
//! ```
//!
//! # Detector
//!
//! [`kornia-apriltag`](kornia_apriltag), pure Rust: no C compiler to build it, about 10 ms for
//! a 1280 x 720 photo when the first look finds the markers. See [`find_markers`] for the
//! looks at different sizes, which detections are kept and the order of a marker's corners.

mod error;
mod markers;
mod photo;
mod tag;
pub mod testing;

pub use error::PhotoError;
pub use markers::{MAX_HAMMING, QUARTER_FROM_PX, find_markers};
pub use photo::{
    MAX_PHOTO_BYTES, MAX_PIXELS, MAX_SIDE_PX, MIN_LONG_SIDE_PX, MIN_SHORT_SIDE_PX, Photo, decode,
};
pub use tag::{TAG_CELLS, tag_cells};
