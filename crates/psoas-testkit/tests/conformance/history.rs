//! The storage conformance suite, history half, on both backends (`name::sqlite`,
//! `name::postgres`): pages of history with the count of all, the stamps that tell whether a
//! session's history line changed (a trial struck out included), and a session read with its profile.

use psoas_core::{
    ExerciseOutcome, ExerciseRecord, ExerciseStep, Pain, PainAfter, ProfileId, Screening,
    SessionId, SessionStatus, Side, Symptoms, TrialVoid, VoidReason,
};
use psoas_store::{AppStore, Scope, StoreError};
use psoas_testkit::{Backend, TestDb, both_backends};

use crate::fixtures::{angle_trial, at, stored_profile, stored_session};

async fn a_history_page_holds_only_its_sessions_in_order_with_the_count_of_all(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let ben = stored_profile(&*store, "Ben").await;
    // Anna: five sessions, two starting at the same instant (ordered by id), made out of order.
    let mut annas = Vec::new();
    for seconds in [5_000, 1_000, 3_000, 3_000, 2_000] {
        annas.push(stored_session(&*store, anna.id, seconds).await);
    }
    let bens = stored_session(&*store, ben.id, 2_500).await;
    let trial = angle_trial(Side::Left, 1, 30.0, 3_010);
    annas.sort_by_key(|s| (s.started_at, s.id.to_string()));
    store
        .add_measurement(Scope::Terminal, annas[2].id, &trial)
        .await
        .unwrap();

    let (total, page) = store
        .history_page(Scope::Terminal, Some(anna.id), 1, 2)
        .await
        .unwrap();
    assert_eq!(total, 5);
    let ids: Vec<SessionId> = page.iter().map(|r| r.session.id).collect();
    assert_eq!(ids, vec![annas[1].id, annas[2].id]);
    assert_eq!(page[1].measurements, vec![trial]);

    let (total, page) = store
        .history_page(Scope::Terminal, None, 0, 3)
        .await
        .unwrap();
    assert_eq!(total, 6);
    let ids: Vec<SessionId> = page.iter().map(|r| r.session.id).collect();
    assert_eq!(ids, vec![annas[0].id, annas[1].id, bens.id]);

    let (total, page) = store
        .history_page(Scope::Terminal, None, 6, 50)
        .await
        .unwrap();
    assert_eq!(
        (total, page.len()),
        (6, 0),
        "past the end: the count, no sessions"
    );
    let (total, page) = store
        .history_page(Scope::Terminal, Some(ProfileId::random()), 0, 50)
        .await
        .unwrap();
    assert_eq!((total, page.len()), (0, 0));
}

async fn a_session_and_its_profile_read_together_match_each_read_alone(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let trial = angle_trial(Side::Left, 1, 30.0, 5);
    store
        .add_measurement(Scope::Terminal, session.id, &trial)
        .await
        .unwrap();
    let (record, profile) = store
        .session_and_profile(Scope::Terminal, session.id)
        .await
        .unwrap();
    assert_eq!(
        record,
        store.session(Scope::Terminal, session.id).await.unwrap()
    );
    assert_eq!(record.measurements, vec![trial]);
    assert_eq!(profile, anna);
    let unknown = store
        .session_and_profile(Scope::Terminal, SessionId::random())
        .await;
    assert!(
        matches!(
            unknown,
            Err(StoreError::NotFound {
                what: "session",
                ..
            })
        ),
        "{unknown:?}"
    );
}

/// The stamp of the only session of `profile`'s history.
async fn stamp_of(store: &dyn AppStore, profile: ProfileId) -> psoas_store::SessionStamp {
    let (total, mut stamps) = store
        .history_stamps(Scope::Terminal, Some(profile), 0, 50)
        .await
        .unwrap();
    assert_eq!((total, stamps.len()), (1, 1));
    stamps.remove(0)
}

async fn a_sessions_stamp_changes_with_every_change_to_its_record_and_only_then(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let id = session.id;
    let mut seen = vec![stamp_of(&*store, anna.id).await];
    assert_eq!(seen[0].session, session);
    assert_eq!(
        (
            seen[0].trials,
            seen[0].exercises,
            seen[0].screened_at,
            seen[0].symptoms_at
        ),
        (0, 0, None, None)
    );
    assert_eq!(
        stamp_of(&*store, anna.id).await,
        seen[0],
        "unchanged, the same"
    );

    let symptoms = |back: u8, seconds| {
        Symptoms::new(
            Pain::new(back).unwrap(),
            Pain::new(1).unwrap(),
            8.0,
            0,
            None,
            at(seconds),
        )
        .unwrap()
    };
    let scope = Scope::Terminal;
    store
        .save_screening(scope, id, &Screening::new([], at(1)))
        .await
        .unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    store
        .save_screening(scope, id, &Screening::new([], at(2)))
        .await
        .unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    store
        .save_symptoms(scope, id, &symptoms(3, 3))
        .await
        .unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    store
        .save_symptoms(scope, id, &symptoms(6, 4))
        .await
        .unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    let typo = angle_trial(Side::Left, 1, 30.0, 5);
    store.add_measurement(scope, id, &typo).await.unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    let void = TrialVoid::new(VoidReason::Typo, None, None, at(5)).unwrap();
    store
        .void_measurement(scope, id, typo.id, &void)
        .await
        .unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    let skipped = ExerciseRecord::new(
        ExerciseStep::Stretch,
        None,
        0,
        0,
        ExerciseOutcome::NotNeeded,
        None,
        at(6),
    )
    .unwrap();
    store.add_exercise(scope, id, &skipped).await.unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    let pain_after = |back: u8, seconds| PainAfter {
        back_pain: Pain::new(back).unwrap(),
        pelvic_pain: Pain::new(0).unwrap(),
        recorded_at: at(seconds),
    };
    store
        .save_pain_after(scope, id, &pain_after(2, 6))
        .await
        .unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    store
        .save_pain_after(scope, id, &pain_after(1, 7))
        .await
        .unwrap();
    seen.push(stamp_of(&*store, anna.id).await);
    store.finish_session(scope, id, at(7)).await.unwrap();
    seen.push(stamp_of(&*store, anna.id).await);

    for (i, earlier) in seen.iter().enumerate() {
        for later in &seen[i + 1..] {
            assert_ne!(earlier, later, "every change gives a new stamp");
        }
    }
    let last = seen.last().unwrap();
    assert_eq!((last.trials, last.voided, last.exercises), (1, 1, 1));
    assert_eq!(
        (last.screened_at, last.symptoms_at, last.pain_after_at),
        (Some(at(2)), Some(at(4)), Some(at(7)))
    );
    assert_eq!(last.session.status, SessionStatus::Finished);
    // A trial in another session leaves this one's stamp alone.
    let other = stored_session(&*store, stored_profile(&*store, "Ben").await.id, 10).await;
    store
        .add_measurement(scope, other.id, &angle_trial(Side::Left, 1, 30.0, 11))
        .await
        .unwrap();
    assert_eq!(&stamp_of(&*store, anna.id).await, last);
}

both_backends!(
    a_history_page_holds_only_its_sessions_in_order_with_the_count_of_all,
    a_sessions_stamp_changes_with_every_change_to_its_record_and_only_then,
    a_session_and_its_profile_read_together_match_each_read_alone,
);
