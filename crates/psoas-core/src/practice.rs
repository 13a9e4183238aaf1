//! Practitioners and their clients as data: the kinds of invitation, the link between a
//! practitioner and a client, the practitioner's notes and the exercise prescription.
//!
//! Who may see what is decided by the store (the links are data); this module only says
//! which values are valid and who may issue which invitation.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::exercise_choice::{StrengthenTechnique, StretchOption};
use crate::plan::Durations;
use crate::{AccountId, DisplayName, Email, InputError, NoteId, ProfileId, Role, SessionId};

/// What an invitation link makes of the account created with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvitationKind {
    /// A member with their own profiles (made by the owner).
    Member,
    /// A practitioner who invites and follows clients (made by the owner).
    Practitioner,
    /// A client linked to the practitioner who made the link.
    Client,
}

impl InvitationKind {
    /// Name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            InvitationKind::Member => "member",
            InvitationKind::Practitioner => "practitioner",
            InvitationKind::Client => "client",
        }
    }

    /// The role of the account the invitation creates.
    pub fn role(self) -> Role {
        match self {
            InvitationKind::Member => Role::Member,
            InvitationKind::Practitioner => Role::Practitioner,
            InvitationKind::Client => Role::Client,
        }
    }

    /// Whether an account of a role may make this kind of invitation: the owner decides who
    /// joins the server and who practises on it; whoever practises invites their own clients.
    pub fn may_be_made_by(self, role: Role) -> bool {
        match self {
            InvitationKind::Member | InvitationKind::Practitioner => role == Role::Owner,
            InvitationKind::Client => role.can_practise(),
        }
    }
}

impl FromStr for InvitationKind {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "member" => Ok(InvitationKind::Member),
            "practitioner" => Ok(InvitationKind::Practitioner),
            "client" => Ok(InvitationKind::Client),
            _ => Err(InputError::NotUnderstood {
                what: "invitation kind",
                got: s.trim().to_string(),
                expected: "use 'member', 'practitioner' or 'client'",
            }),
        }
    }
}

/// The longest note kept, in characters: a few paragraphs, as in a clinical record.
pub const MAX_NOTE_CHARS: usize = 4000;

/// The text of a practitioner's note: not blank, at most [`MAX_NOTE_CHARS`] characters,
/// without control characters other than line breaks and tabs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct NoteText(String);

impl NoteText {
    /// Checks a note, trimmed at both ends, with Windows line ends made plain.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let text = text.replace("\r\n", "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(InputError::Protocol(
                "the note is empty; write what you want to keep about the client or session"
                    .to_string(),
            ));
        }
        let length = text.chars().count();
        if length > MAX_NOTE_CHARS {
            return Err(InputError::Protocol(format!(
                "the note has {length} characters, more than the {MAX_NOTE_CHARS} kept; \
                 shorten it or split it into two notes"
            )));
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(InputError::Protocol(
                "the note contains control characters; type it as plain text".to_string(),
            ));
        }
        Ok(Self(text.to_string()))
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for NoteText {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<NoteText> for String {
    fn from(n: NoteText) -> String {
        n.0
    }
}

impl fmt::Display for NoteText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A note about to be written: the author is whoever writes it, taken from the store's scope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNote {
    /// Its identifier.
    pub id: NoteId,
    /// The person (profile) it is about.
    pub profile_id: ProfileId,
    /// The session it is about, if any (else it is about the person).
    pub session_id: Option<SessionId>,
    /// The text.
    pub text: NoteText,
    /// When it was written.
    pub created_at: Timestamp,
}

impl NewNote {
    /// A note written now about a person or one of their sessions.
    pub fn new(
        profile_id: ProfileId,
        session_id: Option<SessionId>,
        text: NoteText,
        created_at: Timestamp,
    ) -> Self {
        Self {
            id: NoteId::random(),
            profile_id,
            session_id,
            text,
            created_at,
        }
    }
}

/// A stored note with its author.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// What was written, where and when.
    pub note: NewNote,
    /// Who wrote it.
    pub author: AccountId,
    /// Their name, as shown.
    pub author_name: DisplayName,
}

/// What a practitioner prescribes for a person's exercises: which stretch and which
/// strengthening technique (none: the person chooses), and the timer lengths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prescription {
    /// The stretch option to use, if prescribed.
    pub stretch: Option<StretchOption>,
    /// The strengthening technique to use, if prescribed.
    pub technique: Option<StrengthenTechnique>,
    /// Repetitions, holds, releases and work times.
    pub durations: Durations,
}

impl Prescription {
    /// The prescription in one line, for pages.
    pub fn summary(&self) -> String {
        let d = &self.durations;
        let stretch = self
            .stretch
            .map_or("stretch of the person's choice", |o| o.title());
        let technique = self
            .technique
            .map_or("strengthening of the person's choice", |t| t.title());
        format!(
            "{stretch}; {technique}; stretch a: {} holds of {} s with {} s release; \
             stretch b: {} s on the roller; strengthening: {} s",
            d.reps, d.hold_seconds, d.release_seconds, d.roller_seconds, d.strengthen_seconds
        )
    }
}

/// A prescription in force, with who set it and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prescribed {
    /// What is prescribed.
    pub prescription: Prescription,
    /// The practitioner who set it.
    pub by: AccountId,
    /// Their name, as shown.
    pub by_name: DisplayName,
    /// When it was set.
    pub at: Timestamp,
}

/// A live link between a practitioner and a client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientLink {
    /// The client's account.
    pub client: AccountId,
    /// The client's name.
    pub client_name: DisplayName,
    /// The client's sign-in address.
    pub client_email: Email,
    /// The practitioner's account.
    pub practitioner: AccountId,
    /// The practitioner's name.
    pub practitioner_name: DisplayName,
    /// When the client joined with the practitioner's link.
    pub linked_at: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_are_trimmed_and_must_say_something_within_the_limit() {
        assert_eq!(
            NoteText::parse("  Left side eased.\r\nKeep going. ")
                .unwrap()
                .as_str(),
            "Left side eased.\nKeep going."
        );
        for blank in ["", "   ", "\n\t "] {
            let error = NoteText::parse(blank).unwrap_err().to_string();
            assert!(error.contains("empty"), "{error}");
        }
        assert!(NoteText::parse(&"x".repeat(MAX_NOTE_CHARS)).is_ok());
        let error = NoteText::parse(&"x".repeat(MAX_NOTE_CHARS + 1))
            .unwrap_err()
            .to_string();
        assert!(error.contains("4001 characters"), "{error}");
        assert!(NoteText::parse("bell\u{7}").is_err());
    }

    #[test]
    fn only_the_owner_makes_members_and_practitioners_and_practitioners_make_clients() {
        use InvitationKind::*;
        for (kind, role, allowed) in [
            (Member, Role::Owner, true),
            (Practitioner, Role::Owner, true),
            (Client, Role::Owner, true),
            (Client, Role::Practitioner, true),
            (Member, Role::Practitioner, false),
            (Practitioner, Role::Practitioner, false),
            (Client, Role::Member, false),
            (Client, Role::Client, false),
            (Member, Role::Client, false),
        ] {
            assert_eq!(kind.may_be_made_by(role), allowed, "{kind:?} by {role:?}");
        }
        assert_eq!("Client".parse::<InvitationKind>().unwrap(), Client);
        assert!("patient".parse::<InvitationKind>().is_err());
        assert_eq!(Client.role(), Role::Client);
    }

    #[test]
    fn a_prescription_names_its_choices_and_times() {
        let p = Prescription {
            stretch: Some(StretchOption::FoamRoller),
            technique: None,
            durations: Durations::new(3, 20, 5, 90, 60).unwrap(),
        };
        let text = p.summary();
        assert!(text.contains("Stretch b: foam roller"), "{text}");
        assert!(
            text.contains("strengthening of the person's choice"),
            "{text}"
        );
        assert!(text.contains("3 holds of 20 s with 5 s release"), "{text}");
    }
}
