//! Start-up of the terminal tool: the time from starting the real `psoas check` binary in a
//! pseudo-terminal (as a person's terminal runs it) until its first prompt has been written,
//! read from the terminal's other end.

use nix::pty::openpty;
use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use crate::BenchError;

/// What the first prompt of `psoas check` ends with when one profile exists.
pub const FIRST_PROMPT: &str = "Choose 1-2:";

/// Starts `psoas --db DB check` in a new pseudo-terminal and returns how long it took until
/// [`FIRST_PROMPT`] appeared; the process is then killed.
pub fn time_to_first_prompt(binary: &Path, db: &Path) -> Result<Duration, BenchError> {
    let pty = openpty(None, None).map_err(|e| BenchError::Server(format!("openpty: {e}")))?;
    let slave = File::from(pty.slave);
    let mut master = File::from(pty.master);
    let started = Instant::now();
    let mut child = Command::new(binary)
        .env_remove("PSOAS_DATABASE_URL")
        .env("TERM", "xterm")
        .arg("--db")
        .arg(db)
        .arg("check")
        .stdin(Stdio::from(slave.try_clone()?))
        .stdout(Stdio::from(slave.try_clone()?))
        .stderr(Stdio::from(slave))
        .spawn()?;
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buffer = [0u8; 4096];
        loop {
            match master.read(&mut buffer) {
                Ok(0) | Err(_) => {
                    let _ = tx.send(Err(String::from_utf8_lossy(&seen).into_owned()));
                    return;
                }
                Ok(n) => {
                    seen.extend_from_slice(&buffer[..n]);
                    if String::from_utf8_lossy(&seen).contains(FIRST_PROMPT) {
                        let _ = tx.send(Ok(Instant::now()));
                        return;
                    }
                }
            }
        }
    });
    let answer = rx.recv_timeout(Duration::from_secs(20));
    let _ = child.kill();
    let _ = child.wait();
    match answer {
        Ok(Ok(at)) => Ok(at.duration_since(started)),
        Ok(Err(seen)) => Err(BenchError::Server(format!(
            "psoas check ended before its first prompt; it wrote:\n{seen}"
        ))),
        Err(_) => Err(BenchError::Server(
            "psoas check showed no prompt within 20 s".to_string(),
        )),
    }
}
