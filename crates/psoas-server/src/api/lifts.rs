//! The phone as an inclinometer: `POST /sessions/{id}/lifts` takes the raw orientation
//! readings the web app's inclinometer page recorded, lets the core find the held leg-raise
//! angle (`psoas_core::inclinometer::analyse_lift`, the same code `psoas record --series`
//! runs), and stores the trial together with its readings; `GET .../measurements/{id}/series`
//! gives the readings back, e.g. to import them into the terminal tool.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use psoas_core::inclinometer::{OrientationSample, RecordedLift, analyse_lift};
use psoas_core::{MeasurementId, Reading, Test};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::enums::Side;
use super::extract::{ApiJson, path_id};
use super::problem::{self, ApiError, ApiResult};
use super::sessions::{check_open, load};
use super::views::{Measurement, NextStep};
use crate::AppState;
use crate::auth::now;

/// The largest lift body accepted, in bytes: room for the longest series the analysis takes
/// (36 000 readings, ten minutes at 60 Hz) even with every number at full precision. Other
/// requests keep the server's smaller limit.
pub const MAX_LIFT_BODY_BYTES: usize = 4 * 1024 * 1024;

/// One reading of the browser's `deviceorientation` event.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrientationReading {
    /// Milliseconds since the recording started.
    #[schema(example = 16.7)]
    pub t_ms: f64,
    /// Front-back tilt in degrees, -180 to 180 (0 lying flat, positive with the top raised).
    #[schema(minimum = -180, maximum = 180, example = 12.4)]
    pub beta: f64,
    /// Left-right tilt in degrees, -90 to 90.
    #[schema(minimum = -90, maximum = 90, example = -0.6)]
    pub gamma: f64,
    /// The compass heading, as the event gives it: not used, and not kept.
    #[serde(default, skip_serializing)]
    pub alpha: Option<f64>,
}

/// A recorded lift: readings with the phone flat on the table (the zero pose), then the lift
/// itself with the phone lengthwise on the back of the thigh just above the knee: resting for
/// at least half a second, rising, the top held for a second, and maybe lowered to rest again.
/// The same JSON as `psoas record --series FILE` reads.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LiftSeries {
    /// Readings with the phone flat on the table, screen up (at least 10).
    pub zero: Vec<OrientationReading>,
    /// Readings with the phone on the thigh (at most 36 000).
    pub samples: Vec<OrientationReading>,
}

fn to_core(readings: &[OrientationReading]) -> Vec<OrientationSample> {
    readings
        .iter()
        .map(|r| OrientationSample {
            t_ms: r.t_ms,
            beta: r.beta,
            gamma: r.gamma,
        })
        .collect()
}

fn from_core(samples: &[OrientationSample]) -> Vec<OrientationReading> {
    samples
        .iter()
        .map(|s| OrientationReading {
            t_ms: s.t_ms,
            beta: s.beta,
            gamma: s.gamma,
            alpha: None,
        })
        .collect()
}

impl From<&LiftSeries> for RecordedLift {
    fn from(series: &LiftSeries) -> Self {
        RecordedLift {
            zero: to_core(&series.zero),
            samples: to_core(&series.samples),
        }
    }
}

impl From<&RecordedLift> for LiftSeries {
    fn from(lift: &RecordedLift) -> Self {
        LiftSeries {
            zero: from_core(&lift.zero),
            samples: from_core(&lift.samples),
        }
    }
}

/// A leg raise recorded by the phone.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewLift {
    /// Which leg was lifted.
    pub side: Side,
    /// What the phone recorded.
    pub series: LiftSeries,
}

/// What the analysis found in an accepted lift.
#[derive(Debug, Serialize, ToSchema)]
pub struct LiftAnalysis {
    /// The held leg-raise angle against the zero pose, in degrees (0.1°): the trial's value.
    pub degrees: f64,
    /// How long the top was held steady, in ms.
    pub held_ms: f64,
    /// The largest sideways tilt of the phone during the lift, in degrees.
    pub max_roll_deg: f64,
    /// Where the leg rested before the lift, against the zero pose, in degrees.
    pub rest_deg: f64,
}

/// A lift as stored: the trial, what the analysis found, and what comes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedLiftTrial {
    /// The trial: a leg raise by `phone_inclinometer`, read as an angle.
    pub measurement: Measurement,
    /// What the analysis found.
    pub analysis: LiftAnalysis,
    /// What to do next in the session.
    pub next_step: NextStep,
}

/// Records a leg-raise trial measured by the phone.
///
/// The server finds the held angle in the recorded readings (relative to the zero pose,
/// spikes filtered, the top held within ±1.5° for a second) and stores the trial as the next
/// trial number on that side in the session's current phase, with its readings. A recording
/// that cannot be trusted (no zero, gaps, dropped, rolled sideways, not resting at the start,
/// never held, implausible, drifting) is refused with a 422 problem of type
/// `https://psoas.example/problems/lift-refused`, whose `detail` says what to do about it and
/// whose `reason` names the check; nothing is stored then. Bodies up to 4 MiB are taken.
#[utoipa::path(
    post,
    path = "/sessions/{id}/lifts",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = NewLift,
    responses(
        (status = 201, description = "The trial as stored, what the analysis found, and the next step.", body = RecordedLiftTrial),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn add_lift(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewLift>,
) -> ApiResult<(StatusCode, Json<RecordedLiftTrial>)> {
    let (mut record, _) = load(&state, &caller, &id).await?;
    check_open(&record)?;
    let lift = RecordedLift::from(&body.series);
    let peak = analyse_lift(&lift).map_err(|problem| ApiError::lift_refused(&problem))?;
    let measurement = record
        .new_trial(
            None,
            Test::LegRaise,
            body.side.into(),
            None,
            psoas_core::Method::PhoneInclinometer,
            Some(Reading::Angle {
                degrees: peak.degrees,
            }),
            false,
            now(),
        )
        .map_err(ApiError::from)?;
    state
        .store
        .add_measurement_with_series(caller.scope(), record.session.id, &measurement, &lift)
        .await?;
    let view = Measurement::from(&measurement);
    record.measurements.push(measurement);
    Ok((
        StatusCode::CREATED,
        Json(RecordedLiftTrial {
            measurement: view,
            analysis: LiftAnalysis {
                degrees: peak.degrees.value(),
                held_ms: peak.held_ms,
                max_roll_deg: peak.max_roll_deg,
                rest_deg: peak.rest_deg,
            },
            next_step: record.next_step().into(),
        }),
    ))
}

/// The phone's recorded readings a trial was measured from.
///
/// Only trials recorded through `POST .../lifts` have them; any other trial, or one not in
/// this session, is not found. The body is the JSON `psoas record --series FILE` imports.
#[utoipa::path(
    get,
    path = "/sessions/{id}/measurements/{measurement_id}/series",
    tag = "sessions",
    params(
        ("id" = Uuid, Path, description = "The session's id."),
        ("measurement_id" = Uuid, Path, description = "The trial's id."),
    ),
    responses(
        (status = 200, description = "The recorded lift.", body = LiftSeries),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_series(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, measurement_id)): Path<(String, String)>,
) -> ApiResult<Json<LiftSeries>> {
    let session = psoas_core::SessionId(path_id(&id, "session")?);
    let measurement = MeasurementId(path_id(&measurement_id, "measurement")?);
    let series = state
        .store
        .measurement_series(caller.scope(), session, measurement)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                problem::Kind::NotFound,
                "That trial has no recorded series: it was typed in or measured another way. \
                 Only trials recorded with the phone's sensors have one.",
            )
        })?;
    Ok(Json(LiftSeries::from(&series)))
}
