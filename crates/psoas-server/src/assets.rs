//! Static files, embedded in the binary so `psoas serve` needs nothing beside it.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::AppState;

const APP_CSS: &str = include_str!("../static/app.css");
const TIMER_JS: &str = include_str!("../static/timer.js");
const LIFT_JS: &str = include_str!("../static/lift.js");

pub(crate) fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/static/app.css",
            get(|| async { asset("text/css; charset=utf-8", APP_CSS) }),
        )
        .route(
            "/static/timer.js",
            get(|| async { asset("text/javascript; charset=utf-8", TIMER_JS) }),
        )
        .route(
            "/static/lift.js",
            get(|| async { asset("text/javascript; charset=utf-8", LIFT_JS) }),
        )
}

fn asset(content_type: &'static str, body: &'static str) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
}
