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

/// A store on a new file in a temporary folder, holding one profile.
async fn store_with_profile() -> (TempDir, Arc<SqliteStore>, Profile) {
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
    (dir, store, profile)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_trials_into_the_same_sessions_are_all_stored() {
    let (dir, store, profile) = store_with_profile().await;
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

/// Trials recorded at the same moment are written in groups (`group_commit.rs`); each is told
/// its own outcome: a taken trial slot or an unknown session refuses that trial alone, and
/// every trial acknowledged is stored with its value.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn trials_written_together_each_get_their_own_outcome() {
    let (_dir, store, profile) = store_with_profile().await;
    let session = Session::start(profile.id, Timestamp::UNIX_EPOCH, 3).unwrap();
    store
        .create_session(Scope::Terminal, &session)
        .await
        .unwrap();
    let trial = |side, number: u16, degrees: f64| {
        Measurement::new(
            Phase::Baseline,
            Test::LegRaise,
            side,
            number,
            Method::Goniometer,
            Some(Reading::Angle {
                degrees: Degrees::new(degrees).unwrap(),
            }),
            false,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap()
    };
    // Each slot twice (values 1x and 2x), and each trial also into a session that does not
    // exist: 3 x 2 x 20 = 120 writes at once.
    let nowhere = Session::start(profile.id, Timestamp::UNIX_EPOCH, 3)
        .unwrap()
        .id;
    let mut writes = Vec::new();
    for side in [Side::Left, Side::Right] {
        for number in 1..=20u16 {
            for (target, degrees) in [
                (session.id, f64::from(number)),
                (session.id, 2.0 * f64::from(number)),
                (nowhere, 3.0 * f64::from(number)),
            ] {
                let store = store.clone();
                let m = trial(side, number, degrees);
                writes.push(tokio::spawn(async move {
                    let outcome = store.add_measurement(Scope::Terminal, target, &m).await;
                    (target, m, outcome)
                }));
            }
        }
    }
    let mut acknowledged = Vec::new();
    let (mut taken, mut unknown) = (0, 0);
    for write in writes {
        let (target, m, outcome) = write.await.unwrap();
        match outcome {
            Ok(()) => {
                assert_eq!(target, session.id, "a trial into no session was stored");
                acknowledged.push(m);
            }
            Err(psoas_store::StoreError::Conflict(_)) => taken += 1,
            Err(psoas_store::StoreError::NotFound {
                what: "session", ..
            }) => unknown += 1,
            Err(other) => panic!("unexpected refusal: {other}"),
        }
    }
    assert_eq!((acknowledged.len(), taken, unknown), (40, 40, 40));
    let mut stored = store
        .session(Scope::Terminal, session.id)
        .await
        .unwrap()
        .measurements;
    let key = |m: &Measurement| (m.side.as_str(), m.trial);
    stored.sort_by_key(key);
    acknowledged.sort_by_key(key);
    assert_eq!(
        stored, acknowledged,
        "what was acknowledged is what is stored"
    );
}
