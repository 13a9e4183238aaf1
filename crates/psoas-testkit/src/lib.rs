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

use jiff::Timestamp;
use psoas_core::inclinometer::{OrientationSample, RecordedLift};
use psoas_core::{Account, AccountId, DisplayName, Email, Role};
use psoas_store::NewSignIn;

/// A fixed time `seconds` after 2025-11-24 16:00 UTC, with a sub-second part in whole
/// microseconds (as both backends store them), for tests that compare stored times.
pub fn at(seconds: i64) -> Timestamp {
    Timestamp::from_microsecond(1_764_000_000_000_000 + seconds * 1_000_000 + 123_457)
        .expect("a valid timestamp")
}

/// The same fixed time in whole seconds, for tests whose times are typed or compared as such.
pub fn on_the_second(seconds: i64) -> Timestamp {
    Timestamp::from_second(1_764_000_000 + seconds).expect("a valid timestamp")
}

/// An account named `name`, at `name@example.org` (lower case), made at `created_at`.
pub fn account(name: &str, role: Role, created_at: Timestamp) -> Account {
    Account {
        id: AccountId::random(),
        email: Email::parse(&format!("{}@example.org", name.to_lowercase()))
            .expect("a valid address"),
        display_name: DisplayName::parse(name).expect("a valid name"),
        role,
        created_at,
    }
}

/// A sign-in session as the web app starts one, from Firefox on Android.
pub fn sign_in<'a>(
    token_hash: &'a str,
    account: AccountId,
    csrf_token: &'a str,
    started_at: Timestamp,
    expires_at: Timestamp,
) -> NewSignIn<'a> {
    NewSignIn {
        token_hash,
        account,
        csrf_token,
        started_at,
        expires_at,
        user_agent: "Firefox on Android",
    }
}

/// A phone-inclinometer recording the core accepts: a still zero pose, then a lift held at
/// `peak` degrees for over a second.
pub fn sample_lift(peak: f64) -> RecordedLift {
    let reading = |k: usize, beta: f64| OrientationSample {
        t_ms: k as f64 * 16.7,
        beta,
        gamma: -0.5,
    };
    RecordedLift {
        zero: (0..12).map(|k| reading(k, 0.4)).collect(),
        samples: (0..150)
            .map(|k| reading(k, if (40..110).contains(&k) { peak } else { 1.5 }))
            .collect(),
    }
}

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
