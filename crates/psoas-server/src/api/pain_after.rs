//! Pain at the end of a session through the API: rated again once the retest is done, and
//! judged against the pain at the start by the core (`PainChange`), as the terminal and the
//! pages do.

use axum::Json;
use axum::extract::{Path, State};
use psoas_core::{self as domain, Pain, RULES};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::extract::ApiJson;
use super::problem::{self, ApiError, ApiResult, at};
use super::sessions::{check_open, load};
use super::views::{NextStep, time};
use crate::AppState;
use crate::auth::now;

/// Pain rated again once the retest is done.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PainAfterInput {
    /// Low back pain now, 0 (none) to 10 (worst).
    #[schema(maximum = 10)]
    pub back_pain: u8,
    /// Pelvic pain now, 0 to 10.
    #[schema(maximum = 10)]
    pub pelvic_pain: u8,
}

/// Pain at the end of a session, as stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct PainAfter {
    /// Low back pain, 0-10.
    pub back_pain: u8,
    /// Pelvic pain, 0-10.
    pub pelvic_pain: u8,
    /// When it was rated.
    #[schema(format = DateTime)]
    pub recorded_at: String,
}

impl From<&domain::PainAfter> for PainAfter {
    fn from(p: &domain::PainAfter) -> Self {
        Self {
            back_pain: p.back_pain.value(),
            pelvic_pain: p.pelvic_pain.value(),
            recorded_at: time(p.recorded_at),
        }
    }
}

/// Where the pain is.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PainArea {
    /// The low back.
    LowBack,
    /// The pelvis.
    Pelvis,
}

/// How one area's pain changed over the session.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PainOutcome {
    /// No pain at the start and none at the end.
    NoneEither,
    /// Less by at least the change that matters.
    Eased,
    /// More by at least the change that matters.
    Worse,
    /// Changed by less than the change that matters, or not at all.
    NoClearChange,
}

/// One area's pain at the start and at the end, judged.
#[derive(Debug, Serialize, ToSchema)]
pub struct AreaChange {
    /// Where.
    pub area: PainArea,
    /// The rating at the start, 0-10.
    pub before: u8,
    /// The rating at the end, 0-10.
    pub after: u8,
    /// End minus start, in points.
    pub change: i8,
    /// What the change means.
    pub outcome: PainOutcome,
    /// The whole of it in one sentence for people.
    pub sentence: String,
}

/// Pain at the start and at the end, judged against the smallest change that matters to
/// people (the rule `pain_mic`).
#[derive(Debug, Serialize, ToSchema)]
pub struct PainChange {
    /// The smallest change that matters, in points.
    pub important_change: u8,
    /// Low back, then pelvis.
    pub areas: Vec<AreaChange>,
    /// What to do when pain grew; null otherwise.
    pub advice: Option<String>,
}

impl From<&domain::PainChange> for PainChange {
    fn from(c: &domain::PainChange) -> Self {
        Self {
            important_change: c.important_change,
            areas: c
                .areas
                .iter()
                .map(|a| AreaChange {
                    area: match a.area {
                        domain::PainArea::LowBack => PainArea::LowBack,
                        domain::PainArea::Pelvis => PainArea::Pelvis,
                    },
                    before: a.before,
                    after: a.after,
                    change: a.change,
                    outcome: match a.outcome {
                        domain::PainOutcome::NoneEither => PainOutcome::NoneEither,
                        domain::PainOutcome::Eased => PainOutcome::Eased,
                        domain::PainOutcome::Worse => PainOutcome::Worse,
                        domain::PainOutcome::NoClearChange => PainOutcome::NoClearChange,
                    },
                    sentence: a.sentence.clone(),
                })
                .collect(),
            advice: c.advice().map(str::to_string),
        }
    }
}

/// The pain at the end as stored, how it changed since the start, and what comes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedPainAfter {
    /// The rating.
    pub pain_after: PainAfter,
    /// Judged against the pain at the start.
    pub pain_change: Option<PainChange>,
    /// What to do next in the session.
    pub next_step: NextStep,
}

/// Records (or replaces) the pain at the end of the session. Asked once the retest is done
/// (`next_step` `pain_after`), and again until the session is finished; earlier, or in a
/// finished or stopped session, it is refused with 409.
#[utoipa::path(
    put,
    path = "/sessions/{id}/pain-after",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = PainAfterInput,
    responses(
        (status = 200, description = "The pain at the end as stored, how it changed, and the next step.", body = RecordedPainAfter),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn put_pain_after(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<PainAfterInput>,
) -> ApiResult<Json<RecordedPainAfter>> {
    let (mut record, _) = load(&state, &caller, &id).await?;
    check_open(&record)?;
    record.check_pain_after().map_err(|_| {
        ApiError::conflict(
            "Pain at the end is asked once the retest is done: follow next_step until it is \
             pain_after.",
        )
    })?;
    let pain = domain::PainAfter {
        back_pain: Pain::new(body.back_pain).map_err(at("/back_pain"))?,
        pelvic_pain: Pain::new(body.pelvic_pain).map_err(at("/pelvic_pain"))?,
        recorded_at: now(),
    };
    state
        .store
        .save_pain_after(caller.scope(), record.session.id, &pain)
        .await?;
    record.pain_after = Some(pain);
    Ok(Json(RecordedPainAfter {
        pain_after: PainAfter::from(&pain),
        pain_change: record.pain_change(&RULES).as_ref().map(PainChange::from),
        next_step: record.next_step().into(),
    }))
}
