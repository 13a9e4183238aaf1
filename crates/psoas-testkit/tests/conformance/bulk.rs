//! The storage conformance suite, bulk half, on both backends (`name::sqlite`,
//! `name::postgres`): sessions read page by page in `(started_at, id)` order with their
//! recorded series, and archives imported whole, matched by id, twice without change.

use psoas_core::inclinometer::RecordedLift;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::units::Degrees;
use psoas_core::{AccountId, DisplayName, Profile, Role, Session, SessionId, Side};
use psoas_store::{AppStore, FullSession, Scope};
use psoas_testkit::{Backend, TestDb, both_backends};

use crate::fixtures::on_the_second as at;

fn lift() -> RecordedLift {
    psoas_testkit::sample_lift(21.0)
}

fn markers() -> psoas_core::camera::CameraEvidence {
    psoas_testkit::sample_camera(Side::Right, 12.0)
}

fn camera_trial() -> Measurement {
    Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        Side::Right,
        1,
        Method::CameraMarkers,
        Some(Reading::Angle {
            degrees: Degrees::new(12.0).unwrap(),
        }),
        false,
        at(41),
    )
    .unwrap()
}

/// A profile with five sessions, two of them started at the same microsecond (ordered by
/// id); the first has a phone trial with its series, the last a camera trial with its
/// markers.
async fn history(store: &dyn AppStore) -> (Profile, Vec<SessionId>) {
    let anna = Profile::new(DisplayName::parse("Anna").unwrap(), None, None, None);
    store.create_profile(Scope::Terminal, &anna).await.unwrap();
    let mut ids = Vec::new();
    for seconds in [40, 10, 20, 20, 30] {
        let session = Session::start(anna.id, at(seconds), 3).unwrap();
        store
            .create_session(Scope::Terminal, &session)
            .await
            .unwrap();
        ids.push((seconds, session.id));
    }
    let trial = Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        Side::Left,
        1,
        Method::PhoneInclinometer,
        Some(Reading::Angle {
            degrees: Degrees::new(21.0).unwrap(),
        }),
        false,
        at(11),
    )
    .unwrap();
    let first = ids.iter().find(|(s, _)| *s == 10).unwrap().1;
    store
        .add_measurement_with_series(Scope::Terminal, first, &trial, &lift())
        .await
        .unwrap();
    let last = ids.iter().find(|(s, _)| *s == 40).unwrap().1;
    store
        .add_measurement_with_camera(Scope::Terminal, last, &camera_trial(), &markers())
        .await
        .unwrap();
    ids.sort_by_key(|(seconds, id)| (*seconds, id.to_string()));
    (anna, ids.into_iter().map(|(_, id)| id).collect())
}

async fn all_pages(store: &dyn AppStore, scope: Scope, limit: u32) -> Vec<FullSession> {
    let mut read = Vec::new();
    let mut after = None;
    loop {
        let page = store
            .sessions_page(scope, None, after, limit)
            .await
            .unwrap();
        let Some(last) = page.last() else {
            return read;
        };
        after = Some(last.cursor());
        assert!(page.len() <= limit as usize);
        read.extend(page);
    }
}

async fn pages_visit_every_session_once_in_start_then_id_order_with_series(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_, expected) = history(&*store).await;

    let read = all_pages(&*store, Scope::Terminal, 2).await;

    let ids: Vec<SessionId> = read.iter().map(|f| f.record.session.id).collect();
    assert_eq!(ids, expected);
    assert_eq!(read[0].series.len(), 1);
    assert_eq!(read[0].series[0].1, lift());
    assert!(read[..4].iter().all(|f| f.camera.is_empty()));
    let camera_trial_id = read[4].record.measurements[0].id;
    assert_eq!(read[4].camera, vec![(camera_trial_id, markers())]);
    assert!(read[4].series.is_empty());
    let stranger = Scope::Account {
        id: AccountId::random(),
        role: Role::Member,
    };
    assert!(all_pages(&*store, stranger, 2).await.is_empty());
}

async fn an_archive_imports_whole_once_and_a_second_time_adds_nothing(backend: Backend) {
    let source = TestDb::new(backend).await;
    let store = source.open().await;
    let (anna, _) = history(&*store).await;
    let sessions = all_pages(&*store, Scope::Terminal, 50).await;
    let target = TestDb::new(backend).await;
    let into = target.open().await;

    let first = into
        .import(Scope::Terminal, std::slice::from_ref(&anna), &sessions)
        .await
        .unwrap();
    let again = into
        .import(Scope::Terminal, std::slice::from_ref(&anna), &sessions)
        .await
        .unwrap();

    assert_eq!((first.profiles_added, first.sessions_added), (1, 5));
    assert_eq!(first.measurements_added, 2);
    assert!(again.added_nothing(), "{again:?}");
    assert_eq!(all_pages(&*into, Scope::Terminal, 3).await, sessions);
    // The same archive imported by a member, whose account cannot see those records: it
    // goes in under the member's own ids (the reply is the same as for any first import,
    // so it says nothing of who else holds them), again adds nothing, and the records
    // already there stay as they were.
    let olga = psoas_testkit::account("Olga", Role::Owner, at(0));
    into.add_setup_token("setup", at(0)).await.unwrap();
    into.create_owner("setup", &olga, "hash").await.unwrap();
    into.add_invitation("invite", olga.id, at(0), at(86_400))
        .await
        .unwrap();
    let mia = psoas_testkit::account("Mia", Role::Member, at(1));
    into.accept_invitation("invite", &mia, "hash")
        .await
        .unwrap();
    let member = Scope::of(&mia);
    let theirs = into
        .import(member, std::slice::from_ref(&anna), &sessions)
        .await
        .unwrap();
    assert_eq!(theirs, first);
    let again = into
        .import(member, std::slice::from_ref(&anna), &sessions)
        .await
        .unwrap();
    assert!(again.added_nothing(), "{again:?}");
    assert_eq!(target.count("SELECT count(*) FROM sessions").await, 10);
    let copies = all_pages(&*into, member, 50).await;
    assert_eq!(copies.len(), 5);
    let profiles = into.list_profiles(member).await.unwrap();
    assert_eq!(profiles.len(), 1);
    assert_ne!(profiles[0].id, anna.id);
    assert_eq!(profiles[0].name, anna.name);
    for (copy, original) in copies.iter().zip(&sessions) {
        assert_ne!(copy.record.session.id, original.record.session.id);
        assert_eq!(copy.record.session.profile_id, profiles[0].id);
        assert_eq!(
            copy.record.session.started_at,
            original.record.session.started_at
        );
        assert_eq!(
            copy.record.measurements.len(),
            original.record.measurements.len()
        );
        let own = copy.record.measurements.iter().map(|m| m.id);
        assert!(
            own.zip(&original.record.measurements)
                .all(|(a, b)| a != b.id)
        );
        assert_eq!(copy.series.len(), original.series.len());
        assert_eq!(
            copy.camera.iter().map(|(_, c)| c).collect::<Vec<_>>(),
            original.camera.iter().map(|(_, c)| c).collect::<Vec<_>>()
        );
        assert!(
            copy.camera
                .iter()
                .all(|(id, _)| copy.record.measurements.iter().any(|m| m.id == *id)),
            "the markers follow their trial's new id"
        );
    }
    // The terminal's records are untouched.
    let originals: Vec<_> = all_pages(&*into, Scope::Terminal, 50)
        .await
        .into_iter()
        .filter(|s| s.record.session.profile_id == anna.id)
        .collect();
    assert_eq!(originals, sessions);
}

both_backends!(
    pages_visit_every_session_once_in_start_then_id_order_with_series,
    an_archive_imports_whole_once_and_a_second_time_adds_nothing,
);
