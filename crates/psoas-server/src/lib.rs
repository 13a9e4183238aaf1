//! The psoas web app: server-rendered pages for phones, a JSON API under `/api/v1` described
//! by OpenAPI, and accounts, over the same domain core and store as the terminal tool.
//!
//! [`router`] builds the whole app for a state; [`serve`] runs it on a listener until a
//! shutdown signal, so tests bind port 0 and drive a real server.

pub mod api;
pub mod assets;
pub mod audit;
pub mod auth;
mod download;
mod history_lines;
mod invitation;
pub mod pages;
pub mod password_work;
pub mod paths;
mod refusal;
pub mod rights;
mod secret;
pub mod security;
mod sentence;
pub mod sign_in_limit;
mod state;
pub mod tls;
pub mod user_agent;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum_server::Handle;
use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
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
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            security::headers,
        ))
        .layer(
            // One line per request at INFO: method, path (secrets redacted), status, latency.
            TraceLayer::new_for_http()
                .make_span_with(security::request_span)
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// Serves the app on a listener until `shutdown` completes, letting requests in flight end
/// (for at most ten seconds).
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mut server = axum_server::from_tcp(listener.into_std()?)?;
    guard_against_slow_clients(server.http_builder(), &state);
    let purges = audit::spawn_purges(state.clone());
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    let served = server.handle(shutdown_handle(shutdown)).serve(app).await;
    purges.abort();
    served
}

/// A connection whose request headers do not arrive within the setting is closed, so slow
/// clients cannot hold connections open for ever.
pub(crate) fn guard_against_slow_clients(
    builder: &mut hyper_util::server::conn::auto::Builder<hyper_util::rt::TokioExecutor>,
    state: &AppState,
) {
    builder
        .http1()
        .timer(hyper_util::rt::TokioTimer::new())
        .header_read_timeout(state.settings.header_read_timeout);
}

/// A handle that starts a graceful shutdown when `shutdown` completes.
pub(crate) fn shutdown_handle(
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Handle<SocketAddr> {
    let handle: Handle<SocketAddr> = Handle::new();
    let stopper = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopper.graceful_shutdown(Some(Duration::from_secs(10)));
    });
    handle
}
