//! A database with a row in every table, written through the ordinary store methods (as the
//! terminal tool and the web app write them), and ways to look at what a database holds.

use psoas_core::camera::{KeptPhoto, PhotoType, Picture};
use psoas_core::inclinometer::RecordedLift;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Exercise, StretchOption};
use psoas_core::practice::NewNote;
use psoas_core::units::{Degrees, Force, ForceUnit, Grade, HeelHeight, HoldResult, LegLength};
use psoas_core::{
    Account, AccountId, DisplayName, Email, ExerciseOutcome, ExerciseRecord, ExerciseStep,
    InvitationKind, NoteText, Pain, Prescription, Profile, RedFlag, Role, Screening, Session,
    SessionId, Side, Symptoms,
};
use psoas_store::audit::{AccessEvent, AccessKind, Door};
use psoas_store::transfer::{self, Summary};
use psoas_store::{ApiToken, AppStore, Scope};
use psoas_testkit::TestDb;

pub use psoas_testkit::at;

fn account(name: &str, email: &str, role: Role) -> Account {
    Account {
        id: AccountId::random(),
        email: Email::parse(email).unwrap(),
        display_name: DisplayName::parse(name).unwrap(),
        role,
        created_at: at(1),
    }
}

fn trial(test: Test, side: Side, n: u16, method: Method, reading: Option<Reading>) -> Measurement {
    Measurement::new(
        Phase::Baseline,
        test,
        side,
        n,
        method,
        reading,
        reading.is_none(),
        at(100 + i64::from(n)),
    )
    .unwrap()
}

/// Every table gets rows: accounts and everything about them, profiles of the terminal and of
/// a member, a finished session with every kind of reading (one with its phone series, one
/// from the camera with its markers and kept photos),
/// exercises, a session stopped at screening, a practitioner with clients, a note and a
/// prescription. Gives the finished session's id.
pub async fn fill(store: &dyn AppStore) -> SessionId {
    let owner = account("Olga", "olga@example.org", Role::Owner);
    store.add_setup_token("setup-hash", at(0)).await.unwrap();
    store.add_setup_token("unused-hash", at(0)).await.unwrap();
    store
        .create_owner("setup-hash", &owner, "$argon2id$owner")
        .await
        .unwrap();
    let member = account("Ben", "ben@example.org", Role::Member);
    store
        .add_invitation("invite-hash", owner.id, at(2), at(999_999))
        .await
        .unwrap();
    store
        .add_invitation("open-hash", owner.id, at(2), at(999_999))
        .await
        .unwrap();
    store
        .accept_invitation("invite-hash", &member, "$argon2id$member")
        .await
        .unwrap();
    store
        .add_password_reset("reset-hash", member.id, owner.id, at(3), at(999_999))
        .await
        .unwrap();
    store
        .add_web_session(&psoas_testkit::sign_in(
            "web-hash",
            owner.id,
            "csrf-1",
            at(1),
            at(999_999),
        ))
        .await
        .unwrap();
    let token = ApiToken {
        id: uuid::Uuid::new_v4(),
        name: "script".into(),
        created_at: at(3),
        last_used_at: None,
    };
    store
        .add_api_token(owner.id, &token, "token-hash")
        .await
        .unwrap();
    store.api_token_account("token-hash", at(4)).await.unwrap();
    store
        .add_login_failure("olga@example.org", at(5))
        .await
        .unwrap();

    let mut anna = Profile::new(
        DisplayName::parse("Anna").unwrap(),
        None,
        None,
        Some(LegLength::new(91.5).unwrap()),
    );
    anna.keep_photos = true;
    store.create_profile(Scope::Terminal, &anna).await.unwrap();
    let bens = Profile::new(DisplayName::parse("Ben's").unwrap(), None, None, None);
    store
        .create_profile(Scope::of(&member), &bens)
        .await
        .unwrap();

    let session = Session::start(anna.id, at(10), 2).unwrap();
    let id = session.id;
    store
        .create_session(Scope::Terminal, &session)
        .await
        .unwrap();
    store
        .save_screening(Scope::Terminal, id, &Screening::new([], at(11)))
        .await
        .unwrap();
    let symptoms = Symptoms::new(
        Pain::new(4).unwrap(),
        Pain::new(1).unwrap(),
        7.5,
        20,
        Some(true),
        at(12),
    )
    .unwrap();
    store
        .save_symptoms(Scope::Terminal, id, &symptoms)
        .await
        .unwrap();
    let pain_after = psoas_core::PainAfter {
        back_pain: Pain::new(2).unwrap(),
        pelvic_pain: Pain::new(0).unwrap(),
        recorded_at: at(13),
    };
    store
        .save_pain_after(Scope::Terminal, id, &pain_after)
        .await
        .unwrap();
    let angle = |d: f64| {
        Some(Reading::Angle {
            degrees: Degrees::new(d).unwrap(),
        })
    };
    let leg = LegLength::new(91.5).unwrap();
    for m in [
        trial(
            Test::LegRaise,
            Side::Left,
            1,
            Method::Goniometer,
            angle(12.5),
        ),
        trial(
            Test::LegRaise,
            Side::Right,
            1,
            Method::TapeMeasure,
            Some(Reading::heel_height(HeelHeight::new(30.0).unwrap(), Some(leg)).unwrap()),
        ),
        trial(
            Test::Strength,
            Side::Left,
            1,
            Method::HelpersFeel,
            Some(Reading::Grade {
                grade: Grade::new(4).unwrap(),
            }),
        ),
        trial(
            Test::Strength,
            Side::Right,
            1,
            Method::Dynamometer,
            Some(Reading::Force {
                force: Force::new(15.5, ForceUnit::KilogramForce).unwrap(),
            }),
        ),
        trial(
            Test::Strength,
            Side::Left,
            2,
            Method::HelpersFeel,
            Some(Reading::Hold {
                result: HoldResult::GaveWay,
            }),
        ),
        trial(Test::Strength, Side::Right, 2, Method::HelpersFeel, None),
    ] {
        store
            .add_measurement(Scope::Terminal, id, &m)
            .await
            .unwrap();
    }
    let phone = trial(
        Test::LegRaise,
        Side::Left,
        2,
        Method::PhoneInclinometer,
        angle(21.0),
    );
    store
        .add_measurement_with_series(Scope::Terminal, id, &phone, &lift())
        .await
        .unwrap();
    let camera = trial(
        Test::LegRaise,
        Side::Right,
        2,
        Method::CameraMarkers,
        angle(12.0),
    );
    store
        .add_measurement_with_camera(
            Scope::Terminal,
            id,
            &camera,
            &psoas_testkit::sample_camera(Side::Right, 12.0),
        )
        .await
        .unwrap();
    for (picture, tail) in [(Picture::Rest, 1u8), (Picture::Lift, 2)] {
        let photo = KeptPhoto {
            picture,
            media_type: PhotoType::Jpeg,
            bytes: vec![0xFF, 0xD8, 0xFF, 0xE0, 0, tail],
        };
        store
            .keep_camera_photo(Scope::Terminal, id, camera.id, &photo)
            .await
            .unwrap();
    }
    let stretch = ExerciseRecord::new(
        ExerciseStep::Stretch,
        Some(Exercise::Stretch {
            option: StretchOption::EdgeOfBed,
            side: Side::Left,
        }),
        120,
        90,
        ExerciseOutcome::Stopped,
        Some("cramp".into()),
        at(200),
    )
    .unwrap();
    store
        .add_exercise(Scope::Terminal, id, &stretch)
        .await
        .unwrap();
    store
        .finish_session(Scope::Terminal, id, at(300))
        .await
        .unwrap();

    let stopped = Session::start(bens.id, at(400), 3).unwrap();
    store
        .create_session(Scope::of(&member), &stopped)
        .await
        .unwrap();
    store
        .save_screening(
            Scope::of(&member),
            stopped.id,
            &Screening::new([RedFlag::Pregnancy], at(401)),
        )
        .await
        .unwrap();
    practice(store, &owner).await;
    id
}

/// A practitioner with a client (and one who unlinked), a note on the client's session and
/// a prescription, all through the store.
async fn practice(store: &dyn AppStore, owner: &Account) {
    let pia = account("Pia", "pia@example.org", Role::Practitioner);
    store
        .add_invitation_of_kind(
            "practitioner-hash",
            owner.id,
            InvitationKind::Practitioner,
            at(500),
            at(999_999),
        )
        .await
        .unwrap();
    store
        .accept_invitation("practitioner-hash", &pia, "$argon2id$pia")
        .await
        .unwrap();
    let mut clients = Vec::new();
    for (name, email) in [("Carl", "carl@example.org"), ("Cleo", "cleo@example.org")] {
        let client = account(name, email, Role::Client);
        let hash = format!("client-hash-{name}");
        store
            .add_invitation_of_kind(&hash, pia.id, InvitationKind::Client, at(501), at(999_999))
            .await
            .unwrap();
        store
            .accept_invitation(&hash, &client, "$argon2id$client")
            .await
            .unwrap();
        clients.push(client);
    }
    store
        .unlink(clients[1].id, clients[1].id, at(502))
        .await
        .unwrap();
    let carl = &clients[0];
    let profile = Profile::new(DisplayName::parse("Carl").unwrap(), None, None, None);
    store
        .create_profile(Scope::of(carl), &profile)
        .await
        .unwrap();
    let session = Session::start(profile.id, at(503), 1).unwrap();
    store
        .create_session(Scope::of(carl), &session)
        .await
        .unwrap();
    let scope = Scope::Practice {
        practitioner: pia.id,
        client: carl.id,
    };
    let note = NewNote::new(
        profile.id,
        Some(session.id),
        NoteText::parse("Left hip tight; roller at home.").unwrap(),
        at(504),
    );
    store.add_note(scope, &note).await.unwrap();
    let prescription = Prescription {
        stretch: Some(StretchOption::FoamRoller),
        technique: None,
        durations: psoas_core::Durations::new(3, 20, 5, 90, 60).unwrap(),
    };
    store
        .set_prescription(scope, profile.id, &prescription, at(505))
        .await
        .unwrap();
    // The access log: one entry about a person, one about all of the account's.
    for (profile, kind, door) in [
        (Some(profile.id), AccessKind::NoteWritten, Door::Pages),
        (None, AccessKind::Sessions, Door::Api),
    ] {
        store
            .record_access(&AccessEvent {
                at: at(506),
                actor: pia.id,
                subject: carl.id,
                profile,
                kind,
                door,
            })
            .await
            .unwrap();
    }
}

fn lift() -> RecordedLift {
    psoas_testkit::sample_lift(21.0)
}

/// Row counts and checksums of every table, read directly from the store.
pub async fn summaries(db: &TestDb) -> Vec<Summary> {
    let store = db.open_transfer().await;
    store
        .read_tables()
        .await
        .unwrap()
        .iter()
        .map(|t| transfer::summarize(t.table, &t.rows))
        .collect()
}
