//! `/api/v1/invitations`: the invitations the caller made that still work, of every kind
//! (members and practitioners by the owner, clients by a practitioner), listed without their
//! links, and withdrawn. Links are made by `POST /clients/invitations` and on the pages,
//! where each is shown once.

use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use psoas_store::OpenInvitation as DomainInvitation;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::enums::InvitationKind;
use super::extract::{ApiQuery, path_id};
use super::paging::{Page, paged_query};
use super::problem::{self, ApiResult};
use super::views::time;
use crate::AppState;
use crate::auth::now;

/// An invitation that still works, without its link.
#[derive(Debug, Serialize, ToSchema)]
pub struct OpenInvitation {
    /// Its id.
    pub id: Uuid,
    /// What it makes of whoever accepts it.
    pub kind: InvitationKind,
    /// When it was made.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// When it stops working.
    #[schema(format = DateTime)]
    pub expires_at: String,
}

impl From<&DomainInvitation> for OpenInvitation {
    fn from(i: &DomainInvitation) -> Self {
        Self {
            id: i.id,
            kind: i.kind.into(),
            created_at: time(i.created_at),
            expires_at: time(i.expires_at),
        }
    }
}

paged_query!(
    /// Paging of the invitation list.
    InvitationQuery {}
);

/// Lists the caller's invitations that are not used, expired or withdrawn, the newest first.
#[utoipa::path(
    get,
    path = "/invitations",
    tag = "invitations",
    params(InvitationQuery),
    responses(
        (status = 200, description = "A page of the caller's open invitations, the newest first.", body = Page<OpenInvitation>),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_invitations(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<InvitationQuery>,
) -> ApiResult<Json<Page<OpenInvitation>>> {
    let paging = query.paging()?;
    let open = state
        .store
        .open_invitations(caller.account.id, now())
        .await?;
    Ok(Json(paging.page(
        open,
        |i| OpenInvitation::from(&i),
        &state.settings.public_url,
        &uri,
    )))
}

/// Withdraws one of the caller's open invitations; its link stops working at once.
#[utoipa::path(
    delete,
    path = "/invitations/{id}",
    tag = "invitations",
    params(("id" = Uuid, Path, description = "The invitation's id.")),
    responses(
        (status = 204, description = "Withdrawn."),
        (status = 404, response = problem::NotFound),
        problem::WriteProblems,
    )
)]
pub async fn delete_invitation(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id, "invitation")?;
    state
        .store
        .withdraw_invitation(caller.account.id, id, now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
