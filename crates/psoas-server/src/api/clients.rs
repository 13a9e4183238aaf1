//! One client's records for their practitioner, under `/api/v1/clients/{id}`: profiles and
//! sessions (read only), the practitioner's notes, and each profile's exercise prescription;
//! and `/api/v1/profiles/{id}/prescription`, the prescription a client reads for their own
//! profile. Every read and write runs in the practice scope, checked by the store.

use axum::Json;
use axum::extract::{OriginalUri, Path, State};
use axum::http::StatusCode;
use psoas_core::practice::{NewNote, Note as DomainNote, Prescribed};
use psoas_core::{NoteText, Prescription as DomainPrescription, ProfileId, SessionId};
use psoas_store::audit::AccessKind;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

use super::caller::Caller;
use super::entries::DurationsInput;
use super::enums::{StrengthenTechnique, StretchChoice, StretchOption, TechniqueChoice};
use super::extract::{ApiJson, ApiQuery, path_id};
use super::paging::{Page, paged_query};
use super::practice::Following;
use super::problem::{self, ApiError, ApiResult};
use super::profiles::{Profile, profile_by_id};
use super::views::{Session, SessionSummary, time};
use crate::AppState;
use crate::auth::now;

/// A practitioner's note about a client's profile or one of its sessions.
#[derive(Debug, Serialize, ToSchema)]
pub struct Note {
    /// Its id.
    pub id: Uuid,
    /// The profile it is about.
    pub profile_id: Uuid,
    /// The session it is about, if any.
    pub session_id: Option<Uuid>,
    /// The text.
    pub text: String,
    /// Who wrote it.
    pub author_id: Uuid,
    /// Their name.
    pub author_name: String,
    /// When it was written.
    #[schema(format = DateTime)]
    pub created_at: String,
}

impl From<&DomainNote> for Note {
    fn from(n: &DomainNote) -> Self {
        Self {
            id: n.note.id.0,
            profile_id: n.note.profile_id.0,
            session_id: n.note.session_id.map(|s| s.0),
            text: n.note.text.to_string(),
            author_id: n.author.0,
            author_name: n.author_name.to_string(),
            created_at: time(n.note.created_at),
        }
    }
}

/// A new note.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNoteInput {
    /// The client's profile it is about.
    pub profile_id: Uuid,
    /// One of that profile's sessions, for a note about a session.
    pub session_id: Option<Uuid>,
    /// 1 to 4000 characters of plain text (trimmed).
    #[schema(min_length = 1, max_length = 4000)]
    pub text: String,
}

/// Timer lengths in force.
#[derive(Debug, Serialize, ToSchema)]
pub struct Durations {
    /// Holds in stretch a.
    pub reps: u8,
    /// Seconds per hold in stretch a.
    pub hold_seconds: u32,
    /// Seconds of release between holds.
    pub release_seconds: u32,
    /// Seconds on the foam roller (stretch b).
    pub roller_seconds: u32,
    /// Seconds of strengthening work.
    pub strengthen_seconds: u32,
}

/// The exercises and timer lengths a practitioner set for a profile.
#[derive(Debug, Serialize, ToSchema)]
pub struct Prescription {
    /// The profile.
    pub profile_id: Uuid,
    /// The stretch to use; `null`: the person chooses.
    pub stretch: Option<StretchOption>,
    /// The strengthening technique to use; `null`: the person chooses.
    pub technique: Option<StrengthenTechnique>,
    /// The timer lengths the web app uses for this person's exercises.
    pub durations: Durations,
    /// The practitioner who set it.
    pub set_by_id: Uuid,
    /// Their name.
    pub set_by_name: String,
    /// When it was set.
    #[schema(format = DateTime)]
    pub set_at: String,
}

impl Prescription {
    fn new(profile: ProfileId, p: &Prescribed) -> Self {
        let d = &p.prescription.durations;
        Self {
            profile_id: profile.0,
            stretch: p.prescription.stretch.map(Into::into),
            technique: p.prescription.technique.map(Into::into),
            durations: Durations {
                reps: d.reps,
                hold_seconds: d.hold_seconds,
                release_seconds: d.release_seconds,
                roller_seconds: d.roller_seconds,
                strengthen_seconds: d.strengthen_seconds,
            },
            set_by_id: p.by.0,
            set_by_name: p.by_name.to_string(),
            set_at: time(p.at),
        }
    }
}

/// A new prescription; it replaces the one before.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PrescriptionInput {
    /// The stretch to use; left out or `null`: the person chooses.
    pub stretch: Option<StretchChoice>,
    /// The strengthening technique to use; left out or `null`: the person chooses.
    pub technique: Option<TechniqueChoice>,
    /// Timer lengths; each left out takes the protocol's default.
    #[serde(default)]
    pub durations: DurationsInput,
}

paged_query!(
    /// Which of the client's profiles to list.
    ClientProfileQuery {}
);

paged_query!(
    /// Which of the client's sessions to list.
    ClientSessionQuery {
        /// Only this profile's sessions.
        profile_id: Option<Uuid>
    }
);

paged_query!(
    /// Which notes to list.
    NoteQuery {
        /// Only the notes about this profile (and its sessions).
        profile_id: Option<Uuid>
    }
);

/// Lists the client's profiles, by name.
#[utoipa::path(
    get,
    path = "/clients/{id}/profiles",
    tag = "clients",
    params(("id" = Uuid, Path, description = "The client's account id."), ClientProfileQuery),
    responses(
        (status = 200, description = "A page of the client's profiles.", body = Page<Profile>),
        (status = 404, response = problem::NotFound),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_client_profiles(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<ClientProfileQuery>,
) -> ApiResult<Json<Page<Profile>>> {
    let paging = query.paging()?;
    let following = Following::load(&state, &caller, &id).await?;
    let profiles = state.store.list_profiles(following.scope).await?;
    following
        .noted(&state, AccessKind::ClientOverview, None)
        .await?;
    Ok(Json(paging.page(
        profiles,
        |p| Profile::from(&p),
        &state.settings.public_url,
        &uri,
    )))
}

/// Lists the client's sessions, oldest first.
#[utoipa::path(
    get,
    path = "/clients/{id}/sessions",
    tag = "clients",
    params(("id" = Uuid, Path, description = "The client's account id."), ClientSessionQuery),
    responses(
        (status = 200, description = "A page of the client's sessions, oldest first.", body = Page<SessionSummary>),
        (status = 404, response = problem::NotFound),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_client_sessions(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<ClientSessionQuery>,
) -> ApiResult<Json<Page<SessionSummary>>> {
    let paging = query.paging()?;
    let following = Following::load(&state, &caller, &id).await?;
    let scope = following.scope;
    if let Some(profile) = query.profile_id {
        profile_by_id(&state, scope, profile).await?;
    }
    let records = state
        .store
        .list_sessions(scope, query.profile_id.map(ProfileId))
        .await?;
    let names: HashMap<_, _> = state
        .store
        .list_profiles(scope)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name.to_string()))
        .collect();
    following
        .noted(
            &state,
            AccessKind::Sessions,
            query.profile_id.map(ProfileId),
        )
        .await?;
    Ok(Json(paging.page(
        records,
        |r| {
            SessionSummary::new(
                &r,
                names.get(&r.session.profile_id).map_or("", String::as_str),
            )
        },
        &state.settings.public_url,
        &uri,
    )))
}

/// One of the client's sessions with everything in it, read only.
#[utoipa::path(
    get,
    path = "/clients/{id}/sessions/{session_id}",
    tag = "clients",
    params(
        ("id" = Uuid, Path, description = "The client's account id."),
        ("session_id" = Uuid, Path, description = "The session's id."),
    ),
    responses(
        (status = 200, description = "The session, its verdicts and next step.", body = Session),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_client_session(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, session_id)): Path<(String, String)>,
) -> ApiResult<Json<Session>> {
    let following = Following::load(&state, &caller, &id).await?;
    let session = SessionId(path_id(&session_id, "session")?);
    let record = state.store.session(following.scope, session).await?;
    let profile = profile_by_id(&state, following.scope, record.session.profile_id.0).await?;
    following
        .noted(&state, AccessKind::Session, Some(profile.id))
        .await?;
    Ok(Json(Session::new(&record, profile.name.as_str())))
}

/// Lists the caller's notes about the client, oldest first.
#[utoipa::path(
    get,
    path = "/clients/{id}/notes",
    tag = "clients",
    params(("id" = Uuid, Path, description = "The client's account id."), NoteQuery),
    responses(
        (status = 200, description = "A page of the caller's notes about the client.", body = Page<Note>),
        (status = 404, response = problem::NotFound),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn list_notes(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    OriginalUri(uri): OriginalUri,
    ApiQuery(query): ApiQuery<NoteQuery>,
) -> ApiResult<Json<Page<Note>>> {
    let paging = query.paging()?;
    let following = Following::load(&state, &caller, &id).await?;
    let profiles = match query.profile_id {
        Some(profile) => vec![profile_by_id(&state, following.scope, profile).await?],
        None => state.store.list_profiles(following.scope).await?,
    };
    let mut notes = Vec::new();
    for profile in profiles {
        notes.extend(state.store.notes(following.scope, profile.id).await?);
    }
    notes.sort_by_key(|n| n.note.created_at);
    following
        .noted(
            &state,
            AccessKind::NotesRead,
            query.profile_id.map(ProfileId),
        )
        .await?;
    Ok(Json(paging.page(
        notes,
        |n| Note::from(&n),
        &state.settings.public_url,
        &uri,
    )))
}

/// Adds a note about the client's profile or one of its sessions. Notes are the
/// practitioner's working record, which the client can read (right of access:
/// `GET /api/v1/account/practitioner-notes`).
#[utoipa::path(
    post,
    path = "/clients/{id}/notes",
    tag = "clients",
    params(("id" = Uuid, Path, description = "The client's account id.")),
    request_body = NewNoteInput,
    responses(
        (status = 201, description = "The note as stored.", body = Note),
        (status = 404, response = problem::NotFound),
        problem::JsonWriteProblems,
    )
)]
pub async fn add_note(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NewNoteInput>,
) -> ApiResult<(StatusCode, Json<Note>)> {
    let following = Following::load(&state, &caller, &id).await?;
    let text =
        NoteText::parse(&input.text).map_err(|e| ApiError::invalid("/text", e.to_string()))?;
    let note = NewNote::new(
        ProfileId(input.profile_id),
        input.session_id.map(SessionId),
        text,
        now(),
    );
    state.store.add_note(following.scope, &note).await?;
    following
        .noted(&state, AccessKind::NoteWritten, Some(note.profile_id))
        .await?;
    let stored = DomainNote {
        note,
        author: caller.account.id,
        author_name: caller.account.display_name.clone(),
    };
    Ok((StatusCode::CREATED, Json(Note::from(&stored))))
}

/// The prescription a profile of the client follows.
#[utoipa::path(
    get,
    path = "/clients/{id}/profiles/{profile_id}/prescription",
    tag = "clients",
    params(
        ("id" = Uuid, Path, description = "The client's account id."),
        ("profile_id" = Uuid, Path, description = "The client's profile."),
    ),
    responses(
        (status = 200, description = "The prescription in force.", body = Prescription),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_client_prescription(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, profile)): Path<(String, String)>,
) -> ApiResult<Json<Prescription>> {
    let following = Following::load(&state, &caller, &id).await?;
    let profile = ProfileId(path_id(&profile, "profile")?);
    let prescription = prescription_in(&state, following.scope, profile).await?;
    following
        .noted(&state, AccessKind::PrescriptionRead, Some(profile))
        .await?;
    Ok(prescription)
}

/// Sets (replaces) the prescription of the client's profile: the web app's exercise pages
/// use its choices and timer lengths for that person's next sessions, and say who set them.
#[utoipa::path(
    put,
    path = "/clients/{id}/profiles/{profile_id}/prescription",
    tag = "clients",
    params(
        ("id" = Uuid, Path, description = "The client's account id."),
        ("profile_id" = Uuid, Path, description = "The client's profile."),
    ),
    request_body = PrescriptionInput,
    responses(
        (status = 200, description = "The prescription as stored.", body = Prescription),
        (status = 404, response = problem::NotFound),
        problem::JsonWriteProblems,
    )
)]
pub async fn put_client_prescription(
    State(state): State<AppState>,
    caller: Caller,
    Path((id, profile)): Path<(String, String)>,
    ApiJson(input): ApiJson<PrescriptionInput>,
) -> ApiResult<Json<Prescription>> {
    let following = Following::load(&state, &caller, &id).await?;
    let profile = ProfileId(path_id(&profile, "profile")?);
    let prescription = DomainPrescription {
        stretch: input.stretch.map(Into::into),
        technique: input.technique.map(Into::into),
        durations: input.durations.checked("/durations")?,
    };
    state
        .store
        .set_prescription(following.scope, profile, &prescription, now())
        .await?;
    following
        .noted(&state, AccessKind::PrescriptionSet, Some(profile))
        .await?;
    prescription_in(&state, following.scope, profile).await
}

/// The prescription of one of the caller's own profiles, set by their practitioner.
#[utoipa::path(
    get,
    path = "/profiles/{id}/prescription",
    tag = "profiles",
    params(("id" = Uuid, Path, description = "The profile's id.")),
    responses(
        (status = 200, description = "The prescription in force, and who set it.", body = Prescription),
        (status = 404, response = problem::NotFound),
        problem::ReadProblems,
    )
)]
pub async fn get_own_prescription(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
) -> ApiResult<Json<Prescription>> {
    let profile = ProfileId(path_id(&id, "profile")?);
    prescription_in(&state, caller.scope(), profile).await
}

async fn prescription_in(
    state: &AppState,
    scope: psoas_store::Scope,
    profile: ProfileId,
) -> ApiResult<Json<Prescription>> {
    let prescribed = state
        .store
        .prescription(scope, profile)
        .await?
        .ok_or_else(|| ApiError::not_found("prescription"))?;
    Ok(Json(Prescription::new(profile, &prescribed)))
}
