//! What the terminal says about an account's records for whoever runs the server: who has
//! reached them (the access log), and what practitioners wrote about its people.

use psoas_core::Account;
use psoas_store::audit::{AccessEntry, AccessKind, Actor, Door};

/// The heading of the access log.
pub fn access_title(account: &Account) -> String {
    format!(
        "Who has reached the records of {} ({}), newest first:",
        account.display_name, account.email
    )
}

/// Said when nobody has.
pub const NO_ACCESS: &str = "  nobody yet";

/// The heading of the notes.
pub const NOTES_TITLE: &str = "What practitioners wrote about its people:";

/// Said when no practitioner has.
pub const NO_NOTES: &str = "  no notes";

/// How long entries are kept.
pub fn kept_for(days: i64) -> String {
    format!("Entries are kept for {days} days, then deleted by the running server.")
}

fn what(kind: AccessKind) -> &'static str {
    match kind {
        AccessKind::ClientOverview => "saw the people and their last checks",
        AccessKind::Sessions => "listed the checks",
        AccessKind::Session => "opened a check",
        AccessKind::Progress => "saw the progress",
        AccessKind::NotesRead => "read their notes",
        AccessKind::NoteWritten => "wrote a note",
        AccessKind::PrescriptionRead => "read the exercise prescription",
        AccessKind::PrescriptionSet => "set the exercise prescription",
        AccessKind::Exported => "downloaded records (an export or a report)",
        AccessKind::Imported => "imported records",
    }
}

fn door(door: Door) -> &'static str {
    match door {
        Door::Pages => "the web pages",
        Door::Api => "the API",
    }
}

/// One access on one line.
pub fn access_line(entry: &AccessEntry) -> String {
    let who = match &entry.actor {
        Actor::Themselves => "The account itself".to_string(),
        Actor::Account { name, email } => format!("{name} ({email})"),
        Actor::Deleted => "An account deleted since".to_string(),
    };
    let whose = entry
        .profile_name
        .as_deref()
        .map_or(String::new(), |p| format!(" ({p})"));
    format!(
        "  {}  {who} {}{whose} through {}.",
        entry.at.strftime("%Y-%m-%d %H:%M UTC"),
        what(entry.kind),
        door(entry.door)
    )
}

/// One note, its heading line and its text indented.
pub fn note_lines(person: &str, note: &psoas_core::practice::Note) -> String {
    format!(
        "  {person}, {} by {}:\n    {}",
        note.note.created_at.strftime("%Y-%m-%d %H:%M UTC"),
        note.author_name,
        note.note.text.as_str().replace('\n', "\n    ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use psoas_core::practice::{NewNote, Note};
    use psoas_core::{AccountId, DisplayName, NoteText, ProfileId};

    #[test]
    fn a_note_of_several_lines_keeps_them_indented_under_its_author_and_time() {
        let note = Note {
            note: NewNote::new(
                ProfileId(uuid::Uuid::nil()),
                None,
                NoteText::parse("Left tight.\nRoller daily.").unwrap(),
                jiff::Timestamp::from_second(1_764_806_400).unwrap(),
            ),
            author: AccountId(uuid::Uuid::nil()),
            author_name: DisplayName::parse("Pia").unwrap(),
        };
        assert_eq!(
            note_lines("Carl", &note),
            "  Carl, 2025-12-04 00:00 UTC by Pia:\n    Left tight.\n    Roller daily."
        );
    }
}
