//! The pure domain core of psoas: validated measurements, red-flag screening, the versioned
//! rule set, verdicts with their reasons, the exercise plan and the order of the protocol.
//!
//! Nothing here reads a clock, a file, a terminal or a database: callers pass times in and
//! store what comes out. That keeps every rule testable on its own and shared by the
//! terminal tool and the web app.
//!
//! ```
//! use psoas_core::{judge, Measurement, Method, Phase, Reading, Side, Test, RULES};
//! use jiff::Timestamp;
//!
//! let trial = |side, degrees: &str| {
//!     let reading = Reading::parse(degrees, Test::LegRaise, Method::Inclinometer, None).unwrap();
//!     Measurement::new(Phase::Baseline, Test::LegRaise, side, 1, Method::Inclinometer,
//!                      Some(reading), false, Timestamp::UNIX_EPOCH).unwrap()
//! };
//! // One inclinometer trial a side tells apart 1.96 x 2° x √2 = 5.5°; 10° is clear.
//! let verdict = judge(&[trial(Side::Left, "12"), trial(Side::Right, "22")],
//!                     Test::LegRaise, Phase::Baseline, &RULES);
//! assert_eq!(verdict.side(), Some(Side::Left));
//! assert_eq!(verdict.confidence, psoas_core::Confidence::Clear);
//! println!("{}: {}", verdict.headline(), verdict.reasons.join(" "));
//! println!("{}", verdict.confidence_line());
//! ```

pub mod account;
pub mod camera;
pub mod comparable;
mod error;
pub mod exercise_choice;
pub mod guide;
mod held_window;
pub mod history;
mod ids;
pub mod inclinometer;
pub mod measurement;
pub mod pain_after;
pub mod plan;
pub mod plausibility;
pub mod practice;
pub mod profile;
pub mod retest;
pub mod rules;
pub mod screening;
pub mod session;
mod side;
pub mod symptoms;
#[cfg(test)]
mod test_rng;
pub mod units;
pub mod verdict;
pub mod voiding;

pub use account::{Account, Email, Role};
pub use comparable::ExtraTrial;
pub use error::InputError;
pub use ids::{AccountId, ExerciseId, MeasurementId, NoteId, ProfileId, SessionId};
pub use measurement::{Measurement, Method, Phase, Reading, Test};
pub use pain_after::{PainAfter, PainArea, PainChange, PainOutcome};
pub use plan::{Durations, Exercise, PlanStep, StrengthenTechnique, StretchOption};
pub use practice::{InvitationKind, NoteText, Prescription};
pub use profile::{BirthYear, DisplayName, Profile, Sex};
pub use rules::{PROTOCOL_VERSION, RULES, RuleSet};
pub use screening::{RedFlag, Screening};
pub use session::{
    ExerciseOutcome, ExerciseRecord, ExerciseStep, NextStep, Session, SessionRecord, SessionStatus,
    VoidRefused,
};
pub use side::Side;
pub use symptoms::{Pain, Symptoms};
pub use verdict::{Confidence, Finding, MoreTrials, Verdict, judge};
pub use voiding::{TrialVoid, VoidReason};
