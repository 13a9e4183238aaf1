//! The storage conformance suite, accounts half, on both backends (`name::sqlite`,
//! `name::postgres`): every protocol query kept to the caller's scope, names unique per owner, and the `AuthStore` side (set-up,
//! invitations, sign-in sessions, failed sign-ins, personal access tokens).

use std::fmt::Debug;

use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Exercise, StretchOption};
use psoas_core::units::{Degrees, LegLength};
use psoas_core::{
    Account, AccountId, BirthYear, DisplayName, Email, ExerciseOutcome, ExerciseRecord,
    ExerciseStep, Pain, Profile, ProfileId, RedFlag, Role, Screening, Session, SessionId,
    SessionStatus, Sex, Side, Symptoms,
};
use psoas_store::{ApiToken, AppStore, Scope, StoreError, StoreResult};
use psoas_testkit::{Backend, TestDb, both_backends, sign_in};
use uuid::Uuid;

use crate::fixtures::at;

const SETUP_TOKEN: &str = "hash-of-the-set-up-token";

fn new_account(name: &str, email: &str, role: Role, seconds: i64) -> Account {
    Account {
        id: AccountId::random(),
        email: Email::parse(email).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        role,
        created_at: at(seconds),
    }
}

fn password_hash(account: &Account) -> String {
    format!("password-hash-of-{}", account.email)
}

/// The owner account, made with a fresh set-up token.
async fn stored_owner(store: &dyn AppStore) -> Account {
    let owner = new_account("Olga", "olga@example.org", Role::Owner, 0);
    store.add_setup_token(SETUP_TOKEN, at(0)).await.unwrap();
    store
        .create_owner(SETUP_TOKEN, &owner, &password_hash(&owner))
        .await
        .unwrap();
    owner
}

/// A member account, signed up with an invitation from `by`.
async fn stored_member(store: &dyn AppStore, by: &Account, name: &str, email: &str) -> Account {
    let member = new_account(name, email, Role::Member, 10);
    let token = format!("hash-of-the-invitation-for-{email}");
    store
        .add_invitation(&token, by.id, at(5), at(86_400))
        .await
        .unwrap();
    store
        .accept_invitation(&token, &member, &password_hash(&member))
        .await
        .unwrap();
    member
}

/// The owner Olga and the members Mia and Max.
async fn three_accounts(store: &dyn AppStore) -> (Account, Account, Account) {
    let owner = stored_owner(store).await;
    let mia = stored_member(store, &owner, "Mia", "mia@example.org").await;
    let max = stored_member(store, &owner, "Max", "max@example.org").await;
    (owner, mia, max)
}

fn profile(name: &str) -> Profile {
    Profile::new(DisplayName::parse(name).unwrap(), None, None, None)
}

fn profile_with_id(name: &str, id: &str) -> Profile {
    let mut p = profile(name);
    p.id = ProfileId(Uuid::parse_str(id).unwrap());
    p
}

async fn stored_profile(store: &dyn AppStore, scope: Scope, name: &str) -> Profile {
    let p = profile(name);
    store.create_profile(scope, &p).await.unwrap();
    p
}

async fn stored_session(store: &dyn AppStore, scope: Scope, profile: ProfileId) -> Session {
    let s = Session::start(profile, at(100), 3).unwrap();
    store.create_session(scope, &s).await.unwrap();
    s
}

fn names(profiles: &[Profile]) -> Vec<&str> {
    profiles.iter().map(|p| p.name.as_str()).collect()
}

fn session_ids(records: &[psoas_core::SessionRecord]) -> Vec<SessionId> {
    records.iter().map(|r| r.session.id).collect()
}

#[track_caller]
fn assert_not_found<T: Debug>(result: StoreResult<T>, expected: &str) {
    match result {
        Err(StoreError::NotFound { what, .. }) if what == expected => {}
        other => panic!("expected no {expected} to be found, got {other:?}"),
    }
}

#[track_caller]
fn assert_conflict<T: Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::Conflict(_)) => {}
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn red_flag_screening() -> Screening {
    Screening::new([RedFlag::Pregnancy], at(110))
}

fn symptoms() -> Symptoms {
    Symptoms::new(
        Pain::new(4).unwrap(),
        Pain::new(2).unwrap(),
        7.5,
        30,
        Some(false),
        at(120),
    )
    .unwrap()
}

fn trial() -> Measurement {
    Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        Side::Left,
        1,
        Method::Goniometer,
        Some(Reading::Angle {
            degrees: Degrees::new(12.5).unwrap(),
        }),
        false,
        at(130),
    )
    .unwrap()
}

fn stretch() -> ExerciseRecord {
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
        at(140),
    )
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Scoping of protocol data
// ---------------------------------------------------------------------------------------------

async fn a_members_profiles_and_sessions_cannot_be_read_by_another_member(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, max) = three_accounts(&*store).await;
    let (mias, maxs) = (Scope::of(&mia), Scope::of(&max));
    let anna = profile_with_id("Anna Berg", "a1b2c3d4-0000-4000-8000-000000000001");
    store.create_profile(mias, &anna).await.unwrap();
    let mut session = Session::start(anna.id, at(100), 3).unwrap();
    session.id = SessionId(Uuid::parse_str("5e55a1b2-0000-4000-8000-000000000001").unwrap());
    store.create_session(mias, &session).await.unwrap();
    let measurement = trial();
    store
        .add_measurement(mias, session.id, &measurement)
        .await
        .unwrap();
    // Mia herself sees everything she made.
    assert_eq!(store.list_profiles(mias).await.unwrap(), vec![anna.clone()]);
    assert_eq!(store.find_profile(mias, "anna berg").await.unwrap(), anna);
    assert_eq!(store.find_profile(mias, "a1b2").await.unwrap(), anna);
    assert_eq!(
        store.session(mias, session.id).await.unwrap().measurements,
        vec![measurement]
    );

    assert!(store.list_profiles(maxs).await.unwrap().is_empty());
    assert_not_found(store.find_profile(maxs, "Anna Berg").await, "profile");
    assert_not_found(store.find_profile(maxs, "a1b2").await, "profile");
    assert_not_found(store.find_profile(maxs, &anna.id.short()).await, "profile");
    assert_not_found(
        store.find_profile(maxs, &anna.id.to_string()).await,
        "profile",
    );
    assert_not_found(store.session(maxs, session.id).await, "session");
    assert_not_found(store.find_session(maxs, "5e55").await, "session");
    assert_not_found(
        store.find_session(maxs, &session.id.to_string()).await,
        "session",
    );
    assert!(store.list_sessions(maxs, None).await.unwrap().is_empty());
    assert!(
        store
            .list_sessions(maxs, Some(anna.id))
            .await
            .unwrap()
            .is_empty()
    );
}

async fn another_members_records_sharing_an_id_prefix_neither_show_nor_make_a_key_ambiguous(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, max) = three_accounts(&*store).await;
    let (mias, maxs) = (Scope::of(&mia), Scope::of(&max));
    let mias_profile = profile_with_id("Anna", "a1b2c3d4-0000-4000-8000-000000000001");
    let maxs_profile = profile_with_id("Bert", "a1b2c3d4-0000-4000-8000-000000000002");
    store.create_profile(mias, &mias_profile).await.unwrap();
    store.create_profile(maxs, &maxs_profile).await.unwrap();
    let mut mias_session = Session::start(mias_profile.id, at(100), 3).unwrap();
    mias_session.id = SessionId(Uuid::parse_str("5e55a1b2-0000-4000-8000-000000000001").unwrap());
    let mut maxs_session = Session::start(maxs_profile.id, at(200), 3).unwrap();
    maxs_session.id = SessionId(Uuid::parse_str("5e55a1b2-0000-4000-8000-000000000002").unwrap());
    store.create_session(mias, &mias_session).await.unwrap();
    store.create_session(maxs, &maxs_session).await.unwrap();

    // Both prefixes are ambiguous in the terminal, which sees everything...
    assert!(matches!(
        store.find_profile(Scope::Terminal, "a1b2c3d4").await,
        Err(StoreError::Ambiguous { .. })
    ));
    assert!(matches!(
        store.find_session(Scope::Terminal, "5e55a1b2").await,
        Err(StoreError::Ambiguous { .. })
    ));
    // ...but each member finds only their own record.
    assert_eq!(
        store.find_profile(maxs, "a1b2c3d4").await.unwrap(),
        maxs_profile
    );
    assert_eq!(
        store.find_profile(mias, "a1b2c3d4").await.unwrap(),
        mias_profile
    );
    assert_eq!(
        store.find_session(maxs, "5e55a1b2").await.unwrap().session,
        maxs_session
    );
    assert_eq!(
        store.find_session(mias, "5e55a1b2").await.unwrap().session,
        mias_session
    );
}

async fn every_write_on_another_members_session_is_not_found_and_stores_nothing(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, max) = three_accounts(&*store).await;
    let (mias, maxs) = (Scope::of(&mia), Scope::of(&max));
    let anna = stored_profile(&*store, mias, "Anna").await;
    let session = stored_session(&*store, mias, anna.id).await;
    let (screening, symptoms, measurement, exercise) =
        (red_flag_screening(), symptoms(), trial(), stretch());
    let before = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(before.session.status, SessionStatus::Unfinished);
    assert!(before.screening.is_none() && before.symptoms.is_none());
    assert!(before.measurements.is_empty() && before.exercises.is_empty());

    assert_not_found(
        store.save_screening(maxs, session.id, &screening).await,
        "session",
    );
    assert_not_found(
        store.save_symptoms(maxs, session.id, &symptoms).await,
        "session",
    );
    assert_not_found(
        store.add_measurement(maxs, session.id, &measurement).await,
        "session",
    );
    assert_not_found(
        store.add_exercise(maxs, session.id, &exercise).await,
        "session",
    );
    assert_not_found(
        store.finish_session(maxs, session.id, at(150)).await,
        "session",
    );

    assert_eq!(
        store.session(Scope::Terminal, session.id).await.unwrap(),
        before
    );
    // The same writes in Mia's own scope do go through: Max was refused for scope alone.
    store
        .save_symptoms(mias, session.id, &symptoms)
        .await
        .unwrap();
    store
        .add_measurement(mias, session.id, &measurement)
        .await
        .unwrap();
    store
        .add_exercise(mias, session.id, &exercise)
        .await
        .unwrap();
    store
        .save_screening(mias, session.id, &screening)
        .await
        .unwrap();
    store
        .finish_session(mias, session.id, at(150))
        .await
        .unwrap();
    let after = store.session(Scope::Terminal, session.id).await.unwrap();
    assert_eq!(after.screening, Some(screening));
    assert_eq!(after.symptoms, Some(symptoms));
    assert_eq!(after.measurements, vec![measurement]);
    assert_eq!(after.exercises, vec![exercise]);
    assert_eq!(after.session.status, SessionStatus::StoppedAtScreening);
}

async fn updating_another_members_profile_is_not_found_and_leaves_it_unchanged(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, max) = three_accounts(&*store).await;
    let (mias, maxs) = (Scope::of(&mia), Scope::of(&max));
    let anna = Profile::new(
        DisplayName::parse("Anna").unwrap(),
        Some(BirthYear::new(1984, 2026).unwrap()),
        Some(Sex::Female),
        Some(LegLength::new(92.5).unwrap()),
    );
    store.create_profile(mias, &anna).await.unwrap();
    let mut changed = anna.clone();
    changed.name = DisplayName::parse("Mallory").unwrap();
    changed.birth_year = None;
    changed.sex = Some(Sex::Male);
    changed.leg_length_cm = None;

    assert_not_found(store.update_profile(maxs, &changed).await, "profile");

    assert_eq!(
        store.list_profiles(Scope::Terminal).await.unwrap(),
        vec![anna.clone()]
    );
    assert_eq!(store.find_profile(mias, "Anna").await.unwrap(), anna);
    assert_not_found(
        store.find_profile(Scope::Terminal, "Mallory").await,
        "profile",
    );
    // Mia herself may change it.
    store.update_profile(mias, &changed).await.unwrap();
    assert_eq!(store.find_profile(mias, "mallory").await.unwrap(), changed);
}

async fn a_session_for_another_members_profile_is_not_found_and_not_stored(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, max) = three_accounts(&*store).await;
    let anna = stored_profile(&*store, Scope::of(&mia), "Anna").await;

    assert_not_found(
        store
            .create_session(
                Scope::of(&max),
                &Session::start(anna.id, at(100), 3).unwrap(),
            )
            .await,
        "profile",
    );

    assert!(
        store
            .list_sessions(Scope::Terminal, None)
            .await
            .unwrap()
            .is_empty()
    );
}

async fn the_owner_sees_its_own_and_the_terminals_profiles_but_not_a_members(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (owner, mia, _max) = three_accounts(&*store).await;
    let (owners, mias) = (Scope::of(&owner), Scope::of(&mia));
    let tess = stored_profile(&*store, Scope::Terminal, "Tess").await;
    let oona = stored_profile(&*store, owners, "Oona").await;
    let anna = stored_profile(&*store, mias, "Anna").await;
    let tess_session = stored_session(&*store, Scope::Terminal, tess.id).await;
    let oona_session = stored_session(&*store, owners, oona.id).await;
    let anna_session = stored_session(&*store, mias, anna.id).await;

    assert_eq!(
        names(&store.list_profiles(owners).await.unwrap()),
        ["Oona", "Tess"]
    );
    assert_eq!(store.find_profile(owners, "tess").await.unwrap(), tess);
    assert_not_found(store.find_profile(owners, "Anna").await, "profile");
    assert_not_found(
        store.find_profile(owners, &anna.id.to_string()).await,
        "profile",
    );
    let mut owners_sessions = session_ids(&store.list_sessions(owners, None).await.unwrap());
    owners_sessions.sort();
    let mut expected = vec![tess_session.id, oona_session.id];
    expected.sort();
    assert_eq!(owners_sessions, expected);
    assert_not_found(store.session(owners, anna_session.id).await, "session");
    assert_not_found(
        store
            .add_measurement(owners, anna_session.id, &trial())
            .await,
        "session",
    );
    assert_not_found(
        store
            .create_session(owners, &Session::start(anna.id, at(300), 3).unwrap())
            .await,
        "profile",
    );
    let mut renamed_anna = anna.clone();
    renamed_anna.name = DisplayName::parse("Olivia").unwrap();
    assert_not_found(store.update_profile(owners, &renamed_anna).await, "profile");
    // The owner may work with the terminal's profiles.
    let tess_trial = trial();
    store
        .add_measurement(owners, tess_session.id, &tess_trial)
        .await
        .unwrap();
    store
        .create_session(owners, &Session::start(tess.id, at(300), 3).unwrap())
        .await
        .unwrap();

    assert_eq!(names(&store.list_profiles(mias).await.unwrap()), ["Anna"]);
    assert_not_found(store.find_profile(mias, "Tess").await, "profile");
    assert_not_found(store.find_profile(mias, "Oona").await, "profile");
    assert_eq!(
        session_ids(&store.list_sessions(mias, None).await.unwrap()),
        [anna_session.id]
    );
    assert_not_found(store.session(mias, tess_session.id).await, "session");
    assert_not_found(
        store.add_measurement(mias, tess_session.id, &trial()).await,
        "session",
    );
    assert_not_found(
        store
            .create_session(mias, &Session::start(tess.id, at(300), 3).unwrap())
            .await,
        "profile",
    );
    let mut renamed_tess = tess.clone();
    renamed_tess.name = DisplayName::parse("Mallory").unwrap();
    assert_not_found(store.update_profile(mias, &renamed_tess).await, "profile");

    assert_eq!(
        names(&store.list_profiles(Scope::Terminal).await.unwrap()),
        ["Anna", "Oona", "Tess"]
    );
    assert_eq!(
        store
            .list_sessions(Scope::Terminal, None)
            .await
            .unwrap()
            .len(),
        4
    );
    assert_eq!(
        store
            .session(Scope::Terminal, tess_session.id)
            .await
            .unwrap()
            .measurements,
        vec![tess_trial]
    );
    assert!(
        store
            .session(Scope::Terminal, anna_session.id)
            .await
            .unwrap()
            .measurements
            .is_empty()
    );
}

async fn two_members_may_each_have_a_profile_of_the_same_name_but_one_member_not_twice(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, max) = three_accounts(&*store).await;
    let (mias, maxs) = (Scope::of(&mia), Scope::of(&max));
    let mias_anna = stored_profile(&*store, mias, "Anna").await;
    let maxs_anna = stored_profile(&*store, maxs, "Anna").await;

    assert_conflict(store.create_profile(mias, &profile("anna")).await);

    assert_eq!(
        store.list_profiles(mias).await.unwrap(),
        vec![mias_anna.clone()]
    );
    assert_eq!(
        store.list_profiles(maxs).await.unwrap(),
        vec![maxs_anna.clone()]
    );
    assert_eq!(store.find_profile(mias, "ANNA").await.unwrap(), mias_anna);
    assert_eq!(store.find_profile(maxs, "ANNA").await.unwrap(), maxs_anna);
    assert_eq!(
        names(&store.list_profiles(Scope::Terminal).await.unwrap()),
        ["Anna", "Anna"]
    );
}

async fn renaming_a_profile_keeps_the_namespace_of_its_owner(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (owner, mia, max) = three_accounts(&*store).await;
    let (owners, mias, maxs) = (Scope::of(&owner), Scope::of(&mia), Scope::of(&max));
    stored_profile(&*store, mias, "Anna").await;
    let bea = stored_profile(&*store, maxs, "Bea").await;
    let carla = stored_profile(&*store, maxs, "Carla").await;

    // A name another member uses is free for Max.
    let mut renamed = bea.clone();
    renamed.name = DisplayName::parse("ANNA").unwrap();
    store.update_profile(maxs, &renamed).await.unwrap();
    assert_eq!(store.find_profile(maxs, "anna").await.unwrap(), renamed);
    assert_eq!(names(&store.list_profiles(mias).await.unwrap()), ["Anna"]);

    // The new name now belongs to Max: taken for his other profiles and for new ones.
    let mut clash = carla.clone();
    clash.name = DisplayName::parse("Anna").unwrap();
    assert_conflict(store.update_profile(maxs, &clash).await);
    assert_conflict(store.create_profile(maxs, &profile("anna")).await);
    assert_eq!(store.find_profile(maxs, "Carla").await.unwrap(), carla);
    // His old name is free again.
    stored_profile(&*store, maxs, "bea").await;

    // The owner renaming a terminal profile leaves it in the terminal's namespace.
    let tess = stored_profile(&*store, Scope::Terminal, "Tess").await;
    let mut tina = tess.clone();
    tina.name = DisplayName::parse("Tina").unwrap();
    store.update_profile(owners, &tina).await.unwrap();
    assert_conflict(
        store
            .create_profile(Scope::Terminal, &profile("TINA"))
            .await,
    );
    assert_eq!(
        store.find_profile(Scope::Terminal, "tina").await.unwrap(),
        tina
    );
}

// ---------------------------------------------------------------------------------------------
// Accounts: set-up and invitations
// ---------------------------------------------------------------------------------------------

async fn the_owner_is_created_only_with_an_unused_set_up_token_and_only_once(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let olga = new_account("Olga", "olga@example.org", Role::Owner, 0);
    assert_eq!(store.account_count().await.unwrap(), 0);

    assert_not_found(
        store
            .create_owner("hash-of-no-such-token", &olga, "hash")
            .await,
        "link",
    );
    assert_eq!(store.account_count().await.unwrap(), 0);
    assert!(
        !store
            .setup_token_is_open("hash-of-no-such-token", at(1))
            .await
            .unwrap()
    );

    store.add_setup_token(SETUP_TOKEN, at(0)).await.unwrap();
    assert!(store.setup_token_is_open(SETUP_TOKEN, at(1)).await.unwrap());
    store
        .create_owner(SETUP_TOKEN, &olga, &password_hash(&olga))
        .await
        .unwrap();
    assert_eq!(store.account_count().await.unwrap(), 1);
    assert!(!store.setup_token_is_open(SETUP_TOKEN, at(1)).await.unwrap());

    let otto = new_account("Otto", "otto@example.org", Role::Owner, 5);
    assert_not_found(
        store
            .create_owner(SETUP_TOKEN, &otto, &password_hash(&otto))
            .await,
        "link",
    );
    store
        .add_setup_token("hash-of-a-fresh-token", at(5))
        .await
        .unwrap();
    assert_not_found(
        store
            .create_owner("hash-of-a-fresh-token", &otto, &password_hash(&otto))
            .await,
        "link",
    );
    assert_eq!(store.account_count().await.unwrap(), 1);
    assert!(store.account_by_email(&otto.email).await.unwrap().is_none());

    stored_member(&*store, &olga, "Mia", "mia@example.org").await;
    assert_eq!(store.account_count().await.unwrap(), 2);
}

async fn an_invitation_is_open_until_it_is_used_or_expires(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let olga = stored_owner(&*store).await;
    store
        .add_invitation("hash-of-mias-link", olga.id, at(10), at(1_000))
        .await
        .unwrap();
    store
        .add_invitation("hash-of-late-link", olga.id, at(10), at(1_000))
        .await
        .unwrap();

    assert!(
        store
            .invitation_is_open("hash-of-mias-link", at(10))
            .await
            .unwrap()
    );
    assert!(
        store
            .invitation_is_open("hash-of-late-link", at(999))
            .await
            .unwrap()
    );
    assert!(
        !store
            .invitation_is_open("hash-of-late-link", at(1_000))
            .await
            .unwrap()
    );
    assert!(
        !store
            .invitation_is_open("hash-of-late-link", at(5_000))
            .await
            .unwrap()
    );
    assert!(
        !store
            .invitation_is_open("hash-of-no-such-link", at(10))
            .await
            .unwrap()
    );

    let mia = new_account("Mia", "mia@example.org", Role::Member, 20);
    store
        .accept_invitation("hash-of-mias-link", &mia, &password_hash(&mia))
        .await
        .unwrap();

    assert!(
        !store
            .invitation_is_open("hash-of-mias-link", at(20))
            .await
            .unwrap()
    );
    assert_eq!(
        store.account_by_email(&mia.email).await.unwrap(),
        Some((mia.clone(), password_hash(&mia)))
    );
}

async fn an_expired_or_used_invitation_creates_no_account(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let olga = stored_owner(&*store).await;
    store
        .add_invitation("hash-of-old-link", olga.id, at(10), at(50))
        .await
        .unwrap();
    let late = new_account("Lea", "lea@example.org", Role::Member, 60);

    assert_not_found(
        store
            .accept_invitation("hash-of-old-link", &late, &password_hash(&late))
            .await,
        "link",
    );
    assert!(store.account_by_email(&late.email).await.unwrap().is_none());
    assert_eq!(store.account_count().await.unwrap(), 1);

    let mia = stored_member(&*store, &olga, "Mia", "mia@example.org").await;
    let used_link = format!("hash-of-the-invitation-for-{}", mia.email);
    let again = new_account("Mio", "mio@example.org", Role::Member, 20);
    assert_not_found(
        store
            .accept_invitation(&used_link, &again, &password_hash(&again))
            .await,
        "link",
    );
    assert!(
        store
            .account_by_email(&again.email)
            .await
            .unwrap()
            .is_none()
    );
    assert_not_found(
        store
            .accept_invitation("hash-of-no-such-link", &again, &password_hash(&again))
            .await,
        "link",
    );
    assert!(
        store
            .account_by_email(&again.email)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.account_count().await.unwrap(), 2);
}

async fn an_address_already_signed_up_is_a_conflict_and_the_invitation_stays_open(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let olga = stored_owner(&*store).await;
    store
        .add_invitation("hash-of-the-link", olga.id, at(10), at(1_000))
        .await
        .unwrap();
    let copycat = new_account("Olga Too", "OLGA@Example.org", Role::Member, 20);

    assert_conflict(
        store
            .accept_invitation("hash-of-the-link", &copycat, "another-hash")
            .await,
    );

    assert!(
        store
            .invitation_is_open("hash-of-the-link", at(20))
            .await
            .unwrap()
    );
    assert_eq!(store.account_count().await.unwrap(), 1);
    assert_eq!(
        store.account_by_email(&olga.email).await.unwrap(),
        Some((olga.clone(), password_hash(&olga)))
    );
    let mia = new_account("Mia", "mia@example.org", Role::Member, 30);
    store
        .accept_invitation("hash-of-the-link", &mia, &password_hash(&mia))
        .await
        .unwrap();
    assert_eq!(store.account_count().await.unwrap(), 2);
}

/// Fails today: `accept_invitation` inserts the account before it checks the invitation, so
/// a taken address answers `Conflict` ("an account for ... already exists") to anyone, even
/// without a valid link, and the sign-up page shows it: whether an address has an account
/// can be learned by anybody.
async fn a_taken_address_with_an_unknown_invitation_is_not_found_rather_than_revealed(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let olga = stored_owner(&*store).await;
    let probe = new_account("Eve", "olga@example.org", Role::Member, 20);

    assert_not_found(
        store
            .accept_invitation("hash-of-a-guessed-link", &probe, "hash")
            .await,
        "link",
    );
    assert_eq!(store.account_count().await.unwrap(), 1);
    assert_eq!(
        store.account_by_email(&olga.email).await.unwrap(),
        Some((olga.clone(), password_hash(&olga)))
    );
}

async fn an_account_is_found_by_its_address_in_any_case_with_its_password_hash(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (owner, mia, _max) = three_accounts(&*store).await;

    assert_eq!(
        store.account_by_email(&mia.email).await.unwrap(),
        Some((mia.clone(), password_hash(&mia)))
    );
    assert_eq!(
        store
            .account_by_email(&Email::parse(" Olga@EXAMPLE.org").unwrap())
            .await
            .unwrap(),
        Some((owner.clone(), password_hash(&owner)))
    );
    assert!(
        store
            .account_by_email(&Email::parse("nobody@example.org").unwrap())
            .await
            .unwrap()
            .is_none()
    );
}

// ---------------------------------------------------------------------------------------------
// Sign-in sessions, failed sign-ins, personal access tokens
// ---------------------------------------------------------------------------------------------

async fn a_sign_in_session_gives_its_account_and_csrf_token_until_it_expires_or_is_removed(
    backend: Backend,
) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (owner, mia, _max) = three_accounts(&*store).await;
    store
        .add_web_session(&sign_in(
            "hash-of-mias-cookie",
            mia.id,
            "mias-csrf",
            at(0),
            at(1_000),
        ))
        .await
        .unwrap();
    store
        .add_web_session(&sign_in(
            "hash-of-olgas-cookie",
            owner.id,
            "olgas-csrf",
            at(0),
            at(1_000),
        ))
        .await
        .unwrap();

    assert_eq!(
        store
            .web_session("hash-of-mias-cookie", at(999), Timestamp::MIN)
            .await
            .unwrap(),
        Some((mia.clone(), "mias-csrf".to_string()))
    );
    assert_eq!(
        store
            .web_session("hash-of-olgas-cookie", at(10), Timestamp::MIN)
            .await
            .unwrap(),
        Some((owner.clone(), "olgas-csrf".to_string()))
    );
    assert!(
        store
            .web_session("hash-of-mias-cookie", at(1_000), Timestamp::MIN)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .web_session("hash-of-mias-cookie", at(5_000), Timestamp::MIN)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .web_session("hash-of-no-such-cookie", at(10), Timestamp::MIN)
            .await
            .unwrap()
            .is_none()
    );

    store
        .remove_web_session("hash-of-olgas-cookie")
        .await
        .unwrap();

    assert!(
        store
            .web_session("hash-of-olgas-cookie", at(10), Timestamp::MIN)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .web_session("hash-of-mias-cookie", at(10), Timestamp::MIN)
            .await
            .unwrap()
            .is_some()
    );
}

async fn failed_sign_ins_are_counted_per_key_since_a_time_until_cleared(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let address = "mia@example.org";
    let client = "192.0.2.7";
    for seconds in [10, 20, 30] {
        store.add_login_failure(address, at(seconds)).await.unwrap();
    }
    store.add_login_failure(client, at(25)).await.unwrap();

    assert_eq!(store.login_failures_since(address, at(0)).await.unwrap(), 3);
    assert_eq!(
        store.login_failures_since(address, at(15)).await.unwrap(),
        2
    );
    assert_eq!(
        store.login_failures_since(address, at(30)).await.unwrap(),
        0
    );
    assert_eq!(store.login_failures_since(client, at(0)).await.unwrap(), 1);
    assert_eq!(
        store
            .login_failures_since("someone-else", at(0))
            .await
            .unwrap(),
        0
    );

    // An attempt is written before it is counted, and counts those before it.
    let attempt = store
        .count_login_attempt(address, at(40), at(15))
        .await
        .unwrap();
    assert_eq!(attempt.in_window, 3, "20 s, 30 s and this one at 40 s");
    assert_eq!(attempt.previous, Some(at(30)));
    let first = store
        .count_login_attempt("new@example.org", at(40), at(0))
        .await
        .unwrap();
    assert_eq!((first.in_window, first.previous), (1, None));
    // A forgiven attempt is gone; the failures before it stay.
    store.forgive_login_attempt(address, at(40)).await.unwrap();
    assert_eq!(store.login_failures_since(address, at(0)).await.unwrap(), 3);
    assert_eq!(store.login_failures_since(client, at(0)).await.unwrap(), 1);
}

async fn of_many_sign_in_attempts_at_once_each_counts_all_written_before_it(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let attempts = futures_util::future::join_all((0..40).map(|i| {
        let store = store.clone();
        async move {
            store
                .count_login_attempt("client:192.0.2.9", at(100 + i), at(0))
                .await
                .unwrap()
                .in_window
        }
    }))
    .await;
    let mut counts = attempts.clone();
    counts.sort_unstable();
    // However they interleave, the k-th to be written sees at least k: no two pass as first.
    for (k, count) in counts.iter().enumerate() {
        assert!(*count > k as u64, "{attempts:?}");
    }
    assert!(
        counts.iter().filter(|&&c| c <= 5).count() <= 5,
        "{attempts:?}"
    );
}

fn api_token(name: &str, seconds: i64) -> ApiToken {
    ApiToken {
        id: Uuid::new_v4(),
        name: name.to_string(),
        created_at: at(seconds),
        last_used_at: None,
    }
}

async fn an_api_token_finds_its_account_and_notes_when_it_was_last_used(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, max) = three_accounts(&*store).await;
    let laptop = api_token("laptop", 100);
    let phone = api_token("phone", 200);
    let maxs = api_token("max's script", 150);
    store
        .add_api_token(mia.id, &laptop, "hash-of-laptop")
        .await
        .unwrap();
    store
        .add_api_token(mia.id, &phone, "hash-of-phone")
        .await
        .unwrap();
    store
        .add_api_token(max.id, &maxs, "hash-of-maxs")
        .await
        .unwrap();
    assert_eq!(
        store.list_api_tokens(mia.id).await.unwrap(),
        vec![laptop.clone(), phone.clone()]
    );

    assert_eq!(
        store
            .api_token_account("hash-of-laptop", at(300))
            .await
            .unwrap(),
        Some(mia.clone())
    );
    assert_eq!(
        store
            .api_token_account("hash-of-maxs", at(310))
            .await
            .unwrap(),
        Some(max.clone())
    );
    assert!(
        store
            .api_token_account("hash-of-no-such-token", at(300))
            .await
            .unwrap()
            .is_none()
    );

    let used = ApiToken {
        last_used_at: Some(at(300)),
        ..laptop.clone()
    };
    assert_eq!(
        store.list_api_tokens(mia.id).await.unwrap(),
        vec![used, phone.clone()]
    );
    assert_eq!(
        store.list_api_tokens(max.id).await.unwrap(),
        vec![ApiToken {
            last_used_at: Some(at(310)),
            ..maxs
        }]
    );
}

async fn a_token_used_again_within_the_resolution_is_not_noted_again(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (_owner, mia, _max) = three_accounts(&*store).await;
    let laptop = api_token("laptop", 100);
    store
        .add_api_token(mia.id, &laptop, "hash-of-laptop")
        .await
        .unwrap();
    let resolution = psoas_store::TOKEN_USE_RESOLUTION.as_secs() as i64;
    for (seconds, noted) in [
        (300, 300),
        (301, 300),
        (300 + resolution - 1, 300),
        (300 + resolution, 300 + resolution),
    ] {
        assert_eq!(
            store
                .api_token_account("hash-of-laptop", at(seconds))
                .await
                .unwrap(),
            Some(mia.clone()),
            "the token works at {seconds} s"
        );
        assert_eq!(
            store.list_api_tokens(mia.id).await.unwrap()[0].last_used_at,
            Some(at(noted)),
            "used at {seconds} s"
        );
    }
}

async fn a_revoked_api_token_no_longer_works_and_only_its_account_may_revoke_it(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    let (owner, mia, max) = three_accounts(&*store).await;
    let laptop = api_token("laptop", 100);
    let phone = api_token("phone", 200);
    store
        .add_api_token(mia.id, &laptop, "hash-of-laptop")
        .await
        .unwrap();
    store
        .add_api_token(mia.id, &phone, "hash-of-phone")
        .await
        .unwrap();

    assert_not_found(
        store.revoke_api_token(max.id, laptop.id, at(300)).await,
        "token",
    );
    assert_not_found(
        store.revoke_api_token(owner.id, laptop.id, at(300)).await,
        "token",
    );
    assert_eq!(
        store
            .api_token_account("hash-of-laptop", at(310))
            .await
            .unwrap(),
        Some(mia.clone())
    );
    assert_eq!(store.list_api_tokens(mia.id).await.unwrap().len(), 2);

    store
        .revoke_api_token(mia.id, laptop.id, at(320))
        .await
        .unwrap();

    assert!(
        store
            .api_token_account("hash-of-laptop", at(330))
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(store.list_api_tokens(mia.id).await.unwrap(), vec![phone]);
    assert_not_found(
        store.revoke_api_token(mia.id, laptop.id, at(340)).await,
        "token",
    );
    assert_not_found(
        store
            .revoke_api_token(mia.id, Uuid::new_v4(), at(340))
            .await,
        "token",
    );
    assert_eq!(
        store
            .api_token_account("hash-of-phone", at(350))
            .await
            .unwrap(),
        Some(mia)
    );
}

async fn a_set_up_link_works_for_a_day_only(backend: Backend) {
    let db = TestDb::new(backend).await;
    let store = db.open().await;
    store.add_setup_token(SETUP_TOKEN, at(0)).await.unwrap();
    let day = 24 * 60 * 60;
    assert!(
        store
            .setup_token_is_open(SETUP_TOKEN, at(day - 1))
            .await
            .unwrap()
    );
    assert!(
        !store
            .setup_token_is_open(SETUP_TOKEN, at(day))
            .await
            .unwrap()
    );
    let late = new_account("Olga", "olga@example.org", Role::Owner, day + 5);
    assert_not_found(
        store
            .create_owner(SETUP_TOKEN, &late, &password_hash(&late))
            .await,
        "link",
    );
    assert_eq!(store.account_count().await.unwrap(), 0);
    // A fresh link, as the next start of `psoas serve` prints, works.
    store
        .add_setup_token("a-fresh-token", at(day))
        .await
        .unwrap();
    store
        .create_owner("a-fresh-token", &late, &password_hash(&late))
        .await
        .unwrap();
    assert_eq!(store.account_count().await.unwrap(), 1);
}

both_backends!(
    a_set_up_link_works_for_a_day_only,
    a_members_profiles_and_sessions_cannot_be_read_by_another_member,
    another_members_records_sharing_an_id_prefix_neither_show_nor_make_a_key_ambiguous,
    every_write_on_another_members_session_is_not_found_and_stores_nothing,
    updating_another_members_profile_is_not_found_and_leaves_it_unchanged,
    a_session_for_another_members_profile_is_not_found_and_not_stored,
    the_owner_sees_its_own_and_the_terminals_profiles_but_not_a_members,
    two_members_may_each_have_a_profile_of_the_same_name_but_one_member_not_twice,
    renaming_a_profile_keeps_the_namespace_of_its_owner,
    the_owner_is_created_only_with_an_unused_set_up_token_and_only_once,
    an_invitation_is_open_until_it_is_used_or_expires,
    an_expired_or_used_invitation_creates_no_account,
    an_address_already_signed_up_is_a_conflict_and_the_invitation_stays_open,
    a_taken_address_with_an_unknown_invitation_is_not_found_rather_than_revealed,
    an_account_is_found_by_its_address_in_any_case_with_its_password_hash,
    a_sign_in_session_gives_its_account_and_csrf_token_until_it_expires_or_is_removed,
    failed_sign_ins_are_counted_per_key_since_a_time_until_cleared,
    of_many_sign_in_attempts_at_once_each_counts_all_written_before_it,
    an_api_token_finds_its_account_and_notes_when_it_was_last_used,
    a_token_used_again_within_the_resolution_is_not_noted_again,
    a_revoked_api_token_no_longer_works_and_only_its_account_may_revoke_it,
);
