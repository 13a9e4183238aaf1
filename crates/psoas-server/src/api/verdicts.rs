//! `GET /api/v1/sessions/{id}/verdict`: the leg-raise and strength verdicts with their
//! reasons, and the exercise plan they call for.

use axum::Json;
use axum::extract::{Path, State};
use psoas_core::RULES;
use psoas_core::camera::{PelvisTip, findings_of, pelvis_tips};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::caller::Caller;
use super::entries::DurationsInput;
use super::enums::{Phase, Side, StretchChoice, TechniqueChoice};
use super::extract::ApiQuery;
use super::problem::{self, ApiResult};
use super::sessions::load;
use super::views::{PlanStep, Verdict};
use crate::AppState;

/// Which plan to make, and from which phase's trials.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VerdictQuery {
    /// The stretch to plan: `a` (edge of the bed, the default) or `b` (foam roller).
    pub stretch: Option<StretchChoice>,
    /// The strengthening to plan: `a` (belly on the strong side) or `b` (buttock on the weak
    /// side, the default).
    pub technique: Option<TechniqueChoice>,
    /// Judge this phase's trials; left out, the phase each plan is made from (the first
    /// leg-raise test and the first strength test).
    pub phase: Option<Phase>,
    /// Holds in stretch a, 1 to 20 (default 5).
    #[param(minimum = 1, maximum = 20)]
    pub reps: Option<u8>,
    /// Seconds per hold in stretch a, 1 to 300 (default 30).
    #[param(minimum = 1, maximum = 300)]
    pub hold_seconds: Option<u32>,
    /// Seconds of release between holds, 1 to 120 (default 10).
    #[param(minimum = 1, maximum = 120)]
    pub release_seconds: Option<u32>,
    /// Seconds on the foam roller, 1 to 900 (default 120).
    #[param(minimum = 1, maximum = 900)]
    pub roller_seconds: Option<u32>,
    /// Seconds of strengthening, 1 to 900 (default 180).
    #[param(minimum = 1, maximum = 900)]
    pub strengthen_seconds: Option<u32>,
}

/// The two exercise steps of the plan.
#[derive(Debug, Serialize, ToSchema)]
pub struct Plan {
    /// The stretch, planned from the baseline leg-raise verdict.
    pub stretch: PlanStep,
    /// The strengthening, planned from the first strength verdict.
    pub strengthen: PlanStep,
}

/// The verdicts of a session and the plan they call for.
#[derive(Debug, Serialize, ToSchema)]
pub struct VerdictReport {
    /// The session.
    pub session_id: Uuid,
    /// The leg-raise (tightness) verdict.
    pub leg_raise: Verdict,
    /// Where the leg raise's camera trials show the pelvis tipping with the leg (more than
    /// 3° in a trial), per side: those rises overstate the hip's own extension.
    pub pelvis: Vec<PelvisTipView>,
    /// The strength (weakness) verdict.
    pub strength: Verdict,
    /// What to do about them.
    pub plan: Plan,
}

/// One side's camera trials in which the pelvis tipped with the leg.
#[derive(Debug, Serialize, ToSchema)]
pub struct PelvisTipView {
    /// The side lifted.
    pub side: Side,
    /// Trials in which the pelvis tipped more than 3°.
    #[schema(example = 2)]
    pub tipped: usize,
    /// The side's camera trials that count in the verdict's phase.
    #[schema(example = 3)]
    pub trials: usize,
    /// The most it tipped in one trial, in degrees.
    #[schema(example = 5.2)]
    pub most_deg: f64,
    /// What to do, in one sentence.
    pub advice: String,
}

impl From<&PelvisTip> for PelvisTipView {
    fn from(tip: &PelvisTip) -> Self {
        Self {
            side: tip.side.into(),
            tipped: tip.tipped,
            trials: tip.trials,
            most_deg: tip.most_deg,
            advice: tip.advice(),
        }
    }
}

/// The verdicts with their reasons, and the plan.
#[utoipa::path(
    get,
    path = "/sessions/{id}/verdict",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id."), VerdictQuery),
    responses(
        (status = 200, description = "The verdicts and the plan.", body = VerdictReport),
        (status = 404, response = problem::NotFound),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn get_verdict(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiQuery(query): ApiQuery<VerdictQuery>,
) -> ApiResult<Json<VerdictReport>> {
    let durations = DurationsInput {
        reps: query.reps,
        hold_seconds: query.hold_seconds,
        release_seconds: query.release_seconds,
        roller_seconds: query.roller_seconds,
        strengthen_seconds: query.strengthen_seconds,
    }
    .checked("")
    .map_err(|e| e.into_query())?;
    let (record, _) = load(&state, &caller, &id).await?;
    let (leg_phase, strength_phase) = match query.phase {
        Some(phase) => (phase.into(), phase.into()),
        None => (
            record.tightness(&RULES).phase,
            record.weakness(&RULES).phase,
        ),
    };
    let leg_raise = Verdict::of_record(&record, psoas_core::Test::LegRaise, leg_phase);
    let strength = Verdict::of_record(&record, psoas_core::Test::Strength, strength_phase);
    let kept = state
        .store
        .session_camera(caller.scope(), record.session.id)
        .await?;
    let pelvis = pelvis_tips(&record, leg_phase, &findings_of(&record, &kept));
    let (stretch, strengthen) = record.plan(
        query.stretch.unwrap_or_default().into(),
        query.technique.unwrap_or_default().into(),
        &durations,
        &RULES,
    );
    Ok(Json(VerdictReport {
        session_id: record.session.id.0,
        leg_raise,
        pelvis: pelvis.iter().map(PelvisTipView::from).collect(),
        strength,
        plan: Plan {
            stretch: PlanStep::from(&stretch),
            strengthen: PlanStep::from(&strengthen),
        },
    }))
}
