//! `/api/v1/tokens`: the caller's personal access tokens, listed without their secrets, and
//! revoked. Tokens are made on the settings page, where the secret is shown once.

use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use psoas_store::ApiToken as DomainToken;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::extract::{ApiQuery, path_id};
use super::paging::{Page, paged_query};
use super::problem::{self, ApiResult};
use super::views::time;
use crate::AppState;
use crate::auth::now;

/// A personal access token, without its secret.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApiToken {
    /// Its id.
    pub id: Uuid,
    /// The name its owner gave it.
    pub name: String,
    /// When it was made.
    #[schema(format = DateTime)]
    pub created_at: String,
    /// When it was last used.
    #[schema(format = DateTime)]
    pub last_used_at: Option<String>,
}

impl From<&DomainToken> for ApiToken {
    fn from(t: &DomainToken) -> Self {
        Self {
            id: t.id,
            name: t.name.clone(),
            created_at: time(t.created_at),
            last_used_at: t.last_used_at.map(time),
        }
    }
}

paged_query!(
    /// Paging of the token list.
    TokenQuery {}
);

/// Lists the caller's live tokens.
#[utoipa::path(
    get,
    path = "/tokens",
    tag = "tokens",
    params(TokenQuery),
    responses(
        (status = 200, description = "A page of the caller's live tokens.", body = Page<ApiToken>),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<TokenQuery>,
) -> ApiResult<Json<Page<ApiToken>>> {
    let paging = query.paging()?;
    let tokens = state.store.list_api_tokens(caller.account.id).await?;
    Ok(Json(paging.page(
        tokens,
        |t| ApiToken::from(&t),
        &state.settings.public_url,
        &uri,
    )))
}

/// Revokes one of the caller's tokens; it stops working at once.
#[utoipa::path(
    delete,
    path = "/tokens/{id}",
    tag = "tokens",
    params(("id" = Uuid, Path, description = "The token's id.")),
    responses(
        (status = 204, description = "Revoked."),
        (status = 404, response = problem::NotFound),
        problem::WriteProblems,
    )
)]
pub async fn delete_token(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let id = path_id(&id, "token")?;
    state
        .store
        .revoke_api_token(caller.account.id, id, now())
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
