//! `/api/v1/account/access-log` and `/api/v1/account/practitioner-notes`: who has reached the
//! caller's records (the access log, newest first), and every note a practitioner wrote about
//! the caller's people, the right of access to what is held about them.

use axum::Json;
use axum::extract::{OriginalUri, State};
use psoas_store::audit::{AccessEntry as DomainEntry, AccessKind, Actor, Door};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::extract::ApiQuery;
use super::paging::{Page, paged_query};
use super::problem::{self, ApiResult};
use super::views::time;
use crate::AppState;
use crate::audit::{self, door_name, what_was_done, who};

/// What was done with the records.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccessKindView {
    /// A practitioner saw the people and their last checks.
    ClientOverview,
    /// A practitioner listed the checks.
    Sessions,
    /// A practitioner opened one check.
    Session,
    /// A practitioner saw the progress.
    Progress,
    /// A practitioner read their notes.
    NotesRead,
    /// A practitioner wrote a note.
    NoteWritten,
    /// A practitioner read the exercise prescription.
    PrescriptionRead,
    /// A practitioner set the exercise prescription.
    PrescriptionSet,
    /// Records were downloaded (an export or a report).
    Exported,
    /// Records were imported.
    Imported,
}

impl From<AccessKind> for AccessKindView {
    fn from(kind: AccessKind) -> Self {
        match kind {
            AccessKind::ClientOverview => Self::ClientOverview,
            AccessKind::Sessions => Self::Sessions,
            AccessKind::Session => Self::Session,
            AccessKind::Progress => Self::Progress,
            AccessKind::NotesRead => Self::NotesRead,
            AccessKind::NoteWritten => Self::NoteWritten,
            AccessKind::PrescriptionRead => Self::PrescriptionRead,
            AccessKind::PrescriptionSet => Self::PrescriptionSet,
            AccessKind::Exported => Self::Exported,
            AccessKind::Imported => Self::Imported,
        }
    }
}

/// The front door the records were reached through.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DoorView {
    /// The web pages.
    Pages,
    /// The API.
    Api,
}

/// One access to the caller's records.
#[derive(Debug, Serialize, ToSchema)]
pub struct AccessEntry {
    /// When.
    #[schema(format = DateTime)]
    pub at: String,
    /// Who: `themselves` (the caller), `account` (then `name` and `email`), or `deleted`
    /// (an account deleted since).
    pub actor: ActorKind,
    /// The other account's name, when `actor` is `account`.
    pub name: Option<String>,
    /// The other account's sign-in address, when `actor` is `account`.
    pub email: Option<String>,
    /// Which person's records, by profile name; null when all of them.
    pub profile_name: Option<String>,
    /// What was done.
    pub kind: AccessKindView,
    /// Through which front door.
    pub door: DoorView,
    /// The whole entry in one sentence for people.
    pub text: String,
}

/// Who reached the records.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// The caller.
    Themselves,
    /// Another account.
    Account,
    /// An account deleted since.
    Deleted,
}

impl From<DomainEntry> for AccessEntry {
    fn from(e: DomainEntry) -> Self {
        let text = format!(
            "{} {}{} through {}.",
            who(&e.actor),
            what_was_done(e.kind),
            e.profile_name
                .as_deref()
                .map_or(String::new(), |p| format!(" ({p})")),
            door_name(e.door)
        );
        let (actor, name, email) = match e.actor {
            Actor::Themselves => (ActorKind::Themselves, None, None),
            Actor::Account { name, email } => (ActorKind::Account, Some(name), Some(email)),
            Actor::Deleted => (ActorKind::Deleted, None, None),
        };
        Self {
            at: time(e.at),
            actor,
            name,
            email,
            profile_name: e.profile_name,
            kind: e.kind.into(),
            door: match e.door {
                Door::Pages => DoorView::Pages,
                Door::Api => DoorView::Api,
            },
            text,
        }
    }
}

paged_query!(
    /// Paging of the access log.
    AccessLogQuery {}
);

/// Who has reached the caller's records, newest first: a linked practitioner reading or
/// changing them, and every download or import, with the front door. The same access
/// within a minute is noted once; entries are kept for the server's retention time (365
/// days by default); the newest 500 are listed.
#[utoipa::path(
    get,
    path = "/account/access-log",
    tag = "account",
    params(AccessLogQuery),
    responses(
        (status = 200, description = "A page of the accesses to the caller's records, newest first.", body = Page<AccessEntry>),
        (status = 401, response = problem::Unauthorized),
        (status = 422, response = problem::Validation),
        (status = 500, response = problem::Internal),
    )
)]
pub async fn get_access_log(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<AccessLogQuery>,
) -> ApiResult<Json<Page<AccessEntry>>> {
    let paging = query.paging()?;
    let entries = state
        .store
        .access_log(caller.account.id, audit::SHOWN)
        .await?;
    Ok(Json(paging.page(
        entries,
        AccessEntry::from,
        &state.settings.public_url,
        &uri,
    )))
}

/// A note a practitioner wrote about one of the caller's people.
#[derive(Debug, Serialize, ToSchema)]
pub struct NoteAboutYou {
    /// The note's id.
    pub id: Uuid,
    /// The profile it is about, by name.
    pub profile_name: String,
    /// The profile's id.
    pub profile_id: Uuid,
    /// The session it is about, if one.
    pub session_id: Option<Uuid>,
    /// Who wrote it.
    pub author_name: String,
    /// What was written.
    pub text: String,
    /// When.
    #[schema(format = DateTime)]
    pub created_at: String,
}

paged_query!(
    /// Paging of the notes about the caller.
    NotesAboutQuery {}
);

/// Every note any practitioner wrote about the caller's people, linked now or not, by
/// profile name and then oldest first.
#[utoipa::path(
    get,
    path = "/account/practitioner-notes",
    tag = "account",
    params(NotesAboutQuery),
    responses(
        (status = 200, description = "A page of the notes practitioners wrote about the caller's people.", body = Page<NoteAboutYou>),
        (status = 401, response = problem::Unauthorized),
        (status = 422, response = problem::Validation),
        (status = 500, response = problem::Internal),
    )
)]
pub async fn get_practitioner_notes(
    State(state): State<AppState>,
    caller: Caller,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<NotesAboutQuery>,
) -> ApiResult<Json<Page<NoteAboutYou>>> {
    let paging = query.paging()?;
    let notes = state.store.notes_about(caller.account.id).await?;
    Ok(Json(paging.page(
        notes,
        |(profile, n)| NoteAboutYou {
            id: n.note.id.0,
            profile_name: profile.to_string(),
            profile_id: n.note.profile_id.0,
            session_id: n.note.session_id.map(|s| s.0),
            author_name: n.author_name.to_string(),
            text: n.note.text.to_string(),
            created_at: time(n.note.created_at),
        },
        &state.settings.public_url,
        &uri,
    )))
}
