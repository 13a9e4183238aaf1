//! The guided terminal session: every step of the protocol, for the subject and the helper,
//! saved as it is entered so an interruption loses nothing.

mod flow;
mod prompt;
mod timer;

pub use flow::{check, home, require_terminal, resume};
