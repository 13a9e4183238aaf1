//! `/api/v1/sessions`: starting a session with its screening, listing, reading one back with
//! its verdicts and next step, and finishing it.

use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::header::LOCATION;
use axum::http::{HeaderName, StatusCode};
use psoas_core::{Screening, SessionId, SessionRecord, SessionStatus};
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::enums::RedFlag;
use super::extract::{ApiJson, ApiQuery, path_id};
use super::paging::{Page, paged_query};
use super::problem::{self, ApiError, ApiResult, at};
use super::profiles::profile_by_id;
use super::views::{Screening as ScreeningView, Session, SessionSummary};
use crate::AppState;
use crate::auth::now;

/// Trials per side when a new session does not say.
pub const DEFAULT_TRIALS_PER_SIDE: u16 = 3;

fn default_trials() -> u16 {
    DEFAULT_TRIALS_PER_SIDE
}

/// A new session, with the red-flag screening answered at once.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSession {
    /// Whose session: one of the caller's profiles.
    pub profile_id: Uuid,
    /// The screening questions answered "yes"; `[]` when none was. Any one stops the session
    /// at once, before any test, with advice to see a clinician.
    pub red_flags: Vec<RedFlag>,
    /// Trials per side each test takes, 1 to 10.
    #[serde(default = "default_trials")]
    #[schema(default = 3, minimum = 1, maximum = 10)]
    pub trials_per_side: u16,
}

/// The screening answers, for a session started without them (in the web app).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ScreeningAnswers {
    /// The questions answered "yes"; `[]` when none was.
    pub red_flags: Vec<RedFlag>,
}

paged_query!(
    /// Which sessions to list.
    SessionQuery {
        /// Only this profile's sessions.
        profile_id: Option<Uuid>
    }
);

/// A session in the caller's scope, with its profile.
pub(super) async fn load(
    state: &AppState,
    caller: &Caller,
    raw_id: &str,
) -> ApiResult<(SessionRecord, psoas_core::Profile)> {
    let id = SessionId(path_id(raw_id, "session")?);
    let scope = caller.scope();
    Ok(state.store.session_and_profile(scope, id).await?)
}

/// Refuses entries into a session that is finished or stopped, or not yet screened.
pub(super) fn check_open(record: &SessionRecord) -> ApiResult<()> {
    match record.session.status {
        SessionStatus::Finished => Err(ApiError::conflict(
            "This session is finished and takes no more entries; start a new one with \
             POST /api/v1/sessions.",
        )),
        SessionStatus::StoppedAtScreening => Err(ApiError::conflict(
            "This session was stopped at screening because of a red flag. Please see a doctor \
             or physiotherapist before doing these tests or exercises.",
        )),
        SessionStatus::Unfinished if record.screening.is_none() => Err(ApiError::conflict(
            "Answer the red-flag screening first, with PUT /api/v1/sessions/{id}/screening.",
        )),
        SessionStatus::Unfinished => Ok(()),
    }
}

/// Lists the caller's sessions, oldest first.
#[utoipa::path(
    get,
    path = "/sessions",
    tag = "sessions",
    params(SessionQuery),
    responses(
        (status = 200, description = "A page of sessions, oldest first.", body = Page<SessionSummary>),
        (status = 404, response = problem::NotFound),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_sessions(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<SessionQuery>,
) -> ApiResult<Json<Page<SessionSummary>>> {
    let paging = query.paging()?;
    let scope = caller.scope();
    if let Some(id) = query.profile_id {
        profile_by_id(&state, scope, id).await?;
    }
    let records = state
        .store
        .list_sessions(scope, query.profile_id.map(psoas_core::ProfileId))
        .await?;
    let names: HashMap<_, _> = state
        .store
        .list_profiles(scope)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name.to_string()))
        .collect();
    Ok(Json(paging.page(
        records,
        |record| {
            let name = names
                .get(&record.session.profile_id)
                .map_or("", String::as_str);
            SessionSummary::new(&record, name)
        },
        &state.settings.public_url,
        &uri,
    )))
}

/// Starts a session for a profile and stores its screening answers.
///
/// With a red flag the session is stopped at once: its `next_step` is `done`, and its
/// `screening.advice` says why and what to do.
#[utoipa::path(
    post,
    path = "/sessions",
    tag = "sessions",
    request_body = NewSession,
    responses(
        (status = 201, description = "The session, started (or stopped at screening).", body = Session,
            headers(("Location" = String, description = "The new session's address."))),
        (status = 404, response = problem::NotFound),
        problem::JsonWriteProblems,
    )
)]
pub async fn create_session(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<NewSession>,
) -> ApiResult<(StatusCode, [(HeaderName, String); 1], Json<Session>)> {
    let scope = caller.scope();
    let profile = profile_by_id(&state, scope, body.profile_id).await?;
    let session = psoas_core::Session::start(profile.id, now(), body.trials_per_side)
        .map_err(at("/trials_per_side"))?;
    let screening = Screening::new(body.red_flags.into_iter().map(Into::into), now());
    state.store.create_session(scope, &session).await?;
    state
        .store
        .save_screening(scope, session.id, &screening)
        .await?;
    let record = state.store.session(scope, session.id).await?;
    Ok((
        StatusCode::CREATED,
        [(LOCATION, format!("/api/v1/sessions/{}", session.id))],
        Json(Session::new(&record, profile.name.as_str())),
    ))
}

/// One session with everything recorded in it, its verdicts, before/after comparisons and
/// the next step.
#[utoipa::path(
    get,
    path = "/sessions/{id}",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    responses(
        (status = 200, description = "The session.", body = Session),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Session>> {
    let (record, profile) = load(&state, &caller, &id).await?;
    Ok(Json(Session::new(&record, profile.name.as_str())))
}

/// Answers the red-flag screening of a session started without it (in the web app).
/// Sessions started through the API are screened when they start.
#[utoipa::path(
    put,
    path = "/sessions/{id}/screening",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    request_body = ScreeningAnswers,
    responses(
        (status = 200, description = "The answers as stored.", body = ScreeningView),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn put_screening(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ScreeningAnswers>,
) -> ApiResult<Json<ScreeningView>> {
    let (record, _) = load(&state, &caller, &id).await?;
    if record.screening.is_some() {
        return Err(ApiError::conflict(
            "This session's screening is already answered; start a new session to answer it \
             again.",
        ));
    }
    if record.session.status != SessionStatus::Unfinished {
        check_open(&record)?;
    }
    let screening = Screening::new(body.red_flags.into_iter().map(Into::into), now());
    state
        .store
        .save_screening(caller.scope(), record.session.id, &screening)
        .await?;
    Ok(Json(ScreeningView::from(&screening)))
}

/// Marks a session finished. Finishing a finished session changes nothing.
#[utoipa::path(
    post,
    path = "/sessions/{id}/finish",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    responses(
        (status = 200, description = "The finished session.", body = Session),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::WriteProblems,
    )
)]
pub async fn finish_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Session>> {
    let (record, profile) = load(&state, &caller, &id).await?;
    match record.session.status {
        SessionStatus::StoppedAtScreening => {
            return Err(ApiError::conflict(
                "This session was stopped at screening and cannot be finished.",
            ));
        }
        SessionStatus::Finished => {
            return Ok(Json(Session::new(&record, profile.name.as_str())));
        }
        SessionStatus::Unfinished => {}
    }
    let scope = caller.scope();
    state
        .store
        .finish_session(scope, record.session.id, now())
        .await?;
    let record = state.store.session(scope, record.session.id).await?;
    Ok(Json(Session::new(&record, profile.name.as_str())))
}
