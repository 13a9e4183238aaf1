//! Test support for psoas, for tests only: a real PostgreSQL server for the test run
//! ([`postgres`]) and a fresh, empty store of either backend per test ([`TestDb`]), so one
//! test body runs on SQLite and on PostgreSQL ([`both_backends!`]).
//!
//! ```no_run
//! # async fn example() {
//! use psoas_testkit::{Backend, TestDb};
//! let db = TestDb::new(Backend::Postgres).await;
//! let store = db.open().await;
//! # }
//! ```

pub mod postgres;
mod test_db;

pub use test_db::{Backend, TestDb};

/// Runs each named `async fn NAME(backend: Backend)` once per backend, as the tests
/// `NAME::sqlite` and `NAME::postgres`.
///
/// ```ignore
/// async fn profiles_round_trip(backend: Backend) { /* ... */ }
/// psoas_testkit::both_backends!(profiles_round_trip);
/// ```
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),+ $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name($crate::Backend::Sqlite).await
                }

                #[tokio::test]
                async fn postgres() {
                    super::$name($crate::Backend::Postgres).await
                }
            }
        )+
    };
}
