//! Symptoms and habits recorded once per session: pain, sitting, sit-ups.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::InputError;

/// A pain rating on the 0-10 numeric rating scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub struct Pain(u8);

impl Pain {
    /// The worst pain imaginable.
    pub const MAX: u8 = 10;

    /// Accepts whole numbers 0 (none) to [`Self::MAX`].
    pub fn new(value: u8) -> Result<Self, InputError> {
        if value <= Self::MAX {
            Ok(Self(value))
        } else {
            Err(InputError::out_of_range("pain", 0.0, 10.0, "", value))
        }
    }

    /// Reads a typed rating.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let value = parse_number(
            "pain",
            text,
            "give a whole number from 0 (none) to 10 (worst)",
        )?;
        if value.fract() != 0.0 || !(0.0..=10.0).contains(&value) {
            return Err(InputError::out_of_range(
                "pain",
                0.0,
                10.0,
                " (whole numbers)",
                text.trim(),
            ));
        }
        Self::new(value as u8)
    }

    /// The rating.
    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Pain {
    type Error = InputError;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        Self::new(value)
    }
}

impl From<Pain> for u8 {
    fn from(p: Pain) -> u8 {
        p.0
    }
}

pub(crate) fn parse_number(
    what: &'static str,
    text: &str,
    expected: &'static str,
) -> Result<f64, InputError> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| InputError::NotUnderstood {
            what,
            got: text.trim().to_string(),
            expected,
        })
}

/// What the subject reports at the start of a session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Symptoms {
    /// Low back pain now, 0-10.
    pub back_pain: Pain,
    /// Pelvic pain now, 0-10.
    pub pelvic_pain: Pain,
    /// Hours spent sitting on a usual day.
    pub sitting_hours_per_day: f64,
    /// Sit-ups (or crunches) done in a usual week.
    pub situps_per_week: u16,
    /// Whether a back-extension movement follows the sit-ups; None when there are no sit-ups.
    pub extension_after_situps: Option<bool>,
    /// When they were recorded.
    pub recorded_at: Timestamp,
}

impl Symptoms {
    /// The most hours of sitting a day can hold.
    pub const MAX_SITTING_HOURS: f64 = 24.0;

    /// The most sit-ups a week accepted: hundreds a day is already exceptional.
    pub const MAX_SITUPS_PER_WEEK: u16 = 5000;

    /// Checks the numbers and that the extension question fits the sit-up answer.
    pub fn new(
        back_pain: Pain,
        pelvic_pain: Pain,
        sitting_hours_per_day: f64,
        situps_per_week: u16,
        extension_after_situps: Option<bool>,
        recorded_at: Timestamp,
    ) -> Result<Self, InputError> {
        if !sitting_hours_per_day.is_finite()
            || !(0.0..=Self::MAX_SITTING_HOURS).contains(&sitting_hours_per_day)
        {
            return Err(InputError::out_of_range(
                "sitting hours per day",
                0.0,
                24.0,
                "",
                sitting_hours_per_day,
            ));
        }
        if situps_per_week > Self::MAX_SITUPS_PER_WEEK {
            return Err(InputError::out_of_range(
                "sit-ups per week",
                0.0,
                5000.0,
                "",
                situps_per_week,
            ));
        }
        let extension_after_situps = if situps_per_week == 0 {
            None
        } else {
            Some(extension_after_situps.ok_or_else(|| {
                InputError::Protocol(
                    "with sit-ups in the week, say whether a back-extension movement follows them \
                     (yes or no)"
                        .to_string(),
                )
            })?)
        };
        Ok(Self {
            back_pain,
            pelvic_pain,
            sitting_hours_per_day,
            situps_per_week,
            extension_after_situps,
            recorded_at,
        })
    }

    /// Reads typed sitting hours.
    pub fn parse_sitting_hours(text: &str) -> Result<f64, InputError> {
        let hours = parse_number(
            "sitting hours",
            text,
            "give hours per day as a number from 0 to 24, e.g. 7.5",
        )?;
        if (0.0..=Self::MAX_SITTING_HOURS).contains(&hours) {
            Ok(hours)
        } else {
            Err(InputError::out_of_range(
                "sitting hours per day",
                0.0,
                24.0,
                "",
                text.trim(),
            ))
        }
    }

    /// Reads a typed weekly sit-up count.
    pub fn parse_situps(text: &str) -> Result<u16, InputError> {
        let count = parse_number(
            "sit-ups per week",
            text,
            "give a whole number of sit-ups per week, 0 if none",
        )?;
        if count.fract() != 0.0 || !(0.0..=5000.0).contains(&count) {
            return Err(InputError::out_of_range(
                "sit-ups per week",
                0.0,
                5000.0,
                " (whole numbers)",
                text.trim(),
            ));
        }
        Ok(count as u16)
    }

    /// The habits the article links to a tight or weak psoas, in words.
    pub fn risk_notes(&self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.sitting_hours_per_day >= 6.0 {
            notes.push(format!(
                "{} hours of sitting a day keeps the hip flexors short for long stretches.",
                self.sitting_hours_per_day
            ));
        }
        if self.situps_per_week > 0 && self.extension_after_situps == Some(false) {
            notes.push(
                "Sit-ups without a backward-bending (extension) movement afterwards work the \
                 hip flexors in one direction only."
                    .to_string(),
            );
        }
        notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pain_outside_zero_to_ten_is_refused() {
        assert!(Pain::parse("11").is_err());
        assert!(Pain::parse("-1").is_err());
        assert!(
            Pain::parse("two")
                .unwrap_err()
                .to_string()
                .contains("0 (none)")
        );
        assert_eq!(Pain::parse(" 7 ").unwrap().value(), 7);
    }

    #[test]
    fn sit_ups_need_the_extension_answer() {
        let p = Pain::new(0).unwrap();
        let t = Timestamp::UNIX_EPOCH;
        assert!(Symptoms::new(p, p, 8.0, 20, None, t).is_err());
        let s = Symptoms::new(p, p, 8.0, 0, Some(true), t).unwrap();
        assert_eq!(s.extension_after_situps, None);
        assert!(Symptoms::new(p, p, 25.0, 0, None, t).is_err());
    }

    #[test]
    fn risk_notes_name_long_sitting_and_one_way_situps() {
        let p = Pain::new(3).unwrap();
        let s = Symptoms::new(p, p, 9.0, 50, Some(false), Timestamp::UNIX_EPOCH).unwrap();
        assert_eq!(s.risk_notes().len(), 2);
    }
}
