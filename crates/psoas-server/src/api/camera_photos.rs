//! A camera trial's photos, for profiles whose owner keeps them: `PUT` one after the trial is
//! stored (the pages do when the profile keeps photos), `GET` it back. Profiles that do not
//! keep photos are refused: only the markers are kept for them.

use axum::body::{Body, Bytes};
use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use psoas_core::camera::{KeptPhoto, PhotoType, Picture};
use psoas_core::{MeasurementId, SessionId};
use utoipa::IntoParams;

use super::caller::Caller;
use super::camera::photo_type;
use super::extract::path_id;
use super::problem::{self, ApiError, ApiResult, Kind};
use crate::AppState;

/// Where a camera trial's photo is.
#[derive(IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)] // Read as a tuple by the handlers; this only documents the path.
struct PhotoPath {
    /// The session's id.
    id: uuid::Uuid,
    /// The camera trial's id.
    measurement_id: uuid::Uuid,
    /// Which photo: `rest` or `lift`.
    picture: String,
}

/// The trial and which of its photos a path names.
fn photo_path(
    (session, measurement, picture): &(String, String, String),
) -> ApiResult<(SessionId, MeasurementId, Picture)> {
    let picture = picture.parse::<Picture>().map_err(|_| {
        ApiError::new(
            Kind::NotFound,
            "A camera trial has two photos: 'rest' and 'lift'.",
        )
    })?;
    Ok((
        SessionId(path_id(session, "session")?),
        MeasurementId(path_id(measurement, "measurement")?),
        picture,
    ))
}

/// Keeps one photo of a camera trial.
///
/// The body is the photo itself as the camera saved it (`image/jpeg` or `image/png`, at most
/// 50 MB); a photo kept before in its place is replaced. Only where the trial's profile keeps
/// photos (`keep_photos`): otherwise a 409 says how to turn it on, and nothing is kept. A body
/// that is not the file its `Content-Type` names is a 422 problem of type `photo-refused`.
#[utoipa::path(
    put,
    path = "/sessions/{id}/measurements/{measurement_id}/photos/{picture}",
    tag = "sessions",
    params(PhotoPath),
    request_body(
        description = "The photo, as the camera saved it.",
        content(
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
        ),
    ),
    responses(
        (status = 204, description = "The photo is kept."),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn put_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> ApiResult<StatusCode> {
    let (session, measurement, picture) = photo_path(&path)?;
    let media_type = photo_type(&headers)?;
    if PhotoType::sniff(&body) != Some(media_type) {
        return Err(ApiError::photo_refused(
            "not_an_image",
            &format!(
                "The body is not a {} file: send the photo itself, as the camera saved it.",
                media_type.as_str()
            ),
        ));
    }
    let photo = KeptPhoto {
        picture,
        media_type,
        bytes: body.to_vec(),
    };
    state
        .store
        .keep_camera_photo(caller.scope(), session, measurement, &photo)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// One kept photo of a camera trial.
///
/// The file as it was kept, with its media type, never cached. A trial whose photo was not
/// kept (its profile keeps only markers), or one not in this session, is not found.
#[utoipa::path(
    get,
    path = "/sessions/{id}/measurements/{measurement_id}/photos/{picture}",
    tag = "sessions",
    params(PhotoPath),
    responses(
        (status = 200, description = "The photo.", content(
            (Vec<u8> = "image/jpeg"),
            (Vec<u8> = "image/png"),
        )),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_photo(
    State(state): State<AppState>,
    caller: Caller,
    Path(path): Path<(String, String, String)>,
) -> ApiResult<Response> {
    let (session, measurement, picture) = photo_path(&path)?;
    let photo = state
        .store
        .camera_photo(caller.scope(), session, measurement, picture)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                Kind::NotFound,
                "That photo was not kept: only profiles that keep photos have them, and only \
                 for trials measured by the camera.",
            )
        })?;
    Ok((
        [
            (CONTENT_TYPE, photo.media_type.as_str()),
            (CACHE_CONTROL, "no-store"),
        ],
        Body::from(photo.bytes),
    )
        .into_response())
}
