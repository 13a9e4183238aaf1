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
use psoas_core::Side;
use psoas_core::camera::{CameraEvidence, MarkerFrame, MarkerRole, SeenMarker, marker_id};
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

/// The markers of two photos of `side` the core accepts: a face-down body seen from the side
/// in a 1280 x 720 picture, the thigh raised `rise` degrees from the hip with the pelvis still
/// (so all of the rise is the hip's), 40 px tags.
pub fn sample_camera(side: Side, rise: f64) -> CameraEvidence {
    let hip = (560.0, 420.0);
    let pelvis = (hip.0 - 150.0, hip.1 - 30.0);
    let knee_at = |degrees: f64| {
        let (s, c) = degrees.to_radians().sin_cos();
        (hip.0 + 380.0 * c, hip.1 - 380.0 * s)
    };
    let frame = |knee: (f64, f64)| {
        let markers = [
            (MarkerRole::Pelvis, pelvis),
            (MarkerRole::Hip, hip),
            (MarkerRole::Knee, knee),
        ]
        .map(|(role, (x, y))| {
            let corners = [(-20.0, -20.0), (20.0, -20.0), (20.0, 20.0), (-20.0, 20.0)]
                .map(|(dx, dy)| (x + dx, y + dy));
            SeenMarker::new(marker_id(side, role), (x, y), corners).expect("finite")
        });
        MarkerFrame::new(1280, 720, markers.to_vec()).expect("inside the picture")
    };
    CameraEvidence::photos(frame(knee_at(0.0)), frame(knee_at(rise)), None)
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
