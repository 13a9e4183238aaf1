//! Which stretch and which strengthening technique: the choices an exercise is made of, with
//! their names. Apart from `plan.rs` so that `guide.rs` can word each choice without the plan
//! and the plan can ask the guide for its instructions, with no cycle between the two.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{InputError, Side};

/// The two ways to stretch the tight side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StretchOption {
    /// Option a: face up on the edge of a bed, the tight leg hanging down; hold and release.
    EdgeOfBed,
    /// Option b: face up with a foam roller under the tight side's buttock, one long hold.
    FoamRoller,
}

impl StretchOption {
    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            StretchOption::EdgeOfBed => "edge_of_bed",
            StretchOption::FoamRoller => "foam_roller",
        }
    }

    /// Name for people.
    pub fn title(self) -> &'static str {
        match self {
            StretchOption::EdgeOfBed => "Stretch a: edge of the bed",
            StretchOption::FoamRoller => "Stretch b: foam roller",
        }
    }
}

impl FromStr for StretchOption {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "a" | "edge_of_bed" | "bed" => Ok(StretchOption::EdgeOfBed),
            "b" | "foam_roller" | "roller" => Ok(StretchOption::FoamRoller),
            _ => Err(InputError::NotUnderstood {
                what: "stretch option",
                got: s.to_string(),
                expected: "use 'a' (edge-of-bed) or 'b' (foam-roller)",
            }),
        }
    }
}

/// The two ways to strengthen the weak side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StrengthenTechnique {
    /// Technique a: the helper works the belly just inside the hip bone on the STRONG side.
    AbdomenStrongSide,
    /// Technique b: face down, the helper works the buttock on the WEAK side.
    GluteWeakSide,
}

impl StrengthenTechnique {
    /// Name used in files, JSON and commands.
    pub fn as_str(self) -> &'static str {
        match self {
            StrengthenTechnique::AbdomenStrongSide => "abdomen_strong_side",
            StrengthenTechnique::GluteWeakSide => "glute_weak_side",
        }
    }

    /// Name for people.
    pub fn title(self) -> &'static str {
        match self {
            StrengthenTechnique::AbdomenStrongSide => "Strengthen a: belly on the strong side",
            StrengthenTechnique::GluteWeakSide => "Strengthen b: buttock on the weak side",
        }
    }

    /// The side the helper works on, given the weak side.
    pub fn worked_side(self, weak: Side) -> Side {
        match self {
            StrengthenTechnique::AbdomenStrongSide => weak.other(),
            StrengthenTechnique::GluteWeakSide => weak,
        }
    }
}

impl FromStr for StrengthenTechnique {
    type Err = InputError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().replace('-', "_").as_str() {
            "a" | "abdomen" | "abdomen_strong_side" | "belly" => {
                Ok(StrengthenTechnique::AbdomenStrongSide)
            }
            "b" | "glute" | "glute_weak_side" | "buttock" => Ok(StrengthenTechnique::GluteWeakSide),
            _ => Err(InputError::NotUnderstood {
                what: "strengthening technique",
                got: s.to_string(),
                expected: "use 'a' (abdomen, strong side) or 'b' (glute, weak side)",
            }),
        }
    }
}
