//! The storage conformance suite, practice part, on both backends (`name::sqlite`,
//! `name::postgres`): who may invite whom, what a practitioner's scope reads (linked clients
//! only), what it may not write, notes, prescriptions, and unlinking that hides a client at
//! once.

use std::fmt::Debug;

use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Durations, Exercise, StrengthenTechnique, StretchOption};
use psoas_core::practice::NewNote;
use psoas_core::units::Degrees;
use psoas_core::{
    Account, AccountId, DisplayName, Email, ExerciseOutcome, ExerciseRecord, ExerciseStep,
    InvitationKind, NoteText, Pain, Prescription, Profile, Role, Screening, Session, Side,
    Symptoms, TrialVoid, VoidReason,
};
use psoas_store::audit::{AccessEvent, AccessKind, Actor, Door};
use psoas_store::{AppStore, Scope, StoreError, StoreResult};
use psoas_testkit::{Backend, TestDb, both_backends};
use std::sync::Arc;

use crate::fixtures::at;

fn new_account(name: &str, email: &str, seconds: i64) -> Account {
    Account {
        id: AccountId::random(),
        email: Email::parse(email).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        // The store gives the role of the way in; this one must be ignored.
        role: Role::Owner,
        created_at: at(seconds),
    }
}

/// A fresh store of a backend, with the owner Olga.
struct Practice {
    _db: TestDb,
    store: Arc<dyn AppStore>,
    owner: Account,
}

impl Practice {
    async fn new(backend: Backend) -> Self {
        let db = TestDb::new(backend).await;
        let store = db.open().await;
        let mut owner = new_account("Olga", "olga@example.org", 0);
        store.add_setup_token("setup", at(0)).await.unwrap();
        store.create_owner("setup", &owner, "hash").await.unwrap();
        owner.role = Role::Owner;
        Self {
            _db: db,
            store,
            owner,
        }
    }

    /// An account signed up with an invitation of a kind made by `by`; the stored account.
    async fn invited(&self, by: &Account, kind: InvitationKind, name: &str) -> Account {
        let email = format!("{}@example.org", name.to_lowercase());
        let token = format!("invitation-for-{email}");
        self.store
            .add_invitation_of_kind(&token, by.id, kind, at(5), at(86_400))
            .await
            .unwrap();
        let account = new_account(name, &email, 10);
        self.store
            .accept_invitation(&token, &account, "hash")
            .await
            .unwrap();
        let (stored, _) = self
            .store
            .account_by_email(&account.email)
            .await
            .unwrap()
            .unwrap();
        stored
    }

    /// A profile of an account with one screened session holding one trial.
    async fn client_records(&self, client: &Account, name: &str) -> (Profile, Session) {
        let scope = Scope::of(client);
        let profile = Profile::new(DisplayName::parse(name).unwrap(), None, None, None);
        self.store.create_profile(scope, &profile).await.unwrap();
        let session = Session::start(profile.id, at(100), 3).unwrap();
        self.store.create_session(scope, &session).await.unwrap();
        self.store
            .save_screening(scope, session.id, &Screening::new([], at(101)))
            .await
            .unwrap();
        self.store
            .add_measurement(scope, session.id, &trial(1))
            .await
            .unwrap();
        (profile, session)
    }
}

fn trial(number: u16) -> Measurement {
    Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        Side::Left,
        number,
        Method::Goniometer,
        Some(Reading::Angle {
            degrees: Degrees::new(20.0).unwrap(),
        }),
        false,
        at(130),
    )
    .unwrap()
}

fn practice(practitioner: &Account, client: &Account) -> Scope {
    Scope::Practice {
        practitioner: practitioner.id,
        client: client.id,
    }
}

fn note(profile: &Profile, session: Option<&Session>, text: &str, seconds: i64) -> NewNote {
    NewNote::new(
        profile.id,
        session.map(|s| s.id),
        NoteText::parse(text).unwrap(),
        at(seconds),
    )
}

fn prescription(reps: u8, hold: u32) -> Prescription {
    Prescription {
        stretch: Some(StretchOption::FoamRoller),
        technique: Some(StrengthenTechnique::GluteWeakSide),
        durations: Durations::new(reps, hold, 5, 60, 90).unwrap(),
    }
}

#[track_caller]
fn assert_not_found<T: Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::NotFound { .. }) => {}
        other => panic!("expected not found, got {other:?}"),
    }
}

#[track_caller]
fn assert_not_allowed<T: Debug>(result: StoreResult<T>) {
    match result {
        Err(StoreError::NotAllowed(message)) => assert!(message.len() > 20, "{message}"),
        other => panic!("expected not allowed, got {other:?}"),
    }
}

async fn the_owner_makes_practitioners_and_whoever_practises_invites_clients(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    assert_eq!(pia.role, Role::Practitioner);
    let mia = p.invited(&p.owner, InvitationKind::Member, "Mia").await;
    assert_eq!(mia.role, Role::Member);

    // A practitioner's client invitation is open, says its kind and its maker.
    p.store
        .add_invitation_of_kind("for-carl", pia.id, InvitationKind::Client, at(5), at(99))
        .await
        .unwrap();
    let (kind, maker) = p
        .store
        .open_invitation("for-carl", at(6))
        .await
        .unwrap()
        .unwrap();
    assert_eq!((kind, maker.as_str()), (InvitationKind::Client, "Pia"));
    assert_eq!(
        p.store.open_invitation("for-carl", at(99)).await.unwrap(),
        None
    );

    // Accepting it makes a client linked to Pia.
    let carl = new_account("Carl", "carl@example.org", 10);
    p.store
        .accept_invitation("for-carl", &carl, "h")
        .await
        .unwrap();
    let (stored, _) = p
        .store
        .account_by_email(&carl.email)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.role, Role::Client);
    let link = p.store.practitioner_of(carl.id).await.unwrap().unwrap();
    assert_eq!(link.practitioner, pia.id);
    assert_eq!(link.practitioner_name.as_str(), "Pia");
    assert_eq!(link.linked_at, at(10));
    assert_eq!(
        p.store.open_invitation("for-carl", at(11)).await.unwrap(),
        None
    );

    // The owner practises too; members, clients and practitioners cannot make what they
    // may not, and nothing is kept of a refused invitation.
    p.store
        .add_invitation_of_kind(
            "owner-client",
            p.owner.id,
            InvitationKind::Client,
            at(5),
            at(99),
        )
        .await
        .unwrap();
    for (by, kind) in [
        (&mia, InvitationKind::Client),
        (&stored, InvitationKind::Client),
        (&pia, InvitationKind::Practitioner),
        (&pia, InvitationKind::Member),
        (&mia, InvitationKind::Member),
    ] {
        assert_not_allowed(
            p.store
                .add_invitation_of_kind("refused", by.id, kind, at(5), at(99))
                .await,
        );
        assert_eq!(
            p.store.open_invitation("refused", at(6)).await.unwrap(),
            None
        );
    }
    assert_not_found(
        p.store
            .add_invitation_of_kind(
                "nobody",
                AccountId::random(),
                InvitationKind::Client,
                at(5),
                at(99),
            )
            .await,
    );
    // The older way to invite still makes members.
    assert!(p.store.clients(mia.id).await.unwrap().is_empty());
}

async fn a_practitioner_reads_a_linked_clients_records_and_nothing_else(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let paul = p
        .invited(&p.owner, InvitationKind::Practitioner, "Paul")
        .await;
    let mia = p.invited(&p.owner, InvitationKind::Member, "Mia").await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let cleo = p.invited(&pia, InvitationKind::Client, "Cleo").await;
    let bea = p.invited(&paul, InvitationKind::Client, "Bea").await;
    let (carl_profile, carl_session) = p.client_records(&carl, "Carl").await;
    let (_, cleo_session) = p.client_records(&cleo, "Cleo").await;
    let (_, bea_session) = p.client_records(&bea, "Bea").await;
    let (_, mia_session) = p.client_records(&mia, "Mia").await;
    p.store
        .create_profile(
            Scope::of(&pia),
            &Profile::new(DisplayName::parse("Pia herself").unwrap(), None, None, None),
        )
        .await
        .unwrap();

    // Pia's clients, by name; one of them by id; not Paul's client, not a member.
    let clients = p.store.clients(pia.id).await.unwrap();
    let names: Vec<_> = clients.iter().map(|c| c.client_name.as_str()).collect();
    assert_eq!(names, ["Carl", "Cleo"]);
    assert_eq!(clients[0].client_email.as_str(), "carl@example.org");
    assert_eq!(
        p.store.client(pia.id, carl.id).await.unwrap().client,
        carl.id
    );
    assert_not_found(p.store.client(pia.id, bea.id).await);
    assert_not_found(p.store.client(pia.id, mia.id).await);
    assert_not_found(p.store.client(paul.id, carl.id).await);

    // Through one client's scope: that client's profile and session, with the trial.
    let scope = practice(&pia, &carl);
    let profiles = p.store.list_profiles(scope).await.unwrap();
    assert_eq!(profiles, vec![carl_profile.clone()]);
    let sessions = p.store.list_sessions(scope, None).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].measurements.len(), 1);
    let record = p.store.session(scope, carl_session.id).await.unwrap();
    assert_eq!(record.session.id, carl_session.id);
    assert_eq!(
        p.store.find_profile(scope, "carl").await.unwrap().id,
        carl_profile.id
    );

    // Not another client of hers through Carl's scope, not Paul's client, not a member,
    // not her own profiles.
    for other in [cleo_session.id, bea_session.id, mia_session.id] {
        assert_not_found(p.store.session(scope, other).await);
    }
    for (practitioner, client) in [(&pia, &bea), (&paul, &carl), (&pia, &mia), (&mia, &carl)] {
        let scope = practice(practitioner, client);
        assert!(p.store.list_profiles(scope).await.unwrap().is_empty());
        assert!(p.store.list_sessions(scope, None).await.unwrap().is_empty());
        assert_not_found(p.store.session(scope, carl_session.id).await);
    }
    // Her own scope keeps her own profiles only.
    let own = p.store.list_profiles(Scope::of(&pia)).await.unwrap();
    assert_eq!(own.len(), 1);
    assert_eq!(own[0].name.as_str(), "Pia herself");
    // And the client's own scope does not reach the practitioner's or other clients' data.
    let carls = p.store.list_sessions(Scope::of(&carl), None).await.unwrap();
    assert_eq!(carls.len(), 1);
    assert_not_found(p.store.session(Scope::of(&carl), cleo_session.id).await);
}

async fn a_practitioner_cannot_record_into_a_clients_profiles_or_sessions(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let (mut profile, session) = p.client_records(&carl, "Carl").await;
    let scope = practice(&pia, &carl);
    let before = p.store.session(Scope::of(&carl), session.id).await.unwrap();

    profile.name = DisplayName::parse("Renamed").unwrap();
    assert_not_allowed(p.store.update_profile(scope, &profile).await);
    assert_not_allowed(
        p.store
            .create_profile(
                scope,
                &Profile::new(DisplayName::parse("New").unwrap(), None, None, None),
            )
            .await,
    );
    assert_not_allowed(
        p.store
            .create_session(scope, &Session::start(profile.id, at(200), 3).unwrap())
            .await,
    );
    assert_not_allowed(
        p.store
            .save_screening(scope, session.id, &Screening::new([], at(201)))
            .await,
    );
    let symptoms = Symptoms::new(
        Pain::new(1).unwrap(),
        Pain::new(1).unwrap(),
        1.0,
        0,
        None,
        at(202),
    )
    .unwrap();
    assert_not_allowed(p.store.save_symptoms(scope, session.id, &symptoms).await);
    assert_not_allowed(p.store.add_measurement(scope, session.id, &trial(2)).await);
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
        at(203),
    )
    .unwrap();
    assert_not_allowed(p.store.add_exercise(scope, session.id, &exercise).await);
    assert_not_allowed(p.store.finish_session(scope, session.id, at(204)).await);
    let void = TrialVoid::new(VoidReason::Typo, None, Some(pia.id), at(205)).unwrap();
    assert_not_allowed(
        p.store
            .void_measurement(scope, session.id, before.measurements[0].id, &void)
            .await,
    );

    // Nothing changed.
    assert_eq!(
        p.store.session(Scope::of(&carl), session.id).await.unwrap(),
        before
    );
    let profiles = p.store.list_profiles(Scope::Terminal).await.unwrap();
    let names: Vec<_> = profiles.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Carl"]);
}

async fn notes_are_the_practitioners_own_about_a_linked_clients_profile_or_session(
    backend: Backend,
) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let paul = p
        .invited(&p.owner, InvitationKind::Practitioner, "Paul")
        .await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let bea = p.invited(&paul, InvitationKind::Client, "Bea").await;
    let (profile, session) = p.client_records(&carl, "Carl").await;
    let (bea_profile, bea_session) = p.client_records(&bea, "Bea").await;
    let scope = practice(&pia, &carl);

    p.store
        .add_note(scope, &note(&profile, None, "Sits 9 h a day.", 300))
        .await
        .unwrap();
    p.store
        .add_note(
            scope,
            &note(
                &profile,
                Some(&session),
                "Left side eased after the roller.",
                310,
            ),
        )
        .await
        .unwrap();
    let notes = p.store.notes(scope, profile.id).await.unwrap();
    assert_eq!(notes.len(), 2);
    assert_eq!(notes[0].note.text.as_str(), "Sits 9 h a day.");
    assert_eq!(notes[0].note.session_id, None);
    assert_eq!(notes[0].author, pia.id);
    assert_eq!(notes[0].author_name.as_str(), "Pia");
    assert_eq!(notes[0].note.created_at, at(300));
    assert_eq!(notes[1].note.session_id, Some(session.id));

    // Out of reach: another practitioner's client, a session of another profile, another
    // practitioner on Pia's client. Nothing is stored.
    assert_not_found(
        p.store
            .add_note(scope, &note(&bea_profile, None, "x", 320))
            .await,
    );
    assert_not_found(
        p.store
            .add_note(scope, &note(&profile, Some(&bea_session), "x", 320))
            .await,
    );
    assert_not_found(
        p.store
            .add_note(practice(&paul, &carl), &note(&profile, None, "x", 320))
            .await,
    );
    assert_not_found(p.store.notes(practice(&paul, &carl), profile.id).await);
    assert_not_found(p.store.notes(scope, bea_profile.id).await);
    assert_eq!(p.store.notes(scope, profile.id).await.unwrap().len(), 2);

    // The client does not read or write notes: they are the practitioner's working record.
    assert_not_allowed(p.store.notes(Scope::of(&carl), profile.id).await);
    assert_not_allowed(
        p.store
            .add_note(Scope::of(&carl), &note(&profile, None, "mine", 330))
            .await,
    );
    assert_not_allowed(p.store.notes(Scope::Terminal, profile.id).await);
    assert_eq!(p.store.notes(scope, profile.id).await.unwrap().len(), 2);
}

async fn a_prescription_is_set_by_the_linked_practitioner_and_read_by_the_client(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let paul = p
        .invited(&p.owner, InvitationKind::Practitioner, "Paul")
        .await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let mia = p.invited(&p.owner, InvitationKind::Member, "Mia").await;
    let (profile, _) = p.client_records(&carl, "Carl").await;
    let (mia_profile, _) = p.client_records(&mia, "Mia").await;
    let scope = practice(&pia, &carl);

    assert_eq!(
        p.store
            .prescription(Scope::of(&carl), profile.id)
            .await
            .unwrap(),
        None
    );
    p.store
        .set_prescription(scope, profile.id, &prescription(3, 20), at(400))
        .await
        .unwrap();
    p.store
        .set_prescription(scope, profile.id, &prescription(4, 25), at(410))
        .await
        .unwrap();
    for reader in [Scope::of(&carl), scope] {
        let found = p
            .store
            .prescription(reader, profile.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.prescription, prescription(4, 25));
        assert_eq!(found.by, pia.id);
        assert_eq!(found.by_name.as_str(), "Pia");
        assert_eq!(found.at, at(410));
    }

    // Refused: the client itself, another practitioner, a member's profile.
    assert_not_allowed(
        p.store
            .set_prescription(Scope::of(&carl), profile.id, &prescription(9, 9), at(420))
            .await,
    );
    assert_not_found(
        p.store
            .set_prescription(
                practice(&paul, &carl),
                profile.id,
                &prescription(9, 9),
                at(420),
            )
            .await,
    );
    assert_not_found(
        p.store
            .set_prescription(scope, mia_profile.id, &prescription(9, 9), at(420))
            .await,
    );
    assert_not_found(
        p.store
            .prescription(practice(&paul, &carl), profile.id)
            .await,
    );
    assert_not_found(p.store.prescription(Scope::of(&mia), profile.id).await);
    assert_eq!(
        p.store
            .prescription(Scope::of(&mia), mia_profile.id)
            .await
            .unwrap(),
        None
    );
    let kept = p
        .store
        .prescription(Scope::of(&carl), profile.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.prescription, prescription(4, 25));
}

async fn unlinking_by_the_practitioner_hides_the_client_at_once(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let (profile, session) = p.client_records(&carl, "Carl").await;
    let scope = practice(&pia, &carl);
    p.store
        .set_prescription(scope, profile.id, &prescription(3, 20), at(400))
        .await
        .unwrap();
    p.store
        .add_note(scope, &note(&profile, None, "before", 300))
        .await
        .unwrap();

    p.store.unlink(pia.id, carl.id, at(500)).await.unwrap();

    assert!(p.store.clients(pia.id).await.unwrap().is_empty());
    assert_not_found(p.store.client(pia.id, carl.id).await);
    assert_eq!(p.store.practitioner_of(carl.id).await.unwrap(), None);
    assert!(p.store.list_profiles(scope).await.unwrap().is_empty());
    assert!(p.store.list_sessions(scope, None).await.unwrap().is_empty());
    assert_not_found(p.store.session(scope, session.id).await);
    assert_not_found(p.store.notes(scope, profile.id).await);
    assert_not_found(
        p.store
            .add_note(scope, &note(&profile, None, "after", 510))
            .await,
    );
    assert_not_found(
        p.store
            .set_prescription(scope, profile.id, &prescription(5, 30), at(510))
            .await,
    );
    assert_not_found(p.store.prescription(scope, profile.id).await);
    // The prescription no longer applies to the client's sessions; their own data stays.
    assert_eq!(
        p.store
            .prescription(Scope::of(&carl), profile.id)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        p.store
            .list_sessions(Scope::of(&carl), None)
            .await
            .unwrap()
            .len(),
        1
    );
    // There is nothing left to unlink.
    assert_not_found(p.store.unlink(pia.id, carl.id, at(520)).await);
    assert_not_found(p.store.unlink(carl.id, carl.id, at(520)).await);
}

async fn the_client_may_unlink_but_nobody_else_may(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let paul = p
        .invited(&p.owner, InvitationKind::Practitioner, "Paul")
        .await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let cleo = p.invited(&pia, InvitationKind::Client, "Cleo").await;
    let (_, session) = p.client_records(&carl, "Carl").await;

    for stranger in [&paul, &cleo, &p.owner] {
        assert_not_found(p.store.unlink(stranger.id, carl.id, at(500)).await);
    }
    assert_eq!(p.store.clients(pia.id).await.unwrap().len(), 2);

    p.store.unlink(carl.id, carl.id, at(510)).await.unwrap();
    assert_not_found(p.store.session(practice(&pia, &carl), session.id).await);
    let left: Vec<_> = p
        .store
        .clients(pia.id)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.client)
        .collect();
    assert_eq!(left, [cleo.id]);
}

fn access(
    actor: &Account,
    subject: &Account,
    profile: Option<&Profile>,
    kind: AccessKind,
    seconds: i64,
) -> AccessEvent {
    AccessEvent {
        at: at(seconds),
        actor: actor.id,
        subject: subject.id,
        profile: profile.map(|p| p.id),
        kind,
        door: Door::Pages,
    }
}

async fn the_access_log_is_the_clients_own_and_goes_with_what_it_is_about(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let (profile, _) = p.client_records(&carl, "Carl").await;
    let other = Profile::new(DisplayName::parse("Cora").unwrap(), None, None, None);
    p.store
        .create_profile(Scope::of(&carl), &other)
        .await
        .unwrap();
    let opened = AccessKind::Session;
    for (seconds, door) in [
        (200, Door::Pages),
        (230, Door::Pages),
        (240, Door::Api),
        (300, Door::Pages),
    ] {
        let mut event = access(&pia, &carl, Some(&profile), opened, seconds);
        event.door = door;
        p.store.record_access(&event).await.unwrap();
    }
    let export = access(&carl, &carl, None, AccessKind::Exported, 400);
    p.store.record_access(&export).await.unwrap();
    let cora = access(&pia, &carl, Some(&other), AccessKind::NoteWritten, 410);
    p.store.record_access(&cora).await.unwrap();

    // Newest first; the same access within a minute kept once, another door apart.
    let log = p.store.access_log(carl.id, 100).await.unwrap();
    let seen: Vec<_> = log
        .iter()
        .map(|e| (e.at, e.kind, e.door, e.profile_name.as_deref()))
        .collect();
    assert_eq!(
        seen,
        [
            (at(410), AccessKind::NoteWritten, Door::Pages, Some("Cora")),
            (at(400), AccessKind::Exported, Door::Pages, None),
            (at(300), opened, Door::Pages, Some("Carl")),
            (at(240), opened, Door::Api, Some("Carl")),
            (at(200), opened, Door::Pages, Some("Carl")),
        ]
    );
    assert_eq!(log[1].actor, Actor::Themselves);
    assert_eq!(
        log[2].actor,
        Actor::Account {
            name: "Pia".to_string(),
            email: "pia@example.org".to_string()
        }
    );
    assert_eq!(p.store.access_log(carl.id, 2).await.unwrap().len(), 2);
    // Nobody else sees it: not the practitioner, not the owner.
    for other in [&pia, &p.owner] {
        assert!(p.store.access_log(other.id, 100).await.unwrap().is_empty());
    }

    // Deleting a person takes the entries about them; the rest stay.
    p.store
        .delete_profile(Scope::of(&carl), other.id)
        .await
        .unwrap();
    assert_eq!(p.store.access_log(carl.id, 100).await.unwrap().len(), 4);
    // The practitioner's account deleted: who it was is gone, that it happened stays.
    p.store.delete_account(pia.id, p.owner.id).await.unwrap();
    let log = p.store.access_log(carl.id, 100).await.unwrap();
    assert_eq!(log.len(), 4);
    assert_eq!(log[1].actor, Actor::Deleted);
    // The client's account deleted: its log goes with it.
    p.store.delete_account(carl.id, carl.id).await.unwrap();
    assert!(p.store.access_log(carl.id, 100).await.unwrap().is_empty());
}

async fn a_client_reads_every_note_written_about_them_linked_or_not(backend: Backend) {
    let p = Practice::new(backend).await;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let carl = p.invited(&pia, InvitationKind::Client, "Carl").await;
    let cleo = p.invited(&pia, InvitationKind::Client, "Cleo").await;
    let (profile, session) = p.client_records(&carl, "Carl").await;
    let (cleos, _) = p.client_records(&cleo, "Cleo").await;
    let scope = practice(&pia, &carl);
    p.store
        .add_note(
            scope,
            &note(&profile, Some(&session), "left side tight", 310),
        )
        .await
        .unwrap();
    p.store
        .add_note(scope, &note(&profile, None, "first visit", 300))
        .await
        .unwrap();
    p.store
        .add_note(
            practice(&pia, &cleo),
            &note(&cleos, None, "about Cleo", 320),
        )
        .await
        .unwrap();
    p.store.unlink(carl.id, carl.id, at(400)).await.unwrap();

    let notes = p.store.notes_about(carl.id).await.unwrap();
    let read: Vec<_> = notes
        .iter()
        .map(|(person, n)| {
            (
                person.as_str(),
                n.note.text.as_str(),
                n.author_name.as_str(),
            )
        })
        .collect();
    assert_eq!(
        read,
        [
            ("Carl", "first visit", "Pia"),
            ("Carl", "left side tight", "Pia")
        ]
    );
    assert_eq!(notes[1].1.note.session_id, Some(session.id));
    assert!(p.store.notes_about(pia.id).await.unwrap().is_empty());
}

async fn an_invitation_is_listed_and_withdrawn_by_its_maker_alone(backend: Backend) {
    let p = Practice::new(backend).await;
    let store = &p.store;
    let pia = p
        .invited(&p.owner, InvitationKind::Practitioner, "Pia")
        .await;
    let member = store
        .add_invitation("member-link", p.owner.id, at(20), at(86_400))
        .await
        .unwrap();
    let client = store
        .add_invitation_of_kind(
            "client-link",
            pia.id,
            InvitationKind::Client,
            at(30),
            at(900),
        )
        .await
        .unwrap();

    // Each maker lists only their own open invitations, the newest first; the used one
    // (Pia's own) is not among them.
    let olgas = store.open_invitations(p.owner.id, at(40)).await.unwrap();
    assert_eq!(olgas.len(), 1, "{olgas:?}");
    assert_eq!(olgas[0].id, member);
    assert_eq!(olgas[0].kind, InvitationKind::Member);
    assert_eq!(olgas[0].created_at, at(20));
    assert_eq!(olgas[0].expires_at, at(86_400));
    let pias = store.open_invitations(pia.id, at(40)).await.unwrap();
    assert_eq!(pias.iter().map(|i| i.id).collect::<Vec<_>>(), vec![client]);
    // Past its expiry it is no longer open, to list or to withdraw.
    assert!(
        store
            .open_invitations(pia.id, at(900))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(matches!(
        store.withdraw_invitation(pia.id, client, at(900)).await,
        Err(StoreError::NotFound {
            what: "invitation",
            ..
        })
    ));

    // Nobody withdraws another's invitation, and it keeps working.
    for (by, id) in [(pia.id, member), (p.owner.id, client)] {
        assert!(matches!(
            store.withdraw_invitation(by, id, at(50)).await,
            Err(StoreError::NotFound {
                what: "invitation",
                ..
            })
        ));
    }
    assert!(
        store
            .invitation_is_open("member-link", at(50))
            .await
            .unwrap()
    );

    // Withdrawn, the link stops working at once and everywhere, and cannot be withdrawn
    // again.
    store
        .withdraw_invitation(p.owner.id, member, at(50))
        .await
        .unwrap();
    assert!(
        !store
            .invitation_is_open("member-link", at(51))
            .await
            .unwrap()
    );
    assert!(
        store
            .open_invitation("member-link", at(51))
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        store
            .open_invitations(p.owner.id, at(51))
            .await
            .unwrap()
            .is_empty()
    );
    let late = new_account("Mia", "mia@example.org", 60);
    assert!(
        store
            .accept_invitation("member-link", &late, "hash")
            .await
            .is_err()
    );
    assert!(store.account_by_email(&late.email).await.unwrap().is_none());
    assert!(matches!(
        store.withdraw_invitation(p.owner.id, member, at(52)).await,
        Err(StoreError::NotFound {
            what: "invitation",
            ..
        })
    ));
    // The client invitation is untouched by it.
    assert!(
        store
            .invitation_is_open("client-link", at(52))
            .await
            .unwrap()
    );
}

both_backends!(
    the_owner_makes_practitioners_and_whoever_practises_invites_clients,
    a_practitioner_reads_a_linked_clients_records_and_nothing_else,
    a_practitioner_cannot_record_into_a_clients_profiles_or_sessions,
    notes_are_the_practitioners_own_about_a_linked_clients_profile_or_session,
    a_prescription_is_set_by_the_linked_practitioner_and_read_by_the_client,
    unlinking_by_the_practitioner_hides_the_client_at_once,
    the_client_may_unlink_but_nobody_else_may,
    the_access_log_is_the_clients_own_and_goes_with_what_it_is_about,
    a_client_reads_every_note_written_about_them_linked_or_not,
    an_invitation_is_listed_and_withdrawn_by_its_maker_alone,
);
