//! The [`AuditStore`] trait: who read or changed whose records, when and through which front
//! door, kept for the holder of the records to see; and the purge, on a schedule, of what has
//! ended or outlived its retention time.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{AccountId, ProfileId};

use crate::StoreResult;

/// The front door a record was reached through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Door {
    /// The web app's pages.
    Pages,
    /// The JSON API (a personal access token, or the pages' own scripts).
    Api,
}

impl Door {
    /// The stored key.
    pub fn as_str(self) -> &'static str {
        match self {
            Door::Pages => "pages",
            Door::Api => "api",
        }
    }

    /// The door of a stored key.
    pub fn parse(key: &str) -> Option<Self> {
        [Door::Pages, Door::Api]
            .into_iter()
            .find(|d| d.as_str() == key)
    }
}

/// What was done with someone's records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccessKind {
    /// A practitioner saw the client's people with their last checks (the clients list, or
    /// the client's page).
    ClientOverview,
    /// A practitioner listed the client's checks.
    Sessions,
    /// A practitioner opened one of the client's checks.
    Session,
    /// A practitioner saw the client's progress charts or report.
    Progress,
    /// A practitioner read their notes about the client.
    NotesRead,
    /// A practitioner wrote a note about the client.
    NoteWritten,
    /// A practitioner read the exercise prescription.
    PrescriptionRead,
    /// A practitioner set the exercise prescription.
    PrescriptionSet,
    /// The account exported its records (archive, spreadsheet, FHIR, report).
    Exported,
    /// The account imported records.
    Imported,
}

impl AccessKind {
    /// Every kind, in the order above.
    pub const ALL: [AccessKind; 10] = [
        AccessKind::ClientOverview,
        AccessKind::Sessions,
        AccessKind::Session,
        AccessKind::Progress,
        AccessKind::NotesRead,
        AccessKind::NoteWritten,
        AccessKind::PrescriptionRead,
        AccessKind::PrescriptionSet,
        AccessKind::Exported,
        AccessKind::Imported,
    ];

    /// The stored key.
    pub fn as_str(self) -> &'static str {
        match self {
            AccessKind::ClientOverview => "client_overview",
            AccessKind::Sessions => "sessions",
            AccessKind::Session => "session",
            AccessKind::Progress => "progress",
            AccessKind::NotesRead => "notes_read",
            AccessKind::NoteWritten => "note_written",
            AccessKind::PrescriptionRead => "prescription_read",
            AccessKind::PrescriptionSet => "prescription_set",
            AccessKind::Exported => "exported",
            AccessKind::Imported => "imported",
        }
    }

    /// The kind of a stored key.
    pub fn parse(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == key)
    }

    /// Whether the records were changed (rather than read).
    pub fn is_change(self) -> bool {
        matches!(
            self,
            AccessKind::NoteWritten | AccessKind::PrescriptionSet | AccessKind::Imported
        )
    }
}

/// One access, as it happens.
#[derive(Debug, Clone, Copy)]
pub struct AccessEvent {
    /// When.
    pub at: Timestamp,
    /// Who (a practitioner, or the holder themselves).
    pub actor: AccountId,
    /// Whose records.
    pub subject: AccountId,
    /// Which person's records, when it was one.
    pub profile: Option<ProfileId>,
    /// What was done.
    pub kind: AccessKind,
    /// Through which front door.
    pub door: Door,
}

/// Who reached the records, as their holder sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// The holder of the records.
    Themselves,
    /// Another account, by its name and address now.
    Account {
        /// Its display name.
        name: String,
        /// Its email address.
        email: String,
    },
    /// An account deleted since.
    Deleted,
}

/// One access, as the holder of the records sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessEntry {
    /// When.
    pub at: Timestamp,
    /// Who.
    pub actor: Actor,
    /// Which person's records, by the profile's name, when it was one.
    pub profile_name: Option<String>,
    /// What was done.
    pub kind: AccessKind,
    /// Through which front door.
    pub door: Door,
}

/// The same access by the same actor, to the same records and through the same door, is
/// kept once in this time: paging through a client's checks is one entry, not twenty.
pub const ACCESS_REPEAT_WINDOW: std::time::Duration = std::time::Duration::from_secs(60);

/// What a purge removes: each cut-off is the time before which rows of that kind go.
#[derive(Debug, Clone, Copy)]
pub struct Retention {
    /// Sign-in sessions that expired before this, or were last used before `idle_since`.
    pub now: Timestamp,
    /// Sign-in sessions last used before this ended by idling.
    pub idle_since: Timestamp,
    /// Failed sign-ins before this no longer count towards any limit.
    pub failures_before: Timestamp,
    /// Set-up links, invitations and reset links that ended (used or expired) before this.
    pub links_ended_before: Timestamp,
    /// Access-log entries older than this.
    pub access_before: Timestamp,
}

/// How many rows of each kind a purge removed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Sign-in sessions.
    pub sign_ins: u64,
    /// Failed sign-ins.
    pub failures: u64,
    /// Set-up links, invitations and reset links.
    pub links: u64,
    /// Access-log entries.
    pub access: u64,
}

/// The access log and the scheduled purge.
#[async_trait]
pub trait AuditStore: Send + Sync {
    /// Keeps one access; the same access within [`ACCESS_REPEAT_WINDOW`] of one already kept
    /// is not kept again. An actor or subject not (or no longer) stored is `NotFound`.
    async fn record_access(&self, event: &AccessEvent) -> StoreResult<()>;
    /// The accesses to a subject's records, newest first, at most `limit`.
    async fn access_log(&self, subject: AccountId, limit: u32) -> StoreResult<Vec<AccessEntry>>;
    /// Removes, in one transaction, everything the retention says has ended.
    async fn purge(&self, retention: &Retention) -> StoreResult<Purged>;
}
