//! `/api/v1/account`: the caller's own account: its password (changed with the current one,
//! every other sign-in ended) and its sign-ins (listed, one ended, or every other one).

use axum::Json;
use axum::extract::{ConnectInfo, OriginalUri, Path, State};
use axum::http::StatusCode;
use psoas_store::SignIn as DomainSignIn;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::extract::{ApiJson, ApiQuery, path_id};
use super::paging::{Page, paged_query};
use super::problem::{self, ApiError, ApiResult, Kind};
use super::views::time;
use crate::AppState;
use crate::rights::{self, ChangeError};

/// A live sign-in of the caller's account in the web app (never its token).
#[derive(Debug, Serialize, ToSchema)]
pub struct SignIn {
    /// Its id, to end it by.
    pub id: Uuid,
    /// The browser and system in brief, such as "Firefox on Android".
    pub browser: String,
    /// When it started.
    #[schema(format = DateTime)]
    pub started_at: String,
    /// When it was last used, to within a minute.
    #[schema(format = DateTime)]
    pub last_used_at: String,
    /// Whether it is the sign-in whose cookie sent this request.
    pub current: bool,
}

impl From<DomainSignIn> for SignIn {
    fn from(s: DomainSignIn) -> Self {
        Self {
            id: s.id,
            browser: s.user_agent,
            started_at: time(s.started_at),
            last_used_at: time(s.last_used_at),
            current: s.current,
        }
    }
}

/// How many sign-ins were ended.
#[derive(Debug, Serialize, ToSchema)]
pub struct Ended {
    /// How many.
    #[schema(minimum = 0)]
    pub ended: u64,
}

paged_query!(
    /// Paging of the sign-in list.
    SignInQuery {}
);

/// Lists the caller's live sign-ins in the web app, the most recently used first. A
/// sign-in ends after a time unused as well as a fixed time after it started.
#[utoipa::path(
    get,
    path = "/account/sign-ins",
    tag = "account",
    params(SignInQuery),
    responses(
        (status = 200, description = "A page of the caller's live sign-ins.", body = Page<SignIn>),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_sign_ins(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<SignInQuery>,
) -> ApiResult<Json<Page<SignIn>>> {
    let paging = query.paging()?;
    let sign_ins =
        rights::sign_ins(&state, &caller.account, caller.session_hash.as_deref()).await?;
    Ok(Json(paging.page(
        sign_ins,
        SignIn::from,
        &state.settings.public_url,
        &uri,
    )))
}

/// Ends one of the caller's sign-ins: that browser is signed out at once.
#[utoipa::path(
    delete,
    path = "/account/sign-ins/{id}",
    tag = "account",
    params(("id" = Uuid, Path, description = "The sign-in's id.")),
    responses(
        (status = 204, description = "Ended."),
        (status = 404, response = problem::NotFound),
        problem::WriteProblems,
    )
)]
pub async fn delete_sign_in(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id, "sign-in")?;
    rights::end_sign_in(&state, &caller.account, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs out everywhere else: ends every sign-in of the caller's account but the one whose
/// cookie sent this request (with a token, every one). Personal access tokens keep working.
#[utoipa::path(
    post,
    path = "/account/sign-ins/end-others",
    tag = "account",
    responses(
        (status = 200, description = "How many sign-ins ended.", body = Ended),
        problem::WriteProblems,
    )
)]
pub async fn end_other_sign_ins(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Ended>> {
    let ended =
        rights::sign_out_elsewhere(&state, &caller.account, caller.session_hash.as_deref()).await?;
    Ok(Json(Ended { ended }))
}

/// A new password, with the current one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    /// The account's password now.
    #[schema(min_length = 1, max_length = 256)]
    pub current_password: String,
    /// The new password: 12 to 256 characters, not one of the most common passwords.
    #[schema(min_length = 12, max_length = 256)]
    pub new_password: String,
}

/// Changes the caller's password. Every sign-in of the account ends, but the one sending the
/// request when it comes with the sign-in cookie; personal access tokens keep working. A
/// wrong current password counts as a failed sign-in.
#[utoipa::path(
    post,
    path = "/account/password",
    tag = "account",
    request_body = PasswordChange,
    responses(
        (status = 204, description = "Changed; the other sign-ins have ended."),
        (status = 429, response = problem::TooManyAttempts),
        (status = 503, response = problem::Busy),
        problem::JsonWriteProblems,
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    caller: Caller,
    ApiJson(body): ApiJson<PasswordChange>,
) -> ApiResult<StatusCode> {
    rights::change_password(
        &state,
        &caller.account,
        client.ip(),
        body.current_password,
        body.new_password,
        caller.session_hash.as_deref(),
    )
    .await
    .map_err(problem_of)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A refused password change as a problem.
fn problem_of(error: ChangeError) -> ApiError {
    match error {
        ChangeError::WrongCurrent => {
            ApiError::invalid("/current_password", "the current password is wrong")
        }
        ChangeError::Weak(reason) => ApiError::invalid("/new_password", reason),
        ChangeError::Limited(refused) => ApiError::retry_after(
            Kind::TooManyAttempts,
            refused.message(),
            refused.retry_after_seconds(),
        ),
        ChangeError::Busy(e) => e.into(),
        ChangeError::Store(e) => e.into(),
    }
}
