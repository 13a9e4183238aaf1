//! The `psoas` binary: parse flags, run, and turn errors into one line and an exit code.

use clap::Parser;
use std::process::ExitCode;

use psoas::cli::{Cli, Command};
use psoas::error::CliError;

const RESUME_HINT: &str =
    "Stopped. Everything entered so far is saved; continue with: psoas resume";

fn main() -> ExitCode {
    let cli = Cli::parse();
    let serving = matches!(cli.command, Some(Command::Serve(_)));
    if !serving {
        // Outside the countdown the terminal sends Ctrl-C as a signal; each answer is already
        // stored, so leaving at once loses nothing. The server shuts down gracefully instead.
        let _ = ctrlc::set_handler(|| {
            let _ = crossterm::terminal::disable_raw_mode();
            eprintln!("\n{RESUME_HINT}");
            std::process::exit(130);
        });
    }
    let runtime = if serving {
        tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
    } else {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
    };
    let runtime = match runtime {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("psoas: cannot start: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(psoas::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::Interrupted) => {
            eprintln!("{RESUME_HINT}");
            CliError::Interrupted.exit_code()
        }
        Err(e) => {
            eprintln!("psoas: {e}");
            e.exit_code()
        }
    }
}
