//! Many writers on one file at once, as `psoas serve` has under load and as several processes
//! on one file have (a server and the terminal, or two servers): each write waits its turn for
//! SQLite's write lock (up to the busy timeout) instead of failing with "database is locked",
//! and every one of them is stored. One store queues its own writes on its writer connection,
//! so the writers here are spread over four stores on the file, as four processes would be.

use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::units::Degrees;
use psoas_core::{DisplayName, Pain, Profile, Screening, Session, Side, Symptoms};
use psoas_store::{Scope, Store};
use psoas_store_sqlite::SqliteStore;
use std::sync::Arc;
use tempfile::TempDir;

const SESSIONS: usize = 8;
const TRIALS: u16 = 10;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_trials_into_the_same_sessions_are_all_stored() {
    let dir = TempDir::new().unwrap();
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("psoas.db"))
            .await
            .unwrap(),
    );
    let profile = Profile::new(DisplayName::parse("Anna").unwrap(), None, None, None);
    store
        .create_profile(Scope::Terminal, &profile)
        .await
        .unwrap();
    let mut stores = vec![store.clone()];
    for _ in 1..4 {
        stores.push(Arc::new(
            SqliteStore::open(&dir.path().join("psoas.db"))
                .await
                .unwrap(),
        ));
    }
    let mut sessions = Vec::new();
    for _ in 0..SESSIONS {
        let session = Session::start(profile.id, Timestamp::UNIX_EPOCH, 3).unwrap();
        store
            .create_session(Scope::Terminal, &session)
            .await
            .unwrap();
        store
            .save_screening(
                Scope::Terminal,
                session.id,
                &Screening::new([], Timestamp::UNIX_EPOCH),
            )
            .await
            .unwrap();
        sessions.push(session.id);
    }
    // Two writers per session and side, each with its own trial numbers: 32 at once. Each
    // also records the session's symptoms after every trial: a transaction that reads (the
    // scope check) before it writes, which only `BEGIN IMMEDIATE` lets wait for the lock.
    let mut writers = Vec::new();
    for &session in &sessions {
        for side in [Side::Left, Side::Right] {
            for half in [0, TRIALS] {
                let store = stores[writers.len() % stores.len()].clone();
                writers.push(tokio::spawn(async move {
                    for trial in half + 1..=half + TRIALS {
                        let reading = Reading::Angle {
                            degrees: Degrees::new(f64::from(trial)).unwrap(),
                        };
                        let m = Measurement::new(
                            Phase::Baseline,
                            Test::LegRaise,
                            side,
                            trial,
                            Method::Goniometer,
                            Some(reading),
                            false,
                            Timestamp::UNIX_EPOCH,
                        )
                        .unwrap();
                        store.add_measurement(Scope::Terminal, session, &m).await?;
                        let symptoms = Symptoms::new(
                            Pain::new(u8::try_from(trial % 11).unwrap()).unwrap(),
                            Pain::new(0).unwrap(),
                            8.0,
                            0,
                            None,
                            Timestamp::UNIX_EPOCH,
                        )
                        .unwrap();
                        store
                            .save_symptoms(Scope::Terminal, session, &symptoms)
                            .await?;
                    }
                    Ok::<_, psoas_store::StoreError>(())
                }));
            }
        }
    }
    for writer in writers {
        writer
            .await
            .unwrap()
            .expect("every concurrent write is stored");
    }
    for &session in &sessions {
        let record = store.session(Scope::Terminal, session).await.unwrap();
        assert_eq!(record.measurements.len(), usize::from(4 * TRIALS));
    }
}
