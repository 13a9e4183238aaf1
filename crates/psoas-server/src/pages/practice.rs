//! The practitioner's pages: the clients list with each client's last verdicts, client
//! invitation links, and unlinking (by the practitioner here, by the client on the settings
//! page). One client's records, notes and prescription are in [`client`].
//!
//! Every client page loads through [`Follow::load`], which asks the store for the live link
//! first: a link that has ended answers "not found" on the very next request.

mod client;

use crate::audit;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use psoas_core::practice::ClientLink;
use psoas_core::{AccountId, InvitationKind};
use psoas_store::Scope;
use psoas_store::audit::{AccessKind, Door};
use serde::Deserialize;
use uuid::Uuid;

use super::home::last_check;
use super::signed_in::CsrfForm;
use super::{Chrome, PageError, PageResult, words};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::invitation::invitation_link;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/clients", get(clients))
        .route("/clients/invitations", post(invite_client))
        .route("/clients/{client}", get(client::page))
        .route("/clients/{client}/sessions/{session}", get(client::session))
        .route("/clients/{client}/notes", post(client::add_note))
        .route(
            "/clients/{client}/prescription",
            post(client::set_prescription),
        )
        .route("/clients/{client}/unlink", post(unlink_client))
        .route("/settings/practitioner/unlink", post(unlink_practitioner))
}

/// A practitioner looking at one live client.
struct Follow {
    state: AppState,
    user: SignedIn,
    link: ClientLink,
}

impl Follow {
    /// The live link between the signed-in practitioner and a client; 404 otherwise.
    async fn load(state: AppState, user: SignedIn, client: &str) -> PageResult<Self> {
        let client = Uuid::parse_str(client)
            .map(AccountId)
            .map_err(|_| not_found())?;
        let link = match state.store.client(user.account.id, client).await {
            Ok(link) => link,
            Err(psoas_store::StoreError::NotFound { .. }) => return Err(not_found()),
            Err(other) => return Err(other.into()),
        };
        Ok(Self { state, user, link })
    }

    /// The scope that reads this client's records.
    fn scope(&self) -> Scope {
        Scope::Practice {
            practitioner: self.user.account.id,
            client: self.link.client,
        }
    }

    fn path(&self) -> String {
        format!("/clients/{}", self.link.client)
    }

    /// Notes this access in the client's access log, before anything of theirs is shown.
    async fn noted(
        &self,
        kind: AccessKind,
        profile: Option<psoas_core::ProfileId>,
    ) -> PageResult<()> {
        let (practitioner, client) = (self.user.account.id, self.link.client);
        audit::note(
            &self.state,
            Door::Pages,
            practitioner,
            client,
            profile,
            kind,
        )
        .await?;
        Ok(())
    }
}

fn not_found() -> PageError {
    PageError::new(StatusCode::NOT_FOUND, words::practice::CLIENT_NOT_FOUND)
}

/// Refuses the practitioner pages to accounts that do not practise.
fn require_practice(user: &SignedIn) -> PageResult<()> {
    if user.account.role.can_practise() {
        Ok(())
    } else {
        Err(PageError::new(
            StatusCode::FORBIDDEN,
            words::practice::FOR_PRACTITIONERS,
        ))
    }
}

/// A client on the clients page.
struct ClientCard {
    id: String,
    name: String,
    email: String,
    since: String,
    people: Vec<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "practice/clients.html")]
struct ClientsPage {
    chrome: Chrome,
    clients: Vec<ClientCard>,
    invitation: Option<String>,
    /// The client invitations this practitioner made that still work.
    open_invitations: Vec<super::invitations::InvitationRow>,
    /// What was just done, said at the top.
    notice: Option<String>,
}

async fn clients_page(
    state: &AppState,
    user: &SignedIn,
    invitation: Option<String>,
) -> PageResult<ClientsPage> {
    require_practice(user)?;
    let mut cards = Vec::new();
    for link in state.store.clients(user.account.id).await? {
        let scope = Scope::Practice {
            practitioner: user.account.id,
            client: link.client,
        };
        let profiles = state.store.list_profiles(scope).await?;
        let sessions = state.store.list_sessions(scope, None).await?;
        let overview = AccessKind::ClientOverview;
        audit::note(
            state,
            Door::Pages,
            user.account.id,
            link.client,
            None,
            overview,
        )
        .await?;
        let people = profiles
            .iter()
            .map(|profile| {
                let own: Vec<_> = sessions
                    .iter()
                    .filter(|r| r.session.profile_id == profile.id)
                    .collect();
                match last_check(&own, profile) {
                    Some(last) => format!("{}: last check {last}", profile.name),
                    None => format!("{}: no finished check yet", profile.name),
                }
            })
            .collect();
        cards.push(ClientCard {
            id: link.client.to_string(),
            name: link.client_name.to_string(),
            email: link.client_email.to_string(),
            since: link.linked_at.strftime("%Y-%m-%d").to_string(),
            people,
        });
    }
    Ok(ClientsPage {
        chrome: Chrome::of(user),
        clients: cards,
        invitation,
        open_invitations: super::invitations::open_rows(state, user, |kind| {
            kind == InvitationKind::Client
        })
        .await?,
        notice: None,
    })
}

/// What the clients page is told in its address: an invitation was just withdrawn.
#[derive(Deserialize)]
struct Done {
    #[serde(default)]
    withdrawn: String,
}

async fn clients(
    State(state): State<AppState>,
    user: SignedIn,
    Query(done): Query<Done>,
) -> PageResult<ClientsPage> {
    let mut page = clients_page(&state, &user, None).await?;
    page.notice = super::invitations::withdrawn_notice(&done.withdrawn);
    Ok(page)
}

async fn invite_client(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<CsrfForm>,
) -> PageResult<ClientsPage> {
    user.check_csrf(&form.csrf)?;
    require_practice(&user)?;
    let link = invitation_link(&state, user.account.id, InvitationKind::Client)
        .await?
        .link;
    clients_page(&state, &user, Some(link)).await
}

async fn unlink_client(
    State(state): State<AppState>,
    user: SignedIn,
    Path(client): Path<String>,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let follow = Follow::load(state, user, &client).await?;
    follow
        .state
        .store
        .unlink(follow.user.account.id, follow.link.client, now())
        .await?;
    Ok(Redirect::to("/clients").into_response())
}

async fn unlink_practitioner(
    State(state): State<AppState>,
    user: SignedIn,
    Form(form): Form<CsrfForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    state
        .store
        .unlink(user.account.id, user.account.id, now())
        .await?;
    Ok(Redirect::to("/settings").into_response())
}
