//! Reading a photo's bytes into the grey image the detector reads: the formats accepted, the
//! limits that refuse a file before its pixels are allocated, the camera's orientation, and
//! the refusal of edited pictures.

use std::io::Cursor;

use image::{
    DynamicImage, ImageDecoder, ImageError, ImageFormat, ImageReader, Limits,
    error::{LimitError, LimitErrorKind},
};

use crate::PhotoError;

/// Most bytes a photo file may have. A 48-megapixel phone photo at its best JPEG quality is
/// about 25 MB and a 12-megapixel PNG about 35 MB; a larger file is not one photo.
pub const MAX_PHOTO_BYTES: usize = 50_000_000;

/// Most pixels a photo may have. The largest phone sensors take 48-50 megapixels but save 12
/// by default; a 40-megapixel grey copy is 40 MB, and its decoding (up to 8 bytes a pixel for
/// a 16-bit PNG) stays within a few hundred MB.
pub const MAX_PIXELS: u64 = 40_000_000;

/// Most px on a photo's longer side: a 3:1 panorama of 40 megapixels is about 11000 px wide;
/// a longer strip is not a photo of a person lying down.
pub const MAX_SIDE_PX: u32 = 20_000;

/// Fewest px on a photo's longer side: the markers lie along it, at least 60 px apart
/// (`psoas_core::camera::MIN_SEGMENT_PX`) and at least 20 px wide each, with their white
/// margins, so three need 160 px.
pub const MIN_LONG_SIDE_PX: u32 = 160;

/// Fewest px on a photo's shorter side: one marker of 20 px with its white margin.
pub const MIN_SHORT_SIDE_PX: u32 = 32;

/// What the decoder may allocate at once: the pixels of the largest photo allowed at 8 bytes
/// each, plus working room. Counted by `image` before it allocates the picture.
const MAX_DECODE_ALLOC: u64 = MAX_PIXELS * 8 + 64 * 1024 * 1024;

/// A decoded photo, upright as the camera meant it to be seen, in 8-bit grey.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    grey: image::GrayImage,
}

impl Photo {
    /// Width in px, after the camera's orientation was applied.
    pub fn width(&self) -> u32 {
        self.grey.width()
    }

    /// Height in px, after the camera's orientation was applied.
    pub fn height(&self) -> u32 {
        self.grey.height()
    }

    /// The grey pixels, row by row from the top left, one byte each.
    pub fn pixels(&self) -> &[u8] {
        self.grey.as_raw()
    }

    /// A photo from grey pixels already in memory (a video frame, a test's drawing), checked
    /// as a decoded file is: its size, and the pixels matching it.
    pub fn from_grey(width: u32, height: u32, pixels: Vec<u8>) -> Result<Self, PhotoError> {
        check_size(width, height)?;
        let grey = image::GrayImage::from_raw(width, height, pixels).ok_or_else(|| {
            PhotoError::Damaged {
                detail: format!("the pixels do not fill {width} x {height} px"),
            }
        })?;
        Ok(Self { grey })
    }
}

/// Reads a JPEG or PNG photo, turns it the way the camera recorded it was held (its EXIF
/// orientation), and makes it grey for the detector. Refuses, before decoding any pixels, a
/// file over [`MAX_PHOTO_BYTES`] or a picture over [`MAX_PIXELS`]; after decoding, a picture
/// with transparent pixels.
pub fn decode(bytes: &[u8]) -> Result<Photo, PhotoError> {
    if bytes.len() > MAX_PHOTO_BYTES {
        return Err(PhotoError::TooLarge { bytes: bytes.len() });
    }
    let format = match image::guess_format(bytes) {
        Ok(format @ (ImageFormat::Jpeg | ImageFormat::Png)) => format,
        Ok(other) => {
            return Err(PhotoError::NotAnImage {
                found: Some(format_name(other)),
            });
        }
        Err(_) => return Err(PhotoError::NotAnImage { found: None }),
    };
    if format == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(PhotoError::Damaged {
            detail: "the JPEG data stops before its end marker".to_owned(),
        });
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_alloc = Some(MAX_DECODE_ALLOC);
    reader.limits(limits);
    // Only the header has been read here: the size is checked before the pixels exist.
    let mut decoder = reader.into_decoder().map_err(damaged)?;
    let (width, height) = decoder.dimensions();
    check_size(width, height)?;
    // A damaged EXIF block is not a damaged photo: its pixels are still as the sensor saw them.
    let orientation = decoder
        .orientation()
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let has_alpha = decoder.color_type().has_alpha();
    let mut picture = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        ImageError::Limits(_) => PhotoError::TooManyPixels { width, height },
        other => damaged(other),
    })?;
    if has_alpha && uses_transparency(&picture) {
        return Err(PhotoError::Transparent);
    }
    picture.apply_orientation(orientation);
    Ok(Photo {
        grey: picture.into_luma8(),
    })
}

/// Whether a JPEG's segments run through to its end marker. The decoder fills a cut-short
/// photo with grey and says nothing, and a photo half missing would be measured; walking the
/// segments (not searching for the end marker, which an embedded thumbnail also has) tells.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2; // past the start marker
    loop {
        // Fill bytes may precede a marker.
        while bytes.get(at) == Some(&0xff) && bytes.get(at + 1) == Some(&0xff) {
            at += 1;
        }
        let (Some(&0xff), Some(&marker)) = (bytes.get(at), bytes.get(at + 1)) else {
            return false;
        };
        at += 2;
        match marker {
            0xd9 => return true,
            // Markers without a length.
            0x01 | 0xd0..=0xd7 => continue,
            _ => {}
        }
        let Some(length) = bytes
            .get(at..at + 2)
            .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
        else {
            return false;
        };
        at += length;
        if marker == 0xda {
            // Entropy-coded data runs to the next marker that is neither a stuffed byte nor
            // a restart marker.
            loop {
                match (bytes.get(at), bytes.get(at + 1)) {
                    (Some(&0xff), Some(&(0x00 | 0xd0..=0xd7))) => at += 2,
                    (Some(&0xff), Some(_)) => break,
                    (Some(_), _) => at += 1,
                    (None, _) => return false,
                }
            }
        }
    }
}

fn check_size(width: u32, height: u32) -> Result<(), PhotoError> {
    let (long, short) = (width.max(height), width.min(height));
    if u64::from(width) * u64::from(height) > MAX_PIXELS || long > MAX_SIDE_PX {
        return Err(PhotoError::TooManyPixels { width, height });
    }
    if long < MIN_LONG_SIDE_PX || short < MIN_SHORT_SIDE_PX {
        return Err(PhotoError::TooSmall { width, height });
    }
    Ok(())
}

/// Whether any pixel is less than fully opaque; an alpha channel every pixel leaves opaque
/// (some editors and screenshots save one) changes nothing.
fn uses_transparency(picture: &DynamicImage) -> bool {
    match picture {
        DynamicImage::ImageLumaA8(p) => p.pixels().any(|px| px.0[1] != u8::MAX),
        DynamicImage::ImageRgba8(p) => p.pixels().any(|px| px.0[3] != u8::MAX),
        DynamicImage::ImageLumaA16(p) => p.pixels().any(|px| px.0[1] != u16::MAX),
        DynamicImage::ImageRgba16(p) => p.pixels().any(|px| px.0[3] != u16::MAX),
        DynamicImage::ImageRgba32F(p) => p.pixels().any(|px| px.0[3] < 1.0),
        _ => false,
    }
}

fn damaged(error: ImageError) -> PhotoError {
    match error {
        // A limit hit while reading the header: the declared size is past any limit.
        ImageError::Limits(limit) if is_dimension_limit(&limit) => PhotoError::Damaged {
            detail: "its declared size is impossible".to_owned(),
        },
        other => PhotoError::Damaged {
            detail: other.to_string(),
        },
    }
}

fn is_dimension_limit(limit: &LimitError) -> bool {
    matches!(limit.kind(), LimitErrorKind::DimensionError)
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Gif => "a GIF image",
        ImageFormat::WebP => "a WebP image",
        ImageFormat::Avif => "an AVIF image",
        ImageFormat::Tiff => "a TIFF image",
        ImageFormat::Bmp => "a BMP image",
        ImageFormat::Ico => "an icon",
        ImageFormat::Hdr | ImageFormat::OpenExr => "an HDR image",
        _ => "another kind of image",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_at_the_limits_is_accepted_and_one_pixel_past_is_not() {
        assert!(check_size(8000, 5000).is_ok());
        assert!(matches!(
            check_size(8000, 5001),
            Err(PhotoError::TooManyPixels { .. })
        ));
        assert!(check_size(MAX_SIDE_PX, 100).is_ok());
        assert!(matches!(
            check_size(MAX_SIDE_PX + 1, 100),
            Err(PhotoError::TooManyPixels { .. })
        ));
        assert!(check_size(MIN_LONG_SIDE_PX, MIN_SHORT_SIDE_PX).is_ok());
        assert!(matches!(
            check_size(MIN_LONG_SIDE_PX - 1, MIN_SHORT_SIDE_PX),
            Err(PhotoError::TooSmall { .. })
        ));
        assert!(matches!(
            check_size(1000, MIN_SHORT_SIDE_PX - 1),
            Err(PhotoError::TooSmall { .. })
        ));
    }

    #[test]
    fn grey_pixels_that_do_not_fill_the_size_are_refused() {
        let err = Photo::from_grey(200, 100, vec![0; 200 * 100 - 1]).unwrap_err();
        assert_eq!(err.code(), "damaged");
        assert!(Photo::from_grey(200, 100, vec![0; 200 * 100]).is_ok());
    }
}
