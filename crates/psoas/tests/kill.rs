//! Nothing acknowledged is lost when `psoas serve` dies: the real binary is killed with
//! SIGKILL in the middle of a load of 16 clients recording trials through the API, started
//! again on the same database, and the database is compared with what each client was told.
//!
//! What is checked (see `psoas_bench::writes`): every write answered `201 Created` is stored
//! with its value; no write answered otherwise is stored; nothing stored is unexplained. A
//! write whose answer never came because the server died is *in doubt*: its transaction may
//! have committed just before the kill (stored, unacknowledged) or not (not stored); both are
//! correct, but if stored it must be whole, and there can be no more of them than clients.
//!
//! SIGKILL ends the `psoas serve` process, not the machine or the PostgreSQL server: what is
//! tested is that psoas acknowledges a write only after its transaction committed, and that
//! the database opens and takes writes again after the crash. Surviving power loss rests on
//! the durable settings (SQLite `synchronous=FULL`; PostgreSQL `fsync`), which a test on one
//! machine cannot cut the power to. Runs on both backends.

use psoas_bench::load::{self, Bounds, Work};
use psoas_bench::seed;
use psoas_bench::server::Served;
use psoas_bench::suite::Backend;
use psoas_bench::writes::{self, WritePlan};
use psoas_testkit::{Backend as TestBackend, TestDb, both_backends};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const CLIENTS: usize = 16;

/// Seeds an account and sessions, runs the write load, kills the server once `kill_after`
/// writes were answered, restarts it, and checks the database against the answers.
async fn kill_during_writes(backend: &Backend, logs: &Path) {
    let db = backend.db_arg();
    let db = db.as_str();
    let store = backend.open().await.unwrap();
    let seeded = seed::owner_with_token(store.as_ref()).await.unwrap();
    let plan = WritePlan::prepare(store.as_ref(), seeded.scope(), "Writes", 4000)
        .await
        .unwrap();
    let later = WritePlan::prepare(store.as_ref(), seeded.scope(), "After", 1)
        .await
        .unwrap();
    store.close().await;
    let (plan, later) = (Arc::new(plan), Arc::new(later));

    let binary = Path::new(env!("CARGO_BIN_EXE_psoas"));
    let served = Served::psoas(binary, db, &logs.join("first.log")).unwrap();
    let answered = Arc::new(AtomicU64::new(0));
    let bounds = Bounds {
        clients: CLIENTS,
        max_requests: plan.capacity(),
        max_time: Duration::from_secs(120),
    };
    let load = tokio::spawn({
        let (addr, token, answered) = (served.addr, seeded.token.clone(), answered.clone());
        let work = Work::Write { plan: plan.clone() };
        async move { load::run_counting(addr, Some(&token), &work, bounds, answered).await }
    });
    let waited = Instant::now();
    while answered.load(Ordering::Relaxed) < 150 {
        assert!(
            waited.elapsed() < Duration::from_secs(60),
            "the server answered only {} writes in 60 s",
            answered.load(Ordering::Relaxed)
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    served.kill();
    let run = load.await.unwrap();
    assert!(
        run.outcomes.len() < plan.capacity() as usize,
        "the kill came before the load ended"
    );

    // The server starts again on the database the killed one left, and takes writes.
    let again = Served::psoas(binary, db, &logs.join("second.log")).unwrap();
    let after = load::run(
        again.addr,
        Some(&seeded.token),
        &Work::Write {
            plan: later.clone(),
        },
        Bounds {
            clients: 1,
            max_requests: 1,
            max_time: Duration::from_secs(10),
        },
    )
    .await;
    assert_eq!(
        after.ok, 1,
        "the restarted server takes a write: {:?}",
        after.first_failure
    );
    assert!(again.stop(), "the restarted server stops cleanly");

    let store = backend.open().await.unwrap();
    let verdict = writes::check(store.as_ref(), seeded.scope(), &plan, &run.outcomes)
        .await
        .unwrap();
    let later = writes::check(store.as_ref(), seeded.scope(), &later, &after.outcomes)
        .await
        .unwrap();
    store.close().await;
    assert!(
        later.holds(1) && later.acknowledged == 1,
        "{}",
        later.summary()
    );
    assert!(verdict.acknowledged >= 150, "{}", verdict.summary());
    assert!(
        verdict.in_doubt >= 1,
        "some write was in flight at the kill: {}",
        verdict.summary()
    );
    assert!(verdict.holds(CLIENTS), "{}: {verdict:?}", verdict.summary());
}

async fn a_server_killed_during_writes_keeps_every_acknowledged_write(backend: TestBackend) {
    let db = TestDb::new(backend).await;
    let logs = TempDir::new().unwrap();
    let backend = match backend {
        TestBackend::Sqlite => Backend::Sqlite(db.url().into()),
        TestBackend::Postgres => Backend::Postgres(db.url().to_string()),
    };
    kill_during_writes(&backend, logs.path()).await;
}

both_backends!(a_server_killed_during_writes_keeps_every_acknowledged_write);
