//! The storage trait of psoas: what the front doors need from a store, whatever the backend.
//!
//! Each backend lives in its own crate (`psoas-store-sqlite`, later PostgreSQL) with its own
//! migrations, and implements [`Store`]. Every method that writes does so in one transaction:
//! either the whole step is stored or nothing is.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{
    ExerciseRecord, Measurement, Profile, ProfileId, Screening, Session, SessionId, SessionRecord,
    Symptoms,
};
use thiserror::Error;

/// Why a store operation failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No record answers to the key given.
    #[error("no {what} matches '{key}'; {hint}")]
    NotFound {
        /// "profile" or "session".
        what: &'static str,
        /// The key as given.
        key: String,
        /// How to find the right key.
        hint: &'static str,
    },
    /// More than one record answers to a short key.
    #[error("'{key}' matches more than one {what}; type more of the id")]
    Ambiguous {
        /// "profile" or "session".
        what: &'static str,
        /// The key as given.
        key: String,
    },
    /// The write would break a uniqueness rule (same name, same trial twice).
    #[error("{0}")]
    Conflict(String),
    /// The database file belongs to another program, or is not a database.
    #[error("{0}")]
    NotOurs(String),
    /// The database cannot be written.
    #[error("{0}")]
    ReadOnly(String),
    /// The database was made by a newer psoas.
    #[error("{0}")]
    TooNew(String),
    /// Stored data that no longer passes the domain's checks.
    #[error("stored data is damaged: {0}")]
    Corrupt(String),
    /// Anything else from the backend: I/O, locks, connection loss.
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// Result of a store operation.
pub type StoreResult<T> = Result<T, StoreError>;

/// Everything the front doors read and write.
#[async_trait]
pub trait Store: Send + Sync {
    /// Stores a new profile; names are unique (case-insensitively).
    async fn create_profile(&self, profile: &Profile) -> StoreResult<()>;
    /// Replaces a profile's details.
    async fn update_profile(&self, profile: &Profile) -> StoreResult<()>;
    /// All profiles, by name.
    async fn list_profiles(&self) -> StoreResult<Vec<Profile>>;
    /// A profile by full id, unique id prefix, or name (case-insensitive).
    async fn find_profile(&self, key: &str) -> StoreResult<Profile>;

    /// Stores a new session.
    async fn create_session(&self, session: &Session) -> StoreResult<()>;
    /// A session with everything recorded in it, by full id or unique id prefix.
    async fn find_session(&self, key: &str) -> StoreResult<SessionRecord>;
    /// A session with everything recorded in it.
    async fn session(&self, id: SessionId) -> StoreResult<SessionRecord>;
    /// Sessions with their records, oldest first, for one profile or all.
    async fn list_sessions(&self, profile: Option<ProfileId>) -> StoreResult<Vec<SessionRecord>>;

    /// Stores the screening answers; a red flag also marks the session stopped at screening.
    async fn save_screening(&self, session: SessionId, screening: &Screening) -> StoreResult<()>;
    /// Stores (or replaces) the session's symptoms.
    async fn save_symptoms(&self, session: SessionId, symptoms: &Symptoms) -> StoreResult<()>;
    /// Stores one trial; the same trial number twice on a side and phase is a conflict.
    async fn add_measurement(
        &self,
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()>;
    /// Stores one exercise step.
    async fn add_exercise(&self, session: SessionId, exercise: &ExerciseRecord) -> StoreResult<()>;
    /// Marks an unfinished session finished.
    async fn finish_session(&self, session: SessionId, at: Timestamp) -> StoreResult<()>;

    /// Closes every connection, so the backend leaves its files complete (for SQLite: the
    /// write-ahead log folded back into the one database file).
    async fn close(&self);
}
