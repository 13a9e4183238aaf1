//! The camera with printed markers: `POST /camera/markers` finds the markers in one photo
//! (`psoas_vision`, as `psoas measure-photo` does), so a page can show them over its picture;
//! `POST /camera/angles` turns the markers of a rest photo and a lift photo of one side into
//! the thigh's rise, split into the hip's own extension and the pelvis's tip
//! (`psoas_core::camera::analyse_photos`, the same code the terminal runs), or says in words
//! why the photos cannot be trusted. Nothing is stored: not the photos, not the markers.

use axum::Json;
use axum::body::Bytes;
use axum::http::HeaderMap;
use axum::http::header::CONTENT_TYPE;
use psoas_core::camera::{
    self, MarkerAngles, MarkerFrame, PhonePose, PhoneTilt, PhotoType, SeenMarker,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::enums::Side;
use super::extract::ApiJson;
use super::problem::{self, ApiError, ApiResult, Kind};
use tokio::sync::Semaphore;

/// The largest photo accepted, in bytes (the decoder's own limit, said in its refusal).
pub const MAX_PHOTO_BODY_BYTES: usize = psoas_vision::MAX_PHOTO_BYTES;

/// Photos decoded at once: each takes a core for tens of milliseconds and up to a few
/// hundred megabytes for the largest, so more at once would only queue for the cores and
/// multiply the memory.
static PHOTO_WORK: Semaphore = Semaphore::const_new(2);

/// One printed marker as the detector found it in a photo (image pixels, x to the right,
/// y down).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FoundMarker {
    /// The tag's id (tag36h11): 0, 1, 2 are the left side's P, H, K; 3, 4, 5 the right's.
    #[schema(maximum = 65535, example = 1)]
    pub id: u16,
    /// Its centre, `[x, y]`.
    pub centre: [f64; 2],
    /// Its four corners, `[x, y]` each, in the detector's order around the tag.
    pub corners: [[f64; 2]; 4],
}

/// The markers found in one photo, with the photo's size.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FoundMarkers {
    /// The photo's width in pixels, after its orientation was applied.
    #[schema(minimum = 1, example = 4032)]
    pub width: u32,
    /// The photo's height in pixels.
    #[schema(minimum = 1, example = 3024)]
    pub height: u32,
    /// The markers found: the measured side's three each once (other ids are ignored).
    #[schema(max_items = 64)]
    pub markers: Vec<FoundMarker>,
}

/// The phone's tilt when a photo was taken, as the browser's `deviceorientation` gives it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneAngles {
    /// Front-back tilt in degrees (90 when the phone stands upright).
    #[schema(minimum = -180, maximum = 180, example = 89.2)]
    pub beta: f64,
    /// Left-right tilt in degrees.
    #[schema(minimum = -90, maximum = 90, example = 0.4)]
    pub gamma: f64,
}

/// The phone's tilt at each photo: with it, a phone leaning or turned between the photos is
/// refused.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhotoTilt {
    /// At the rest photo.
    pub rest: PhoneAngles,
    /// At the lift photo.
    pub lift: PhoneAngles,
}

/// Two photos' markers to measure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhotoPair {
    /// The side being measured, whose three markers must be in both photos.
    pub side: Side,
    /// The photo with the leg resting on the table.
    pub rest: FoundMarkers,
    /// The photo at the top of the lift, the camera not moved.
    pub lift: FoundMarkers,
    /// The phone's tilt at each photo, when the page could read it.
    #[serde(default)]
    pub tilt: Option<PhotoTilt>,
}

/// What two photos show.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CameraAngles {
    /// The thigh's rise from the table, in degrees (0.1°): the leg-raise reading.
    #[schema(example = 14.2)]
    pub rise_deg: f64,
    /// The hip's own extension, in degrees (0.1°).
    #[schema(example = 11.0)]
    pub hip_deg: f64,
    /// How far the pelvis tipped with the leg, in degrees (0.1°): rise = hip + pelvis.
    #[schema(example = 3.2)]
    pub pelvis_deg: f64,
    /// The camera's slant to the body the markers' shapes show, in degrees.
    #[schema(example = 2.5)]
    pub camera_tilt_deg: f64,
    /// Advice when the pelvis tipped more than a few degrees, else absent.
    #[schema(
        example = "The pelvis tipped 3.2° with the leg, so 11.0° of the 14.2° rise came from the hip: keep the pelvis down on the table and lift again."
    )]
    pub advice: Option<String>,
}

impl From<&MarkerFrame> for FoundMarkers {
    fn from(frame: &MarkerFrame) -> Self {
        let pair = |(x, y): (f64, f64)| [x, y];
        Self {
            width: frame.width(),
            height: frame.height(),
            markers: frame
                .markers()
                .iter()
                .map(|m| FoundMarker {
                    id: m.id(),
                    centre: pair(m.centre()),
                    corners: m.corners().map(pair),
                })
                .collect(),
        }
    }
}

impl From<MarkerAngles> for CameraAngles {
    fn from(found: MarkerAngles) -> Self {
        Self {
            rise_deg: found.rise.value(),
            hip_deg: found.hip,
            pelvis_deg: found.pelvis,
            camera_tilt_deg: found.camera_tilt_deg,
            advice: found.pelvis_advice(),
        }
    }
}

fn point([x, y]: [f64; 2]) -> (f64, f64) {
    (x, y)
}

/// A photo's markers as the core takes them. Values no detector sends (an empty image,
/// points off the image, more markers than a photo holds) are the request's fault: refused
/// as validation at their pointer, not as a photo to take again.
pub(super) fn frame(found: &FoundMarkers, at: &str) -> ApiResult<MarkerFrame> {
    let invalid = |problem: camera::CameraProblem| match problem {
        camera::CameraProblem::BadFrame { detail } => {
            ApiError::invalid(at, crate::sentence::capital(&detail))
        }
        other => ApiError::photo_refused(other.code(), &other),
    };
    if found.width == 0 || found.height == 0 {
        return Err(ApiError::invalid(
            format!("{at}/width"),
            "The photo's width and height must be at least 1 pixel",
        ));
    }
    if found.markers.len() > camera::MAX_MARKERS_PER_FRAME {
        return Err(ApiError::invalid(
            format!("{at}/markers"),
            format!(
                "At most {} markers a photo; send only those the detector found",
                camera::MAX_MARKERS_PER_FRAME
            ),
        ));
    }
    let markers = found
        .markers
        .iter()
        .map(|m| SeenMarker::new(m.id, point(m.centre), m.corners.map(point)))
        .collect::<Result<Vec<_>, _>>()
        .map_err(invalid)?;
    MarkerFrame::new(found.width, found.height, markers).map_err(invalid)
}

pub(super) fn pose(angles: &PhoneAngles, at: &str) -> ApiResult<PhonePose> {
    if !(-180.0..=180.0).contains(&angles.beta) {
        return Err(ApiError::invalid(
            format!("{at}/beta"),
            "The front-back tilt must be between -180 and 180 degrees",
        ));
    }
    if !(-90.0..=90.0).contains(&angles.gamma) {
        return Err(ApiError::invalid(
            format!("{at}/gamma"),
            "The left-right tilt must be between -90 and 90 degrees",
        ));
    }
    PhonePose::new(angles.beta, angles.gamma)
        .map_err(|problem| ApiError::invalid(at, crate::sentence::capital(&problem.to_string())))
}

/// The phone's tilt at both photos as the core takes it, refusals at `/tilt/...`.
pub(super) fn phone_tilt(tilt: &PhotoTilt) -> ApiResult<PhoneTilt> {
    Ok(PhoneTilt {
        rest: pose(&tilt.rest, "/tilt/rest")?,
        lift: pose(&tilt.lift, "/tilt/lift")?,
    })
}

impl From<&PhoneTilt> for PhotoTilt {
    fn from(tilt: &PhoneTilt) -> Self {
        let angles = |p: PhonePose| PhoneAngles {
            beta: p.beta(),
            gamma: p.gamma(),
        };
        Self {
            rest: angles(tilt.rest),
            lift: angles(tilt.lift),
        }
    }
}

/// The photo type a request says its body is: `image/jpeg` or `image/png`, else a 415.
pub(super) fn photo_type(headers: &HeaderMap) -> ApiResult<PhotoType> {
    headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
                .parse()
                .ok()
        })
        .ok_or_else(|| {
            ApiError::new(
                Kind::UnsupportedMediaType,
                "Send the photo itself as the body, with Content-Type: image/jpeg or image/png.",
            )
        })
}

/// Finds the printed markers in one photo.
///
/// The body is the photo itself, as the camera saved it: `Content-Type: image/jpeg` or
/// `image/png`, at most 50 MB and 40 megapixels; its EXIF orientation is applied first.
/// Anything else is a 415; a photo that is not readable (damaged, cut short, transparent,
/// too many pixels, too small, a spare sheet of markers in view) is a 422 problem of type
/// `https://psoas.example/problems/photo-refused` whose `detail` says what to do and whose
/// `reason` names the check. Only the protocol's tags (ids 0-5) come back. Nothing is kept.
#[utoipa::path(
    post,
    path = "/camera/markers",
    tag = "camera",
    request_body(
        description = "The photo, as the camera saved it.",
        content(
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
        ),
    ),
    responses(
        (status = 200, description = "The photo's size and the markers found in it.", body = FoundMarkers),
        problem::JsonWriteProblems,
    )
)]
pub async fn find_markers(
    _caller: Caller,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<Json<FoundMarkers>> {
    photo_type(&headers)?;
    let _turn = PHOTO_WORK
        .acquire()
        .await
        .map_err(|_| ApiError::new(Kind::Busy, "The server is stopping; try again later."))?;
    let found = tokio::task::spawn_blocking(move || {
        psoas_vision::decode(&body).and_then(|photo| psoas_vision::find_markers(&photo))
    })
    .await
    .map_err(ApiError::internal)?;
    let frame = found.map_err(|error| match error {
        psoas_vision::PhotoError::TooLarge { .. } => ApiError::new(
            Kind::PayloadTooLarge,
            crate::sentence::capital(&error.to_string()),
        ),
        other => ApiError::photo_refused(other.code(), &other),
    })?;
    Ok(Json(FoundMarkers::from(&frame)))
}

/// Measures the leg raise from the markers in a rest photo and a lift photo.
///
/// Values no detector sends (a photo of no pixels, points off it, more than 64 markers, tilts
/// out of range) are refused as `validation` at their pointer. Photos that cannot be trusted
/// (a marker missing, too small or blurred, the camera not square to the body or moved, the
/// phone leaning or turned between the photos, the markers in an impossible order or moved
/// on the skin, a rise no body makes) are refused with a 422 problem of type
/// `https://psoas.example/problems/photo-refused`, whose `detail` says what to do about it and
/// whose `reason` names the check. Nothing is stored.
#[utoipa::path(
    post,
    path = "/camera/angles",
    tag = "camera",
    request_body = PhotoPair,
    responses(
        (status = 200, description = "The rise, its hip and pelvis parts, and the camera's slant.", body = CameraAngles),
        problem::JsonWriteProblems,
    )
)]
pub async fn measure_angles(
    _caller: Caller,
    ApiJson(body): ApiJson<PhotoPair>,
) -> ApiResult<Json<CameraAngles>> {
    let rest = frame(&body.rest, "/rest")?;
    let lift = frame(&body.lift, "/lift")?;
    let tilt = body.tilt.as_ref().map(phone_tilt).transpose()?;
    let found = camera::analyse_photos(body.side.into(), &rest, &lift, tilt)
        .map_err(|problem| ApiError::photo_refused(problem.code(), &problem))?;
    Ok(Json(found.into()))
}
