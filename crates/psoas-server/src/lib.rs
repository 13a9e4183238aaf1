//! The psoas web app: server-rendered pages for phones, a JSON API under `/api/v1` described
//! by OpenAPI, and accounts, over the same domain core and store as the terminal tool.
//!
//! [`router`] builds the whole app for a state; [`serve`] runs it on a listener until a
//! shutdown signal, so tests bind port 0 and drive a real server.

pub mod api;
mod assets;
pub mod auth;
mod history_lines;
pub mod pages;
mod state;
pub mod tls;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use std::future::Future;
use tokio::net::TcpListener;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use state::{AppState, AppStore, Settings};

/// The whole app: pages, static assets and the API.
pub fn router(state: AppState) -> Router {
    let limit = state.settings.max_body_bytes;
    Router::new()
        .merge(pages::router())
        .merge(assets::router())
        .merge(api::router())
        .layer(DefaultBodyLimit::max(limit))
        .layer(
            // One line per request at INFO: method, path, status and latency.
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// Serves the app on a listener until `shutdown` completes, letting requests in flight end.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
