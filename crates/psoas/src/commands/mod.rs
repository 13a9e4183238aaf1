//! One module per group of subcommands; each takes the opened store and its parsed flags.

pub mod account;
pub mod camera;
pub mod confirm;
pub mod db;
pub mod exchange;
pub mod profile;
pub mod record;
pub mod report;
pub mod serve;
pub mod session;
pub mod trial;
pub mod verdict;
