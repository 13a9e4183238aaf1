//! What a store error means to whoever asked, with the HTTP status it is answered with: one
//! mapping for the pages and the API, so the two front doors cannot disagree on a status;
//! each puts the refusal in its own words.

use axum::http::StatusCode;
use psoas_store::StoreError;

/// A store error as the front doors answer it.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// No such record in the caller's scope: unknown and someone else's are never told apart.
    NotFound {
        /// "profile", "session", ...
        what: &'static str,
    },
    /// A short key that matches more than one record: nothing was picked.
    Ambiguous {
        /// "profile", "session", ...
        what: &'static str,
    },
    /// The change clashes with what is stored, in the store's words.
    Conflict(String),
    /// The scope or the account's role does not allow the change, in the store's words.
    NotAllowed(String),
    /// The store failed: nobody can fix it from the client, so the cause is logged, never
    /// shown.
    Fault(StoreError),
}

impl Refusal {
    /// The HTTP status the refusal is answered with.
    pub(crate) fn status(&self) -> StatusCode {
        match self {
            Refusal::NotFound { .. } | Refusal::Ambiguous { .. } => StatusCode::NOT_FOUND,
            Refusal::Conflict(_) => StatusCode::CONFLICT,
            Refusal::NotAllowed(_) => StatusCode::FORBIDDEN,
            Refusal::Fault(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl From<StoreError> for Refusal {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound { what, .. } => Refusal::NotFound { what },
            StoreError::Ambiguous { what, .. } => Refusal::Ambiguous { what },
            StoreError::Conflict(message) => Refusal::Conflict(message),
            StoreError::NotAllowed(message) => Refusal::NotAllowed(message),
            other => Refusal::Fault(other),
        }
    }
}
