//! The protocol pages: screening, symptoms, trials, verdicts, exercise timers, retest and the
//! before/after summary. Which page a session shows is read from the stored session
//! ([`SessionRecord::next_step`]), so leaving and coming back resumes where it stopped.
//!
//! Every form posts its CSRF token, stores one step in one store call and redirects back to
//! `GET /sessions/{id}`. A form that no longer matches the session's next step (sent twice,
//! or from an old tab) stores nothing and just shows the current step.

mod camera;
mod exercise;
mod intake;
mod lift;
mod pain_after;
mod strike_out;
pub(crate) mod summary;
mod trials;

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use psoas_core::practice::Prescribed;
use psoas_core::{
    NextStep, Phase, Profile, ProfileId, RULES, Session, SessionId, SessionRecord, SessionStatus,
    Side, Test,
};
use psoas_store::Scope;
use serde::Deserialize;
use uuid::Uuid;

use super::form::Problems;
use super::{PageError, PageResult};
use crate::AppState;
use crate::auth::{SignedIn, now};

/// Trials per side when the start form does not say.
pub const DEFAULT_TRIALS_PER_SIDE: u16 = 3;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles/{id}/sessions", post(start))
        .route("/sessions/{id}", get(show))
        .route("/sessions/{id}/screening", post(intake::save_screening))
        .route("/sessions/{id}/symptoms", post(intake::save_symptoms))
        .route("/sessions/{id}/pain-after", post(pain_after::save))
        .route("/sessions/{id}/trials", post(trials::save_trial))
        .route("/sessions/{id}/lift", get(lift::page))
        .route("/sessions/{id}/camera", get(camera::page))
        .route(camera::SHEET_PATH, get(camera::marker_sheet))
        .route("/sessions/{id}/leg-length", post(trials::save_leg_length))
        .route(
            "/sessions/{id}/trials/{trial}/strike-out",
            get(strike_out::page).post(strike_out::strike_out),
        )
        .route("/sessions/{id}/results/{test}/{phase}", get(trials::result))
        .route("/sessions/{id}/more/{test}/{phase}", get(more))
        .route("/sessions/{id}/exercise", post(exercise::save_exercise))
        .route("/sessions/{id}/finish", post(summary::finish))
}

/// What a protocol page knows: who asks, the session and whose it is.
struct Ctx {
    state: AppState,
    user: SignedIn,
    record: SessionRecord,
    profile: Profile,
    /// The exercises and times the linked practitioner set for this person, if any.
    prescribed: Option<Prescribed>,
    /// What was just deleted from the check (a struck-out trial), said at the top.
    notice: Option<String>,
}

impl Ctx {
    /// Loads a session in the signed-in account's scope; another account's is not found.
    async fn load(state: AppState, user: SignedIn, id: &str) -> PageResult<Self> {
        let id = Uuid::parse_str(id)
            .map(SessionId)
            .map_err(|_| not_found("session"))?;
        let scope = Scope::of(&user.account);
        let (record, profile) = state.store.session_and_profile(scope, id).await?;
        let prescribed = state.store.prescription(scope, profile.id).await?;
        Ok(Self {
            state,
            user,
            record,
            profile,
            prescribed,
            notice: None,
        })
    }

    fn scope(&self) -> Scope {
        Scope::of(&self.user.account)
    }

    fn id(&self) -> SessionId {
        self.record.session.id
    }

    /// The session's own page.
    fn back(&self) -> Response {
        Redirect::to(&session_path(self.id())).into_response()
    }

    /// The line at the top of every protocol page.
    fn head(&self) -> Head {
        Head {
            session: self.id().to_string(),
            person: self.profile.name.to_string(),
            started: self
                .record
                .session
                .started_at
                .strftime("%Y-%m-%d %H:%M")
                .to_string(),
            notice: self.notice.clone(),
        }
    }
}

/// A verdict as the pages show it, in three layers: the headline, one sentence of why with
/// the key numbers, and the full reasons behind "How this was decided".
struct VerdictView {
    headline: String,
    why: String,
    /// A request for more trials: an action, so it stays in view.
    more_trials: Option<String>,
    confidence: String,
    reasons: Vec<String>,
    /// The test's own result page, where the full reasons are.
    href: String,
}

impl VerdictView {
    fn of(ctx: &Ctx, verdict: &psoas_core::Verdict) -> Self {
        Self {
            headline: verdict.headline(),
            why: verdict.why(),
            more_trials: verdict.more_trials.as_ref().map(|m| m.reason.clone()),
            confidence: verdict.confidence_line(),
            reasons: verdict.reasons.clone(),
            href: format!(
                "{}/results/{}/{}",
                session_path(ctx.id()),
                verdict.test.as_str(),
                verdict.phase.as_str()
            ),
        }
    }
}

/// The trial a trial page asks for: the session's next step, or one more trial offered where
/// a verdict asks for more ([`SessionRecord::extra_trial`]).
#[derive(Clone, Copy)]
struct Wanted {
    test: Test,
    phase: Phase,
    side: Side,
    trial: u16,
    /// Its place among the side's trials that count, for people.
    position: u16,
    /// One more than the session planned.
    extra: bool,
}

impl Wanted {
    /// The next step's trial, or with `more` the extra trial offered for that test and phase.
    fn of(record: &SessionRecord, more: Option<(Test, Phase)>) -> Option<Self> {
        if let Some((test, phase)) = more {
            return record.extra_trial(test, phase, &RULES).map(|e| Self {
                test: e.test,
                phase: e.phase,
                side: e.side,
                trial: e.trial,
                position: e.position,
                extra: true,
            });
        }
        match record.next_step() {
            NextStep::Trial {
                test,
                phase,
                side,
                trial,
            } => Some(Self {
                test,
                phase,
                side,
                trial,
                position: record.trial_position(test, phase, side),
                extra: false,
            }),
            _ => None,
        }
    }

    /// The form's hidden `extra` field: "1" for one more trial.
    fn extra_field(self) -> &'static str {
        if self.extra { "1" } else { "" }
    }
}

/// The page of one more trial for a test in a phase.
fn more_path(session: SessionId, test: Test, phase: Phase) -> String {
    format!(
        "{}/more/{}/{}",
        session_path(session),
        test.as_str(),
        phase.as_str()
    )
}

/// One more trial where a verdict asks for it: on the phone's or the camera's page when it
/// measures the test, otherwise the typed form. When none is offered (any more), back to the result.
async fn more(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, test, phase)): Path<(String, String, String)>,
) -> PageResult<Response> {
    let ctx = Ctx::load(state, user, &id).await?;
    let test = test.parse::<Test>().map_err(|_| not_found("test"))?;
    let phase = phase.parse::<Phase>().map_err(|_| not_found("test"))?;
    let more = Some((test, phase));
    if Wanted::of(&ctx.record, more).is_none() {
        return Ok(Redirect::to(&format!(
            "{}/results/{}/{}",
            session_path(ctx.id()),
            test.as_str(),
            phase.as_str()
        ))
        .into_response());
    }
    match ctx.record.method_in_use(test) {
        Some(psoas_core::Method::PhoneInclinometer) => return lift::render(&ctx, more),
        Some(psoas_core::Method::CameraMarkers) => return camera::render(&ctx, more),
        _ => {}
    }
    trials::page(&ctx, "", Default::default(), trials::Typed::default(), more)
}

/// Who and when, shown above every protocol page.
struct Head {
    session: String,
    person: String,
    started: String,
    /// What was just deleted from the check, said at the top.
    notice: Option<String>,
}

fn session_path(id: SessionId) -> String {
    format!("/sessions/{id}")
}

/// The page that strikes out one trial of a session.
fn strike_out_path(session: SessionId, trial: psoas_core::MeasurementId) -> String {
    format!("{}/trials/{trial}/strike-out", session_path(session))
}

fn not_found(what: &str) -> PageError {
    PageError::new(StatusCode::NOT_FOUND, super::words::errors::not_yours(what))
}

/// A page shown again with what was wrong and what was typed: 422, nothing stored.
fn again(page: impl IntoResponse) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

#[derive(Deserialize)]
struct StartForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    trials: String,
}

/// Starts a check for a profile and goes to its first step.
async fn start(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<StartForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let scope = Scope::of(&user.account);
    let id = Uuid::parse_str(&id).map_err(|_| not_found("profile"))?;
    let profile = state.store.profile(scope, ProfileId(id)).await?;
    let trials = match form.trials.trim() {
        "" => DEFAULT_TRIALS_PER_SIDE,
        text => text.parse::<u16>().map_err(|_| {
            PageError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                format!("trials per side: '{text}' is not understood; give a whole number 1-10"),
            )
        })?,
    };
    let session = Session::start(profile.id, now(), trials)?;
    state.store.create_session(scope, &session).await?;
    Ok(Redirect::to(&session_path(session.id)).into_response())
}

/// Choices carried in the address while nothing is stored yet: the measuring method before
/// a test's first trial, the stretch option and the strengthening technique.
#[derive(Deserialize, Default)]
struct Choice {
    #[serde(default)]
    method: String,
    #[serde(default)]
    option: String,
    #[serde(default)]
    technique: String,
    /// `typed`: the typed trial form even where the phone's sensor page would be shown.
    #[serde(default)]
    entry: String,
    /// Set after a struck-out trial was deleted (see `deletion::notice`).
    #[serde(default)]
    deleted: String,
}

/// The page for whatever the session needs next.
async fn show(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Query(choice): Query<Choice>,
) -> PageResult<Response> {
    let mut ctx = Ctx::load(state, user, &id).await?;
    ctx.notice = super::deletion::notice(&choice.deleted);
    Ok(match ctx.record.next_step() {
        NextStep::Screening => {
            intake::screening_page(&ctx, Default::default(), &[]).into_response()
        }
        NextStep::Symptoms => {
            intake::symptoms_page(&ctx, Default::default(), intake::SymptomsForm::default())
                .into_response()
        }
        NextStep::Trial { .. }
            if choice.entry != "typed" && lift::wanted(&ctx.record, &choice.method) =>
        {
            Redirect::to(&lift::lift_path(&ctx)).into_response()
        }
        // A camera trial cannot be typed in, so `entry=typed` does not stay here.
        NextStep::Trial { .. } if camera::wanted(&ctx.record, &choice.method) => {
            Redirect::to(&camera::camera_path(&ctx)).into_response()
        }
        NextStep::Trial { .. } => trials::page(
            &ctx,
            &choice.method,
            Default::default(),
            trials::Typed::default(),
            None,
        )?,
        NextStep::Stretch => exercise::page(
            &ctx,
            exercise::Kind::Stretch,
            &choice.option,
            Problems::default(),
            "",
        ),
        NextStep::Strengthen => exercise::page(
            &ctx,
            exercise::Kind::Strengthen,
            &choice.technique,
            Problems::default(),
            "",
        ),
        NextStep::PainAfter => {
            pain_after::page(&ctx, Default::default(), Default::default()).into_response()
        }
        NextStep::Summary => summary::page(&ctx).into_response(),
        NextStep::Done => match &ctx.record.screening {
            Some(screening) if !screening.is_clear() => summary::stopped(&ctx).into_response(),
            _ if ctx.record.session.status == SessionStatus::StoppedAtScreening => {
                summary::stopped(&ctx).into_response()
            }
            _ => summary::page(&ctx).into_response(),
        },
    })
}
