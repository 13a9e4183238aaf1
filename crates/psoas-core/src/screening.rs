//! Red-flag screening: the questions asked before any test, and what a "yes" means.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::fmt;
use std::str::FromStr;

use crate::InputError;
use crate::profile::Sex;

/// A sign that back or pelvic pain may have a cause that self-treatment must not cover up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RedFlag {
    /// Numbness, tingling or weakness spreading down a leg.
    SpreadingLegSymptoms,
    /// Loss of bladder or bowel control, or numbness around the genitals and buttocks.
    BladderBowelOrSaddle,
    /// Fever, or weight loss without trying.
    FeverOrWeightLoss,
    /// A recent fall, or recent surgery on the hip, spine or abdomen.
    RecentFallOrSurgery,
    /// Pregnancy.
    Pregnancy,
    /// Severe pain at rest or at night, or pain that keeps getting worse.
    SevereRestPain,
}

impl RedFlag {
    /// Every red flag, in the order they are asked.
    pub const ALL: [RedFlag; 6] = [
        RedFlag::SpreadingLegSymptoms,
        RedFlag::BladderBowelOrSaddle,
        RedFlag::FeverOrWeightLoss,
        RedFlag::RecentFallOrSurgery,
        RedFlag::Pregnancy,
        RedFlag::SevereRestPain,
    ];

    /// Whether the question can apply to a person of the recorded sex: pregnancy is not
    /// asked of a profile recorded as male; other or unknown sex is asked every question.
    pub fn applies_to(self, sex: Option<Sex>) -> bool {
        !(self == RedFlag::Pregnancy && sex == Some(Sex::Male))
    }

    /// The questions asked of a person of the recorded sex, in order.
    pub fn asked_of(sex: Option<Sex>) -> Vec<RedFlag> {
        Self::ALL
            .into_iter()
            .filter(|flag| flag.applies_to(sex))
            .collect()
    }

    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            RedFlag::SpreadingLegSymptoms => "spreading_leg_symptoms",
            RedFlag::BladderBowelOrSaddle => "bladder_bowel_or_saddle",
            RedFlag::FeverOrWeightLoss => "fever_or_weight_loss",
            RedFlag::RecentFallOrSurgery => "recent_fall_or_surgery",
            RedFlag::Pregnancy => "pregnancy",
            RedFlag::SevereRestPain => "severe_rest_pain",
        }
    }

    /// The yes/no question put to the subject.
    pub fn question(self) -> &'static str {
        match self {
            RedFlag::SpreadingLegSymptoms => {
                "Do you have numbness, pins and needles or weakness that spreads down one or both legs?"
            }
            RedFlag::BladderBowelOrSaddle => {
                "Have you lost any control of your bladder or bowel, or is the skin between your legs or around your bottom numb?"
            }
            RedFlag::FeverOrWeightLoss => {
                "Do you have a fever, or have you lost weight lately without trying?"
            }
            RedFlag::RecentFallOrSurgery => {
                "Have you had a fall, or an operation on your hip, spine or belly, in the last three months?"
            }
            RedFlag::Pregnancy => "Are you pregnant, or could you be?",
            RedFlag::SevereRestPain => {
                "Is your pain severe even when you rest or lie down at night, or is it getting worse week by week?"
            }
        }
    }

    /// Why a "yes" stops the session, in plain words.
    pub fn reason(self) -> &'static str {
        match self {
            RedFlag::SpreadingLegSymptoms => {
                "symptoms spreading down a leg can come from a pinched nerve"
            }
            RedFlag::BladderBowelOrSaddle => {
                "bladder or bowel changes and saddle numbness can mean pressure on the nerves at the base of the spine: get medical help today"
            }
            RedFlag::FeverOrWeightLoss => {
                "fever or unexplained weight loss with back pain needs a doctor to rule out infection or other illness"
            }
            RedFlag::RecentFallOrSurgery => {
                "after a fall or an operation, tissues need a clinician's clearance before being stretched or pressed"
            }
            RedFlag::Pregnancy => {
                "pregnancy changes the pelvis and rules out pressing on the belly; ask your midwife or doctor first"
            }
            RedFlag::SevereRestPain => {
                "pain that is severe at rest or keeps worsening is not the kind this protocol addresses"
            }
        }
    }
}

impl fmt::Display for RedFlag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RedFlag {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase().replace('-', "_");
        RedFlag::ALL
            .into_iter()
            .find(|flag| flag.as_str() == wanted)
            .ok_or_else(|| InputError::NotUnderstood {
                what: "red flag",
                got: s.to_string(),
                expected: "use spreading-leg-symptoms, bladder-bowel-or-saddle, fever-or-weight-loss, recent-fall-or-surgery, pregnancy or severe-rest-pain",
            })
    }
}

/// The answers to every red-flag question, taken before any test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Screening {
    /// The questions answered "yes"; all others were answered "no".
    pub flags: BTreeSet<RedFlag>,
    /// When the questions were answered.
    pub answered_at: Timestamp,
}

/// General advice shown whenever screening stops a session.
pub const SEE_A_CLINICIAN: &str = "Please see a doctor or physiotherapist before doing these tests \
     or exercises. This tool gives general education, not a diagnosis, and cannot judge what you \
     described.";

impl Screening {
    /// Records the answers.
    pub fn new(flags: impl IntoIterator<Item = RedFlag>, answered_at: Timestamp) -> Self {
        Self {
            flags: flags.into_iter().collect(),
            answered_at,
        }
    }

    /// Whether the protocol may go on.
    pub fn is_clear(&self) -> bool {
        self.flags.is_empty()
    }

    /// Why the session stopped, one line per "yes", then the advice; empty when clear.
    pub fn stop_advice(&self) -> Vec<String> {
        if self.is_clear() {
            return Vec::new();
        }
        let mut lines: Vec<String> = self
            .flags
            .iter()
            .map(|flag| format!("You answered yes: {}.", flag.reason()))
            .collect();
        lines.push(SEE_A_CLINICIAN.to_string());
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn any_yes_stops_with_its_reason() {
        let s = Screening::new([RedFlag::Pregnancy], Timestamp::UNIX_EPOCH);
        assert!(!s.is_clear());
        let advice = s.stop_advice().join(" ");
        assert!(advice.contains("midwife"), "{advice}");
        assert!(advice.contains("doctor or physiotherapist"), "{advice}");
        assert!(
            Screening::new([], Timestamp::UNIX_EPOCH)
                .stop_advice()
                .is_empty()
        );
    }

    #[test]
    fn flags_parse_from_their_names() {
        for flag in RedFlag::ALL {
            assert_eq!(
                flag.as_str().replace('_', "-").parse::<RedFlag>().unwrap(),
                flag
            );
        }
        assert!("headache".parse::<RedFlag>().is_err());
    }

    #[test]
    fn pregnancy_is_asked_unless_the_profile_is_recorded_as_male() {
        assert!(!RedFlag::asked_of(Some(Sex::Male)).contains(&RedFlag::Pregnancy));
        assert_eq!(RedFlag::asked_of(Some(Sex::Male)).len(), 5);
        for sex in [None, Some(Sex::Female), Some(Sex::Other)] {
            assert_eq!(RedFlag::asked_of(sex), RedFlag::ALL.to_vec(), "{sex:?}");
        }
    }
}
