//! The protocol pages: screening, symptoms, trials, verdicts, exercise timers, retest and the
//! before/after summary. Which page a session shows is read from the stored session.

use axum::Router;

use crate::AppState;

pub(super) fn router() -> Router<AppState> {
    Router::new()
}
