//! `/api/v1/account`: the caller's own account: its password (changed with the current one,
//! every other sign-in ended).

use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use serde::Deserialize;
use std::net::SocketAddr;
use utoipa::ToSchema;

use super::caller::Caller;
use super::extract::ApiJson;
use super::problem::{self, ApiError, ApiResult, Kind};
use crate::AppState;
use crate::rights::{self, ChangeError};

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
        (status = 400, response = problem::MalformedJson),
        (status = 401, response = problem::Unauthorized),
        (status = 403, response = problem::Csrf),
        (status = 413, response = problem::PayloadTooLarge),
        (status = 415, response = problem::UnsupportedMediaType),
        (status = 422, response = problem::Validation),
        (status = 429, response = problem::TooManyAttempts),
        (status = 500, response = problem::Internal),
        (status = 503, response = problem::Busy),
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
