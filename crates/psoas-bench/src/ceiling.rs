//! The ceiling: a bare axum server whose endpoints do no work. The same load sent here and to
//! `psoas serve` shows how much of the time is the HTTP stack and the load generator, and how
//! much is psoas. It runs as its own process on the same kind of runtime as `psoas serve`
//! (tokio's multi-threaded scheduler), so the two compete for the same cores in the same way.

use axum::Router;
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::routing::{get, post};
use bytes::Bytes;

/// What the ceiling prints before its address.
pub const MARKER: &str = "ceiling listening at ";

/// Where the ceiling answers reads and writes: the same paths as the API's.
pub const READ_PATH: &str = "/api/v1/history";
/// See [`READ_PATH`].
pub const WRITE_PATH: &str = "/api/v1/sessions/ceiling/measurements";

/// The bare endpoints: a GET answered with a fixed small JSON body, and a POST whose body is
/// read and dropped, answered 201 with a fixed body.
pub fn router() -> Router {
    async fn read() -> ([(axum::http::HeaderName, &'static str); 1], &'static str) {
        ([(CONTENT_TYPE, "application/json")], "{}")
    }
    async fn write(
        _body: Bytes,
    ) -> (
        StatusCode,
        [(axum::http::HeaderName, &'static str); 1],
        &'static str,
    ) {
        (
            StatusCode::CREATED,
            [(CONTENT_TYPE, "application/json")],
            "{}",
        )
    }
    Router::new()
        .route(READ_PATH, get(read))
        .route(WRITE_PATH, post(write))
}

/// Serves the ceiling on `listen` until the process is stopped.
pub async fn serve(listen: &str) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind(listen).await?;
    println!("{MARKER}http://{}", listener.local_addr()?);
    axum::serve(listener, router()).await
}
