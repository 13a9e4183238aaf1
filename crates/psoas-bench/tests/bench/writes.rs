//! The lost-write check, on a real SQLite file: it passes when the database agrees with what
//! the clients were told, and catches each way it can disagree.

use psoas_bench::seed;
use psoas_bench::writes::{self, Outcome, Verdict, WritePlan};
use psoas_server::AppStore;
use psoas_server::auth::now;
use psoas_store_sqlite::SqliteStore;
use tempfile::TempDir;

/// A database with one write plan, in which the listed slots are stored (with `value`
/// replacing the planned value where given); returns the check of `told` against it.
async fn check(stored: &[(u64, Option<&str>)], told: &[(u64, Outcome)]) -> Verdict {
    let dir = TempDir::new().unwrap();
    let store = SqliteStore::open(&dir.path().join("psoas.db"))
        .await
        .unwrap();
    let store: &dyn AppStore = &store;
    let seeded = seed::owner_with_token(store).await.unwrap();
    let plan = WritePlan::prepare(store, seeded.scope(), "Writes", 80)
        .await
        .unwrap();
    for &(i, value) in stored {
        let slot = plan.slot(i);
        let value = value.unwrap_or(&slot.value);
        let trial = seed::trial(slot.test, slot.side, slot.trial, value, now());
        store
            .add_measurement(seeded.scope(), slot.session, &trial)
            .await
            .unwrap();
    }
    writes::check(store, seeded.scope(), &plan, told)
        .await
        .unwrap()
}

#[tokio::test]
async fn acknowledged_writes_stored_and_writes_in_doubt_either_way_hold() {
    let verdict = check(
        &[(0, None), (1, None), (2, None)],
        &[
            (0, Outcome::Acknowledged),
            (1, Outcome::Acknowledged),
            (2, Outcome::InDoubt),
            (3, Outcome::InDoubt),
            (4, Outcome::Refused(409)),
        ],
    )
    .await;
    assert!(verdict.holds(2), "{}", verdict.summary());
    assert_eq!(
        (
            verdict.acknowledged,
            verdict.in_doubt,
            verdict.in_doubt_stored,
            verdict.refused
        ),
        (2, 2, 1, 1)
    );
    assert!(
        !verdict.holds(1),
        "more writes in doubt than clients cannot be"
    );
}

#[tokio::test]
async fn an_acknowledged_write_missing_is_lost() {
    let verdict = check(
        &[(0, None)],
        &[(0, Outcome::Acknowledged), (1, Outcome::Acknowledged)],
    )
    .await;
    assert_eq!(verdict.lost, vec![1]);
    assert!(!verdict.holds(1));
}

#[tokio::test]
async fn a_refused_write_that_was_stored_is_caught() {
    let verdict = check(&[(5, None)], &[(5, Outcome::Refused(500))]).await;
    assert_eq!(verdict.refused_but_stored, vec![5]);
    assert!(!verdict.holds(1));
}

#[tokio::test]
async fn a_stored_write_never_sent_is_unexplained() {
    let verdict = check(&[(0, None), (7, None)], &[(0, Outcome::Acknowledged)]).await;
    assert_eq!(verdict.unexplained.len(), 1, "{verdict:?}");
    assert!(!verdict.holds(1));
}

#[tokio::test]
async fn a_write_stored_with_another_value_is_altered() {
    let verdict = check(&[(3, Some("44"))], &[(3, Outcome::Acknowledged)]).await;
    assert_eq!(verdict.altered, vec![3]);
    assert!(!verdict.holds(1));
}
