//! Practitioners and clients between rows and values, for every backend: the decoders of
//! `practice_links`, `practice_notes` and `prescriptions` rows (through [`Columns`]), and the
//! rules and refusals both backends give in the same words.

use psoas_core::plan::Durations;
use psoas_core::practice::{ClientLink, NewNote, Note, Prescribed};
use psoas_core::{AccountId, DisplayName, Email, NoteId, NoteText, Prescription, ProfileId};
use psoas_core::{SessionId, StrengthenTechnique, StretchOption};

use crate::columns::{Columns, corrupt, int, parsed, small, text, time, uuid};
use crate::{Scope, StoreError, StoreResult};

fn name(row: &dyn Columns, column: &str) -> StoreResult<DisplayName> {
    DisplayName::parse(&text(row, column)?).map_err(corrupt)
}

/// A live link, selected with the client's `client_name` and `client_email` and the
/// practitioner's `practitioner_name`.
pub fn client_link(row: &dyn Columns) -> StoreResult<ClientLink> {
    Ok(ClientLink {
        client: AccountId(uuid(row, "client_id")?),
        client_name: name(row, "client_name")?,
        client_email: Email::parse(&text(row, "client_email")?).map_err(corrupt)?,
        practitioner: AccountId(uuid(row, "practitioner_id")?),
        practitioner_name: name(row, "practitioner_name")?,
        linked_at: time(int(row, "linked_at")?)?,
    })
}

/// A `practice_notes` row, selected with the author's `author_name`.
pub fn note(row: &dyn Columns) -> StoreResult<Note> {
    Ok(Note {
        note: NewNote {
            id: NoteId(uuid(row, "id")?),
            profile_id: ProfileId(uuid(row, "profile_id")?),
            session_id: row
                .text("session_id")?
                .map(|s| uuid::Uuid::parse_str(&s).map(SessionId).map_err(corrupt))
                .transpose()?,
            text: NoteText::parse(&text(row, "text")?).map_err(corrupt)?,
            created_at: time(int(row, "created_at")?)?,
        },
        author: AccountId(uuid(row, "author_id")?),
        author_name: name(row, "author_name")?,
    })
}

/// A `prescriptions` row, selected with the practitioner's `by_name`.
pub fn prescribed(row: &dyn Columns) -> StoreResult<Prescribed> {
    let durations = Durations::new(
        small(row, "reps")?,
        small(row, "hold_seconds")?,
        small(row, "release_seconds")?,
        small(row, "roller_seconds")?,
        small(row, "strengthen_seconds")?,
    )
    .map_err(corrupt)?;
    Ok(Prescribed {
        prescription: Prescription {
            stretch: row
                .text("stretch")?
                .map(|s| s.parse::<StretchOption>().map_err(corrupt))
                .transpose()?,
            technique: row
                .text("technique")?
                .map(|t| t.parse::<StrengthenTechnique>().map_err(corrupt))
                .transpose()?,
            durations,
        },
        by: AccountId(uuid(row, "set_by")?),
        by_name: name(row, "by_name")?,
        at: time(int(row, "set_at")?)?,
    })
}

/// The `kind` of an `invitations` row and its maker's `display_name`.
pub fn open_invitation(
    row: &dyn Columns,
) -> StoreResult<(psoas_core::InvitationKind, DisplayName)> {
    Ok((parsed(row, "kind")?, name(row, "display_name")?))
}

/// An `invitations` row as its maker lists it.
pub fn invitation(row: &dyn Columns) -> StoreResult<crate::OpenInvitation> {
    Ok(crate::OpenInvitation {
        id: uuid(row, "id")?,
        kind: parsed(row, "kind")?,
        created_at: time(int(row, "created_at")?)?,
        expires_at: time(int(row, "expires_at")?)?,
    })
}

/// An invitation its maker cannot withdraw: another's, or no longer open.
pub fn invitation_not_found(id: uuid::Uuid) -> StoreError {
    StoreError::NotFound {
        what: "invitation",
        key: id.to_string(),
        hint: "it is used, expired or withdrawn already, or another account made it; list \
               your open invitations to see which you can withdraw",
    }
}

/// The practitioner of a practice scope; notes and prescriptions are theirs alone to write
/// and read.
pub fn practitioner_of_scope(scope: Scope, what: &str) -> StoreResult<AccountId> {
    match scope {
        Scope::Practice { practitioner, .. } => Ok(practitioner),
        Scope::Terminal | Scope::Account { .. } => Err(StoreError::NotAllowed(format!(
            "{what} belong to a practitioner following a linked client; this account has no \
             client to write or read them for"
        ))),
    }
}

/// Why an account may not make an invitation of a kind.
pub fn may_not_invite(kind: psoas_core::InvitationKind) -> StoreError {
    StoreError::NotAllowed(match kind {
        psoas_core::InvitationKind::Client => {
            "only a practitioner (or the owner) can invite clients".to_string()
        }
        other => format!(
            "only the owner account can invite a {}; ask the owner",
            other.as_str()
        ),
    })
}

/// An account that is not there (the maker of an invitation).
pub fn account_not_found(id: AccountId) -> StoreError {
    StoreError::NotFound {
        what: "account",
        key: id.to_string(),
        hint: "sign in again",
    }
}

/// A client who is not (or no longer) linked to the practitioner.
pub fn client_not_found(id: AccountId) -> StoreError {
    StoreError::NotFound {
        what: "client",
        key: id.to_string(),
        hint: "see your clients on the Clients page",
    }
}

/// No live link to end.
pub fn no_link(id: AccountId) -> StoreError {
    StoreError::NotFound {
        what: "client",
        key: id.to_string(),
        hint: "there is no live link to end",
    }
}

/// A profile out of the practice scope's reach.
pub fn practice_profile_not_found(profile: ProfileId) -> StoreError {
    StoreError::NotFound {
        what: "profile",
        key: profile.to_string(),
        hint: "list the client's profiles on their page",
    }
}

/// A note's session that is not the profile's, or out of reach.
pub fn practice_session_not_found(session: SessionId) -> StoreError {
    StoreError::NotFound {
        what: "session",
        key: session.to_string(),
        hint: "see the client's sessions on their page",
    }
}
