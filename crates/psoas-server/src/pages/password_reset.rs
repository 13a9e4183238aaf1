//! The reset link's page: a member who forgot their password sets a new one through the
//! one-use link the owner made for them on the Settings page; every sign-in of theirs ends.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Form, Router};
use serde::Deserialize;

use super::form::Problems;
use super::{Chrome, PageError, PageResult};
use crate::AppState;
use crate::auth::{hash_secret, now};
use crate::rights::{self, ResetError};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/reset-password", get(reset_form).post(reset))
}

#[derive(Template, WebTemplate)]
#[template(path = "password_reset.html")]
struct ResetPage {
    chrome: Chrome,
    /// Whose link it is.
    name: String,
    token: String,
    problems: Problems,
    /// Set once the new password is set.
    done: bool,
}

#[derive(Deserialize)]
struct TokenQuery {
    #[serde(default)]
    token: String,
}

#[derive(Deserialize)]
struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    new_password: String,
}

fn link_gone() -> PageError {
    PageError::new(
        StatusCode::FORBIDDEN,
        super::words::accounts::RESET_LINK_GONE,
    )
}

async fn reset_form(
    State(state): State<AppState>,
    Query(query): Query<TokenQuery>,
) -> PageResult<ResetPage> {
    let Some(account) = state
        .store
        .open_password_reset(&hash_secret(&query.token), now())
        .await?
    else {
        return Err(link_gone());
    };
    Ok(ResetPage {
        chrome: Chrome::anonymous(),
        name: account.display_name.to_string(),
        token: query.token,
        problems: Problems::default(),
        done: false,
    })
}

async fn reset(State(state): State<AppState>, Form(form): Form<ResetForm>) -> PageResult<Response> {
    let Some(account) = state
        .store
        .open_password_reset(&hash_secret(&form.token), now())
        .await?
    else {
        return Err(link_gone());
    };
    let mut page = ResetPage {
        chrome: Chrome::anonymous(),
        name: account.display_name.to_string(),
        token: form.token.clone(),
        problems: Problems::default(),
        done: false,
    };
    match rights::reset_password(&state, &form.token, form.new_password).await {
        Ok(_) => {
            page.done = true;
            Ok(page.into_response())
        }
        Err(ResetError::Weak(reason)) => {
            page.problems.add(
                "new_password",
                super::capital(&format!("new password: {reason}")),
            );
            Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
        }
        Err(ResetError::LinkGone) => Err(link_gone()),
        Err(ResetError::Busy(e)) => Err(e.into()),
        Err(ResetError::Store(e)) => Err(e.into()),
    }
}
