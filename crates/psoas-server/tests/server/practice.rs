//! Practitioners and clients over HTTP against a real server and SQLite file: invitations of
//! each kind, the clients page, a client's records, notes and prescriptions, unlinking by
//! either side, and every practitioner page answering "not found" to anyone not linked.

use crate::common::{Backend, TestApp, both_backends, client, csrf_of, spawn_app, token_in};
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::units::Degrees;
use psoas_core::{
    Account, Email, NextStep, Pain, Profile, ProfileId, Screening, Session, SessionId, Side,
    Symptoms,
};
use psoas_store::Scope;

/// A signed-in person with their CSRF token and stored account.
struct Person {
    http: reqwest::Client,
    csrf: String,
    account: Account,
}

impl Person {
    async fn get(&self, app: &TestApp, path: &str) -> (u16, String) {
        let response = self.http.get(app.url(path)).send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    async fn page(&self, app: &TestApp, path: &str) -> String {
        let (status, page) = self.get(app, path).await;
        assert_eq!(status, 200, "{path}: {page}");
        page
    }

    /// Posts a form with this person's CSRF token; returns the status and the page.
    async fn post(&self, app: &TestApp, path: &str, fields: &[(&str, &str)]) -> (u16, String) {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let response = self
            .http
            .post(app.url(path))
            .form(&all)
            .send()
            .await
            .unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }

    fn scope(&self) -> Scope {
        Scope::of(&self.account)
    }
}

/// Signs up with an invitation token; the new person.
async fn sign_up(app: &TestApp, token: &str, name: &str, email: &str) -> Person {
    let http = app.sign_up(token, name, email).await;
    let csrf = app.csrf(&http).await;
    let (account, _) = app
        .store
        .account_by_email(&Email::parse(email).unwrap())
        .await
        .unwrap()
        .unwrap();
    Person {
        http,
        csrf,
        account,
    }
}

/// The owner Olga.
async fn owner(app: &TestApp) -> Person {
    let http = app.owner("olga@example.org").await;
    let csrf = app.csrf(&http).await;
    let (account, _) = app
        .store
        .account_by_email(&Email::parse("olga@example.org").unwrap())
        .await
        .unwrap()
        .unwrap();
    Person {
        http,
        csrf,
        account,
    }
}

/// An account invited by the owner as `kind` ("member" or "practitioner").
async fn invited(app: &TestApp, owner: &Person, kind: &str, name: &str) -> Person {
    let token = app.invitation_token(&owner.http, kind).await;
    let email = format!("{}@example.org", name.to_lowercase());
    sign_up(app, &token, name, &email).await
}

/// A client invited by a practitioner through the clients page.
async fn client_of(app: &TestApp, practitioner: &Person, name: &str) -> Person {
    let (status, page) = practitioner.post(app, "/clients/invitations", &[]).await;
    assert_eq!(status, 200, "{page}");
    let email = format!("{}@example.org", name.to_lowercase());
    sign_up(app, &token_in(&page), name, &email).await
}

use psoas_testkit::on_the_second as at;

fn leg_raise(side: Side, degrees: f64) -> Measurement {
    Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        side,
        1,
        Method::Inclinometer,
        Some(Reading::Angle {
            degrees: Degrees::new(degrees).unwrap(),
        }),
        false,
        at(130),
    )
    .unwrap()
}

/// A person of the client with a session at the stretch (left side tight), stored in the
/// client's own scope as the client's pages would.
async fn session_at_stretch(app: &TestApp, client: &Person, name: &str) -> (ProfileId, SessionId) {
    let store = &app.store;
    let scope = client.scope();
    let profile = Profile::new(
        psoas_core::DisplayName::parse(name).unwrap(),
        None,
        None,
        None,
    );
    store.create_profile(scope, &profile).await.unwrap();
    let session = Session::start(profile.id, at(100), 1).unwrap();
    store.create_session(scope, &session).await.unwrap();
    store
        .save_screening(scope, session.id, &Screening::new([], at(101)))
        .await
        .unwrap();
    let symptoms = Symptoms::new(
        Pain::new(4).unwrap(),
        Pain::new(1).unwrap(),
        9.0,
        0,
        None,
        at(102),
    )
    .unwrap();
    store
        .save_symptoms(scope, session.id, &symptoms)
        .await
        .unwrap();
    store
        .add_measurement(scope, session.id, &leg_raise(Side::Left, 12.0))
        .await
        .unwrap();
    store
        .add_measurement(scope, session.id, &leg_raise(Side::Right, 30.0))
        .await
        .unwrap();
    let record = store.session(scope, session.id).await.unwrap();
    assert_eq!(record.next_step(), NextStep::Stretch);
    (profile.id, session.id)
}

/// Olga, the practitioner Pia and her client Carl with a session at the stretch.
struct Clinic {
    app: TestApp,
    olga: Person,
    pia: Person,
    carl: Person,
    profile: ProfileId,
    session: SessionId,
}

impl Clinic {
    async fn new(backend: Backend) -> Self {
        let app = spawn_app(backend).await;
        let olga = owner(&app).await;
        let pia = invited(&app, &olga, "practitioner", "Pia").await;
        let carl = client_of(&app, &pia, "Carl").await;
        let (profile, session) = session_at_stretch(&app, &carl, "Carl").await;
        Self {
            app,
            olga,
            pia,
            carl,
            profile,
            session,
        }
    }

    fn client_path(&self) -> String {
        format!("/clients/{}", self.carl.account.id)
    }

    fn session_path(&self) -> String {
        format!("{}/sessions/{}", self.client_path(), self.session)
    }

    fn practice(&self) -> Scope {
        Scope::Practice {
            practitioner: self.pia.account.id,
            client: self.carl.account.id,
        }
    }
}

async fn the_owner_invites_a_practitioner_who_invites_a_client_and_sees_their_last_verdicts(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let olga = owner(&app).await;

    // The owner's invitation says what it makes.
    let (_, page) = olga
        .post(&app, "/settings/invitations", &[("kind", "practitioner")])
        .await;
    let token = token_in(&page);
    let signup = client()
        .get(app.url(&format!("/signup?token={token}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        signup.contains("Owner invites you as a practitioner"),
        "{signup}"
    );
    let pia = sign_up(&app, &token, "Pia", "pia@example.org").await;
    assert_eq!(pia.account.role, psoas_core::Role::Practitioner);
    let home = pia.page(&app, "/").await;
    assert!(home.contains("href=\"/clients\""), "the menu shows Clients");

    // Pia's client link, and what it tells the client before they join.
    let (status, page) = pia.post(&app, "/clients/invitations", &[]).await;
    assert_eq!(status, 200);
    assert!(page.contains("No clients linked yet."), "{page}");
    let token = token_in(&page);
    let signup = client()
        .get(app.url(&format!("/signup?token={token}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(signup.contains("Pia invites you as a client"), "{signup}");
    assert!(signup.contains("unlink at any time"), "{signup}");
    let carl = sign_up(&app, &token, "Carl", "carl@example.org").await;
    assert_eq!(carl.account.role, psoas_core::Role::Client);
    let settings = carl.page(&app, "/settings").await;
    assert!(
        settings.contains("You are linked to <strong>Pia</strong>"),
        "{settings}"
    );
    assert!(!carl.page(&app, "/").await.contains("href=\"/clients\""));

    // The clients page: Carl, then his last finished check's verdicts.
    let (profile, session) = session_at_stretch(&app, &carl, "Carl").await;
    let page = pia.page(&app, "/clients").await;
    assert!(page.contains("carl@example.org"), "{page}");
    assert!(page.contains("Carl: no finished check yet"), "{page}");
    app.store
        .finish_session(carl.scope(), session, at(200))
        .await
        .unwrap();
    let page = pia.page(&app, "/clients").await;
    assert!(
        page.contains("Carl: last check 2025-11-24: tight side left"),
        "{page}"
    );
    assert!(page.contains(&format!("/clients/{}", carl.account.id)));

    // His page: the person, the session linked to its own practitioner view.
    let page = pia
        .page(&app, &format!("/clients/{}", carl.account.id))
        .await;
    assert!(page.contains(&format!("id=\"person-{profile}\"")), "{page}");
    let view = format!("/clients/{}/sessions/{session}", carl.account.id);
    assert!(page.contains(&view), "{page}");
    let page = pia.page(&app, &view).await;
    assert!(page.contains("Tight side: left"), "{page}");
    assert!(page.contains("Status: finished."), "{page}");
}

async fn only_the_owner_makes_practitioners_and_only_those_who_practise_invite_clients(
    backend: Backend,
) {
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let mia = invited(app, &c.olga, "member", "Mia").await;
    assert_eq!(mia.account.role, psoas_core::Role::Member);

    for person in [&mia, &c.carl] {
        let (status, page) = person.get(app, "/clients").await;
        assert_eq!(status, 403, "{page}");
        assert!(page.contains("for practitioners"), "{page}");
        let (status, _) = person.post(app, "/clients/invitations", &[]).await;
        assert_eq!(status, 403);
    }
    let (status, page) = c
        .pia
        .post(app, "/settings/invitations", &[("kind", "practitioner")])
        .await;
    assert_eq!(status, 403, "{page}");
    let (status, page) = c
        .olga
        .post(app, "/settings/invitations", &[("kind", "patient")])
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("use &#39;member&#39;, &#39;practitioner&#39; or &#39;client&#39;")
            || page.contains("use 'member'"),
        "{page}"
    );
    // The owner practises too.
    let (status, page) = c.olga.post(app, "/clients/invitations", &[]).await;
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("/signup?token="));
}

async fn every_client_page_is_not_found_for_anyone_not_linked_and_stores_nothing(backend: Backend) {
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let paul = invited(app, &c.olga, "practitioner", "Paul").await;
    let cleo = client_of(app, &c.pia, "Cleo").await;
    let (_, cleo_session) = session_at_stretch(app, &cleo, "Cleo").await;
    let mia = invited(app, &c.olga, "member", "Mia").await;
    let profile = c.profile.to_string();
    let session = c.session.to_string();

    let refused = |who: &'static str| format!("{who} gets 404");
    for (who, person) in [
        ("another practitioner", &paul),
        ("another client", &cleo),
        ("a member", &mia),
        ("the owner", &c.olga),
        ("the client himself", &c.carl),
    ] {
        for path in [c.client_path(), c.session_path()] {
            let (status, _) = person.get(app, &path).await;
            assert_eq!(status, 404, "{} {path}", refused(who));
        }
        let (status, _) = person
            .post(
                app,
                &format!("{}/notes", c.client_path()),
                &[("profile", &profile), ("text", "x")],
            )
            .await;
        assert_eq!(status, 404, "{} notes", refused(who));
        let (status, _) = person
            .post(
                app,
                &format!("{}/prescription", c.client_path()),
                &[
                    ("profile", &profile),
                    ("reps", "2"),
                    ("hold_seconds", "5"),
                    ("release_seconds", "5"),
                    ("roller_seconds", "5"),
                    ("strengthen_seconds", "5"),
                ],
            )
            .await;
        assert_eq!(status, 404, "{} prescription", refused(who));
        let (status, _) = person
            .post(app, &format!("{}/unlink", c.client_path()), &[])
            .await;
        assert_eq!(status, 404, "{} unlink", refused(who));
    }
    // Pia herself: another client's session under Carl's address, a made-up id.
    let (status, _) = c
        .pia
        .get(app, &format!("{}/sessions/{cleo_session}", c.client_path()))
        .await;
    assert_eq!(status, 404);
    let (status, _) = c.pia.get(app, "/clients/not-an-id").await;
    assert_eq!(status, 404);
    let (status, _) = c
        .pia
        .post(
            app,
            &format!("/clients/{}/notes", cleo.account.id),
            &[("profile", &profile), ("session", &session), ("text", "x")],
        )
        .await;
    assert_eq!(status, 404, "Carl's person under Cleo's address");

    // Nothing was stored, and Carl is still linked to Pia.
    assert!(
        app.store
            .notes(c.practice(), c.profile)
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        app.store
            .prescription(c.carl.scope(), c.profile)
            .await
            .unwrap(),
        None
    );
    assert_eq!(app.store.clients(c.pia.account.id).await.unwrap().len(), 2);
}

async fn notes_are_kept_with_author_and_time_refused_when_empty_or_too_long_and_hidden_from_the_client(
    backend: Backend,
) {
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let profile = c.profile.to_string();
    let session = c.session.to_string();
    let notes = format!("{}/notes", c.client_path());

    // Refused: empty, blank, too long; the page says why and keeps what was typed.
    let (status, page) = c
        .pia
        .post(app, &notes, &[("profile", &profile), ("text", "")])
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("The note is empty"), "{page}");
    // Beside the person's own note field, linked from the summary, the first wrong field.
    let field = format!("note-{profile}-text");
    assert!(page.contains(&format!("id=\"{field}-error\"")), "{page}");
    assert!(page.contains(&format!("href=\"#{field}\"")), "{page}");
    assert!(
        page.contains(&format!("aria-describedby=\"{field}-error\"")),
        "{page}"
    );
    let (status, page) = c
        .pia
        .post(
            app,
            &notes,
            &[
                ("profile", &profile),
                ("session", &session),
                ("text", "  \n "),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("The note is empty"), "{page}");
    assert!(
        page.contains("id=\"text-error\""),
        "beside the session's note field: {page}"
    );
    let long = "a".repeat(4001);
    let (status, page) = c
        .pia
        .post(
            app,
            &notes,
            &[
                ("profile", &profile),
                ("session", &session),
                ("text", &long),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(
        page.contains("4001 characters, more than the 4000 kept"),
        "{page}"
    );
    assert!(page.contains(&long), "the text typed is kept");
    assert!(
        app.store
            .notes(c.practice(), c.profile)
            .await
            .unwrap()
            .is_empty()
    );

    // Kept: one about Carl, one about the check.
    let (status, _) = c
        .pia
        .post(
            app,
            &notes,
            &[("profile", &profile), ("text", "Desk job, 9 h sitting.")],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _) = c
        .pia
        .post(
            app,
            &notes,
            &[
                ("profile", &profile),
                ("session", &session),
                ("text", "Left hip <b>stiff</b>."),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let page = c.pia.page(app, &c.client_path()).await;
    assert!(page.contains("Desk job, 9 h sitting."), "{page}");
    assert!(
        page.contains("Left hip &#60;b&#62;stiff&#60;/b&#62;."),
        "escaped: {page}"
    );
    assert!(page.contains("· Pia"), "{page}");
    assert!(page.contains("UTC"), "{page}");
    let view = c.pia.page(app, &c.session_path()).await;
    assert!(
        view.contains("Left hip &#60;b&#62;stiff&#60;/b&#62;."),
        "{view}"
    );
    assert!(
        !view.contains("Desk job"),
        "only this check's notes: {view}"
    );

    // Carl's own pages show none of them.
    for path in [
        "/".to_string(),
        "/history".to_string(),
        format!("/sessions/{session}"),
        "/settings".to_string(),
    ] {
        let page = c.carl.page(app, &path).await;
        assert!(
            !page.contains("Desk job") && !page.contains("stiff"),
            "{path}: {page}"
        );
    }
}

async fn a_prescription_sets_the_clients_next_exercise_and_says_who_set_it(backend: Backend) {
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let profile = c.profile.to_string();
    let path = format!("{}/prescription", c.client_path());
    let form = |stretch: &'static str, reps: &'static str, hold: &'static str| {
        vec![
            ("profile", profile.clone()),
            ("stretch", stretch.to_string()),
            ("technique", "b".to_string()),
            ("reps", reps.to_string()),
            ("hold_seconds", hold.to_string()),
            ("release_seconds", "3".to_string()),
            ("roller_seconds", "45".to_string()),
            ("strengthen_seconds", "60".to_string()),
        ]
    };
    let pia = &c.pia;
    let post = |fields: Vec<(&'static str, String)>| {
        let path = path.clone();
        async move {
            let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            pia.post(app, &path, &fields).await
        }
    };

    // Before: the defaults, Carl chooses the way.
    let page = c.carl.page(app, &format!("/sessions/{}", c.session)).await;
    assert!(
        page.contains("Choose a") && page.contains("Choose b"),
        "{page}"
    );
    assert!(page.contains("5 holds of 30 s"), "{page}");
    assert!(!page.contains("Prescribed by"), "{page}");

    // Refused with the reason and the values typed; nothing stored.
    for (fields, reason) in [
        (
            form("a", "0", "7"),
            "Holds in stretch a must be between 1 and 20",
        ),
        (
            form("a", "300", "7"),
            "Holds in stretch a must be between 1 and 20; you typed 300",
        ),
        (
            form("a", "2", "301"),
            "Time per hold must be between 1 and 300 s",
        ),
        (
            form("a", "2", "soon"),
            "Time per hold: &#39;soon&#39; is not understood",
        ),
        (
            form("c", "2", "7"),
            "Stretch: &#39;c&#39; is not understood",
        ),
    ] {
        let (status, page) = post(fields).await;
        assert_eq!(status, 422, "{page}");
        assert!(page.contains(reason), "{reason}: {page}");
    }
    // Everything wrong at once, each beside its field in the person's opened form.
    let (status, page) = post(form("a", "0", "soon")).await;
    assert_eq!(status, 422, "{page}");
    for field in ["reps", "hold_seconds"] {
        let id = format!("rx-{}-{field}", c.profile);
        assert!(
            page.contains(&format!("id=\"{id}-error\"")),
            "{field}: {page}"
        );
        assert!(page.contains(&format!("href=\"#{id}\"")), "{field}: {page}");
    }
    assert!(
        page.contains("<details class=\"prescribe\" open>"),
        "{page}"
    );
    assert_eq!(page.matches(" autofocus").count(), 1, "{page}");
    let (_, page) = post(form("a", "2", "soon")).await;
    assert!(page.contains("value=\"soon\""), "typed values kept: {page}");
    assert_eq!(
        app.store
            .prescription(c.carl.scope(), c.profile)
            .await
            .unwrap(),
        None
    );

    // Set: stretch b for 45 s, then 2 holds of 7 s for a (typed as the timer shows it).
    let (status, _) = post(form("b", "2", "0:07")).await;
    assert_eq!(status, 303);
    let page = c.pia.page(app, &c.client_path()).await;
    assert!(page.contains("Set by Pia on"), "{page}");
    assert!(page.contains("Stretch b: foam roller"), "{page}");

    // Carl's next stretch: straight to the roller, for 45 s, saying who set it.
    let page = c.carl.page(app, &format!("/sessions/{}", c.session)).await;
    assert!(
        page.contains("Stretch b: foam roller (left side)"),
        "{page}"
    );
    assert!(page.contains("0:45 in all"), "{page}");
    assert!(page.contains("Prescribed by Pia on"), "{page}");
    assert!(
        page.contains("?option=a"),
        "the other way stays open: {page}"
    );
    let other = c
        .carl
        .page(app, &format!("/sessions/{}?option=a", c.session))
        .await;
    assert!(other.contains("Hold 1/2"), "{other}");
    assert!(other.contains("0:17 in all"), "2 x 7 s + 3 s: {other}");
    let (status, _) = c
        .carl
        .post(
            app,
            &format!("/sessions/{}/exercise", c.session),
            &[("step", "stretch"), ("choice", "b"), ("outcome", "done")],
        )
        .await;
    assert_eq!(status, 303);
    let record = app.store.session(c.carl.scope(), c.session).await.unwrap();
    assert_eq!(record.exercises[0].planned_seconds, 45);
    assert_eq!(record.exercises[0].done_seconds, 45);

    // Once unlinked, the prescription no longer applies.
    let (status, _) = c.carl.post(app, "/settings/practitioner/unlink", &[]).await;
    assert_eq!(status, 303);
    let (_, session) = session_at_stretch(app, &c.carl, "Carla").await;
    let page = c.carl.page(app, &format!("/sessions/{session}")).await;
    assert!(
        page.contains("Choose a") && page.contains("5 holds of 30 s"),
        "{page}"
    );
    assert!(!page.contains("Prescribed by"), "{page}");
}

async fn unlinking_by_either_side_ends_the_practitioners_access_at_once(backend: Backend) {
    // By the client, while the practitioner has his pages open.
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let open = c.pia.page(app, &c.session_path()).await;
    let csrf = csrf_of(&open);
    let (status, _) = c.carl.post(app, "/settings/practitioner/unlink", &[]).await;
    assert_eq!(status, 303);
    for path in [c.client_path(), c.session_path()] {
        let (status, page) = c.pia.get(app, &path).await;
        assert_eq!(status, 404, "{path}: {page}");
        assert!(page.contains("not linked to you"), "{page}");
    }
    let response = c
        .pia
        .http
        .post(app.url(&format!("{}/notes", c.client_path())))
        .form(&[
            ("csrf", csrf.as_str()),
            ("profile", &c.profile.to_string()),
            ("session", &c.session.to_string()),
            ("text", "too late"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    assert!(
        !c.pia
            .page(app, "/clients")
            .await
            .contains("carl@example.org")
    );
    assert!(
        !c.carl
            .page(app, "/settings")
            .await
            .contains("Your practitioner")
    );
    assert_eq!(
        app.store
            .list_sessions(c.carl.scope(), None)
            .await
            .unwrap()
            .len(),
        1,
        "Carl keeps his records"
    );
    let (status, _) = c.carl.post(app, "/settings/practitioner/unlink", &[]).await;
    assert_eq!(status, 404, "nothing left to unlink");

    // By the practitioner.
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let (status, _) = c
        .pia
        .post(app, &format!("{}/unlink", c.client_path()), &[])
        .await;
    assert_eq!(status, 303);
    let (status, _) = c.pia.get(app, &c.client_path()).await;
    assert_eq!(status, 404);
    assert!(
        !c.carl
            .page(app, "/settings")
            .await
            .contains("Your practitioner")
    );
}

async fn the_client_sees_who_opened_their_records_and_every_note_about_them(backend: Backend) {
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let before = c.carl.page(app, "/account/records").await;
    assert!(
        before.contains("Nobody has reached your records yet."),
        "{before}"
    );
    assert!(before.contains("No practitioner has written a note about you."));

    c.pia.page(app, &c.client_path()).await;
    c.pia.page(app, &c.session_path()).await;
    let (status, _) = c
        .pia
        .post(
            app,
            &format!("{}/notes", c.client_path()),
            &[
                ("profile", &c.profile.to_string()),
                ("session", &c.session.to_string()),
                ("text", "Left hip tight <b>again</b>."),
            ],
        )
        .await;
    assert_eq!(status, 303);
    let (status, _) = c
        .carl
        .get(app, &format!("/profiles/{}/export/csv", c.profile))
        .await;
    assert_eq!(status, 200);

    let records = c.carl.page(app, "/account/records").await;
    for expected in [
        "<td>Pia (pia@example.org)</td><td>saw your people and their last checks</td>\
         <td>everyone</td><td>the web pages</td>",
        "<td>Pia (pia@example.org)</td><td>opened a check</td><td>Carl</td>",
        "<td>Pia (pia@example.org)</td><td>wrote a note about you</td><td>Carl</td>",
        "<td>You</td><td>downloaded records (an export or a report)</td><td>Carl</td>",
        "Left hip tight &#60;b&#62;again&#60;/b&#62;.",
        "by Pia",
    ] {
        assert!(records.contains(expected), "{expected}: {records}");
    }
    // Newest first: the download above the practitioner's visit.
    let download = records.find("downloaded records").unwrap();
    let visit = records.find("opened a check").unwrap();
    assert!(download < visit, "{records}");
    // Nobody else's: the practitioner's page and the owner's show none of it.
    for other in [&c.pia, &c.olga] {
        let theirs = other.page(app, "/account/records").await;
        assert!(
            theirs.contains("Nobody has reached your records yet."),
            "{theirs}"
        );
        assert!(!theirs.contains("Left hip tight"), "{theirs}");
    }
    // Signed out, the page is not there.
    let anonymous = client()
        .get(app.url("/account/records"))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 303);
}

/// The ids of the invitations a page lists, in its order.
fn listed_invitations(page: &str) -> Vec<String> {
    page.split("action=\"/invitations/")
        .skip(1)
        .map(|rest| rest.split('/').next().unwrap().to_string())
        .collect()
}

async fn an_invitation_is_withdrawn_by_its_maker_and_its_link_stops_working(backend: Backend) {
    let c = Clinic::new(backend).await;
    let app = &c.app;
    let (_, page) = c
        .olga
        .post(app, "/settings/invitations", &[("kind", "member")])
        .await;
    let member_token = token_in(&page);
    // The page that shows the new link lists it among the open ones.
    assert!(page.contains("Open invitations"), "{page}");
    assert!(page.contains("A member"), "{page}");
    let listed = listed_invitations(&page);
    assert_eq!(listed.len(), 1, "{page}");
    let member_invitation = listed[0].clone();
    let (_, page) = c.pia.post(app, "/clients/invitations", &[]).await;
    let client_token = token_in(&page);
    let client_invitation = listed_invitations(&page);
    assert_eq!(client_invitation.len(), 1, "{page}");
    assert!(page.contains("A client"), "{page}");
    // Each page lists its own kinds, of its own account.
    assert_eq!(
        listed_invitations(&c.olga.page(app, "/settings").await),
        vec![member_invitation.clone()]
    );
    assert_eq!(
        listed_invitations(&c.pia.page(app, "/clients").await),
        client_invitation
    );
    assert!(listed_invitations(&c.pia.page(app, "/settings").await).is_empty());

    // Nobody withdraws another's invitation, nor one without the form's token.
    let path = format!("/invitations/{member_invitation}/withdraw");
    let (status, page) = c.pia.post(app, &path, &[]).await;
    assert_eq!(status, 404, "{page}");
    assert!(page.contains("nothing to withdraw"), "{page}");
    let response = c
        .olga
        .http
        .post(app.url(&path))
        .form(&[("csrf", "forged")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let (status, _) = c
        .olga
        .post(app, "/invitations/not-an-id/withdraw", &[])
        .await;
    assert_eq!(status, 404);
    let signup = |token: String| async move {
        client()
            .get(app.url(&format!("/signup?token={token}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    };
    assert!(
        signup(member_token.clone())
            .await
            .contains("Create account")
    );

    // Withdrawn: back on the settings page, said so, no longer listed, the link dead.
    let response = c
        .olga
        .http
        .post(app.url(&path))
        .form(&[("csrf", c.olga.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/settings?withdrawn=1");
    let page = c.olga.page(app, "/settings?withdrawn=1").await;
    assert!(page.contains("The invitation was withdrawn"), "{page}");
    assert!(listed_invitations(&page).is_empty(), "{page}");
    assert!(
        signup(member_token.clone())
            .await
            .contains("This invitation link is unknown, used or expired"),
    );
    let response = client()
        .post(app.url("/signup"))
        .form(&[
            ("token", member_token.as_str()),
            ("display_name", "Late"),
            ("email", "late@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_ne!(response.status(), 303, "a withdrawn link makes no account");
    assert!(
        app.store
            .account_by_email(&Email::parse("late@example.org").unwrap())
            .await
            .unwrap()
            .is_none()
    );
    let (status, _) = c.olga.post(app, &path, &[]).await;
    assert_eq!(status, 404, "withdrawn once");

    // A client invitation goes back to the clients page; the other link was untouched.
    assert!(
        signup(client_token)
            .await
            .contains("Pia invites you as a client")
    );
    let response = c
        .pia
        .http
        .post(app.url(&format!("/invitations/{}/withdraw", client_invitation[0])))
        .form(&[("csrf", c.pia.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/clients?withdrawn=1");
    let page = c.pia.page(app, "/clients?withdrawn=1").await;
    assert!(page.contains("its link no longer works"), "{page}");
    assert!(listed_invitations(&page).is_empty(), "{page}");
}

both_backends!(
    the_owner_invites_a_practitioner_who_invites_a_client_and_sees_their_last_verdicts,
    only_the_owner_makes_practitioners_and_only_those_who_practise_invite_clients,
    every_client_page_is_not_found_for_anyone_not_linked_and_stores_nothing,
    notes_are_kept_with_author_and_time_refused_when_empty_or_too_long_and_hidden_from_the_client,
    a_prescription_sets_the_clients_next_exercise_and_says_who_set_it,
    unlinking_by_either_side_ends_the_practitioners_access_at_once,
    the_client_sees_who_opened_their_records_and_every_note_about_them,
    an_invitation_is_withdrawn_by_its_maker_and_its_link_stops_working,
);
