//! Deleting for real from the pages: a struck-out trial, a check (session), a person's profile,
//! one's own account (asking the password), and the owner removing another account. Each has a
//! confirmation page saying exactly what will be gone, that it cannot be undone and that
//! backups made before keep what they had; the form posts with the CSRF token, and the person
//! lands where a notice says what was deleted. The words about deleting are in `words/deletion.rs`.

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::{Form, Router};
use psoas_core::{AccountId, MeasurementId, ProfileId, Role, SessionId};
use psoas_store::{Contents, Scope, StoreError};
use serde::Deserialize;
use std::net::SocketAddr;
use uuid::Uuid;

use super::form::Problems;
use super::{Chrome, PageError, PageResult};
use crate::AppState;
use crate::auth::SignedIn;
use crate::rights::{self, DeleteError};

use super::words::deletion as words;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/sessions/{id}/trials/{trial}/delete",
            get(trial_page).post(delete_trial),
        )
        .route(
            "/sessions/{id}/delete",
            get(session_page).post(delete_session),
        )
        .route(
            "/profiles/{id}/delete",
            get(profile_page).post(delete_profile),
        )
        .route("/account/delete", get(account_page).post(delete_account))
        .route(
            "/settings/accounts/{id}/remove",
            get(remove_page).post(remove_account),
        )
}

/// The confirmation page of every deletion.
#[derive(Template, WebTemplate)]
#[template(path = "delete.html")]
struct ConfirmPage {
    chrome: Chrome,
    /// "Delete this check?"
    title: String,
    /// What it is, in a line: "Anna's check of 2026-12-03 09:30 UTC".
    what: String,
    /// Everything that goes with it, a line each.
    gone: Vec<String>,
    /// What stays, said after.
    kept: Option<String>,
    action: String,
    /// Where "Keep it" leads.
    back: String,
    button: &'static str,
    ask_password: bool,
    problems: Problems,
    cannot_be_undone: &'static str,
    backups: &'static str,
}

impl ConfirmPage {
    fn new(user: &SignedIn, title: impl Into<String>, what: impl Into<String>) -> Self {
        Self {
            chrome: Chrome::of(user),
            title: title.into(),
            what: what.into(),
            gone: Vec::new(),
            kept: None,
            action: String::new(),
            back: "/".to_string(),
            button: "Delete",
            ask_password: false,
            problems: Problems::default(),
            cannot_be_undone: words::CANNOT_BE_UNDONE,
            backups: words::BACKUPS,
        }
    }
}

/// The page an account lands on once it deleted itself: it is signed out, with nothing left.
#[derive(Template, WebTemplate)]
#[template(path = "deleted.html")]
struct DeletedPage {
    chrome: Chrome,
    gone: String,
    backups: &'static str,
}

#[derive(Deserialize)]
struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
}

fn gone(what: &str) -> PageError {
    PageError::new(StatusCode::NOT_FOUND, words::gone(what))
}

fn id_of(raw: &str, what: &str) -> PageResult<Uuid> {
    Uuid::parse_str(raw).map_err(|_| gone(what))
}

fn minute(t: jiff::Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// Lands on `to` with the notice `notice` said at the top (in the address, no name in it).
fn land(to: &str, notice: &str) -> Response {
    Redirect::to(&format!("{to}?deleted={notice}")).into_response()
}

// --- a struck-out trial -----------------------------------------------------------------

async fn trial_page(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, trial)): Path<(String, String)>,
) -> PageResult<Response> {
    let session = SessionId(id_of(&id, "check")?);
    let trial = MeasurementId(id_of(&trial, "trial")?);
    let scope = Scope::of(&user.account);
    let (record, profile) = state.store.session_and_profile(scope, session).await?;
    let m = record
        .measurements
        .iter()
        .find(|m| m.id == trial)
        .ok_or_else(|| gone("trial"))?;
    let Some(void) = &m.void else {
        return Err(PageError::new(StatusCode::CONFLICT, words::ONLY_STRUCK_OUT));
    };
    let value = m
        .reading
        .as_ref()
        .map_or_else(|| words::NO_VALUE.to_string(), ToString::to_string);
    let mut page = ConfirmPage::new(
        &user,
        words::TRIAL_QUESTION,
        format!(
            "{} side, trial {} of the {} ({}): {value}, struck out: {}",
            super::capital(m.side.as_str()),
            m.trial,
            m.test.title(),
            m.phase.title(),
            void.describe()
        ),
    );
    page.gone = vec![words::trial_gone(
        profile.name.as_str(),
        &minute(record.session.started_at),
    )];
    page.kept = Some(words::TRIAL_KEPT.to_string());
    page.action = format!("/sessions/{session}/trials/{trial}/delete");
    page.back = format!("/sessions/{session}");
    page.button = words::TRIAL_BUTTON;
    Ok(page.into_response())
}

async fn delete_trial(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, trial)): Path<(String, String)>,
    Form(form): Form<ConfirmForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let session = SessionId(id_of(&id, "check")?);
    let trial = MeasurementId(id_of(&trial, "trial")?);
    state
        .store
        .delete_measurement(Scope::of(&user.account), session, trial)
        .await?;
    Ok(land(&format!("/sessions/{session}"), "trial"))
}

// --- a check ----------------------------------------------------------------------------

async fn session_page(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let session = SessionId(id_of(&id, "check")?);
    let scope = Scope::of(&user.account);
    let (record, profile) = state.store.session_and_profile(scope, session).await?;
    let mut page = ConfirmPage::new(
        &user,
        words::CHECK_QUESTION,
        words::check_named(profile.name.as_str(), &minute(record.session.started_at)),
    );
    page.gone = vec![words::check_gone(record.measurements.len() as u64)];
    page.kept = Some(words::check_kept(profile.name.as_str()));
    page.action = format!("/sessions/{session}/delete");
    page.back = format!("/sessions/{session}");
    page.button = words::CHECK_BUTTON;
    Ok(page.into_response())
}

async fn delete_session(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let session = SessionId(id_of(&id, "check")?);
    let contents = state
        .store
        .delete_session(Scope::of(&user.account), session)
        .await?;
    Ok(land("/", &format!("session-{}", contents.trials)))
}

// --- a profile --------------------------------------------------------------------------

async fn profile_page(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let profile = ProfileId(id_of(&id, "profile")?);
    let scope = Scope::of(&user.account);
    let found = state.store.profile(scope, profile).await?;
    let sessions = state.store.list_sessions(scope, Some(profile)).await?;
    let contents = Contents {
        profiles: 1,
        sessions: sessions.len() as u64,
        trials: sessions.iter().map(|s| s.measurements.len() as u64).sum(),
    };
    let mut page = ConfirmPage::new(
        &user,
        words::profile_question(found.name.as_str()),
        words::profile_named(found.name.as_str(), contents),
    );
    page.gone = vec![
        words::profile_gone(contents),
        words::PROFILE_PRACTICE_GONE.to_string(),
    ];
    page.action = format!("/profiles/{profile}/delete");
    page.button = words::PROFILE_BUTTON;
    Ok(page.into_response())
}

async fn delete_profile(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let profile = ProfileId(id_of(&id, "profile")?);
    let c = state
        .store
        .delete_profile(Scope::of(&user.account), profile)
        .await?;
    Ok(land("/", &format!("profile-{}-{}", c.sessions, c.trials)))
}

// --- one's own account ------------------------------------------------------------------

use words::OWNER_STAYS;

async fn account_confirm(
    state: &AppState,
    user: &SignedIn,
    problems: Problems,
) -> PageResult<ConfirmPage> {
    let contents = state.store.account_contents(user.account.id).await?;
    let mut page = ConfirmPage::new(
        user,
        words::ACCOUNT_QUESTION,
        format!("{} ({})", user.account.display_name, user.account.email),
    );
    page.gone = vec![
        words::account_gone(contents),
        words::ACCOUNT_SIGN_INS_GONE.to_string(),
        words::ACCOUNT_PRACTICE_GONE.to_string(),
    ];
    page.action = "/account/delete".to_string();
    page.back = "/account".to_string();
    page.button = words::ACCOUNT_BUTTON;
    page.ask_password = true;
    page.problems = problems;
    Ok(page)
}

async fn account_page(State(state): State<AppState>, user: SignedIn) -> PageResult<Response> {
    if user.account.role == Role::Owner {
        return Err(PageError::new(StatusCode::FORBIDDEN, OWNER_STAYS));
    }
    Ok(account_confirm(&state, &user, Problems::default())
        .await?
        .into_response())
}

async fn delete_account(
    State(state): State<AppState>,
    ConnectInfo(client): ConnectInfo<SocketAddr>,
    user: SignedIn,
    Form(form): Form<ConfirmForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    if user.account.role == Role::Owner {
        return Err(PageError::new(StatusCode::FORBIDDEN, OWNER_STAYS));
    }
    let mut problems = Problems::default();
    match rights::delete_own_account(&state, &user.account, client.ip(), form.password).await {
        Ok(c) => {
            return Ok(DeletedPage {
                chrome: Chrome::anonymous(),
                gone: words::own_account_deleted(c),
                backups: words::BACKUPS,
            }
            .into_response());
        }
        Err(DeleteError::WrongPassword) => problems.add("password", words::WRONG_PASSWORD),
        Err(DeleteError::Limited(refused)) => {
            return Err(
                PageError::new(StatusCode::TOO_MANY_REQUESTS, refused.message())
                    .retry_after(refused.retry_after_seconds()),
            );
        }
        Err(DeleteError::Busy(e)) => return Err(e.into()),
        Err(DeleteError::Store(e)) => return Err(e.into()),
    }
    Ok((
        StatusCode::UNPROCESSABLE_ENTITY,
        account_confirm(&state, &user, problems).await?,
    )
        .into_response())
}

// --- the owner removes an account -------------------------------------------------------

/// Another account, for the owner only.
async fn other_account(
    state: &AppState,
    user: &SignedIn,
    raw: &str,
) -> PageResult<psoas_core::Account> {
    if user.account.role != Role::Owner {
        return Err(PageError::new(
            StatusCode::FORBIDDEN,
            words::ONLY_OWNER_REMOVES,
        ));
    }
    let id = AccountId(id_of(raw, "account")?);
    state
        .store
        .accounts()
        .await?
        .into_iter()
        .find(|a| a.id == id && a.id != user.account.id)
        .ok_or_else(|| gone("account"))
}

async fn remove_page(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let account = other_account(&state, &user, &id).await?;
    let contents = state.store.account_contents(account.id).await?;
    let mut page = ConfirmPage::new(
        &user,
        words::remove_question(account.display_name.as_str()),
        format!("{} ({})", account.display_name, account.email),
    );
    page.gone = vec![
        words::removed_account_gone(contents),
        words::REMOVED_ACCOUNT_REST_GONE.to_string(),
    ];
    page.action = format!("/settings/accounts/{}/remove", account.id);
    page.back = "/settings#accounts".to_string();
    page.button = words::REMOVE_BUTTON;
    Ok(page.into_response())
}

async fn remove_account(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ConfirmForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let account = other_account(&state, &user, &id).await?;
    match rights::remove_account(&state, &user.account, account.id).await {
        Ok(c) => Ok(land(
            "/settings",
            &format!("account-{}-{}-{}", c.profiles, c.sessions, c.trials),
        )),
        Err(StoreError::NotFound { .. }) => Err(gone("account")),
        Err(e) => Err(e.into()),
    }
}

/// The notice a `?deleted=` address says: what kind of thing was deleted, and its counts.
pub(crate) fn notice(deleted: &str) -> Option<String> {
    let mut parts = deleted.split('-');
    let kind = parts.next()?;
    let n: Vec<u64> = parts.map(str::parse).collect::<Result<_, _>>().ok()?;
    Some(match (kind, n.as_slice()) {
        ("trial", []) => words::trial_deleted(),
        ("session", [trials]) => words::session_deleted(Contents {
            profiles: 0,
            sessions: 1,
            trials: *trials,
        }),
        ("profile", [sessions, trials]) => words::profile_deleted(Contents {
            profiles: 1,
            sessions: *sessions,
            trials: *trials,
        }),
        ("account", [profiles, sessions, trials]) => words::account_removed(Contents {
            profiles: *profiles,
            sessions: *sessions,
            trials: *trials,
        }),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_notice_reads_its_counts_and_anything_else_is_no_notice() {
        assert!(
            notice("profile-2-14")
                .unwrap()
                .contains("its 2 checks and 14 trials")
        );
        assert!(notice("session-1").unwrap().contains("its 1 trial are"));
        assert!(
            notice("session-0")
                .unwrap()
                .starts_with("The check is deleted")
        );
        assert!(
            notice("profile-0-0")
                .unwrap()
                .starts_with("The profile is deleted")
        );
        assert!(notice("trial").unwrap().contains("Backups made before"));
        assert!(
            notice("account-1-1-0")
                .unwrap()
                .contains("1 person's profile, 1 check and no trials")
        );
        for odd in [
            "",
            "profile",
            "profile-x-1",
            "trial-1",
            "other-1",
            "session--1",
        ] {
            assert_eq!(notice(odd), None, "{odd}");
        }
    }
}
