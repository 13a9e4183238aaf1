//! The storage conformance suite, protocol half: every test runs on a real SQLite file and on a
//! real PostgreSQL database (`name::sqlite`, `name::postgres`): round trips through a reopen,
//! lookups by name and id prefix, uniqueness rules, steps stored whole or not at all.

use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Exercise, StretchOption};
use psoas_core::units::{Force, ForceUnit, Grade, HeelHeight, HoldResult, LegLength};
use psoas_core::{
    BirthYear, DisplayName, ExerciseOutcome, ExerciseRecord, ExerciseStep, Pain, PainAfter,
    Profile, ProfileId, RedFlag, Screening, Session, SessionId, SessionStatus, Sex, Side, Symptoms,
    TrialVoid, VoidReason,
};
use psoas_store::{Scope, StoreError};
use psoas_testkit::{Backend, TestDb, both_backends};

use crate::fixtures::{angle_trial, at, profile, stored_profile, stored_session};

async fn a_whole_session_reads_back_unchanged_after_reopening_the_file(backend: Backend) {
    let db = TestDb::new(backend).await;
    let leg = LegLength::new(92.5).unwrap();
    let anna = Profile::new(
        DisplayName::parse("Anna").unwrap(),
        Some(BirthYear::new(1984, 2026).unwrap()),
        Some(Sex::Female),
        Some(leg),
    );
    let session = Session::start(anna.id, at(0), 2).unwrap();
    let id = session.id;
    let screening = Screening::new([], at(10));
    let symptoms = Symptoms::new(
        Pain::new(4).unwrap(),
        Pain::new(2).unwrap(),
        7.5,
        30,
        Some(false),
        at(20),
    )
    .unwrap();
    let measurements = vec![
        angle_trial(Side::Left, 1, 12.5, 30),
        Measurement::new(
            Phase::Baseline,
            Test::LegRaise,
            Side::Right,
            1,
            Method::TapeMeasure,
            Some(Reading::heel_height(HeelHeight::new(41.3).unwrap(), Some(leg)).unwrap()),
            false,
            at(40),
        )
        .unwrap(),
        Measurement::new(
            Phase::AfterStretch,
            Test::Strength,
            Side::Left,
            1,
            Method::HelpersFeel,
            Some(Reading::Grade {
                grade: Grade::new(4).unwrap(),
            }),
            false,
            at(50),
        )
        .unwrap(),
        Measurement::new(
            Phase::AfterStretch,
            Test::Strength,
            Side::Right,
            1,
            Method::Dynamometer,
            Some(Reading::Force {
                force: Force::new(15.5, ForceUnit::KilogramForce).unwrap(),
            }),
            false,
            at(60),
        )
        .unwrap(),
        Measurement::new(
            Phase::AfterStretch,
            Test::Strength,
            Side::Left,
            2,
            Method::HelpersFeel,
            Some(Reading::Hold {
                result: HoldResult::GaveWay,
            }),
            false,
            at(70),
        )
        .unwrap(),
        Measurement::new(
            Phase::AfterStretch,
            Test::Strength,
            Side::Right,
            2,
            Method::HelpersFeel,
            None,
            true,
            at(80),
        )
        .unwrap(),
    ];
    let pain_after = PainAfter {
        back_pain: Pain::new(1).unwrap(),
        pelvic_pain: Pain::new(0).unwrap(),
        recorded_at: at(96),
    };
    let exercises = vec![
        ExerciseRecord::new(
            ExerciseStep::Stretch,
            Some(Exercise::Stretch {
                option: StretchOption::EdgeOfBed,
                side: Side::Left,
            }),
            120,
            120,
            ExerciseOutcome::Completed,
            None,
            at(45),
        )
        .unwrap(),
        ExerciseRecord::new(
            ExerciseStep::Strengthen,
            None,
            0,
            0,
            ExerciseOutcome::NotNeeded,
            Some("pain ended the strength test".to_string()),
            at(90),
        )
        .unwrap(),
    ];
    {
        let store = db.open().await;
        store.create_profile(Scope::Terminal, &anna).await.unwrap();
        store
            .create_session(Scope::Terminal, &session)
            .await
            .unwrap();
        store
            .save_screening(Scope::Terminal, id, &screening)
            .await
            .unwrap();
        store
            .save_symptoms(Scope::Terminal, id, &symptoms)
            .await
            .unwrap();
        for m in &measurements {
            store.add_measurement(Scope::Terminal, id, m).await.unwrap();
        }
        for e in &exercises {
            store.add_exercise(Scope::Terminal, id, e).await.unwrap();
        }
        // Rated twice: the second rating replaces the first.
        for (back, seconds) in [(4, 95), (1, 96)] {
            let rating = PainAfter {
                back_pain: Pain::new(back).unwrap(),
                recorded_at: at(seconds),
                ..pain_after
            };
            store
                .save_pain_after(Scope::Terminal, id, &rating)
                .await
                .unwrap();
        }
        store
            .finish_session(Scope::Terminal, id, at(100))
            .await
            .unwrap();
    }

    let store = db.open().await;
    let read = store.session(Scope::Terminal, id).await.unwrap();

    let mut finished = session.clone();
    finished.status = SessionStatus::Finished;
    finished.ended_at = Some(at(100));
    assert_eq!(read.session, finished);
    assert_eq!(read.screening.as_ref(), Some(&screening));
    assert_eq!(read.symptoms.as_ref(), Some(&symptoms));
    assert_eq!(read.pain_after, Some(pain_after));
    assert_eq!(read.measurements, measurements);
    assert_eq!(read.exercises, exercises);
    let mut expected = psoas_core::SessionRecord::new(finished);
    expected.screening = Some(screening);
    expected.symptoms = Some(symptoms);
    expected.pain_after = Some(pain_after);
    expected.measurements = measurements;
    expected.exercises = exercises;
    assert_eq!(read, expected);
    assert_eq!(
        store.find_profile(Scope::Terminal, "anna").await.unwrap(),
        anna
    );
}

async fn profiles_are_found_by_name_in_any_case_and_by_id_prefix(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna Berg").await;
    let ben = stored_profile(&*store, "Ben").await;

    assert_eq!(
        store
            .find_profile(Scope::Terminal, "Anna Berg")
            .await
            .unwrap(),
        anna
    );
    assert_eq!(
        store
            .find_profile(Scope::Terminal, "  aNNA bERG ")
            .await
            .unwrap(),
        anna
    );
    assert_eq!(
        store
            .find_profile(Scope::Terminal, &anna.id.short())
            .await
            .unwrap(),
        anna
    );
    assert_eq!(
        store
            .find_profile(Scope::Terminal, &anna.id.short().to_uppercase())
            .await
            .unwrap(),
        anna
    );
    assert_eq!(
        store
            .find_profile(Scope::Terminal, &ben.id.to_string())
            .await
            .unwrap(),
        ben
    );

    let err = store
        .find_profile(Scope::Terminal, "Carla")
        .await
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::NotFound { what: "profile", key, .. } if key == "Carla"),
        "{err:?}"
    );
    let err = store
        .find_profile(Scope::Terminal, &ProfileId::random().to_string())
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                what: "profile",
                ..
            }
        ),
        "{err:?}"
    );
}

async fn a_second_profile_with_the_same_name_in_other_case_is_a_conflict_and_not_stored(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let before = store.list_profiles(Scope::Terminal).await.unwrap();

    let err = store
        .create_profile(Scope::Terminal, &profile("ANNA"))
        .await
        .unwrap_err();

    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let after = store.list_profiles(Scope::Terminal).await.unwrap();
    assert_eq!(after.len(), before.len());
    assert_eq!(after, vec![anna]);
}

async fn sessions_are_found_by_id_prefix_and_unknown_or_too_short_keys_are_not_found(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    store
        .add_measurement(
            Scope::Terminal,
            session.id,
            &angle_trial(Side::Left, 1, 20.0, 5),
        )
        .await
        .unwrap();

    let by_prefix = store
        .find_session(Scope::Terminal, &session.id.short())
        .await
        .unwrap();
    assert_eq!(by_prefix.session, session);
    assert_eq!(by_prefix.measurements.len(), 1);
    let by_full_id = store
        .find_session(Scope::Terminal, &session.id.to_string())
        .await
        .unwrap();
    assert_eq!(by_full_id, by_prefix);

    let mut unknown = SessionId::random();
    while unknown.short()[..4] == session.id.short()[..4] {
        unknown = SessionId::random();
    }
    for key in [unknown.to_string(), unknown.short(), "ab".to_string()] {
        let err = store.find_session(Scope::Terminal, &key).await.unwrap_err();
        assert!(
            matches!(
                err,
                StoreError::NotFound {
                    what: "session",
                    ..
                }
            ),
            "{key}: {err:?}"
        );
    }
    let err = store.session(Scope::Terminal, unknown).await.unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::NotFound {
                what: "session",
                ..
            }
        ),
        "{err:?}"
    );
}

async fn the_same_trial_number_twice_on_a_side_is_a_conflict_and_the_first_value_is_kept(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let first = angle_trial(Side::Left, 1, 20.0, 5);
    store
        .add_measurement(Scope::Terminal, session.id, &first)
        .await
        .unwrap();

    let err = store
        .add_measurement(
            Scope::Terminal,
            session.id,
            &angle_trial(Side::Left, 1, 35.0, 6),
        )
        .await
        .unwrap_err();

    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let other_side = angle_trial(Side::Right, 1, 30.0, 7);
    store
        .add_measurement(Scope::Terminal, session.id, &other_side)
        .await
        .unwrap();
    let read = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(read.measurements, vec![first, other_side]);
}

async fn an_unusual_value_confirmed_reads_back_flagged_and_others_unflagged(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let mut confirmed = angle_trial(Side::Left, 1, 84.8, 10);
    confirmed.confirmed_unusual = true;
    let usual = angle_trial(Side::Right, 1, 20.0, 20);
    for trial in [&confirmed, &usual] {
        store
            .add_measurement(Scope::Terminal, session.id, trial)
            .await
            .unwrap();
    }
    drop(store);
    let store = db.open().await;
    let back = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(back.measurements, [confirmed, usual]);
    assert!(back.measurements[0].confirmed_unusual);
    assert!(!back.measurements[1].confirmed_unusual);
}

async fn a_trial_struck_out_stays_stored_with_why_and_refusals_change_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let id = session.id;
    let scope = Scope::Terminal;
    let typo = angle_trial(Side::Left, 1, 84.8, 10);
    let kept = angle_trial(Side::Right, 1, 20.0, 20);
    let mut hurt = angle_trial(Side::Left, 2, 25.0, 25);
    hurt.hurt = true;
    for trial in [&typo, &kept, &hurt] {
        store.add_measurement(scope, id, trial).await.unwrap();
    }
    let void = TrialVoid::new(VoidReason::Typo, Some("meant 9.5 cm"), None, at(30)).unwrap();
    store
        .void_measurement(scope, id, typo.id, &void)
        .await
        .unwrap();
    let before = store.session(scope, id).await.unwrap();
    assert_eq!(before.measurements[0].void.as_ref(), Some(&void));
    assert_eq!(before.measurements[1].void, None);
    // The slot is free again: the next left trial is the second (the one that hurt counts),
    // under a new number.
    assert_eq!(
        before.trial_position(Test::LegRaise, Phase::Baseline, Side::Left),
        2
    );

    let again = TrialVoid::new(VoidReason::Other, Some("twice"), None, at(31)).unwrap();
    let twice = store.void_measurement(scope, id, typo.id, &again).await;
    assert!(
        matches!(&twice, Err(StoreError::Conflict(m)) if m.contains("struck out already")),
        "{twice:?}"
    );
    let painful = store.void_measurement(scope, id, hurt.id, &again).await;
    assert!(
        matches!(&painful, Err(StoreError::Conflict(m)) if m.contains("hurt")),
        "{painful:?}"
    );
    let elsewhere = stored_session(&*store, anna.id, 100).await;
    let wrong_session = store
        .void_measurement(scope, elsewhere.id, kept.id, &again)
        .await;
    assert!(
        matches!(
            wrong_session,
            Err(StoreError::NotFound {
                what: "measurement",
                ..
            })
        ),
        "{wrong_session:?}"
    );
    let unknown = store
        .void_measurement(scope, SessionId::random(), kept.id, &again)
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
    let stretch = ExerciseRecord::new(
        ExerciseStep::Stretch,
        Some(Exercise::Stretch {
            option: StretchOption::FoamRoller,
            side: Side::Right,
        }),
        120,
        120,
        ExerciseOutcome::Completed,
        None,
        at(40),
    )
    .unwrap();
    store.add_exercise(scope, id, &stretch).await.unwrap();
    let settled = store.void_measurement(scope, id, kept.id, &again).await;
    assert!(
        matches!(&settled, Err(StoreError::Conflict(m)) if m.contains("exercise was already chosen")),
        "{settled:?}"
    );
    store.finish_session(scope, id, at(50)).await.unwrap();
    let closed = store.void_measurement(scope, id, kept.id, &again).await;
    assert!(
        matches!(&closed, Err(StoreError::Conflict(m)) if m.contains("finished")),
        "{closed:?}"
    );
    let mut after = store.session(scope, id).await.unwrap();
    after.session = before.session.clone();
    after.exercises.clear();
    assert_eq!(after, before, "no refusal changed a trial");
    // Kept through a reopen of the file or the database.
    drop(store);
    let reopened = db.open().await;
    let read = reopened.session(scope, id).await.unwrap();
    assert_eq!(read.measurements[0].void.as_ref(), Some(&void));
}

async fn a_red_flag_at_screening_stops_the_session_at_the_time_answered(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let screening = Screening::new([RedFlag::Pregnancy], at(30));

    store
        .save_screening(Scope::Terminal, session.id, &screening)
        .await
        .unwrap();

    let read = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(read.session.status, SessionStatus::StoppedAtScreening);
    assert_eq!(read.session.ended_at, Some(at(30)));
    assert_eq!(read.screening, Some(screening));
}

async fn a_session_for_an_unknown_profile_is_not_found_and_not_stored(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;

    let err = store
        .create_session(
            Scope::Terminal,
            &Session::start(ProfileId::random(), at(0), 3).unwrap(),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            StoreError::NotFound {
                what: "profile",
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        store
            .list_sessions(Scope::Terminal, None)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn a_measurement_for_an_unknown_session_is_not_found_and_not_stored(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;

    let err = store
        .add_measurement(
            Scope::Terminal,
            SessionId::random(),
            &angle_trial(Side::Left, 1, 20.0, 0),
        )
        .await
        .unwrap_err();

    assert!(
        matches!(
            err,
            StoreError::NotFound {
                what: "session",
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(db.count("SELECT count(*) FROM measurements").await, 0);
}

async fn sessions_are_listed_oldest_first_per_profile_or_all_with_their_measurements(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let ben = stored_profile(&*store, "Ben").await;
    // Created out of order: the listing must sort by start time, not by insertion.
    let anna_late = stored_session(&*store, anna.id, 2_000).await;
    let ben_middle = stored_session(&*store, ben.id, 1_500).await;
    let anna_early = stored_session(&*store, anna.id, 1_000).await;
    let late_trial = angle_trial(Side::Left, 1, 25.0, 2_010);
    let early_trials = [
        angle_trial(Side::Left, 1, 10.0, 1_010),
        angle_trial(Side::Right, 1, 20.0, 1_020),
    ];
    let ben_trial = angle_trial(Side::Right, 1, 40.0, 1_510);
    store
        .add_measurement(Scope::Terminal, anna_late.id, &late_trial)
        .await
        .unwrap();
    for m in &early_trials {
        store
            .add_measurement(Scope::Terminal, anna_early.id, m)
            .await
            .unwrap();
    }
    store
        .add_measurement(Scope::Terminal, ben_middle.id, &ben_trial)
        .await
        .unwrap();

    let annas = store
        .list_sessions(Scope::Terminal, Some(anna.id))
        .await
        .unwrap();
    let ids: Vec<SessionId> = annas.iter().map(|r| r.session.id).collect();
    assert_eq!(ids, vec![anna_early.id, anna_late.id]);
    assert_eq!(annas[0].measurements, early_trials.to_vec());
    assert_eq!(annas[1].measurements, vec![late_trial]);
    assert!(annas.iter().all(|r| r.session.profile_id == anna.id));

    let all = store.list_sessions(Scope::Terminal, None).await.unwrap();
    let ids: Vec<SessionId> = all.iter().map(|r| r.session.id).collect();
    assert_eq!(ids, vec![anna_early.id, ben_middle.id, anna_late.id]);
    assert_eq!(all[1].measurements, vec![ben_trial]);

    let nobody = store
        .list_sessions(Scope::Terminal, Some(ProfileId::random()))
        .await
        .unwrap();
    assert!(nobody.is_empty());
}

async fn body_height_and_heel_heights_from_an_estimated_leg_read_back_unchanged(backend: Backend) {
    use psoas_core::units::BodyHeight;
    let db = TestDb::new(backend).await;
    let mut ben = profile("Ben");
    ben.body_height_cm = Some(BodyHeight::new(172.5).unwrap());
    let session = Session::start(ben.id, at(0), 1).unwrap();
    let heel = Reading::parse_with(
        "30 cm",
        Test::LegRaise,
        Method::TapeMeasure,
        ben.leg_basis(),
    )
    .unwrap();
    assert!(heel.leg_length_estimated());
    let trial = Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        Side::Left,
        1,
        Method::TapeMeasure,
        Some(heel),
        false,
        at(10),
    )
    .unwrap();
    {
        let store = db.open().await;
        store.create_profile(Scope::Terminal, &ben).await.unwrap();
        store
            .create_session(Scope::Terminal, &session)
            .await
            .unwrap();
        store
            .add_measurement(Scope::Terminal, session.id, &trial)
            .await
            .unwrap();
    }
    let store = db.open().await;
    assert_eq!(
        store.find_profile(Scope::Terminal, "ben").await.unwrap(),
        ben
    );
    let read = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(read.measurements, vec![trial]);

    ben.body_height_cm = None;
    ben.leg_length_cm = Some(LegLength::new(88.0).unwrap());
    store.update_profile(Scope::Terminal, &ben).await.unwrap();
    assert_eq!(
        store.find_profile(Scope::Terminal, "ben").await.unwrap(),
        ben
    );
}

fn phone_lift(peak: f64) -> psoas_core::inclinometer::RecordedLift {
    psoas_testkit::sample_lift(peak)
}

fn phone_trial(side: Side, trial: u16, degrees: f64, seconds: i64) -> Measurement {
    Measurement {
        method: Method::PhoneInclinometer,
        ..angle_trial(side, trial, degrees, seconds)
    }
}

async fn series_rows(db: &TestDb) -> i64 {
    db.count("SELECT count(*) FROM lift_series").await
}

async fn a_phone_trial_is_stored_with_its_series_in_one_step_and_read_back_in_scope(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let lift = phone_lift(14.0);
    let first = phone_trial(Side::Left, 1, 14.0, 5);
    store
        .add_measurement_with_series(Scope::Terminal, session.id, &first, &lift)
        .await
        .unwrap();
    let typed = angle_trial(Side::Right, 1, 22.0, 6);
    store
        .add_measurement(Scope::Terminal, session.id, &typed)
        .await
        .unwrap();

    let store = db.open().await;
    assert_eq!(
        store
            .measurement_series(Scope::Terminal, session.id, first.id)
            .await
            .unwrap(),
        Some(lift.clone())
    );
    assert_eq!(
        store
            .measurement_series(Scope::Terminal, session.id, typed.id)
            .await
            .unwrap(),
        None,
        "a typed trial has no series"
    );
    let read = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(read.measurements, vec![first.clone(), typed]);

    // A trial of another session, an unknown trial, and another account: not found.
    let other = stored_session(&*store, anna.id, 10).await;
    let stranger = Scope::Account {
        id: psoas_core::AccountId::random(),
        role: psoas_core::Role::Member,
    };
    for (scope, session, trial) in [
        (Scope::Terminal, other.id, first.id),
        (
            Scope::Terminal,
            session.id,
            psoas_core::MeasurementId::random(),
        ),
        (stranger, session.id, first.id),
    ] {
        let err = store
            .measurement_series(scope, session, trial)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    }

    // Neither the trial nor its series is kept when either cannot be: the same trial number
    // again, or a session out of scope.
    let again = phone_trial(Side::Left, 1, 30.0, 7);
    let err = store
        .add_measurement_with_series(Scope::Terminal, session.id, &again, &phone_lift(30.0))
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let err = store
        .add_measurement_with_series(
            stranger,
            session.id,
            &phone_trial(Side::Left, 2, 30.0, 8),
            &lift,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    assert_eq!(series_rows(&db).await, 1);
    let read = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(read.measurements.len(), 2);
}

fn camera_trial(side: Side, trial: u16, degrees: f64, seconds: i64) -> Measurement {
    Measurement {
        method: Method::CameraMarkers,
        ..angle_trial(side, trial, degrees, seconds)
    }
}

async fn a_camera_trial_is_stored_with_its_markers_in_one_step_and_read_back_in_scope(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let evidence = psoas_testkit::sample_camera(Side::Left, 16.0);
    let found = evidence.analyse(Side::Left).unwrap();
    let first = camera_trial(Side::Left, 1, found.rise.value(), 5);
    store
        .add_measurement_with_camera(Scope::Terminal, session.id, &first, &evidence)
        .await
        .unwrap();
    let phone = phone_trial(Side::Right, 1, 22.0, 6);
    store
        .add_measurement_with_series(Scope::Terminal, session.id, &phone, &phone_lift(22.0))
        .await
        .unwrap();

    // Read back after reopening, the angles come out again the same.
    let store = db.open().await;
    let kept = store
        .measurement_camera(Scope::Terminal, session.id, first.id)
        .await
        .unwrap()
        .expect("the markers are kept");
    assert_eq!(kept, evidence);
    assert_eq!(kept.analyse(Side::Left).unwrap(), found);
    assert!((found.rise.value() - 16.0).abs() < 0.2, "{found:?}");
    assert_eq!(
        store
            .measurement_camera(Scope::Terminal, session.id, phone.id)
            .await
            .unwrap(),
        None,
        "a phone trial has no markers"
    );
    assert_eq!(
        store
            .measurement_series(Scope::Terminal, session.id, first.id)
            .await
            .unwrap(),
        None,
        "a camera trial has no orientation series"
    );

    let stranger = Scope::Account {
        id: psoas_core::AccountId::random(),
        role: psoas_core::Role::Member,
    };
    let other = stored_session(&*store, anna.id, 10).await;
    for (scope, session, trial) in [
        (Scope::Terminal, other.id, first.id),
        (stranger, session.id, first.id),
    ] {
        let err = store
            .measurement_camera(scope, session, trial)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    }

    // The same trial number again keeps neither the trial nor its markers.
    let again = camera_trial(Side::Left, 1, 30.0, 7);
    let err = store
        .add_measurement_with_camera(Scope::Terminal, session.id, &again, &evidence)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Conflict(_)), "{err:?}");
    let err = store
        .add_measurement_with_camera(
            stranger,
            session.id,
            &camera_trial(Side::Left, 2, 30.0, 8),
            &evidence,
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    assert_eq!(db.count("SELECT count(*) FROM camera_markers").await, 1);
    let read = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(read.measurements, vec![first.clone(), phone]);

    // All of a session's camera trials at once, for its verdict; none out of scope.
    let all = store
        .session_camera(Scope::Terminal, session.id)
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all.get(&first.id), Some(&evidence));
    assert!(
        store
            .session_camera(Scope::Terminal, other.id)
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        store
            .session_camera(stranger, session.id)
            .await
            .unwrap()
            .is_empty()
    );
}

fn jpeg(picture: psoas_core::camera::Picture, tail: u8) -> psoas_core::camera::KeptPhoto {
    psoas_core::camera::KeptPhoto {
        picture,
        media_type: psoas_core::camera::PhotoType::Jpeg,
        bytes: vec![0xFF, 0xD8, 0xFF, 0xE0, 7, tail],
    }
}

async fn photos_are_kept_only_where_the_profile_keeps_them_and_go_when_that_is_turned_off(
    backend: Backend,
) {
    use psoas_core::camera::Picture;
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let mut anna = stored_profile(&*store, "Anna").await;
    let session = stored_session(&*store, anna.id, 0).await;
    let trial = camera_trial(Side::Left, 1, 16.0, 5);
    let evidence = psoas_testkit::sample_camera(Side::Left, 16.0);
    store
        .add_measurement_with_camera(Scope::Terminal, session.id, &trial, &evidence)
        .await
        .unwrap();
    let rest = jpeg(Picture::Rest, 1);
    let keep = |photo: psoas_core::camera::KeptPhoto, trial: psoas_core::MeasurementId| {
        let store = &store;
        async move {
            store
                .keep_camera_photo(Scope::Terminal, session.id, trial, &photo)
                .await
        }
    };

    // Off by default: refused, and nothing kept.
    assert!(!anna.keep_photos);
    let err = keep(rest.clone(), trial.id).await.unwrap_err();
    assert!(
        matches!(&err, StoreError::Conflict(m) if m.contains("turn keeping photos on")),
        "{err:?}"
    );
    assert_eq!(db.count("SELECT count(*) FROM camera_photos").await, 0);

    anna.keep_photos = true;
    store.update_profile(Scope::Terminal, &anna).await.unwrap();
    keep(rest.clone(), trial.id).await.unwrap();
    keep(jpeg(Picture::Lift, 2), trial.id).await.unwrap();
    // Kept again, a photo replaces the one before.
    keep(jpeg(Picture::Lift, 3), trial.id).await.unwrap();
    let store = db.open().await;
    assert_eq!(
        store
            .camera_photo(Scope::Terminal, session.id, trial.id, Picture::Lift)
            .await
            .unwrap(),
        Some(jpeg(Picture::Lift, 3))
    );
    assert_eq!(
        store
            .sessions_photos(Scope::Terminal, &[session.id])
            .await
            .unwrap(),
        vec![(trial.id, rest.clone()), (trial.id, jpeg(Picture::Lift, 3))]
    );

    // Not a camera trial, another session, another account: not found, nothing kept.
    let typed = angle_trial(Side::Right, 1, 20.0, 6);
    store
        .add_measurement(Scope::Terminal, session.id, &typed)
        .await
        .unwrap();
    let stranger = Scope::Account {
        id: psoas_core::AccountId::random(),
        role: psoas_core::Role::Member,
    };
    let err = store
        .keep_camera_photo(Scope::Terminal, session.id, typed.id, &rest)
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
    for scope in [stranger] {
        let err = store
            .keep_camera_photo(scope, session.id, trial.id, &rest)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
        let err = store
            .camera_photo(scope, session.id, trial.id, Picture::Rest)
            .await
            .unwrap_err();
        assert!(matches!(err, StoreError::NotFound { .. }), "{err:?}");
        assert!(
            store
                .sessions_photos(scope, &[session.id])
                .await
                .unwrap()
                .is_empty()
        );
    }
    assert_eq!(db.count("SELECT count(*) FROM camera_photos").await, 2);

    // Turned off, the photos go; the markers stay.
    anna.keep_photos = false;
    store.update_profile(Scope::Terminal, &anna).await.unwrap();
    assert_eq!(db.count("SELECT count(*) FROM camera_photos").await, 0);
    assert_eq!(db.count("SELECT count(*) FROM camera_markers").await, 1);
    assert_eq!(
        store
            .camera_photo(Scope::Terminal, session.id, trial.id, Picture::Rest)
            .await
            .unwrap(),
        None
    );
    assert!(
        !store
            .find_profile(Scope::Terminal, "Anna")
            .await
            .unwrap()
            .keep_photos
    );
}

both_backends!(
    photos_are_kept_only_where_the_profile_keeps_them_and_go_when_that_is_turned_off,
    a_camera_trial_is_stored_with_its_markers_in_one_step_and_read_back_in_scope,
    an_unusual_value_confirmed_reads_back_flagged_and_others_unflagged,
    a_trial_struck_out_stays_stored_with_why_and_refusals_change_nothing,
    a_whole_session_reads_back_unchanged_after_reopening_the_file,
    profiles_are_found_by_name_in_any_case_and_by_id_prefix,
    a_second_profile_with_the_same_name_in_other_case_is_a_conflict_and_not_stored,
    sessions_are_found_by_id_prefix_and_unknown_or_too_short_keys_are_not_found,
    the_same_trial_number_twice_on_a_side_is_a_conflict_and_the_first_value_is_kept,
    a_red_flag_at_screening_stops_the_session_at_the_time_answered,
    a_session_for_an_unknown_profile_is_not_found_and_not_stored,
    a_measurement_for_an_unknown_session_is_not_found_and_not_stored,
    sessions_are_listed_oldest_first_per_profile_or_all_with_their_measurements,
    body_height_and_heel_heights_from_an_estimated_leg_read_back_unchanged,
    a_phone_trial_is_stored_with_its_series_in_one_step_and_read_back_in_scope,
);
