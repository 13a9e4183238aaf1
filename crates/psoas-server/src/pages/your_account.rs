//! The "Your account" page: change the password (the current one asked, every other
//! sign-in ended).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use serde::Deserialize;
use std::net::SocketAddr;

use super::form::Problems;
use super::{Chrome, PageError, PageResult};
use crate::AppState;
use crate::auth::SignedIn;
use crate::rights::{self, ChangeError};

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/account", get(account))
        .route("/account/password", post(change_password))
}

#[derive(Template, WebTemplate)]
#[template(path = "your_account.html")]
struct AccountPage {
    chrome: Chrome,
    /// What was just done, said at the top.
    notice: Option<String>,
    problems: Problems,
}

#[derive(Deserialize)]
struct Done {
    /// Set after a password change: how many other sign-ins ended.
    changed: Option<u64>,
}

/// The sentence after a password change.
fn changed_notice(ended: u64) -> String {
    match ended {
        0 => "Your password is changed.".to_string(),
        1 => "Your password is changed, and your one other sign-in has ended.".to_string(),
        n => format!("Your password is changed, and your {n} other sign-ins have ended."),
    }
}

async fn page(user: &SignedIn, notice: Option<String>, problems: Problems) -> AccountPage {
    AccountPage {
        chrome: Chrome::of(user),
        notice,
        problems,
    }
}

async fn account(user: SignedIn, Query(done): Query<Done>) -> PageResult<AccountPage> {
    Ok(page(&user, done.changed.map(changed_notice), Problems::default()).await)
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
        Err(ChangeError::WrongCurrent) => problems.add(
            "current_password",
            "The current password is wrong. Type the password you signed in with.",
        ),
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
        page(&user, None, problems).await,
    )
        .into_response())
}
