//! Striking out a trial through the API: the same core check and the same one-statement store
//! call as the terminal's `psoas trial void` and the pages' "Strike out" button.

use axum::Json;
use axum::extract::{Path, State};
use psoas_core::{MeasurementId, TrialVoid as DomainVoid};
use serde::Deserialize;
use utoipa::ToSchema;

use super::caller::Caller;
use super::entries::RecordedMeasurement;
use super::enums::VoidReason;
use super::extract::{ApiJson, path_id};
use super::problem::{self, ApiError, ApiResult};
use super::sessions::load;
use super::views::Measurement;
use crate::AppState;
use crate::auth::now;

/// Why a trial is struck out.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewVoid {
    /// Why.
    pub reason: VoidReason,
    /// A few words on one line, up to 200 characters; required with `other`.
    #[schema(max_length = 200, example = "meant 9.5 cm")]
    pub note: Option<String>,
}

/// Strikes out one trial of an unfinished session: it stays stored and listed with why, by
/// whom and when, leaves every verdict, and its slot is free to take again (the next step
/// says so). Refused with 409 for a trial that hurt (the pain stopped the test and is kept),
/// one struck out already, one an exercise was chosen after, and any trial of a finished or
/// stopped session, whose record stays as it was judged. Practice access cannot strike out a
/// client's trials.
#[utoipa::path(
    post,
    path = "/sessions/{id}/measurements/{measurement_id}/void",
    tag = "sessions",
    params(
        ("id" = Uuid, Path, description = "The session's id."),
        ("measurement_id" = Uuid, Path, description = "The trial's id."),
    ),
    request_body = NewVoid,
    responses(
        (status = 200, description = "The trial as now stored, and the next step.", body = RecordedMeasurement),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn void_measurement(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, measurement_id)): Path<(String, String)>,
    ApiJson(body): ApiJson<NewVoid>,
) -> ApiResult<Json<RecordedMeasurement>> {
    let measurement = MeasurementId(path_id(&measurement_id, "trial")?);
    let (record, _) = load(&state, &caller, &id).await?;
    let void = DomainVoid::new(
        body.reason.into(),
        body.note.as_deref(),
        Some(caller.account.id),
        now(),
    )
    .map_err(|e| ApiError::invalid("/note", crate::sentence::capital(&e.to_string())))?;
    state
        .store
        .void_measurement(caller.scope(), record.session.id, measurement, &void)
        .await?;
    // Read back, so the reply is what is stored and the next step counts the freed slot.
    let (record, _) = load(&state, &caller, &id).await?;
    let stored = record
        .measurements
        .iter()
        .find(|m| m.id == measurement)
        .ok_or_else(|| ApiError::not_found("trial"))?;
    Ok(Json(RecordedMeasurement {
        measurement: Measurement::from(stored),
        next_step: record.next_step().into(),
    }))
}
