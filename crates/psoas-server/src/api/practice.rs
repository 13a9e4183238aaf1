//! `/api/v1/clients` and `/api/v1/practitioner`: a practitioner's clients (listed, invited,
//! unlinked) and a client's practitioner (read, unlinked). One client's records, notes and
//! prescriptions are in [`super::clients`].
//!
//! Every client route loads the live link first (`Following::load`): a client who is not
//! linked to the caller, or no longer is, is "not found", for tokens as for cookies.

use crate::audit;
use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use psoas_core::ProfileId;
use psoas_core::practice::ClientLink;
use psoas_core::{AccountId, InvitationKind};
use psoas_store::audit::{AccessKind, Door};
use psoas_store::{Scope, StoreError};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::extract::{ApiQuery, path_id};
use super::paging::{Page, paged_query};
use super::problem::{self, ApiError, ApiResult};
use super::views::time;
use crate::AppState;
use crate::auth::now;
use crate::invitation::invitation_link;

/// A client linked to the caller.
#[derive(Debug, Serialize, ToSchema)]
pub struct Client {
    /// The client's account id.
    pub id: Uuid,
    /// The client's name.
    pub display_name: String,
    /// The client's sign-in address.
    pub email: String,
    /// When the client joined with the caller's invitation.
    #[schema(format = DateTime)]
    pub linked_at: String,
}

impl From<&ClientLink> for Client {
    fn from(link: &ClientLink) -> Self {
        Self {
            id: link.client.0,
            display_name: link.client_name.to_string(),
            email: link.client_email.to_string(),
            linked_at: time(link.linked_at),
        }
    }
}

/// The caller's practitioner.
#[derive(Debug, Serialize, ToSchema)]
pub struct Practitioner {
    /// The practitioner's account id.
    pub id: Uuid,
    /// The practitioner's name.
    pub display_name: String,
    /// Since when the caller is linked.
    #[schema(format = DateTime)]
    pub linked_at: String,
}

/// A client invitation link, shown once.
#[derive(Debug, Serialize, ToSchema)]
pub struct Invitation {
    /// Its id, to withdraw it by (`DELETE /invitations/{id}`).
    pub id: Uuid,
    /// The link to send; it works once.
    pub link: String,
    /// When it stops working.
    #[schema(format = DateTime)]
    pub expires_at: String,
}

/// A practitioner and one live client of theirs.
pub(super) struct Following {
    /// The link.
    pub(super) link: ClientLink,
    /// The practice scope that reads the client's records.
    pub(super) scope: Scope,
}

impl Following {
    /// The live link between the caller and the client in the path; 404 otherwise.
    pub(super) async fn load(state: &AppState, caller: &Caller, raw: &str) -> ApiResult<Self> {
        let client = AccountId(path_id(raw, "client")?);
        let link = state
            .store
            .client(caller.account.id, client)
            .await
            .map_err(|e| match e {
                StoreError::NotFound { .. } => ApiError::not_found("client"),
                other => other.into(),
            })?;
        Ok(Self {
            scope: Scope::Practice {
                practitioner: caller.account.id,
                client,
            },
            link,
        })
    }

    /// Notes this access in the client's access log, before anything of theirs goes back.
    pub(super) async fn noted(
        &self,
        state: &AppState,
        kind: AccessKind,
        profile: Option<ProfileId>,
    ) -> ApiResult<()> {
        let (practitioner, client) = (self.link.practitioner, self.link.client);
        audit::note(state, Door::Api, practitioner, client, profile, kind).await?;
        Ok(())
    }
}

paged_query!(
    /// Paging of the clients list.
    ClientQuery {}
);

/// Lists the caller's live clients, by name (empty for an account that does not practise).
#[utoipa::path(
    get,
    path = "/clients",
    tag = "clients",
    params(ClientQuery),
    responses(
        (status = 200, description = "A page of the caller's clients, by name.", body = Page<Client>),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_clients(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<ClientQuery>,
) -> ApiResult<Json<Page<Client>>> {
    let paging = query.paging()?;
    let clients = state.store.clients(caller.account.id).await?;
    Ok(Json(paging.page(
        clients,
        |c| Client::from(&c),
        &state.settings.public_url,
        &uri,
    )))
}

/// Makes a client invitation link: whoever signs up with it becomes the caller's client.
#[utoipa::path(
    post,
    path = "/clients/invitations",
    tag = "clients",
    responses(
        (status = 201, description = "The link, shown once; it works once, for 7 days.", body = Invitation),
        (status = 403, response = problem::Forbidden),
        problem::ReadProblems,
    )
)]
pub async fn create_invitation(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<(StatusCode, Json<Invitation>)> {
    let made = invitation_link(&state, caller.account.id, InvitationKind::Client).await?;
    Ok((
        StatusCode::CREATED,
        Json(Invitation {
            id: made.id,
            link: made.link,
            expires_at: time(made.expires_at),
        }),
    ))
}

/// One live client of the caller.
#[utoipa::path(
    get,
    path = "/clients/{id}",
    tag = "clients",
    params(("id" = Uuid, Path, description = "The client's account id.")),
    responses(
        (status = 200, description = "The client.", body = Client),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_client(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Client>> {
    let following = Following::load(&state, &caller, &id).await?;
    Ok(Json(Client::from(&following.link)))
}

/// Unlinks a client: from now on the caller reaches none of the client's records.
#[utoipa::path(
    delete,
    path = "/clients/{id}",
    tag = "clients",
    params(("id" = Uuid, Path, description = "The client's account id.")),
    responses(
        (status = 204, description = "Unlinked; the client keeps their records."),
        (status = 404, response = problem::NotFound),
        problem::WriteProblems,
    )
)]
pub async fn delete_client(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let following = Following::load(&state, &caller, &id).await?;
    state
        .store
        .unlink(caller.account.id, following.link.client, now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The caller's practitioner, for a linked client.
#[utoipa::path(
    get,
    path = "/practitioner",
    tag = "clients",
    responses(
        (status = 200, description = "The practitioner the caller is linked to.", body = Practitioner),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_practitioner(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<Json<Practitioner>> {
    let link = state
        .store
        .practitioner_of(caller.account.id)
        .await?
        .ok_or_else(|| ApiError::not_found("practitioner"))?;
    Ok(Json(Practitioner {
        id: link.practitioner.0,
        display_name: link.practitioner_name.to_string(),
        linked_at: time(link.linked_at),
    }))
}

/// Unlinks the caller from their practitioner, who from now on reaches none of the caller's
/// records; the prescription no longer applies.
#[utoipa::path(
    delete,
    path = "/practitioner",
    tag = "clients",
    responses(
        (status = 204, description = "Unlinked."),
        (status = 404, response = problem::NotFound),
        problem::WriteProblems,
    )
)]
pub async fn delete_practitioner(
    State(state): State<AppState>,
    caller: Caller,
) -> ApiResult<StatusCode> {
    state
        .store
        .unlink(caller.account.id, caller.account.id, now())
        .await
        .map_err(|e| match e {
            StoreError::NotFound { .. } => ApiError::not_found("practitioner"),
            other => other.into(),
        })?;
    Ok(StatusCode::NO_CONTENT)
}
