//! Deleting for real through the API: a struck-out trial, a session, a profile, the caller's
//! own account (with its password) and, for the owner, another account. Each is one store
//! transaction; what is deleted is gone from the database (backups made before keep what they
//! had). The same store calls as the pages' "Delete" buttons and the terminal's `delete`
//! commands.

use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use psoas_core::{AccountId, MeasurementId, ProfileId, Role, SessionId};
use serde::Deserialize;
use std::net::SocketAddr;
use utoipa::ToSchema;

use super::caller::Caller;
use super::extract::{ApiJson, path_id};
use super::problem::{self, ApiError, ApiResult, Kind};
use crate::AppState;
use crate::rights::{self, DeleteError};

/// Deletes one struck-out trial of a session for real, with the phone's recording it was
/// measured from. Only a struck-out trial (it already counts for nothing, so no verdict
/// changes): one that still counts is refused with 409; strike it out first, or delete the
/// whole session.
#[utoipa::path(
    delete,
    path = "/sessions/{id}/measurements/{measurement_id}",
    tag = "sessions",
    params(
        ("id" = Uuid, Path, description = "The session's id."),
        ("measurement_id" = Uuid, Path, description = "The trial's id."),
    ),
    responses(
        (status = 204, description = "Deleted."),
        (status = 404, response = problem::NotFound),
        (status = 409, response = problem::Conflict),
        problem::WriteProblems,
    )
)]
pub async fn delete_measurement(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, measurement_id)): Path<(String, String)>,
) -> ApiResult<StatusCode> {
    let session = SessionId(path_id(&id, "session")?);
    let measurement = MeasurementId(path_id(&measurement_id, "trial")?);
    state
        .store
        .delete_measurement(caller.scope(), session, measurement)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a session for real with everything recorded in it: screening, symptoms, trials,
/// exercises, and practitioners' notes about it.
#[utoipa::path(
    delete,
    path = "/sessions/{id}",
    tag = "sessions",
    params(("id" = Uuid, Path, description = "The session's id.")),
    responses(
        (status = 204, description = "Deleted with everything in it."),
        (status = 404, response = problem::NotFound),
        problem::WriteProblems,
    )
)]
pub async fn delete_session(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let session = SessionId(path_id(&id, "session")?);
    state.store.delete_session(caller.scope(), session).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Deletes a profile for real with all its sessions and everything in them, and
/// practitioners' notes and prescription about it.
#[utoipa::path(
    delete,
    path = "/profiles/{id}",
    tag = "profiles",
    params(("id" = Uuid, Path, description = "The profile's id.")),
    responses(
        (status = 204, description = "Deleted with all its sessions."),
        (status = 404, response = problem::NotFound),
        problem::WriteProblems,
    )
)]
pub async fn delete_profile(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let profile = ProfileId(path_id(&id, "profile")?);
    state.store.delete_profile(caller.scope(), profile).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The account's password, confirming its deletion.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AccountDeletion {
    /// The account's password now.
    #[schema(min_length = 1, max_length = 256)]
    pub password: String,
}

/// Deletes the caller's own account with all its data: its profiles with every session, its
/// sign-ins and tokens (this one included), invitations it made, its links to practitioners
/// or clients and the notes and prescriptions it wrote. A wrong password counts as a failed
/// sign-in. The owner's account is refused with 403: it holds the server, which is wiped by
/// deleting its database instead.
#[utoipa::path(
    delete,
    path = "/account",
    tag = "account",
    request_body = AccountDeletion,
    responses(
        (status = 204, description = "Deleted with all its data; this token or sign-in no longer works."),
        (status = 403, response = problem::Forbidden),
        (status = 429, response = problem::TooManyAttempts),
        (status = 503, response = problem::Busy),
        problem::ReadProblems,
        problem::BodyProblems,
    )
)]
pub async fn delete_account(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    caller: Caller,
    ApiJson(body): ApiJson<AccountDeletion>,
) -> ApiResult<StatusCode> {
    rights::delete_own_account(&state, &caller.account, client.ip(), body.password)
        .await
        .map_err(|error| match error {
            DeleteError::WrongPassword => ApiError::invalid("/password", "the password is wrong"),
            DeleteError::Limited(refused) => ApiError::retry_after(
                Kind::TooManyAttempts,
                refused.message(),
                refused.retry_after_seconds(),
            ),
            DeleteError::Busy(e) => e.into(),
            DeleteError::Store(e) => e.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}

/// The owner removes another account with all its data, as if its holder had deleted it.
/// Anyone else is refused with 403; the owner's own account too.
#[utoipa::path(
    delete,
    path = "/accounts/{id}",
    tag = "account",
    params(("id" = Uuid, Path, description = "The account's id.")),
    responses(
        (status = 204, description = "Removed with all its data."),
        (status = 403, response = problem::Forbidden),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn remove_account(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    if caller.account.role != Role::Owner {
        return Err(ApiError::new(
            Kind::Forbidden,
            "Only the owner removes another account.",
        ));
    }
    let account = AccountId(path_id(&id, "account")?);
    rights::remove_account(&state, &caller.account, account).await?;
    Ok(StatusCode::NO_CONTENT)
}
