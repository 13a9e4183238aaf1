//! Finding the protocol's printed markers in a photo: the detector's settings, which of its
//! detections are kept, and the refusals of photos with spare markers in view.

use kornia_apriltag::{
    AprilTagDecoder, DecodeTagsConfig, decoder::Detection, family::TagFamilyKind,
};
use kornia_image::{Image, ImageSize};
use psoas_core::camera::{MARKER_IDS, MarkerFrame, Pixel, SeenMarker, marker_of};

use crate::{MIN_SHORT_SIDE_PX, Photo, PhotoError};

/// Shorter side, in px, from which the detector first looks at every fourth pixel.
///
/// The detector (kornia-apriltag 0.2) finds a marker reliably only while its cells are about
/// 2.5 to 5 px in the image it reads; at 7 px and more it misses most (drawn photos: markers
/// of 120 px in a 4000 x 3000 photo, none of three found whole, two at half size, three at a
/// quarter; of 60 px, 3 of 58 places missed whole, none at half size). So the photo is read
/// coarse to fine, a quarter (photos this large only), a half, then whole for markers down to
/// 20 px, stopping once one side's three markers are found; what each pass adds is kept.
pub const QUARTER_FROM_PX: u32 = 1400;

/// Most bits of a marker's code the detector may have misread. tag36h11 codes differ in at
/// least 11 bits, so one misread bit could not turn one of our ids into another, but a
/// misread bit means a blurred or badly lit marker whose corners are misplaced too, and the
/// angles come from those corners: such a marker is left out and named as missing.
pub const MAX_HAMMING: u8 = 0;

/// Where the detector splits black from white, between a neighbourhood's darkest (0) and
/// lightest (1) grey. Measured on drawn photos with blur and noise (tests/vision, one tag at
/// 58 places, read whole): the crate's default of 0.33 found 39, the classic 0.5 found 55,
/// 0.6 found 55 and also a tag 0.5 lost to one grey level of noise, 0.7 found 45. Read at half
/// size first, 0.6 found all three markers of the drawn bodies in the first pass, where 0.33
/// and 0.5 needed the second.
const THRESHOLD_SPLIT: f32 = 0.6;

/// Two detections of one id closer than this, in px, are one marker seen by two passes.
const SAME_PLACE_PX: f64 = 5.0;

fn distance(a: Pixel, b: Pixel) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// Finds the protocol's markers (tag36h11, ids 0-5) in a photo and hands them on as the
/// core's [`MarkerFrame`], in the photo's pixels (x right, y down).
///
/// Each marker's corners are in the printed tag's own order, whatever its turn in the photo:
/// its top left, top right, bottom right, bottom left as printed (clockwise as seen from the
/// front). The detector gives the corners in the order its edge-following found them; the
/// order here comes from the decoded tag's own frame, so a marker turned upside down has its
/// printed top left at the bottom right of the photo.
///
/// Tags of other families or ids are left out. Refused: more tags of any kind than the core
/// takes in one image, more than six of ours, and one of ours twice (a spare sheet in view).
pub fn find_markers(photo: &Photo) -> Result<MarkerFrame, PhotoError> {
    let mut factors = vec![2, 1];
    if photo.width().min(photo.height()) >= QUARTER_FROM_PX {
        factors.insert(0, 4);
    }
    let mut found: Vec<SeenMarker> = Vec::new();
    // A look so coarse that the image is narrower than one marker with its margin finds
    // nothing, and the detector is not built for images a few px across.
    let short = photo.width().min(photo.height()) as usize;
    factors.retain(|&f| short / f >= MIN_SHORT_SIDE_PX as usize);
    for factor in factors {
        if has_a_side(&found) {
            break;
        }
        for m in detect(photo, factor)? {
            let same = |other: &SeenMarker| {
                other.id() == m.id() && distance(other.centre(), m.centre()) < SAME_PLACE_PX
            };
            if !found.iter().any(same) {
                found.push(m);
            }
        }
    }
    let (width, height) = (photo.width(), photo.height());
    // The core's own limit on detections, so a photo of a tag poster is refused as the
    // browser's detector output would be.
    let all = MarkerFrame::new(width, height, found)?;
    let ours: Vec<SeenMarker> = all
        .markers()
        .iter()
        .filter(|m| marker_of(m.id()).is_some())
        .cloned()
        .collect();
    if ours.len() > MARKER_IDS.len() {
        return Err(PhotoError::TooManyMarkers { found: ours.len() });
    }
    for (i, m) in ours.iter().enumerate() {
        if ours[..i].iter().any(|other| other.id() == m.id())
            && let Some((_, role)) = marker_of(m.id())
        {
            return Err(PhotoError::SameMarkerTwice { id: m.id(), role });
        }
    }
    Ok(MarkerFrame::new(width, height, ours)?)
}

/// Whether all three markers of one side were found.
fn has_a_side(found: &[SeenMarker]) -> bool {
    [0u16, 3]
        .iter()
        .any(|first| (*first..first + 3).all(|id| found.iter().any(|m| m.id() == id)))
}

fn detect(photo: &Photo, factor: usize) -> Result<Vec<SeenMarker>, PhotoError> {
    let failed = |e: kornia_apriltag::errors::AprilTagError| PhotoError::Detector {
        detail: e.to_string(),
    };
    let size = ImageSize {
        width: photo.width() as usize,
        height: photo.height() as usize,
    };
    let image = Image::<u8, 1>::from_size_slice(size, photo.pixels()).map_err(|e| {
        PhotoError::Detector {
            detail: e.to_string(),
        }
    })?;
    let mut config = DecodeTagsConfig::new(vec![TagFamilyKind::Tag36H11]).map_err(failed)?;
    config.downscale_factor = factor;
    // The smallest black square searched for, in the (decimated) image's px: as the family's
    // default, 8 cells at one px each, scaled by the decimation.
    config.min_tag_width = (8 / factor).max(3);
    config.threshold_split = THRESHOLD_SPLIT;
    let mut decoder = AprilTagDecoder::new(config, size).map_err(failed)?;
    let detections = decoder.decode(&image).map_err(failed)?;
    // The limit is a setting (0 today), so the comparison stays as it would read at 1.
    #[allow(clippy::absurd_extreme_comparisons)]
    let readable = |d: &&Detection| d.hamming <= MAX_HAMMING;
    detections
        .iter()
        .filter(|d| d.tag_family_kind == TagFamilyKind::Tag36H11)
        .filter(readable)
        .map(seen)
        .collect()
}

fn seen(d: &Detection) -> Result<SeenMarker, PhotoError> {
    // The decoded homography maps the printed tag's frame (x right, y down, -1 to 1 across
    // the black square) into the photo, whatever the order the quad's corners were found in.
    let at = |x: f32, y: f32| -> Pixel {
        let p = d.quad.homography_project(x, y);
        (f64::from(p.x), f64::from(p.y))
    };
    let corners = [at(-1.0, -1.0), at(1.0, -1.0), at(1.0, 1.0), at(-1.0, 1.0)];
    let centre = (f64::from(d.center.x), f64::from(d.center.y));
    Ok(SeenMarker::new(d.id, centre, corners)?)
}
