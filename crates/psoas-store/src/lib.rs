//! The storage traits of psoas: what the front doors need from a store, whatever the backend,
//! and their one SQL implementation ([`sql`]).
//!
//! [`Store`] holds protocol data and [`AuthStore`] the accounts of the web app. [`sql`]
//! implements them for every backend over a small seam; each backend lives in its own crate
//! (`psoas-store-sqlite`, `psoas-store-postgres`) with its own migrations and provides only
//! that seam. Every method that writes does so in one transaction: either the whole step is
//! stored or nothing is. Every method that reads or writes protocol data takes a [`Scope`],
//! enforced in the queries themselves: an account never reaches another account's data, not
//! even to learn that it exists. Practitioners and their clients ([`PracticeStore`], in
//! `practice.rs`) reach further only through a live link, checked in the same queries.

mod account;
pub mod audit;
mod practice;

pub use account::{AccountStore, NewSignIn, SIGN_IN_USE_RESOLUTION, SignIn};
pub use audit::AuditStore;
pub use practice::{OpenInvitation, PracticeStore};

mod bulk;
pub mod columns;
pub mod keys;
pub mod practice_columns;
pub mod sql;
mod stamp;
pub mod transfer;

pub use bulk::{FullSession, ImportCounts, SessionCursor};
pub use stamp::{STAMP_COLUMNS, SessionStamp, session_stamp};

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::camera::{CameraEvidence, KeptPhoto, Picture};
use psoas_core::inclinometer::RecordedLift;
use psoas_core::{
    Account, AccountId, Email, ExerciseRecord, Measurement, MeasurementId, PainAfter, Profile,
    ProfileId, Role, Screening, Session, SessionId, SessionRecord, Symptoms, TrialVoid,
};
use std::collections::HashMap;
use thiserror::Error;
use uuid::Uuid;

/// How long a set-up link works: `psoas serve` prints a fresh one at every start while the
/// server has no account, so a link that leaked into a terminal's scroll-back or a log does
/// not stay a way in.
pub const SETUP_LINK_LIFETIME: jiff::SignedDuration = jiff::SignedDuration::from_hours(24);

/// Why a store operation failed.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum StoreError {
    /// No record answers to the key given (or it belongs to someone else).
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
    /// The scope may read these records but not make this change (a practitioner recording
    /// into a client's session), or the account's role does not allow it.
    #[error("{0}")]
    NotAllowed(String),
    /// The database file belongs to another program, or is not a database.
    #[error("{0}")]
    NotOurs(String),
    /// The database cannot be written.
    #[error("{0}")]
    ReadOnly(String),
    /// The database server cannot be reached, or refused the connection (address, password,
    /// missing database); the message names the server and database, never the password.
    #[error("{0}")]
    Unavailable(String),
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

/// What a deletion takes with it, or would: read before it so a confirmation can say what will
/// be gone ("2 sessions and 14 trials"), and returned by it as what went.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Contents {
    /// Profiles.
    pub profiles: u64,
    /// Sessions of those profiles (or the one session).
    pub sessions: u64,
    /// Trials in those sessions, struck-out ones included.
    pub trials: u64,
}

/// Whose protocol data a call may see and change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// The terminal tool on its own database file: everything in it.
    Terminal,
    /// A signed-in account of the web app: its own profiles and their sessions; the owner
    /// account also sees the profiles made in the terminal tool on the same database.
    Account {
        /// The account.
        id: AccountId,
        /// Its role.
        role: Role,
    },
    /// A practitioner following one client: reads that client's profiles and sessions while
    /// the link between them is live, writes notes and prescriptions, and records nothing
    /// into the client's sessions. Once the link ends, nothing of the client is found.
    Practice {
        /// The practitioner's account.
        practitioner: AccountId,
        /// The client's account.
        client: AccountId,
    },
}

impl Scope {
    /// The scope of a signed-in account.
    pub fn of(account: &Account) -> Self {
        Scope::Account {
            id: account.id,
            role: account.role,
        }
    }
}

/// A store with all its parts, protocol data, accounts (with their holders' rights over
/// them), and practitioners with their clients,
/// as the web app and the terminal tool use it whatever the backend.
pub trait AppStore: Store + AuthStore + AccountStore + PracticeStore + AuditStore {}

impl<T: Store + AuthStore + AccountStore + PracticeStore + AuditStore> AppStore for T {}

/// Everything the front doors read and write about profiles and sessions.
#[async_trait]
pub trait Store: Send + Sync {
    /// Stores a new profile owned by the scope; names are unique per owner, in any case.
    async fn create_profile(&self, scope: Scope, profile: &Profile) -> StoreResult<()>;
    /// Replaces a profile's details.
    async fn update_profile(&self, scope: Scope, profile: &Profile) -> StoreResult<()>;
    /// All profiles in scope, by name.
    async fn list_profiles(&self, scope: Scope) -> StoreResult<Vec<Profile>>;
    /// A profile by full id, unique id prefix, or name (case-insensitive).
    async fn find_profile(&self, scope: Scope, key: &str) -> StoreResult<Profile>;
    /// A profile by its id, in one indexed read (what the API and the pages look up).
    async fn profile(&self, scope: Scope, id: ProfileId) -> StoreResult<Profile>;

    /// Stores a new session for a profile in scope.
    async fn create_session(&self, scope: Scope, session: &Session) -> StoreResult<()>;
    /// A session with everything recorded in it, by full id or unique id prefix.
    async fn find_session(&self, scope: Scope, key: &str) -> StoreResult<SessionRecord>;
    /// A session with everything recorded in it.
    async fn session(&self, scope: Scope, id: SessionId) -> StoreResult<SessionRecord>;
    /// A session with everything recorded in it, and its profile (what a request about a
    /// session needs first). A backend may read both at once.
    async fn session_and_profile(
        &self,
        scope: Scope,
        id: SessionId,
    ) -> StoreResult<(SessionRecord, Profile)> {
        let record = self.session(scope, id).await?;
        let profile = self.profile(scope, record.session.profile_id).await?;
        Ok((record, profile))
    }
    /// Sessions with their records, oldest first, for one profile or all in scope.
    async fn list_sessions(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
    ) -> StoreResult<Vec<SessionRecord>>;

    /// Stores the screening answers; a red flag also marks the session stopped at screening.
    async fn save_screening(
        &self,
        scope: Scope,
        session: SessionId,
        screening: &Screening,
    ) -> StoreResult<()>;
    /// Stores (or replaces) the session's symptoms.
    async fn save_symptoms(
        &self,
        scope: Scope,
        session: SessionId,
        symptoms: &Symptoms,
    ) -> StoreResult<()>;
    /// Stores (or replaces) the pain rated again at the end of the session.
    async fn save_pain_after(
        &self,
        scope: Scope,
        session: SessionId,
        pain: &PainAfter,
    ) -> StoreResult<()>;
    /// Stores one trial; the same trial number twice on a side and phase is a conflict.
    async fn add_measurement(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()>;
    /// Stores one trial measured by the phone inclinometer together with the orientation
    /// series it was worked out from, both in one transaction: either both are kept or neither.
    /// The same trial number twice on a side and phase is a conflict, as for
    /// [`Store::add_measurement`].
    async fn add_measurement_with_series(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
        series: &RecordedLift,
    ) -> StoreResult<()>;
    /// The orientation series a trial of a session in scope was measured from; `None` for a
    /// trial stored without one (typed in, or taken another way). A trial that is not in that
    /// session, or a session out of scope, is `NotFound`.
    async fn measurement_series(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
    ) -> StoreResult<Option<RecordedLift>>;
    /// Stores one trial measured by the camera with printed markers together with the
    /// markers it was worked out from, both in one transaction: either both are kept or
    /// neither. Conflicts as for [`Store::add_measurement`].
    async fn add_measurement_with_camera(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
        evidence: &CameraEvidence,
    ) -> StoreResult<()>;
    /// The markers a camera trial of a session in scope was measured from; `None` for a
    /// trial measured another way. A trial that is not in that session, or a session out of
    /// scope, is `NotFound`.
    async fn measurement_camera(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
    ) -> StoreResult<Option<CameraEvidence>>;
    /// Keeps (or replaces) one photo of a camera trial of a session in scope, where the trial's
    /// profile keeps photos ([`psoas_core::Profile::keep_photos`]). A profile that does not is
    /// a `Conflict`; a trial not in that session, or not measured by the camera, or a session
    /// out of scope, `NotFound`; practice scope `NotAllowed`. A refusal stores nothing.
    async fn keep_camera_photo(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
        photo: &KeptPhoto,
    ) -> StoreResult<()>;
    /// One kept photo of a trial of a session in scope; `None` when none is kept. A trial not
    /// in that session, or a session out of scope, is `NotFound`.
    async fn camera_photo(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
        picture: Picture,
    ) -> StoreResult<Option<KeptPhoto>>;
    /// The kept photos of some sessions in scope, by trial, in trial order: for an archive
    /// written with its photos. None for sessions out of scope.
    async fn sessions_photos(
        &self,
        scope: Scope,
        sessions: &[SessionId],
    ) -> StoreResult<Vec<(MeasurementId, KeptPhoto)>>;
    /// The markers of every camera trial of a session, by trial; none for a session out of
    /// scope (read the session itself to tell it apart from one without camera trials).
    async fn session_camera(
        &self,
        scope: Scope,
        session: SessionId,
    ) -> StoreResult<HashMap<MeasurementId, CameraEvidence>>;
    /// Strikes out one trial of an open session in scope: it stays stored with `void` (why,
    /// by whom, when) and counts for nothing from then on. Refused, with the core's reason
    /// ([`SessionRecord::check_void`](psoas_core::SessionRecord::check_void)): a trial not in
    /// that session (`NotFound`), one struck out already, one that hurt, one an exercise was
    /// chosen after, or one of a finished session (`Conflict`); practice scope (`NotAllowed`).
    /// One statement, so a refusal changes nothing.
    async fn void_measurement(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
        void: &TrialVoid,
    ) -> StoreResult<()>;
    /// Deletes one struck-out trial of a session in scope for real, with the series it was
    /// measured from, in one transaction. Only a struck-out trial: it counts for nothing, so no
    /// verdict changes and the trial taken again keeps its place. A trial that still counts is
    /// a `Conflict` (strike it out first); a trial not in that session, or a session out of
    /// scope, `NotFound`; practice scope `NotAllowed`. A refusal changes nothing.
    async fn delete_measurement(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
    ) -> StoreResult<()>;
    /// Deletes a session in scope for real with everything recorded in it (screening,
    /// symptoms, trials with their series, exercises, practitioners' notes about it), in one
    /// transaction; returns what went. Out of scope `NotFound`; practice scope `NotAllowed`.
    async fn delete_session(&self, scope: Scope, session: SessionId) -> StoreResult<Contents>;
    /// Deletes a profile in scope for real with all its sessions and everything in them,
    /// and the practitioners' notes and prescription about it, in one transaction; returns
    /// what went. Out of scope `NotFound`; practice scope `NotAllowed`.
    async fn delete_profile(&self, scope: Scope, profile: ProfileId) -> StoreResult<Contents>;
    /// Stores one exercise step.
    async fn add_exercise(
        &self,
        scope: Scope,
        session: SessionId,
        exercise: &ExerciseRecord,
    ) -> StoreResult<()>;
    /// Marks an unfinished session finished.
    async fn finish_session(
        &self,
        scope: Scope,
        session: SessionId,
        at: Timestamp,
    ) -> StoreResult<()>;

    /// One page of history, in brief: the sessions in scope (of one profile, or of all), in
    /// `(started_at, id)` order, skipping `offset` and taking at most `limit`, each with its
    /// [`SessionStamp`]; and how many sessions there are in all. Only the page is read, so a
    /// page costs the same however long the history.
    async fn history_stamps(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<(u64, Vec<SessionStamp>)>;
    /// Sessions already read, with everything recorded in them (those no longer in scope
    /// are left out).
    async fn with_records(
        &self,
        scope: Scope,
        sessions: Vec<Session>,
    ) -> StoreResult<Vec<SessionRecord>>;
    /// One page of history with everything recorded in its sessions: [`Store::history_stamps`]
    /// and then [`Store::with_records`].
    async fn history_page(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<(u64, Vec<SessionRecord>)> {
        let (total, stamps) = self.history_stamps(scope, profile, offset, limit).await?;
        let sessions = stamps.into_iter().map(|s| s.session).collect();
        Ok((total, self.with_records(scope, sessions).await?))
    }
    /// One page of a streaming read: at most `limit` sessions in scope (of one profile, or of
    /// all), with everything recorded in them and their trials' recorded series, in
    /// `(started_at, id)` order, starting after `after`. Reading page by page with the last
    /// session as the next cursor visits every session once in constant memory, and holds no
    /// connection or transaction between pages (a slow reader never pins the database).
    async fn sessions_page(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        after: Option<SessionCursor>,
        limit: u32,
    ) -> StoreResult<Vec<FullSession>>;
    /// Stores profiles and sessions read from an archive, in one transaction: all of it or
    /// nothing. Records are matched by id: a profile, session, trial or exercise that is
    /// already stored in scope is kept as stored and counted as such, so importing the same
    /// archive twice adds nothing. New profiles are owned by the scope. An id that is stored
    /// out of scope, a profile name already used, or a trial slot already taken is a
    /// `Conflict`, and nothing is stored.
    async fn import(
        &self,
        scope: Scope,
        profiles: &[Profile],
        sessions: &[FullSession],
    ) -> StoreResult<ImportCounts>;

    /// Closes every connection, so the backend leaves its files complete (for SQLite: the
    /// write-ahead log folded back into the one database file).
    async fn close(&self);
}

/// How precisely a token's last use is kept: a use is noted only when the last note is at
/// least this old. Every API request uses a token, and noting each one made every read a
/// durable write.
pub const TOKEN_USE_RESOLUTION: std::time::Duration = std::time::Duration::from_secs(60);

/// A personal access token as listed to its account; the secret itself is never stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    /// Its identifier.
    pub id: Uuid,
    /// The name its owner gave it.
    pub name: String,
    /// When it was made.
    pub created_at: Timestamp,
    /// When it was last used.
    pub last_used_at: Option<Timestamp>,
}

/// What [`AuthStore::count_login_attempt`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LoginAttempts {
    /// Attempts of the key in the window, the new one included.
    pub in_window: u64,
    /// When the attempt before the new one was made, if one lies in the window.
    pub previous: Option<Timestamp>,
}

/// Accounts, sign-in sessions and tokens of the web app. Secrets arrive already hashed:
/// the store never sees a password or a token in clear.
#[async_trait]
pub trait AuthStore: Send + Sync {
    /// How many accounts exist (none: the set-up link is offered).
    async fn account_count(&self) -> StoreResult<u64>;
    /// Keeps a new one-time set-up token.
    async fn add_setup_token(&self, token_hash: &str, at: Timestamp) -> StoreResult<()>;
    /// Creates the owner account with an unused set-up token issued less than
    /// [`SETUP_LINK_LIFETIME`] before the account's creation, which is used up; fails with
    /// `NotFound` when the token is unknown, used or expired, or an owner already exists.
    async fn create_owner(
        &self,
        token_hash: &str,
        account: &Account,
        password_hash: &str,
    ) -> StoreResult<()>;
    /// Keeps an invitation made by an account; returns the id to list and withdraw it by.
    async fn add_invitation(
        &self,
        token_hash: &str,
        by: AccountId,
        at: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<uuid::Uuid>;
    /// Whether a set-up token was issued less than [`SETUP_LINK_LIFETIME`] before `now` and
    /// not used yet (it may still be refused if an owner exists by the time it is used).
    async fn setup_token_is_open(&self, token_hash: &str, now: Timestamp) -> StoreResult<bool>;
    /// Whether an invitation can still be used.
    async fn invitation_is_open(&self, token_hash: &str, now: Timestamp) -> StoreResult<bool>;
    /// Creates a member account with an open invitation, which is used up.
    async fn accept_invitation(
        &self,
        token_hash: &str,
        account: &Account,
        password_hash: &str,
    ) -> StoreResult<()>;
    /// An account and its password hash, by address.
    async fn account_by_email(&self, email: &Email) -> StoreResult<Option<(Account, String)>>;
    /// Keeps a sign-in session with its CSRF token.
    async fn add_web_session(&self, sign_in: &NewSignIn<'_>) -> StoreResult<()>;
    /// The account and CSRF token of a sign-in session that has neither expired nor lain
    /// unused since `idle_since`; notes its use when the last note is older than
    /// [`SIGN_IN_USE_RESOLUTION`] (so that a page view is not a write each time).
    async fn web_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        idle_since: Timestamp,
    ) -> StoreResult<Option<(Account, String)>>;
    /// Ends a sign-in session.
    async fn remove_web_session(&self, token_hash: &str) -> StoreResult<()>;
    /// Notes a failed sign-in for a key (an address or a client).
    async fn add_login_failure(&self, key: &str, at: Timestamp) -> StoreResult<()>;
    /// Failed sign-ins for a key since a time.
    async fn login_failures_since(&self, key: &str, since: Timestamp) -> StoreResult<u64>;
    /// Counts a sign-in attempt against `key` before its password is checked: writes it at
    /// `at`, then says how many attempts of the key lie after `since` (this one included)
    /// and when the one before it was. Every attempt counts all those written before it, so
    /// of many at once no more than the limit pass. A failed attempt stays as a failure.
    async fn count_login_attempt(
        &self,
        key: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> StoreResult<LoginAttempts>;
    /// Takes back the attempt written at `at`: it succeeded, or was refused unchecked.
    async fn forgive_login_attempt(&self, key: &str, at: Timestamp) -> StoreResult<()>;
    /// Keeps a new personal access token.
    async fn add_api_token(
        &self,
        account: AccountId,
        token: &ApiToken,
        token_hash: &str,
    ) -> StoreResult<()>;
    /// The account a token belongs to, noting the time of its use when the last note is
    /// older than [`TOKEN_USE_RESOLUTION`] (so that reading with a token is not a write each
    /// time); None for unknown or revoked tokens.
    async fn api_token_account(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Option<Account>>;
    /// An account's live tokens.
    async fn list_api_tokens(&self, account: AccountId) -> StoreResult<Vec<ApiToken>>;
    /// Revokes one of an account's tokens.
    async fn revoke_api_token(
        &self,
        account: AccountId,
        id: Uuid,
        at: Timestamp,
    ) -> StoreResult<()>;
}
