//! What every request handler shares: the store, the server's settings and its memory of
//! judged history lines.

pub use psoas_store::AppStore;

use crate::history_lines::HistoryLines;
use crate::password_work::PasswordWork;
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
    /// How long a sign-in may lie unused before it ends, in minutes.
    pub idle_minutes: i64,
    /// How long a client may take to send a request's headers before the connection closes.
    pub header_read_timeout: std::time::Duration,
    /// How many Argon2id hashes may run at once (one per core by default).
    pub password_workers: usize,
    /// How long the access log keeps an entry, in days.
    pub access_log_days: i64,
    /// How often what has ended is purged (sign-ins, failed sign-ins, links, old accesses).
    pub purge_every: std::time::Duration,
}

impl Settings {
    /// Settings for a server reached at `public_url`.
    pub fn new(public_url: impl Into<String>, secure_cookies: bool) -> Self {
        Self {
            public_url: public_url.into(),
            secure_cookies,
            max_body_bytes: 64 * 1024,
            session_hours: 12,
            idle_minutes: 60,
            header_read_timeout: std::time::Duration::from_secs(10),
            password_workers: std::thread::available_parallelism().map_or(2, |n| n.get()),
            access_log_days: 365,
            purge_every: std::time::Duration::from_secs(60 * 60),
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
    /// The one gate for Argon2id work (set-up, sign-up, sign-in).
    pub password_work: Arc<PasswordWork>,
}

impl AppState {
    /// Builds the state.
    pub fn new(store: Arc<dyn AppStore>, settings: Settings) -> Self {
        Self {
            password_work: Arc::new(PasswordWork::with_workers(settings.password_workers)),
            store,
            settings: Arc::new(settings),
            history_lines: Arc::new(HistoryLines::default()),
        }
    }
}
