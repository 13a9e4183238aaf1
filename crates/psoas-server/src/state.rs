//! What every request handler shares: the store, the server's settings and its memory of
//! judged history lines.

pub use psoas_store::AppStore;

use crate::history_lines::HistoryLines;
use std::sync::Arc;

/// How the server presents itself.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The address people open, e.g. `https://192.168.1.20:8080`; used in printed links.
    pub public_url: String,
    /// Whether cookies carry the Secure flag (under TLS).
    pub secure_cookies: bool,
    /// The largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// How long a sign-in lasts, in hours.
    pub session_hours: i64,
}

impl Settings {
    /// Settings for a server reached at `public_url`.
    pub fn new(public_url: impl Into<String>, secure_cookies: bool) -> Self {
        Self {
            public_url: public_url.into(),
            secure_cookies,
            max_body_bytes: 64 * 1024,
            session_hours: 12,
        }
    }
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    /// The store.
    pub store: Arc<dyn AppStore>,
    /// The settings.
    pub settings: Arc<Settings>,
    /// Judged history lines, reused while their sessions are unchanged.
    pub history_lines: Arc<HistoryLines>,
}

impl AppState {
    /// Builds the state.
    pub fn new(store: Arc<dyn AppStore>, settings: Settings) -> Self {
        Self {
            store,
            settings: Arc::new(settings),
            history_lines: Arc::new(HistoryLines::default()),
        }
    }
}
