//! The "Your account" page: change the password (the current one asked, every other
//! sign-in ended); where the account is signed in (the browser in brief, when it started and
//! was last used, which is this device), ending one, or signing out everywhere else; and the
//! way to delete the account with all its data (`deletion.rs`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use jiff::Timestamp;
use serde::Deserialize;
use std::net::SocketAddr;
use uuid::Uuid;

use super::form::Problems;
use super::signed_in::CsrfForm;
use super::words::accounts as words;
use super::{Chrome, PageError, PageResult};
use crate::AppState;
use crate::auth::SignedIn;
use crate::rights::{self, ChangeError};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/password", post(change_password))
        .route("/account/sign-ins/{id}/end", post(end_sign_in))
        .route("/account/sign-ins/end-others", post(sign_out_elsewhere))
}

/// A live sign-in as the page lists it.
struct SignInRow {
    id: String,
    browser: String,
    started: String,
    last_used: String,
    current: bool,
}

fn minute(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

#[derive(Template, WebTemplate)]
#[template(path = "your_account.html")]
struct AccountPage {
    chrome: Chrome,
    /// What was just done, said at the top.
    notice: Option<String>,
    problems: Problems,
    sign_ins: Vec<SignInRow>,
    /// The owner's account cannot be deleted here.
    is_owner: bool,
    /// How long a sign-in may lie unused, and how long it lasts at most.
    idle_minutes: i64,
    session_hours: i64,
}

#[derive(Deserialize)]
struct Done {
    /// Set after a password change: how many other sign-ins ended.
    changed: Option<u64>,
    /// Set after one sign-in was ended.
    #[serde(default)]
    ended_one: bool,
    /// Set after signing out everywhere else: how many sign-ins ended.
    ended: Option<u64>,
}

impl Done {
    /// The sentence saying what was just done, if anything.
    fn notice(&self) -> Option<String> {
        if let Some(ended) = self.changed {
            return Some(changed_notice(ended));
        }
        if let Some(ended) = self.ended {
            return Some(ended_notice(ended));
        }
        self.ended_one.then(|| words::SIGN_IN_ENDED.to_string())
    }
}

use words::{password_changed as changed_notice, signed_out_elsewhere as ended_notice};

async fn page(
    state: &AppState,
    user: &SignedIn,
    notice: Option<String>,
    problems: Problems,
) -> PageResult<AccountPage> {
    let sign_ins = rights::sign_ins(state, &user.account, Some(&user.session_hash))
        .await?
        .into_iter()
        .map(|s| SignInRow {
            id: s.id.to_string(),
            browser: s.user_agent,
            started: minute(s.started_at),
            last_used: minute(s.last_used_at),
            current: s.current,
        })
        .collect();
    Ok(AccountPage {
        chrome: Chrome::of(user),
        notice,
        problems,
        sign_ins,
        is_owner: user.account.role == psoas_core::Role::Owner,
        idle_minutes: state.settings.idle_minutes,
        session_hours: state.settings.session_hours,
    })
}

async fn account(
    State(state): State<AppState>,
    user: SignedIn,
    Query(done): Query<Done>,
) -> PageResult<AccountPage> {
    page(&state, &user, done.notice(), Problems::default()).await
}

async fn end_sign_in(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let gone = || PageError::new(StatusCode::NOT_FOUND, words::SIGN_IN_GONE);
    let id: Uuid = id.parse().map_err(|_| gone())?;
    match rights::end_sign_in(&state, &user.account, id).await {
        Ok(()) => Ok(Redirect::to("/account?ended_one=true#sign-ins").into_response()),
        Err(psoas_store::StoreError::NotFound { .. }) => Err(gone()),
        Err(e) => Err(e.into()),
    }
}

async fn sign_out_elsewhere(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ended = rights::sign_out_elsewhere(&state, &user.account, Some(&user.session_hash)).await?;
    Ok(Redirect::to(&format!("/account?ended={ended}#sign-ins")).into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    user: SignedIn,
    Form(form): Form<PasswordForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let mut problems = Problems::default();
    let changed = rights::change_password(
        &state,
        &user.account,
        client.ip(),
        form.current_password,
        form.new_password,
        Some(&user.session_hash),
    )
    .await;
    match changed {
        Ok(ended) => return Ok(Redirect::to(&format!("/account?changed={ended}")).into_response()),
        Err(ChangeError::WrongCurrent) => {
            problems.add("current_password", words::CURRENT_PASSWORD_WRONG)
        }
        Err(ChangeError::Weak(reason)) => problems.add(
            "new_password",
            super::capital(&format!("new password: {reason}")),
        ),
        Err(ChangeError::Limited(refused)) => {
            return Err(
                PageError::new(StatusCode::TOO_MANY_REQUESTS, refused.message())
                    .retry_after(refused.retry_after_seconds()),
            );
        }
        Err(ChangeError::Busy(e)) => return Err(e.into()),
        Err(ChangeError::Store(e)) => return Err(e.into()),
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        page(&state, &user, None, problems).await?,
    )
        .into_response())
}
