//! Left and right, the two sides every test compares.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use crate::InputError;

/// A side of the body, as the subject sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The subject's left.
    Left,
    /// The subject's right.
    Right,
}

impl Side {
    /// Both sides, left first: the order tests and tables use.
    pub const BOTH: [Side; 2] = [Side::Left, Side::Right];

    /// The other side.
    pub fn other(self) -> Side {
        match self {
            Side::Left => Side::Right,
            Side::Right => Side::Left,
        }
    }

    /// Lower-case name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Left => "left",
            Side::Right => "right",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Side {
    type Err = InputError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "l" | "left" => Ok(Side::Left),
            "r" | "right" => Ok(Side::Right),
            _ => Err(InputError::NotUnderstood {
                what: "side",
                got: s.to_string(),
                expected: "use 'left' or 'right' (or 'l' / 'r')",
            }),
        }
    }
}
