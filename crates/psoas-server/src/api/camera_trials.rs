//! Camera trials kept in a session: `POST /sessions/{id}/camera` takes the markers the pages
//! found (through `POST /camera/markers`) in a rest picture and either a lift photo or a
//! recording's frames, lets the core work out the rise and its hip and pelvis parts
//! (`psoas_core::camera::CameraEvidence::analyse`, the code `psoas record --photo` runs), and
//! stores the trial with those markers; `GET .../measurements/{id}/camera` gives them back.
//! The photos themselves never reach this route: only coordinates are kept.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use psoas_core::camera::{CameraEvidence, CameraFinding, CameraLift, TimedFrame};
use psoas_core::{MeasurementId, Method, Reading, Test};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::camera::{FoundMarkers, PhotoTilt, frame, phone_tilt};
use super::enums::Side;
use super::extract::{ApiJson, path_id};
use super::problem::{self, ApiError, ApiResult};
use super::sessions::{check_open, load};
use super::views::{Measurement, NextStep};
use crate::AppState;
use crate::auth::now;

/// The largest camera-trial body accepted, in bytes: room for the most frames a recording
/// may send ([`MAX_RECORDING_FRAMES`]) with every coordinate at full precision. Other
/// requests keep the server's smaller limit.
pub const MAX_CAMERA_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Most frames one recording may send: two minutes at five frames a second, far more than a
/// lift and its hold take, and a bound on the work one request asks for.
pub const MAX_RECORDING_FRAMES: usize = 600;

/// One frame of a recording: its markers and when it was taken.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimedMarkers {
    /// Milliseconds since the recording started.
    #[schema(example = 250)]
    pub t_ms: u64,
    /// The markers `POST /camera/markers` found in the frame.
    pub markers: FoundMarkers,
}

/// A leg raise measured by the camera with printed markers: the rest picture's markers, and
/// either the lift photo's (`lift`, with the phone's `tilt` at both photos when the page
/// could read it) or a recording's frames (`frames`), never both.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCameraTrial {
    /// Which leg was lifted: its three markers must be in every picture.
    pub side: Side,
    /// The picture with the leg resting on the table.
    pub rest: FoundMarkers,
    /// The photo at the top of the lift, the camera not moved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lift: Option<FoundMarkers>,
    /// A recording's frames, a few a second, in any order (at most 600).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_items = 600)]
    pub frames: Option<Vec<TimedMarkers>>,
    /// The phone's tilt at each photo, when the page could read it (photos only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tilt: Option<PhotoTilt>,
}

/// What the markers showed.
#[derive(Debug, Serialize, ToSchema)]
pub struct CameraTrialAnalysis {
    /// The thigh's rise from the table, in degrees (0.1°): the trial's value.
    #[schema(example = 14.2)]
    pub rise_deg: f64,
    /// The hip's own extension, in degrees (0.1°).
    #[schema(example = 11.0)]
    pub hip_deg: f64,
    /// How far the pelvis tipped with the leg, in degrees (0.1°): rise = hip + pelvis.
    #[schema(example = 3.2)]
    pub pelvis_deg: f64,
    /// The camera's slant to the body the markers' shapes show, in degrees (photos only).
    pub camera_tilt_deg: Option<f64>,
    /// How long the top was held, in ms (recordings only).
    pub held_ms: Option<u64>,
    /// Frames whose markers were used (recordings only).
    pub frames_used: Option<usize>,
    /// Frames skipped because their markers could not be read (recordings only).
    pub frames_skipped: Option<usize>,
    /// The advice to keep the pelvis down when it tipped more than a few degrees, else absent.
    pub advice: Option<String>,
}

impl From<&CameraFinding> for CameraTrialAnalysis {
    fn from(found: &CameraFinding) -> Self {
        Self {
            rise_deg: found.rise.value(),
            hip_deg: found.hip,
            pelvis_deg: found.pelvis,
            camera_tilt_deg: found.camera_tilt_deg,
            held_ms: found.recording.map(|r| r.held_ms),
            frames_used: found.recording.map(|r| r.frames_used),
            frames_skipped: found.recording.map(|r| r.frames_skipped),
            advice: found.pelvis_advice(),
        }
    }
}

/// A camera trial as stored: the trial, what the markers showed, and what comes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedCameraTrial {
    /// The trial: a leg raise by `camera_markers`, read as an angle.
    pub measurement: Measurement,
    /// What the markers showed.
    pub analysis: CameraTrialAnalysis,
    /// What to do next in the session.
    pub next_step: NextStep,
}

/// The request's markers as the core keeps them; its shape refused at its pointer.
fn evidence(body: &NewCameraTrial) -> ApiResult<CameraEvidence> {
    let rest = frame(&body.rest, "/rest")?;
    match (&body.lift, &body.frames, &body.tilt) {
        (Some(lift), None, tilt) => Ok(CameraEvidence::photos(
            rest,
            frame(lift, "/lift")?,
            tilt.as_ref().map(phone_tilt).transpose()?,
        )),
        (None, Some(frames), None) => {
            if frames.len() > MAX_RECORDING_FRAMES {
                return Err(ApiError::invalid(
                    "/frames",
                    format!(
                        "At most {MAX_RECORDING_FRAMES} frames a recording (two minutes at five \
                         a second); record the lift again, shorter"
                    ),
                ));
            }
            let timed = frames
                .iter()
                .enumerate()
                .map(|(i, f)| {
                    Ok(TimedFrame {
                        t_ms: f.t_ms,
                        markers: frame(&f.markers, &format!("/frames/{i}/markers"))?,
                    })
                })
                .collect::<ApiResult<Vec<_>>>()?;
            Ok(CameraEvidence::recording(rest, timed))
        }
        (Some(_), Some(_), _) => Err(ApiError::invalid(
            "/frames",
            "Send either the lift photo's markers or the recording's frames, not both",
        )),
        (None, None, _) => Err(ApiError::invalid(
            "/lift",
            "Send the lift photo's markers (lift) or the recording's frames (frames)",
        )),
        (None, Some(_), Some(_)) => Err(ApiError::invalid(
            "/tilt",
            "The phone's tilt goes with two photos, not with a recording; leave it out",
        )),
    }
}

/// Records a leg-raise trial measured by the camera with printed markers.
///
/// The server works out the thigh's rise from the markers, with the hip's own extension and
/// the pelvis's tip (for a recording, over the highest steady window of at least a second,
/// found as for the phone inclinometer), and stores the trial as the next trial number on
/// that side in the session's current phase, with the markers, so the angles can be worked
/// out again. Photos whose markers cannot be trusted (a marker missing, too small or
/// blurred, the camera not square or moved, the markers out of order or moved on the skin, a
/// recording with gaps or no held top, a rise no body makes) are refused with a 422 problem
/// of type `https://psoas.example/problems/photo-refused`, whose `detail` says what to do and
/// whose `reason` names the check; nothing is stored then. Values no detector sends are
/// refused as `validation` at their pointer. Bodies up to 4 MiB are taken.
#[utoipa::path(
    post,
    path = "/sessions/{id}/camera",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = NewCameraTrial,
    responses(
        (status = 201, description = "The trial as stored, what the markers showed, and the next step.", body = RecordedCameraTrial),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn add_camera_trial(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewCameraTrial>,
) -> ApiResult<(StatusCode, Json<RecordedCameraTrial>)> {
    let (mut record, _) = load(&state, &caller, &id).await?;
    check_open(&record)?;
    let evidence = evidence(&body)?;
    let found = evidence
        .analyse(body.side.into())
        .map_err(|problem| ApiError::photo_refused(problem.code(), &problem))?;
    let measurement = record
        .new_trial(
            None,
            Test::LegRaise,
            body.side.into(),
            None,
            Method::CameraMarkers,
            Some(Reading::Angle {
                degrees: found.rise,
            }),
            false,
            now(),
        )
        .map_err(ApiError::from)?;
    state
        .store
        .add_measurement_with_camera(caller.scope(), record.session.id, &measurement, &evidence)
        .await?;
    let view = Measurement::from(&measurement);
    record.measurements.push(measurement);
    Ok((
        StatusCode::CREATED,
        Json(RecordedCameraTrial {
            measurement: view,
            analysis: CameraTrialAnalysis::from(&found),
            next_step: record.next_step().into(),
        }),
    ))
}

/// A stored trial's markers in the shape they were sent in.
fn as_sent(side: Side, evidence: &CameraEvidence) -> NewCameraTrial {
    let (lift, frames, tilt) = match &evidence.lift {
        CameraLift::Photo { lift, tilt } => {
            (Some(lift.into()), None, tilt.as_ref().map(PhotoTilt::from))
        }
        CameraLift::Recording(frames) => (
            None,
            Some(
                frames
                    .iter()
                    .map(|f| TimedMarkers {
                        t_ms: f.t_ms,
                        markers: (&f.markers).into(),
                    })
                    .collect(),
            ),
            None,
        ),
    };
    NewCameraTrial {
        side,
        rest: (&evidence.rest).into(),
        lift,
        frames,
        tilt,
    }
}

/// The markers a camera trial was measured from.
///
/// Only trials recorded through `POST .../camera` have them; any other trial, or one not in
/// this session, is not found. The body is the trial's `side` with the markers as they were
/// sent, so posting it to `POST /camera/angles` (photos) gives the same angles again.
#[utoipa::path(
    get,
    path = "/sessions/{id}/measurements/{measurement_id}/camera",
    tag = "sessions",
    params(
        ("id" = Uuid, Path, description = "The session's id."),
        ("measurement_id" = Uuid, Path, description = "The trial's id."),
    ),
    responses(
        (status = 200, description = "The trial's side and markers.", body = NewCameraTrial),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_camera_markers(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, measurement_id)): Path<(String, String)>,
) -> ApiResult<Json<NewCameraTrial>> {
    let (record, _) = load(&state, &caller, &id).await?;
    let measurement = MeasurementId(path_id(&measurement_id, "measurement")?);
    let not_camera = || {
        ApiError::new(
            problem::Kind::NotFound,
            "That trial has no camera markers: it was typed in or measured another way. Only \
             trials recorded with the camera have them.",
        )
    };
    let evidence = state
        .store
        .measurement_camera(caller.scope(), record.session.id, measurement)
        .await?
        .ok_or_else(not_camera)?;
    let side = record
        .measurements
        .iter()
        .find(|m| m.id == measurement)
        .map(|m| m.side)
        .ok_or_else(not_camera)?;
    Ok(Json(as_sent(side.into(), &evidence)))
}
