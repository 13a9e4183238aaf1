//! What is recorded into a session: the symptoms, each trial, and each exercise step. Every
//! entry is checked by the core's rules (the same as the terminal tool's `psoas record`,
//! `psoas symptoms` and `psoas exercise`) and stored in one store call, or not at all.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use psoas_core::plan::total_seconds;
use psoas_core::plausibility::Entry;
use psoas_core::{
    Durations, ExerciseRecord as DomainExercise, InputError, Pain, Reading, SessionRecord,
    StrengthenTechnique, StretchOption, Symptoms as DomainSymptoms,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::caller::Caller;
use super::enums::{ExerciseOutcome, ExerciseStep, ExerciseVariant, Method, Phase, Side, Test};
use super::extract::ApiJson;
use super::problem::{self, ApiError, ApiResult, at};
use super::sessions::{check_open, load};
use super::views::{ExerciseRecord, Measurement, NextStep, Symptoms};
use crate::AppState;
use crate::auth::now;

/// A trial's value: text as a person would type it, or a bare number in the method's unit.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(untagged)]
pub enum TrialValue {
    /// "35", "35 deg", "20 cm" (heel height; needs the profile's leg length), "4", "4/5",
    /// "150 N", "15 kgf", "33 lbf", "held", "gave way".
    Text(String),
    /// A number in the method's unit: degrees, cm (tape measure), grade (helper's feel) or
    /// N (dynamometer).
    Number(f64),
}

impl TrialValue {
    fn text(&self) -> String {
        match self {
            TrialValue::Text(text) => text.clone(),
            TrialValue::Number(number) => number.to_string(),
        }
    }
}

/// One trial of one test on one side.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMeasurement {
    /// Which test.
    pub test: Test,
    /// Which side.
    pub side: Side,
    /// The value read; leave it out only when pain stopped the trial (`hurt`: true).
    #[schema(example = "35")]
    pub value: Option<TrialValue>,
    /// How it was measured. Left out, the value's unit decides, as in the terminal tool:
    /// leg raise `cm` → `tape_measure`, otherwise `goniometer`; strength with a force unit
    /// → `dynamometer`, otherwise `helpers_feel`.
    pub method: Option<Method>,
    /// Trial number on that side, 1 to 20; left out, the next one.
    #[schema(minimum = 1, maximum = 20)]
    pub trial: Option<u16>,
    /// The phase; left out, the session's current phase (from the exercises done).
    pub phase: Option<Phase>,
    /// Whether it hurt; pain ends that test and no side is called.
    #[serde(default)]
    pub hurt: bool,
    /// Keep an unusual value as it is: one beyond what a body does (a leg raise above 45°, a
    /// force above 600 N) or more than the method's MDC95 from the median of the side's other
    /// trials is refused with a 422 at `/value` that asks about it, unless this is true; then
    /// it is stored with `confirmed_unusual`. Values outside the hard ranges stay refused.
    #[serde(default)]
    pub confirmed: bool,
}

/// A trial as stored, and what comes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedMeasurement {
    /// The trial.
    pub measurement: Measurement,
    /// What to do next in the session.
    pub next_step: NextStep,
}

/// Pain and habits at the start of a session.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SymptomsInput {
    /// Low back pain now, 0 (none) to 10 (worst).
    #[schema(maximum = 10)]
    pub back_pain: u8,
    /// Pelvic pain now, 0 to 10.
    #[schema(maximum = 10)]
    pub pelvic_pain: u8,
    /// Hours spent sitting on a usual day, 0 to 24.
    #[schema(minimum = 0, maximum = 24)]
    pub sitting_hours_per_day: f64,
    /// Sit-ups (or crunches) in a usual week, 0 to 5000.
    #[schema(maximum = 5000)]
    pub situps_per_week: u16,
    /// Whether a back-extension movement follows the sit-ups; needed when there are any.
    pub extension_after_situps: Option<bool>,
}

/// The symptoms as stored, and what comes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedSymptoms {
    /// The symptoms.
    pub symptoms: Symptoms,
    /// What to do next in the session.
    pub next_step: NextStep,
}

/// Timer lengths; each left out takes the protocol's default.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DurationsInput {
    /// Holds in stretch a, 1 to 20 (default 5).
    #[schema(minimum = 1, maximum = 20)]
    pub reps: Option<u8>,
    /// Seconds per hold in stretch a, 1 to 300 (default 30).
    #[schema(minimum = 1, maximum = 300)]
    pub hold_seconds: Option<u32>,
    /// Seconds of release between holds, 1 to 120 (default 10).
    #[schema(minimum = 1, maximum = 120)]
    pub release_seconds: Option<u32>,
    /// Seconds on the foam roller (stretch b), 1 to 900 (default 120).
    #[schema(minimum = 1, maximum = 900)]
    pub roller_seconds: Option<u32>,
    /// Seconds of strengthening work, 1 to 900 (default 180).
    #[schema(minimum = 1, maximum = 900)]
    pub strengthen_seconds: Option<u32>,
}

impl DurationsInput {
    /// Checked durations; refusals point into `pointer` (e.g. `/durations`).
    pub fn checked(&self, pointer: &str) -> ApiResult<Durations> {
        let d = Durations::default();
        Durations::new(
            self.reps.unwrap_or(d.reps),
            self.hold_seconds.unwrap_or(d.hold_seconds),
            self.release_seconds.unwrap_or(d.release_seconds),
            self.roller_seconds.unwrap_or(d.roller_seconds),
            self.strengthen_seconds.unwrap_or(d.strengthen_seconds),
        )
        .map_err(|error| {
            let field = match &error {
                InputError::OutOfRange { what, .. } => match *what {
                    "repetitions" => "reps",
                    "hold time" => "hold_seconds",
                    "release time" => "release_seconds",
                    "foam roller time" => "roller_seconds",
                    "strengthening time" => "strengthen_seconds",
                    _ => "",
                },
                _ => "",
            };
            let field = if field.is_empty() {
                pointer.to_string()
            } else {
                format!("{pointer}/{field}")
            };
            ApiError::invalid(field, error.to_string())
        })
    }
}

fn default_outcome() -> ExerciseOutcome {
    ExerciseOutcome::Completed
}

/// An exercise step: done, cut short, skipped, or not needed.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewExercise {
    /// Which slot of the protocol.
    pub step: ExerciseStep,
    /// The exercise: `edge_of_bed` or `foam_roller` for `stretch`, `abdomen_strong_side` or
    /// `glute_weak_side` for `strengthen`. Leave it out when none was done.
    pub variant: Option<ExerciseVariant>,
    /// The tight side (stretch) or the weak side (strengthen); left out, the verdict's.
    pub side: Option<Side>,
    /// How it ended; default `completed`.
    #[serde(default = "default_outcome")]
    #[schema(default = "completed")]
    pub outcome: ExerciseOutcome,
    /// Seconds done; left out, the whole planned time when completed, 0 when skipped or not
    /// needed. Needed when stopped.
    pub seconds: Option<u32>,
    /// A note, e.g. why it was skipped; up to 1000 characters.
    #[schema(max_length = 1000)]
    pub note: Option<String>,
    /// Timer lengths, for the planned time; default the protocol's.
    pub durations: Option<DurationsInput>,
}

/// An exercise step as stored, and what comes next.
#[derive(Debug, Serialize, ToSchema)]
pub struct RecordedExercise {
    /// The exercise step.
    pub exercise: ExerciseRecord,
    /// What to do next in the session.
    pub next_step: NextStep,
}

/// Which field of a trial a core refusal is about.
fn trial_field(error: &InputError) -> &'static str {
    match error {
        InputError::OutOfRange {
            what: "trial number",
            ..
        } => "/trial",
        InputError::MethodMismatch { .. } => "/method",
        InputError::Protocol(_) => "",
        _ => "/value",
    }
}

/// Records one trial.
#[utoipa::path(
    post,
    path = "/sessions/{id}/measurements",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = NewMeasurement,
    responses(
        (status = 201, description = "The trial as stored, and the next step.", body = RecordedMeasurement),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn add_measurement(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewMeasurement>,
) -> ApiResult<(StatusCode, Json<RecordedMeasurement>)> {
    let (mut record, profile) = load(&state, &caller, &id).await?;
    check_open(&record)?;
    let test = psoas_core::Test::from(body.test);
    let text = body.value.as_ref().map(TrialValue::text);
    // Left out, the way the test is already measured in this session, else the value's unit.
    let method = body.method.map(Into::into).unwrap_or_else(|| {
        record.method_in_use(test).unwrap_or_else(|| {
            psoas_core::Method::implied_by(test, text.as_deref().unwrap_or_default())
        })
    });
    record
        .check_method(test, method)
        .map_err(|e| ApiError::invalid("/method", crate::sentence::capital(&e.to_string())))?;
    let reading = match &text {
        Some(text) => Some(
            Reading::parse_with(text, test, method, profile.leg_basis())
                .map_err(|e| ApiError::invalid(trial_field(&e), e.to_string()))?,
        ),
        None if body.hurt => None,
        None => {
            return Err(ApiError::invalid(
                "/value",
                "give the trial's value, or set hurt to true if pain stopped it",
            ));
        }
    };
    if let Some(reading) = &reading {
        record
            .check_comparable(test, reading)
            .map_err(|e| ApiError::invalid("/value", crate::sentence::capital(&e.to_string())))?;
    }
    let unusual = match (&reading, &text) {
        (Some(reading), Some(typed)) => record.unusual(
            Entry {
                phase: body
                    .phase
                    .map_or_else(|| record.current_phase(), Into::into),
                test,
                side: body.side.into(),
                method,
                typed,
                leg: profile.leg_basis(),
            },
            reading,
            &psoas_core::RULES,
        ),
        _ => None,
    };
    if let Some(unusual) = &unusual
        && !body.confirmed
    {
        return Err(ApiError::invalid(
            "/value",
            format!(
                "{} Send `confirmed`: true to keep it as it is (it is stored flagged).",
                unusual.message()
            ),
        ));
    }
    let mut measurement = record
        .new_trial(
            body.phase.map(Into::into),
            test,
            body.side.into(),
            body.trial,
            method,
            reading,
            body.hurt,
            now(),
        )
        .map_err(|e| ApiError::invalid(trial_field(&e), e.to_string()))?;
    measurement.confirmed_unusual = unusual.is_some();
    if record.measurements.iter().any(|m| {
        (m.phase, m.test, m.side, m.trial)
            == (
                measurement.phase,
                measurement.test,
                measurement.side,
                measurement.trial,
            )
    }) {
        return Err(ApiError::conflict(format!(
            "Trial {} of the {} on the {} side ({}) is already recorded; leave `trial` out to \
             record the next one.",
            measurement.trial,
            measurement.test.title(),
            measurement.side,
            measurement.phase.title()
        )));
    }
    state
        .store
        .add_measurement(caller.scope(), record.session.id, &measurement)
        .await?;
    let view = Measurement::from(&measurement);
    record.measurements.push(measurement);
    Ok((
        StatusCode::CREATED,
        Json(RecordedMeasurement {
            measurement: view,
            next_step: record.next_step().into(),
        }),
    ))
}

/// Records (or replaces) the session's symptoms.
#[utoipa::path(
    put,
    path = "/sessions/{id}/symptoms",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = SymptomsInput,
    responses(
        (status = 200, description = "The symptoms as stored, and the next step.", body = RecordedSymptoms),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn put_symptoms(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SymptomsInput>,
) -> ApiResult<Json<RecordedSymptoms>> {
    let (mut record, _) = load(&state, &caller, &id).await?;
    check_open(&record)?;
    let symptoms = DomainSymptoms::new(
        Pain::new(body.back_pain).map_err(at("/back_pain"))?,
        Pain::new(body.pelvic_pain).map_err(at("/pelvic_pain"))?,
        body.sitting_hours_per_day,
        body.situps_per_week,
        body.extension_after_situps,
        now(),
    )
    .map_err(|error| {
        let field = match &error {
            InputError::OutOfRange {
                what: "sitting hours per day",
                ..
            } => "/sitting_hours_per_day",
            InputError::OutOfRange {
                what: "sit-ups per week",
                ..
            } => "/situps_per_week",
            InputError::Protocol(_) => "/extension_after_situps",
            _ => "",
        };
        ApiError::invalid(field, error.to_string())
    })?;
    state
        .store
        .save_symptoms(caller.scope(), record.session.id, &symptoms)
        .await?;
    let view = Symptoms::from(&symptoms);
    record.symptoms = Some(symptoms);
    Ok(Json(RecordedSymptoms {
        symptoms: view,
        next_step: record.next_step().into(),
    }))
}

/// The exercise a step names, with its side from the body or the verdict.
fn exercise_of(
    record: &SessionRecord,
    step: psoas_core::ExerciseStep,
    body: &NewExercise,
) -> ApiResult<Option<psoas_core::Exercise>> {
    use psoas_core::ExerciseStep as S;
    let Some(variant) = body.variant else {
        return Ok(None);
    };
    let side = match body.side {
        Some(side) => side.into(),
        None => {
            let verdict = match step {
                S::Stretch => record.tightness(&psoas_core::RULES),
                S::Strengthen => record.weakness(&psoas_core::RULES),
            };
            verdict.side().ok_or_else(|| {
                ApiError::invalid(
                    "/side",
                    format!(
                        "the verdict names no side for the {}; give side, or record outcome \
                         not_needed",
                        step.as_str()
                    ),
                )
            })?
        }
    };
    let exercise = match (step, variant) {
        (S::Stretch, ExerciseVariant::EdgeOfBed) => psoas_core::Exercise::Stretch {
            option: StretchOption::EdgeOfBed,
            side,
        },
        (S::Stretch, ExerciseVariant::FoamRoller) => psoas_core::Exercise::Stretch {
            option: StretchOption::FoamRoller,
            side,
        },
        (S::Strengthen, ExerciseVariant::AbdomenStrongSide) => psoas_core::Exercise::Strengthen {
            technique: StrengthenTechnique::AbdomenStrongSide,
            weak_side: side,
        },
        (S::Strengthen, ExerciseVariant::GluteWeakSide) => psoas_core::Exercise::Strengthen {
            technique: StrengthenTechnique::GluteWeakSide,
            weak_side: side,
        },
        (S::Stretch, _) => {
            return Err(ApiError::invalid(
                "/variant",
                "a stretch is edge_of_bed or foam_roller",
            ));
        }
        (S::Strengthen, _) => {
            return Err(ApiError::invalid(
                "/variant",
                "strengthening is abdomen_strong_side or glute_weak_side",
            ));
        }
    };
    Ok(Some(exercise))
}

/// Records an exercise step.
///
/// A stretch or strengthening done for any time moves later trials to the next phase
/// (`after_stretch`, `after_strengthening`): the retest.
#[utoipa::path(
    post,
    path = "/sessions/{id}/exercises",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = NewExercise,
    responses(
        (status = 201, description = "The exercise step as stored, and the next step.", body = RecordedExercise),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn add_exercise(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<NewExercise>,
) -> ApiResult<(StatusCode, Json<RecordedExercise>)> {
    let (mut record, _) = load(&state, &caller, &id).await?;
    check_open(&record)?;
    if body.note.as_ref().is_some_and(|n| n.chars().count() > 1000) {
        return Err(ApiError::invalid(
            "/note",
            "a note can be at most 1000 characters",
        ));
    }
    let durations = body
        .durations
        .as_ref()
        .map_or_else(|| Ok(Durations::default()), |d| d.checked("/durations"))?;
    let step = psoas_core::ExerciseStep::from(body.step);
    let outcome = psoas_core::ExerciseOutcome::from(body.outcome);
    let exercise = exercise_of(&record, step, &body)?;
    if exercise.is_none()
        && matches!(
            outcome,
            psoas_core::ExerciseOutcome::Completed | psoas_core::ExerciseOutcome::Stopped
        )
    {
        return Err(ApiError::invalid(
            "/variant",
            "name the exercise that was done (variant, and side unless the verdict gives one)",
        ));
    }
    let planned = exercise.map_or(0, |e| total_seconds(&durations.timer(&e)));
    let done = match (body.seconds, outcome) {
        (Some(seconds), _) => seconds,
        (None, psoas_core::ExerciseOutcome::Completed) => planned,
        (None, psoas_core::ExerciseOutcome::Stopped) => {
            return Err(ApiError::invalid(
                "/seconds",
                "say how many seconds were done before stopping",
            ));
        }
        (None, _) => 0,
    };
    let entry = DomainExercise::new(
        step,
        exercise,
        planned,
        done,
        outcome,
        body.note.clone(),
        now(),
    )
    .map_err(|e| ApiError::invalid("/seconds", e.to_string()))?;
    state
        .store
        .add_exercise(caller.scope(), record.session.id, &entry)
        .await?;
    let view = ExerciseRecord::from(&entry);
    record.exercises.push(entry);
    Ok((
        StatusCode::CREATED,
        Json(RecordedExercise {
            exercise: view,
            next_step: record.next_step().into(),
        }),
    ))
}
