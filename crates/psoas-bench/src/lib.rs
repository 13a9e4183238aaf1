//! Benchmarks and load tests of psoas, run by `scripts/bench` (which writes BENCHMARKS.md).
//!
//! - [`core`]: the pure core in process (verdicts of a session, ten years of history);
//! - [`startup`]: the real `psoas check` binary in a pseudo-terminal, timed to its first prompt;
//! - [`export`]: the real `psoas export` binary on SQLite files of 10,000 and 100,000 trials,
//!   in each format, timed, with its peak resident memory from `wait4(2)`;
//! - [`server`], [`load`], [`ceiling`]: the real `psoas serve` binary under a closed-loop load
//!   of 1, 16 and 64 clients over loopback, and the same load on a bare axum endpoint that
//!   does no work (the ceiling), so each figure is also a ratio to what the HTTP stack alone
//!   allows on this machine;
//! - [`seed`] and [`writes`]: the data the load starts from, and the check, after every write
//!   load, that each acknowledged write is in the database and no refused one is. The same
//!   check backs the SIGKILL test in `crates/psoas/tests/kill.rs`.
//!
//! [`suite`] runs everything in order and [`report`] writes the Markdown.

pub mod ceiling;
pub mod core;
pub mod export;
pub mod load;
pub mod probe;
pub mod report;
pub mod seed;
pub mod server;
pub mod startup;
pub mod stats;
pub mod suite;
pub mod writes;

use thiserror::Error;

/// Why a benchmark could not run.
#[derive(Debug, Error)]
pub enum BenchError {
    /// The store refused something.
    #[error("store: {0}")]
    Store(#[from] psoas_store::StoreError),
    /// Seeding the data failed.
    #[error("seeding: {0}")]
    Seed(String),
    /// A server could not be started, or misbehaved.
    #[error("server: {0}")]
    Server(String),
    /// `psoas export` failed or exported the wrong thing.
    #[error("export: {0}")]
    Export(String),
    /// A file or process operation failed.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}
