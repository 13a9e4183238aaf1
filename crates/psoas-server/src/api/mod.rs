//! The JSON API under `/api/v1`, with its OpenAPI document at `/api/openapi.json`.

use axum::Router;

use crate::AppState;

/// The API's routes.
pub fn router() -> Router<AppState> {
    Router::new()
}
