//! The web app's integration tests, in one binary: a real server on port 0 over a real
//! SQLite file or PostgreSQL database (`common`), driven over HTTP and HTTPS, and the pages in
//! a real headless Chromium checked by axe-core (`browser`). One topic per module; each test
//! runs on both backends (`module::name::sqlite`, `module::name::postgres`).

mod browser;
mod common;

mod accounts;
mod api;
mod browser_accounts;
mod browser_camera;
mod browser_lift;
mod browser_practice;
mod browser_progress;
mod browser_protocol;
mod history_pages;
mod practice;
mod protocol;
mod tls;
mod two_servers;
