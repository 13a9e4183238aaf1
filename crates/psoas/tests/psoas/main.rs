//! The `psoas` binary's integration tests, in one binary: the built `psoas` driven through
//! its commands (`cli`), the guided session in a pseudo-terminal (`guided`), exports and
//! imports (`exchange`), charts and reports (`progress`), recorded lifts (`series`), marker
//! photos (`camera`), `psoas serve` as a person starts it (`serve`), accounts (`account`) and
//! `psoas db` / `psoas backup` (`db`), on real SQLite files and real PostgreSQL databases.
//! `kill.rs` and `export_bench.rs` stay binaries of their own: they put the machine under
//! load, and the guided session's short timers must not run beside them.

mod account;
mod camera;
mod cli;
mod db;
mod exchange;
mod guided;
mod progress;
mod run;
mod series;
mod serve;
