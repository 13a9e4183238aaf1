//! The terminal tool's error type and the exit code each kind of error gives.

use psoas_core::InputError;
use psoas_store::StoreError;
use std::process::ExitCode;
use thiserror::Error;

/// Why a command failed.
#[derive(Debug, Error)]
pub enum CliError {
    /// The user asked for something that cannot be done as asked.
    #[error("{0}")]
    Usage(String),
    /// A value the domain refused.
    #[error(transparent)]
    Input(#[from] InputError),
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The terminal went away or the user pressed Ctrl-C; what was entered is saved.
    #[error("interrupted")]
    Interrupted,
    /// Reading or writing the terminal failed.
    #[error("terminal: {0}")]
    Io(#[from] std::io::Error),
}

impl CliError {
    /// 2 for anything the user can fix by typing something else, 130 for an interruption,
    /// 1 for problems with the machine or the database file.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) | CliError::Input(_) => ExitCode::from(2),
            CliError::Store(
                StoreError::NotFound { .. }
                | StoreError::Ambiguous { .. }
                | StoreError::Conflict(_)
                | StoreError::NotAllowed(_),
            ) => ExitCode::from(2),
            CliError::Interrupted => ExitCode::from(130),
            CliError::Store(_) | CliError::Io(_) => ExitCode::from(1),
        }
    }
}

/// Result of a command.
pub type CliResult<T = ()> = Result<T, CliError>;
