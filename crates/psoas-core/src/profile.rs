//! Profiles: the people being tested, with what the rules need to know about them.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::units::{BodyHeight, LegBasis, LegLength};
use crate::{InputError, ProfileId};

/// A profile's display name: 1 to 80 characters, no control characters, trimmed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DisplayName(String);

impl DisplayName {
    /// The longest name kept, in characters (after trimming).
    pub const MAX_CHARS: usize = 80;

    /// Trims and checks a name.
    pub fn parse(text: &str) -> Result<Self, InputError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(InputError::Protocol(
                "a profile needs a name; give one, e.g. 'Anna'".to_string(),
            ));
        }
        let length = trimmed.chars().count();
        if length > Self::MAX_CHARS {
            return Err(InputError::out_of_range(
                "name length",
                1.0,
                Self::MAX_CHARS as f64,
                " characters",
                length,
            ));
        }
        if trimmed.chars().any(char::is_control) {
            return Err(InputError::Protocol(
                "a name cannot contain control characters such as tabs or line breaks".to_string(),
            ));
        }
        Ok(Self(trimmed.to_string()))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DisplayName {
    type Error = InputError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<DisplayName> for String {
    fn from(n: DisplayName) -> String {
        n.0
    }
}

impl fmt::Display for DisplayName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Year of birth, 1900 to 2100; whether it lies in the future is checked where the date is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "i16", into = "i16")]
pub struct BirthYear(i16);

impl BirthYear {
    /// The earliest year of birth accepted.
    pub const EARLIEST: i16 = 1900;

    /// The latest year read back from files and databases, where the date they were written
    /// on is not known; new entries are checked against the current year instead.
    pub const LATEST_STORED: i16 = 2100;

    /// Checks a year against the given current year.
    pub fn new(year: i16, current_year: i16) -> Result<Self, InputError> {
        if (Self::EARLIEST..=current_year).contains(&year) {
            Ok(Self(year))
        } else {
            Err(InputError::out_of_range(
                "birth year",
                f64::from(Self::EARLIEST),
                f64::from(current_year),
                "",
                year,
            ))
        }
    }

    /// The year.
    pub fn value(self) -> i16 {
        self.0
    }
}

impl TryFrom<i16> for BirthYear {
    type Error = InputError;
    fn try_from(value: i16) -> Result<Self, Self::Error> {
        Self::new(value, Self::LATEST_STORED)
    }
}

impl From<BirthYear> for i16 {
    fn from(y: BirthYear) -> i16 {
        y.0
    }
}

/// Sex, which shifts range-of-motion norms (women's joints move further on average).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Female.
    Female,
    /// Male.
    Male,
    /// Another answer, or one the person prefers not to give.
    Other,
}

impl Sex {
    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "female",
            Sex::Male => "male",
            Sex::Other => "other",
        }
    }
}

impl FromStr for Sex {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "f" | "female" | "woman" => Ok(Sex::Female),
            "m" | "male" | "man" => Ok(Sex::Male),
            "o" | "other" | "x" => Ok(Sex::Other),
            _ => Err(InputError::NotUnderstood {
                what: "sex",
                got: s.to_string(),
                expected: "use female, male or other",
            }),
        }
    }
}

/// A person whose hips are tested.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Profile {
    /// Its identifier.
    pub id: ProfileId,
    /// How the person is called in lists.
    pub name: DisplayName,
    /// Optional year of birth.
    pub birth_year: Option<BirthYear>,
    /// Optional sex.
    pub sex: Option<Sex>,
    /// Optional leg length, needed to turn heel heights into angles.
    pub leg_length_cm: Option<LegLength>,
    /// Optional body height, from which the leg length is estimated when it was not measured.
    #[serde(default)]
    pub body_height_cm: Option<BodyHeight>,
    /// Whether the camera's photos are kept with the trials measured from them. Off unless
    /// the profile's owner turns it on: the markers' coordinates are always kept, and give
    /// the angles again without the pictures of the body.
    #[serde(default)]
    pub keep_photos: bool,
}

impl Profile {
    /// A new profile with a fresh identifier (and no body height: set it on the result).
    pub fn new(
        name: DisplayName,
        birth_year: Option<BirthYear>,
        sex: Option<Sex>,
        leg_length_cm: Option<LegLength>,
    ) -> Self {
        Self {
            id: ProfileId::random(),
            name,
            birth_year,
            sex,
            leg_length_cm,
            body_height_cm: None,
            keep_photos: false,
        }
    }

    /// The leg length heel heights are converted with: the measured one when there is one,
    /// otherwise an estimate from body height (0.53 x stature, see
    /// [`crate::units::LEG_LENGTH_PER_BODY_HEIGHT`]); none without either.
    pub fn leg_basis(&self) -> Option<LegBasis> {
        LegBasis::best(self.leg_length_cm, self.body_height_cm)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(DisplayName::parse("  Anna ").unwrap().as_str(), "Anna");
        assert!(DisplayName::parse("   ").is_err());
        assert!(DisplayName::parse("a\tb").is_err());
        assert!(DisplayName::parse(&"x".repeat(81)).is_err());
        assert!(DisplayName::parse(&"é".repeat(80)).is_ok());
    }

    #[test]
    fn the_leg_length_is_estimated_from_body_height_only_when_not_measured() {
        let mut p = Profile::new(DisplayName::parse("Anna").unwrap(), None, None, None);
        assert_eq!(p.leg_basis(), None);
        p.body_height_cm = Some(BodyHeight::new(170.0).unwrap());
        let basis = p.leg_basis().unwrap();
        assert!(basis.estimated);
        assert!((basis.length.cm() - 90.1).abs() < 1e-9);
        p.leg_length_cm = Some(LegLength::new(88.0).unwrap());
        let basis = p.leg_basis().unwrap();
        assert!(!basis.estimated);
        assert_eq!(basis.length.cm(), 88.0);
    }

    #[test]
    fn birth_years_in_the_future_are_refused() {
        assert!(BirthYear::new(1980, 2026).is_ok());
        assert!(BirthYear::new(2027, 2026).is_err());
        assert!(BirthYear::new(1899, 2026).is_err());
    }
}
