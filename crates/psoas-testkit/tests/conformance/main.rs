//! The storage conformance suite: every test runs on a real SQLite file and on a real
//! PostgreSQL database (`module::name::sqlite`, `module::name::postgres`), against the one
//! `AppStore` both backends implement. One test binary, one topic per module, the shared
//! values in `fixtures`.

mod accounts;
mod bulk;
mod deletion;
mod fixtures;
mod history;
mod practice;
mod rights;
mod store;
mod transfer;
