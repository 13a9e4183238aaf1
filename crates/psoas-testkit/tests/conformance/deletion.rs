//! The storage conformance suite, deletion part, on both backends (`name::sqlite`,
//! `name::postgres`): a struck-out trial, a session, a profile and an account deleted for
//! real. Every table of the schema is read before and after, and exactly the rows that name
//! what was deleted are gone: nothing is left behind, nothing of anyone else is touched.

use std::fmt::Debug;
use std::sync::Arc;

use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Durations, Exercise, StrengthenTechnique, StretchOption};
use psoas_core::practice::NewNote;
use psoas_core::units::Degrees;
use psoas_core::{
    Account, AccountId, DisplayName, Email, ExerciseOutcome, ExerciseRecord, ExerciseStep,
    InvitationKind, MeasurementId, NoteText, Pain, PainAfter, Prescription, Profile, Role,
    Screening, Session, SessionId, Side, Symptoms, TrialVoid, VoidReason,
};
use psoas_store::transfer::{TableRows, Value};
use psoas_store::{ApiToken, AppStore, Contents, Scope, StoreError, StoreResult};
use psoas_testkit::{Backend, TestDb, both_backends, sample_camera, sample_lift, sign_in};

use crate::fixtures::at;

fn new_account(name: &str, seconds: i64) -> Account {
    Account {
        id: AccountId::random(),
        email: Email::parse(&format!("{}@example.org", name.to_lowercase())).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        role: Role::Member,
        created_at: at(seconds),
    }
}

fn trial(side: Side, number: u16, seconds: i64) -> Measurement {
    Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        side,
        number,
        Method::Goniometer,
        Some(Reading::Angle {
            degrees: Degrees::new(20.0 + f64::from(number)).unwrap(),
        }),
        false,
        at(seconds),
    )
    .unwrap()
}

fn void(seconds: i64) -> TrialVoid {
    TrialVoid::new(VoidReason::Typo, Some("meant 12"), None, at(seconds)).unwrap()
}

fn practice(practitioner: &Account, client: &Account) -> Scope {
    Scope::Practice {
        practitioner: practitioner.id,
        client: client.id,
    }
}

/// A server's store with Olga the owner.
struct Server {
    db: TestDb,
    store: Arc<dyn AppStore>,
    owner: Account,
}

/// What a profile holds, as made by [`Server::records`].
struct Records {
    profile: Profile,
    sessions: Vec<Session>,
    trials: Vec<MeasurementId>,
}

impl Records {
    /// The ids rows about these records carry.
    fn ids(&self) -> Vec<String> {
        let mut ids = vec![self.profile.id.to_string()];
        ids.extend(self.sessions.iter().map(|s| s.id.to_string()));
        ids.extend(self.trials.iter().map(|t| t.to_string()));
        ids
    }
}

impl Server {
    async fn new(backend: Backend) -> Self {
        let db = TestDb::new(backend).await;
        let store = db.open().await;
        let mut owner = new_account("Olga", 0);
        store.add_setup_token("setup", at(0)).await.unwrap();
        store.create_owner("setup", &owner, "hash").await.unwrap();
        owner.role = Role::Owner;
        Self { db, store, owner }
    }

    /// An account that came in by an invitation of a kind made by `by`.
    async fn invited(&self, by: &Account, kind: InvitationKind, name: &str) -> Account {
        let token = format!("invitation-for-{name}");
        self.store
            .add_invitation_of_kind(&token, by.id, kind, at(5), at(86_400))
            .await
            .unwrap();
        let account = new_account(name, 10);
        self.store
            .accept_invitation(&token, &account, "hash")
            .await
            .unwrap();
        self.store
            .account_by_email(&account.email)
            .await
            .unwrap()
            .unwrap()
            .0
    }

    /// A profile in `scope` with `sessions` sessions, each screened, with symptoms, two trials
    /// (the first measured by the phone, struck out and taken again), and an exercise.
    async fn records(&self, scope: Scope, name: &str, sessions: i64) -> Records {
        let store = &self.store;
        let profile = Profile::new(DisplayName::parse(name).unwrap(), None, None, None);
        store.create_profile(scope, &profile).await.unwrap();
        let mut made = Records {
            profile: profile.clone(),
            sessions: Vec::new(),
            trials: Vec::new(),
        };
        for k in 0..sessions {
            let t = 1_000 * k;
            let session = Session::start(profile.id, at(t + 100), 3).unwrap();
            store.create_session(scope, &session).await.unwrap();
            store
                .save_screening(scope, session.id, &Screening::new([], at(t + 101)))
                .await
                .unwrap();
            let symptoms = Symptoms::new(
                Pain::new(3).unwrap(),
                Pain::new(1).unwrap(),
                6.0,
                0,
                None,
                at(t + 102),
            )
            .unwrap();
            store
                .save_symptoms(scope, session.id, &symptoms)
                .await
                .unwrap();
            let phone = trial(Side::Left, 1, t + 110);
            store
                .add_measurement_with_series(scope, session.id, &phone, &sample_lift(21.0))
                .await
                .unwrap();
            store
                .void_measurement(scope, session.id, phone.id, &void(t + 111))
                .await
                .unwrap();
            let again = trial(Side::Left, 2, t + 112);
            store
                .add_measurement_with_camera(
                    scope,
                    session.id,
                    &again,
                    &sample_camera(Side::Left, 22.0),
                )
                .await
                .unwrap();
            let exercise = ExerciseRecord::new(
                ExerciseStep::Stretch,
                Some(Exercise::Stretch {
                    option: StretchOption::EdgeOfBed,
                    side: Side::Left,
                }),
                60,
                60,
                ExerciseOutcome::Completed,
                None,
                at(t + 120),
            )
            .unwrap();
            store
                .add_exercise(scope, session.id, &exercise)
                .await
                .unwrap();
            let pain = PainAfter {
                back_pain: Pain::new(2).unwrap(),
                pelvic_pain: Pain::new(0).unwrap(),
                recorded_at: at(t + 130),
            };
            store
                .save_pain_after(scope, session.id, &pain)
                .await
                .unwrap();
            made.trials.extend([phone.id, again.id]);
            made.sessions.push(session);
        }
        made
    }

    /// Every row of every table.
    async fn tables(&self) -> Vec<TableRows> {
        let transfer = self.db.open_transfer().await;
        let tables = transfer.read_tables().await.unwrap();
        let mut listed: Vec<String> = transfer
            .schema_tables()
            .await
            .unwrap()
            .into_iter()
            .map(|(name, _)| name)
            .collect();
        let mut read: Vec<String> = tables.iter().map(|t| t.table.name.to_string()).collect();
        listed.sort();
        read.sort();
        assert_eq!(read, listed, "every table of the schema is read");
        tables
    }
}

/// Whether a row names one of `ids` (an id column, or a key made of one).
fn names(row: &[Value], ids: &[String]) -> bool {
    row.iter().any(|value| match value {
        Value::Text(Some(text)) => ids.iter().any(|id| text.contains(id.as_str())),
        _ => false,
    })
}

/// Exactly the rows of `before` that name one of `ids` are gone in `after`; every other row
/// of every table is still there, unchanged.
#[track_caller]
fn only_gone(before: &[TableRows], after: &[TableRows], ids: &[String]) {
    let mut gone = 0;
    for (b, a) in before.iter().zip(after) {
        assert_eq!(b.table.name, a.table.name);
        let mut kept: Vec<String> = b
            .rows
            .iter()
            .filter(|row| !names(row, ids))
            .map(|row| format!("{row:?}"))
            .collect();
        gone += b.rows.len() - kept.len();
        let mut left: Vec<String> = a.rows.iter().map(|row| format!("{row:?}")).collect();
        kept.sort();
        left.sort();
        assert_eq!(
            left, kept,
            "the rows of {} after the deletion",
            b.table.name
        );
    }
    assert!(gone > 0, "something was deleted");
}

fn rows_in<'a>(tables: &'a [TableRows], name: &str) -> &'a [Vec<Value>] {
    &tables.iter().find(|t| t.table.name == name).unwrap().rows
}

#[track_caller]
fn assert_not_found<T: Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::NotFound { .. }) => {}
        other => panic!("expected not found, got {other:?}"),
    }
}

#[track_caller]
fn assert_not_allowed<T: Debug>(result: StoreResult<T>) -> String {
    match result {
        Err(StoreError::NotAllowed(message)) => message,
        other => panic!("expected not allowed, got {other:?}"),
    }
}

async fn a_struck_out_trial_is_deleted_for_real_with_its_series_and_one_that_counts_is_not(
    backend: Backend,
) {
    let server = Server::new(backend).await;
    let store = &server.store;
    let mia = server
        .invited(&server.owner, InvitationKind::Member, "Mia")
        .await;
    let scope = Scope::of(&mia);
    let records = server.records(scope, "Mia", 1).await;
    let session = records.sessions[0].id;
    let (struck, counting) = (records.trials[0], records.trials[1]);
    let before = server.tables().await;
    assert_eq!(rows_in(&before, "lift_series").len(), 1);

    let counts = store.delete_measurement(scope, session, counting).await;
    match counts {
        Err(StoreError::Conflict(message)) => assert!(message.contains("strike it out first")),
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert_not_found(
        store
            .delete_measurement(scope, session, MeasurementId::random())
            .await,
    );
    assert_not_found(
        store
            .delete_measurement(scope, SessionId::random(), struck)
            .await,
    );
    let olga = Scope::of(&server.owner);
    assert_not_found(store.delete_measurement(olga, session, struck).await);
    let refused = server.tables().await;
    only_gone_nothing(&before, &refused);

    store
        .delete_measurement(scope, session, struck)
        .await
        .unwrap();

    let after = server.tables().await;
    assert!(
        !rows_in(&after, "measurements")
            .iter()
            .any(|r| names(r, &[struck.to_string()]))
    );
    assert!(
        rows_in(&after, "measurements")
            .iter()
            .any(|r| names(r, &[counting.to_string()]))
    );
    assert_eq!(rows_in(&after, "lift_series").len(), 0);
    // The trial that still counts keeps its markers.
    assert_eq!(rows_in(&after, "camera_markers").len(), 1);
    let record = store.session(scope, session).await.unwrap();
    assert_eq!(record.measurements.len(), 1);
    assert_not_found(store.delete_measurement(scope, session, struck).await);
}

/// Nothing changed at all.
#[track_caller]
fn only_gone_nothing(before: &[TableRows], after: &[TableRows]) {
    for (b, a) in before.iter().zip(after) {
        assert_eq!(b.rows, a.rows, "{} is unchanged", b.table.name);
    }
}

async fn a_deleted_trial_changes_the_stamp_even_where_the_counts_come_back(backend: Backend) {
    let server = Server::new(backend).await;
    let store = &server.store;
    let scope = Scope::Terminal;
    let profile = Profile::new(DisplayName::parse("Ida").unwrap(), None, None, None);
    store.create_profile(scope, &profile).await.unwrap();
    let session = Session::start(profile.id, at(0), 3).unwrap();
    store.create_session(scope, &session).await.unwrap();
    let (first, second, third) = (
        trial(Side::Left, 1, 10),
        trial(Side::Left, 2, 11),
        trial(Side::Left, 3, 12),
    );
    for t in [&first, &second] {
        store.add_measurement(scope, session.id, t).await.unwrap();
    }
    let stamp = |store: Arc<dyn AppStore>| async move {
        store.history_stamps(scope, None, 0, 10).await.unwrap().1[0].clone()
    };
    let two_trials = stamp(store.clone()).await;

    store
        .add_measurement(scope, session.id, &third)
        .await
        .unwrap();
    store
        .void_measurement(scope, session.id, first.id, &void(13))
        .await
        .unwrap();
    store
        .delete_measurement(scope, session.id, first.id)
        .await
        .unwrap();

    let again_two = stamp(store.clone()).await;
    assert_eq!((again_two.trials, again_two.voided), (2, 0));
    assert_eq!(again_two.deleted, 1);
    assert_ne!(again_two, two_trials, "another record, another stamp");
}

/// Olga's practice: Pia the practitioner follows Carl the client, and has written a note about
/// his profile, one about his first session, and his prescription.
async fn pia_follows_carl(server: &Server) -> (Account, Account, Records) {
    let pia = server
        .invited(&server.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let carl = server.invited(&pia, InvitationKind::Client, "Carl").await;
    let records = server.records(Scope::of(&carl), "Carl", 2).await;
    let scope = practice(&pia, &carl);
    let store = &server.store;
    for (session, text) in [
        (None, "Sits 9 h a day."),
        (Some(records.sessions[0].id), "Tight."),
    ] {
        let note = NewNote::new(
            records.profile.id,
            session,
            NoteText::parse(text).unwrap(),
            at(5_000),
        );
        store.add_note(scope, &note).await.unwrap();
    }
    let prescription = Prescription {
        stretch: Some(StretchOption::FoamRoller),
        technique: Some(StrengthenTechnique::GluteWeakSide),
        durations: Durations::new(3, 20, 5, 60, 90).unwrap(),
    };
    store
        .set_prescription(scope, records.profile.id, &prescription, at(5_001))
        .await
        .unwrap();
    (pia, carl, records)
}

async fn a_session_is_deleted_with_everything_recorded_in_it_and_nothing_else(backend: Backend) {
    let server = Server::new(backend).await;
    let (_pia, carl, records) = pia_follows_carl(&server).await;
    let other = server.records(Scope::of(&server.owner), "Olga", 1).await;
    let gone = &records.sessions[0];
    let before = server.tables().await;

    let contents = server
        .store
        .delete_session(Scope::of(&carl), gone.id)
        .await
        .unwrap();

    assert_eq!(
        contents,
        Contents {
            profiles: 0,
            sessions: 1,
            trials: 2
        }
    );
    let after = server.tables().await;
    let mut ids = vec![gone.id.to_string()];
    ids.extend(records.trials[..2].iter().map(|t| t.to_string()));
    only_gone(&before, &after, &ids);
    // Screening, symptoms, both trials, the series, the camera's markers, the exercise, the pain at the end and the
    // note about it.
    for table in [
        "screenings",
        "symptoms",
        "exercises",
        "lift_series",
        "camera_markers",
        "pain_after",
    ] {
        assert_eq!(
            rows_in(&after, table).len(),
            rows_in(&before, table).len() - 1
        );
    }
    assert_eq!(rows_in(&after, "practice_notes").len(), 1);
    assert_not_found(server.store.session(Scope::of(&carl), gone.id).await);
    assert_eq!(
        server
            .store
            .list_sessions(Scope::of(&server.owner), Some(other.profile.id))
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn a_profile_is_deleted_with_its_sessions_notes_and_prescription(backend: Backend) {
    let server = Server::new(backend).await;
    let (_pia, carl, records) = pia_follows_carl(&server).await;
    let kept = server.records(Scope::of(&carl), "Carl's son", 1).await;
    let before = server.tables().await;

    let contents = server
        .store
        .delete_profile(Scope::of(&carl), records.profile.id)
        .await
        .unwrap();

    assert_eq!(
        contents,
        Contents {
            profiles: 1,
            sessions: 2,
            trials: 4
        }
    );
    let after = server.tables().await;
    only_gone(&before, &after, &records.ids());
    assert_eq!(rows_in(&after, "practice_notes").len(), 0);
    assert_eq!(rows_in(&after, "prescriptions").len(), 0);
    let left = server.store.list_profiles(Scope::of(&carl)).await.unwrap();
    assert_eq!(left, vec![kept.profile]);
}

async fn a_practitioner_deletes_nothing_of_a_client_and_another_account_finds_nothing(
    backend: Backend,
) {
    let server = Server::new(backend).await;
    let (pia, carl, records) = pia_follows_carl(&server).await;
    let mia = server
        .invited(&server.owner, InvitationKind::Member, "Mia")
        .await;
    let session = records.sessions[0].id;
    let struck = records.trials[0];
    let store = &server.store;
    let before = server.tables().await;

    let scope = practice(&pia, &carl);
    assert_not_allowed(store.delete_measurement(scope, session, struck).await);
    assert_not_allowed(store.delete_session(scope, session).await);
    assert_not_allowed(store.delete_profile(scope, records.profile.id).await);
    for stranger in [Scope::of(&mia), Scope::of(&pia), Scope::of(&server.owner)] {
        assert_not_found(store.delete_measurement(stranger, session, struck).await);
        assert_not_found(store.delete_session(stranger, session).await);
        assert_not_found(store.delete_profile(stranger, records.profile.id).await);
    }

    only_gone_nothing(&before, &server.tables().await);
}

async fn deleting_an_account_takes_all_its_data_and_leaves_every_other_account_intact(
    backend: Backend,
) {
    let server = Server::new(backend).await;
    let store = &server.store;
    let (pia, carl, _carl_records) = pia_follows_carl(&server).await;
    let mia = server
        .invited(&server.owner, InvitationKind::Member, "Mia")
        .await;
    // Pia's own records, sign-ins, tokens, an open invitation, a reset link the owner made for
    // her, and failed sign-ins against her address; Mia and Olga have the same.
    let pia_records = server.records(Scope::of(&pia), "Pia", 2).await;
    let _mia_records = server.records(Scope::of(&mia), "Mia", 1).await;
    let _olga_records = server.records(Scope::of(&server.owner), "Olga", 1).await;
    let _terminal = server.records(Scope::Terminal, "Ida", 1).await;
    for (n, account) in [&pia, &mia, &server.owner].into_iter().enumerate() {
        let name = account.display_name.as_str();
        store
            .add_web_session(&sign_in(
                &format!("web-{name}"),
                account.id,
                "csrf",
                at(0),
                at(90_000),
            ))
            .await
            .unwrap();
        let token = ApiToken {
            id: uuid::Uuid::new_v4(),
            name: format!("laptop of {name}"),
            created_at: at(20),
            last_used_at: None,
        };
        store
            .add_api_token(account.id, &token, &format!("api-{name}"))
            .await
            .unwrap();
        store
            .add_login_failure(&format!("email:{}", account.email), at(30 + n as i64))
            .await
            .unwrap();
    }
    store
        .add_login_failure("client:127.0.0.1", at(40))
        .await
        .unwrap();
    store
        .add_invitation_of_kind(
            "pia-open",
            pia.id,
            InvitationKind::Client,
            at(50),
            at(90_000),
        )
        .await
        .unwrap();
    for account in [&pia, &mia] {
        store
            .add_password_reset(
                &format!("reset-{}", account.display_name),
                account.id,
                server.owner.id,
                at(60),
                at(90_000),
            )
            .await
            .unwrap();
    }
    assert_eq!(
        store.account_contents(pia.id).await.unwrap(),
        Contents {
            profiles: 1,
            sessions: 2,
            trials: 4
        }
    );
    let before = server.tables().await;

    let contents = store.delete_account(pia.id, pia.id).await.unwrap();

    assert_eq!(
        contents,
        Contents {
            profiles: 1,
            sessions: 2,
            trials: 4
        }
    );
    let after = server.tables().await;
    let mut ids = pia_records.ids();
    ids.extend([pia.id.to_string(), pia.email.to_string()]);
    only_gone(&before, &after, &ids);
    assert_eq!(store.account_by_email(&pia.email).await.unwrap(), None);
    assert!(
        store
            .web_session("web-Pia", at(100), Timestamp::MIN)
            .await
            .unwrap()
            .is_none()
    );
    // Carl keeps his own records and account, without Pia's link, notes or prescription.
    assert_eq!(store.practitioner_of(carl.id).await.unwrap(), None);
    assert_eq!(rows_in(&after, "practice_notes").len(), 0);
    assert_eq!(rows_in(&after, "prescriptions").len(), 0);
    assert_eq!(
        store
            .list_sessions(Scope::of(&carl), None)
            .await
            .unwrap()
            .len(),
        2
    );
    assert!(
        store
            .web_session("web-Mia", at(100), Timestamp::MIN)
            .await
            .unwrap()
            .is_some()
    );
    assert_not_found(store.account_contents(pia.id).await);
    assert_not_found(store.delete_account(pia.id, pia.id).await);
}

async fn the_owner_removes_another_account_but_the_owner_is_never_deleted(backend: Backend) {
    let server = Server::new(backend).await;
    let store = &server.store;
    let owner = &server.owner;
    let mia = server.invited(owner, InvitationKind::Member, "Mia").await;
    let ben = server.invited(owner, InvitationKind::Member, "Ben").await;
    let ben_records = server.records(Scope::of(&ben), "Ben", 1).await;
    server.records(Scope::of(owner), "Olga", 1).await;
    let before = server.tables().await;

    let message = assert_not_allowed(store.delete_account(owner.id, owner.id).await);
    assert!(message.contains("delete its database"), "{message}");
    assert_not_allowed(store.delete_account(owner.id, mia.id).await);
    assert_not_allowed(store.delete_account(ben.id, mia.id).await);
    assert_not_found(store.delete_account(AccountId::random(), owner.id).await);
    only_gone_nothing(&before, &server.tables().await);

    let contents = store.delete_account(ben.id, owner.id).await.unwrap();

    assert_eq!(contents.sessions, 1);
    let mut ids = ben_records.ids();
    ids.push(ben.id.to_string());
    only_gone(&before, &server.tables().await, &ids);
    let left: Vec<_> = store
        .accounts()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(left, vec![owner.id, mia.id]);
}

both_backends!(
    a_struck_out_trial_is_deleted_for_real_with_its_series_and_one_that_counts_is_not,
    a_deleted_trial_changes_the_stamp_even_where_the_counts_come_back,
    a_session_is_deleted_with_everything_recorded_in_it_and_nothing_else,
    a_profile_is_deleted_with_its_sessions_notes_and_prescription,
    a_practitioner_deletes_nothing_of_a_client_and_another_account_finds_nothing,
    deleting_an_account_takes_all_its_data_and_leaves_every_other_account_intact,
    the_owner_removes_another_account_but_the_owner_is_never_deleted,
);
