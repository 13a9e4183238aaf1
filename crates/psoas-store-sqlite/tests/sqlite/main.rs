//! The SQLite backend's own integration tests, in one binary: what only this backend has
//! (`store`: files that are not ours, read-only files, a newer schema, WAL, the application
//! id, the readers' connections) and many writers on one file at once (`concurrent`).

mod concurrent;
mod store;
