//! The one error type of the domain core: a value a person gave that the protocol cannot use.

use thiserror::Error;

/// Why a value was refused. Every message says what was wrong and what would be accepted,
/// so the front doors can show it as it is.
#[derive(Debug, Clone, PartialEq, Error)]
#[non_exhaustive]
pub enum InputError {
    /// A number outside the range the protocol accepts.
    #[error("{what} must be between {min} and {max}{unit}, got {got}")]
    OutOfRange {
        /// What was being entered, e.g. "leg-raise angle".
        what: &'static str,
        /// Lowest accepted value.
        min: f64,
        /// Highest accepted value.
        max: f64,
        /// Unit suffix for the message, e.g. " degrees".
        unit: &'static str,
        /// What was given.
        got: String,
    },
    /// Text that should have been a number (or a known word) and was not.
    #[error("{what}: '{got}' is not understood; {expected}")]
    NotUnderstood {
        /// What was being entered.
        what: &'static str,
        /// What was given.
        got: String,
        /// What would be accepted, written for a person.
        expected: &'static str,
    },
    /// A heel height that the leg cannot reach, or no leg length to convert with.
    #[error("{0}")]
    Conversion(String),
    /// A method that cannot produce the kind of reading given.
    #[error("{method} cannot measure {reading} ({fits}); {hint}")]
    MethodMismatch {
        /// The method named, as people read it.
        method: &'static str,
        /// The kind of reading given.
        reading: &'static str,
        /// What that kind of reading needs.
        fits: &'static str,
        /// Which methods or units would fit.
        hint: &'static str,
    },
    /// A rule about how the pieces of a session fit together.
    #[error("{0}")]
    Protocol(String),
}

impl InputError {
    pub(crate) fn out_of_range(
        what: &'static str,
        min: f64,
        max: f64,
        unit: &'static str,
        got: impl ToString,
    ) -> Self {
        Self::OutOfRange {
            what,
            min,
            max,
            unit,
            got: got.to_string(),
        }
    }
}
