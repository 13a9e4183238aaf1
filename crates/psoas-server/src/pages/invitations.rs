//! The open invitations an account made, as the settings page (members, practitioners) and
//! the clients page (clients) list them, and withdrawing one, after which its link no longer
//! works.

use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::post;
use jiff::Timestamp;
use psoas_core::InvitationKind;
use psoas_store::StoreError;

use super::signed_in::CsrfForm;
use super::{PageError, PageResult};
use crate::AppState;
use crate::auth::{SignedIn, now};

pub(super) fn router() -> Router<AppState> {
    Router::new().route("/invitations/{id}/withdraw", post(withdraw))
}

/// An open invitation as a page lists it.
pub(super) struct InvitationRow {
    pub(super) id: String,
    /// Whom it invites: "A member", "A practitioner", "A client".
    pub(super) whom: &'static str,
    pub(super) made: String,
    pub(super) until: String,
}

fn whom(kind: InvitationKind) -> &'static str {
    match kind {
        InvitationKind::Member => "A member",
        InvitationKind::Practitioner => "A practitioner",
        InvitationKind::Client => "A client",
    }
}

fn minute(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// The signed-in account's open invitations that `shown` keeps, the newest first.
pub(super) async fn open_rows(
    state: &AppState,
    user: &SignedIn,
    shown: fn(InvitationKind) -> bool,
) -> PageResult<Vec<InvitationRow>> {
    let open = state.store.open_invitations(user.account.id, now()).await?;
    Ok(open
        .into_iter()
        .filter(|i| shown(i.kind))
        .map(|i| InvitationRow {
            id: i.id.to_string(),
            whom: whom(i.kind),
            made: minute(i.created_at),
            until: minute(i.expires_at),
        })
        .collect())
}

/// The page an invitation of a kind is listed on.
fn listed_on(kind: InvitationKind) -> &'static str {
    match kind {
        InvitationKind::Client => "/clients",
        InvitationKind::Member | InvitationKind::Practitioner => "/settings",
    }
}

/// What the page says after a withdrawal, read from its address.
pub(super) fn withdrawn_notice(withdrawn: &str) -> Option<String> {
    (withdrawn == "1").then(|| super::words::accounts::INVITATION_WITHDRAWN.to_string())
}

fn gone() -> PageError {
    PageError::new(
        StatusCode::NOT_FOUND,
        super::words::accounts::INVITATION_GONE,
    )
}

async fn withdraw(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let id = uuid::Uuid::parse_str(&id).map_err(|_| gone())?;
    let at = now();
    let open = state.store.open_invitations(user.account.id, at).await?;
    let kind = open
        .iter()
        .find(|i| i.id == id)
        .map(|i| i.kind)
        .ok_or_else(gone)?;
    match state
        .store
        .withdraw_invitation(user.account.id, id, at)
        .await
    {
        Ok(()) => {}
        Err(StoreError::NotFound { .. }) => return Err(gone()),
        Err(other) => return Err(other.into()),
    }
    Ok(Redirect::to(&format!("{}?withdrawn=1", listed_on(kind))).into_response())
}
