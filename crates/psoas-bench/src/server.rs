//! Servers under test as separate processes: the real `psoas serve` binary, or this crate's
//! bare axum ceiling. Each is started on a free loopback port, found through the address it
//! prints, watched through `/proc` for its resident memory, and stopped by a signal.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::BenchError;

/// A running server process.
pub struct Served {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
}

/// Reads the child's standard output until a line starting with `marker`, and returns the
/// address after it (as `http://HOST:PORT`).
fn wait_for_address(child: &mut Child, marker: &'static str) -> Result<SocketAddr, BenchError> {
    let stdout = child.stdout.take().expect("stdout is piped");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            // Keep reading (and dropping) after the address, so the child never blocks on a
            // full pipe.
            let _ = tx.send(line);
        }
    });
    let mut printed = Vec::new();
    loop {
        let line = rx.recv_timeout(Duration::from_secs(30)).map_err(|_| {
            BenchError::Server(format!(
                "the server did not print its address; it printed:\n{}",
                printed.join("\n")
            ))
        })?;
        if let Some(rest) = line.strip_prefix(marker) {
            let address = rest.trim().trim_start_matches("http://");
            return address.parse().map_err(|e| {
                BenchError::Server(format!("cannot read the address in '{line}': {e}"))
            });
        }
        printed.push(line);
    }
}

impl Served {
    /// Starts `psoas --db DB serve` on a free loopback port, its log going to `log`.
    pub fn psoas(binary: &Path, db: &str, log: &Path) -> Result<Self, BenchError> {
        let log = std::fs::File::create(log)?;
        let mut child = Command::new(binary)
            .env_remove("PSOAS_DATABASE_URL")
            .env_remove("PSOAS_LOG")
            .args(["--db", db, "serve", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .map_err(|e| BenchError::Server(format!("cannot start {}: {e}", binary.display())))?;
        let addr = wait_for_address(&mut child, "psoas is serving at ");
        Self::started(child, addr)
    }

    /// Starts the bare axum ceiling (`psoas-bench ceiling`) on a free loopback port.
    pub fn ceiling(bench_binary: &Path) -> Result<Self, BenchError> {
        let mut child = Command::new(bench_binary)
            .args(["ceiling", "--listen", "127.0.0.1:0"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let addr = wait_for_address(&mut child, crate::ceiling::MARKER);
        Self::started(child, addr)
    }

    fn started(mut child: Child, addr: Result<SocketAddr, BenchError>) -> Result<Self, BenchError> {
        match addr {
            Ok(addr) => Ok(Self { child, addr }),
            Err(e) => {
                let _ = child.kill();
                let _ = child.wait();
                Err(e)
            }
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Resident memory now, in KiB (`VmRSS` in `/proc/PID/status`).
    pub fn rss_kib(&self) -> Option<u64> {
        proc_status_kib(self.pid(), "VmRSS:")
    }

    /// The most resident memory so far, in KiB (`VmHWM`).
    pub fn peak_rss_kib(&self) -> Option<u64> {
        proc_status_kib(self.pid(), "VmHWM:")
    }

    /// Kills the process at once (SIGKILL): no chance to finish anything.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Asks the process to stop (SIGTERM) and waits for it; true when it exited cleanly.
    pub fn stop(mut self) -> bool {
        let pid = nix::unistd::Pid::from_raw(i32::try_from(self.child.id()).unwrap_or(0));
        if nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).is_err() {
            let _ = self.child.kill();
        }
        self.child.wait().is_ok_and(|s| s.success())
    }
}

/// A `kB` line of `/proc/PID/status`.
pub fn proc_status_kib(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
