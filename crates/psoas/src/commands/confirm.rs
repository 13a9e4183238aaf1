//! The question asked before anything is deleted for real: on a terminal, "Delete ...? This
//! cannot be undone [y/N]", deleting only on yes; without a terminal to ask on, only `--yes`
//! deletes, so a script never deletes by accident.

use std::io::{BufRead, IsTerminal, Write};

use crate::error::{CliError, CliResult};
use crate::words::deletion::{CANNOT_BE_UNDONE, KEPT, NEEDS_YES};

/// Whether to go ahead: `yes` given, or the question answered y or yes on the terminal
/// (anything else says that nothing was deleted). Without a terminal and `yes`, refused.
pub fn confirmed(question: &str, yes: bool) -> CliResult<bool> {
    if yes {
        return Ok(true);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        return Err(CliError::Usage(NEEDS_YES.to_string()));
    }
    eprint!("{question} {CANNOT_BE_UNDONE} ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    if stdin.lock().read_line(&mut answer)? == 0 {
        return Err(CliError::Interrupted);
    }
    let go = matches!(answer.trim().to_lowercase().as_str(), "y" | "yes");
    if !go {
        println!("{KEPT}");
    }
    Ok(go)
}
