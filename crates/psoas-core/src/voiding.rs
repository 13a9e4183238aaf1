//! Struck-out trials: a trial taken or typed wrongly stays stored with who struck it out,
//! when and why, and leaves every verdict, chart and report; its slot is free to take again.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::{AccountId, InputError};

/// The most characters kept of the words given with "other".
pub const MAX_VOID_NOTE_CHARS: usize = 200;

/// Why a trial was struck out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VoidReason {
    /// The value was typed wrongly (a misplaced decimal, the other side's value).
    Typo,
    /// The leg or knee was not held at the top long enough to read it.
    NotHeldAtTop,
    /// The pelvis lifted off the table, so the angle overstates the hip's range.
    PelvisLifted,
    /// Another reason, said in words.
    Other,
}

impl VoidReason {
    /// Every reason, in the order they are offered.
    pub const ALL: [VoidReason; 4] = [
        VoidReason::Typo,
        VoidReason::NotHeldAtTop,
        VoidReason::PelvisLifted,
        VoidReason::Other,
    ];

    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            VoidReason::Typo => "typo",
            VoidReason::NotHeldAtTop => "not_held_at_top",
            VoidReason::PelvisLifted => "pelvis_lifted",
            VoidReason::Other => "other",
        }
    }

    /// The reason for people.
    pub fn title(self) -> &'static str {
        match self {
            VoidReason::Typo => "typed wrongly",
            VoidReason::NotHeldAtTop => "not held at the top",
            VoidReason::PelvisLifted => "the pelvis lifted",
            VoidReason::Other => "another reason",
        }
    }
}

impl fmt::Display for VoidReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

impl FromStr for VoidReason {
    type Err = InputError;

    /// Accepts the names with `-`, `_` or spaces: `typo`, `not-held-at-top`, `pelvis lifted`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let key = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        Self::ALL
            .into_iter()
            .find(|r| r.as_str() == key)
            .ok_or_else(|| {
                InputError::Protocol(format!(
                    "'{}' is not a reason to strike out a trial; use typo, not-held-at-top, \
                     pelvis-lifted or other (with a note)",
                    s.trim()
                ))
            })
    }
}

/// That a trial was struck out: why, by whom (no one for the terminal tool, which has no
/// accounts), and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrialVoid {
    /// Why.
    pub reason: VoidReason,
    /// The words given: required with [`VoidReason::Other`], optional otherwise.
    pub note: Option<String>,
    /// The account that struck it out, when it was done in the web app or the API.
    pub by: Option<AccountId>,
    /// When.
    pub at: Timestamp,
}

impl TrialVoid {
    /// Checks the reason and its words: "other" needs words; words are at most
    /// [`MAX_VOID_NOTE_CHARS`] characters of plain text on one line.
    pub fn new(
        reason: VoidReason,
        note: Option<&str>,
        by: Option<AccountId>,
        at: Timestamp,
    ) -> Result<Self, InputError> {
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if reason == VoidReason::Other && note.is_none() {
            return Err(InputError::Protocol(
                "say in a few words why the trial is struck out, or choose one of the listed \
                 reasons"
                    .to_string(),
            ));
        }
        if let Some(note) = note {
            let length = note.chars().count();
            if length > MAX_VOID_NOTE_CHARS {
                return Err(InputError::Protocol(format!(
                    "the reason has {length} characters, more than the {MAX_VOID_NOTE_CHARS} \
                     kept; shorten it"
                )));
            }
            if note.chars().any(char::is_control) {
                return Err(InputError::Protocol(
                    "the reason contains line breaks or control characters; type it on one \
                     line as plain text"
                        .to_string(),
                ));
            }
        }
        Ok(Self {
            reason,
            note: note.map(str::to_string),
            by,
            at,
        })
    }

    /// The reason for people, with its words: "typed wrongly (meant 9.5 cm)".
    pub fn describe(&self) -> String {
        match (&self.note, self.reason) {
            (Some(note), VoidReason::Other) => note.clone(),
            (Some(note), reason) => format!("{} ({note})", reason.title()),
            (None, reason) => reason.title().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_needs_words_and_words_stay_short_and_plain() {
        let at = Timestamp::UNIX_EPOCH;
        assert!(TrialVoid::new(VoidReason::Other, None, None, at).is_err());
        assert!(TrialVoid::new(VoidReason::Other, Some("  "), None, at).is_err());
        let other = TrialVoid::new(VoidReason::Other, Some(" cramp "), None, at).unwrap();
        assert_eq!(other.describe(), "cramp");
        let typo = TrialVoid::new(VoidReason::Typo, Some("meant 9.5 cm"), None, at).unwrap();
        assert_eq!(typo.describe(), "typed wrongly (meant 9.5 cm)");
        assert_eq!(
            TrialVoid::new(VoidReason::PelvisLifted, None, None, at)
                .unwrap()
                .describe(),
            "the pelvis lifted"
        );
        let long = "x".repeat(MAX_VOID_NOTE_CHARS + 1);
        assert!(TrialVoid::new(VoidReason::Typo, Some(&long), None, at).is_err());
        assert!(TrialVoid::new(VoidReason::Typo, Some("a\nb"), None, at).is_err());
    }

    #[test]
    fn reasons_parse_from_their_names_however_written() {
        for reason in VoidReason::ALL {
            assert_eq!(reason.as_str().parse::<VoidReason>().unwrap(), reason);
            assert_eq!(
                reason
                    .as_str()
                    .replace('_', "-")
                    .parse::<VoidReason>()
                    .unwrap(),
                reason
            );
        }
        assert_eq!(
            "Pelvis lifted".parse::<VoidReason>().unwrap(),
            VoidReason::PelvisLifted
        );
        let refused = "bored".parse::<VoidReason>().unwrap_err().to_string();
        assert!(refused.contains("typo, not-held-at-top"), "{refused}");
    }
}
