//! The practitioner and client routes of the API (included by `api.rs`, so every reply is
//! checked against the served document like all others): a client followed from invitation
//! to notes and prescription, bad input refused with nothing stored, every client route "not
//! found" for anyone not linked, and unlinking that ends a token's reach at once.

use super::*;

/// A practitioner invited by the owner through the settings page, with a token.
async fn practitioner(api: &Api, owner: &User, name: &str) -> User {
    let token = api
        .app
        .invitation_token(&owner.browser, "practitioner")
        .await;
    sign_up(api, &token, name).await
}

/// Signs up with an invitation token; the new account with a token.
async fn sign_up(api: &Api, token: &str, name: &str) -> User {
    let email = format!("{}@example.org", name.to_lowercase());
    let browser = api.app.sign_up(token, name, &email).await;
    api.user_for(&email, browser).await
}

/// A client invited by a practitioner through the API.
async fn client_of(api: &Api, practitioner: &User, name: &str) -> User {
    let reply = api
        .send(
            &practitioner.token,
            "post",
            "/api/v1/clients/invitations",
            Body::Empty,
        )
        .await;
    assert_eq!(reply.status, 201, "{reply:#?}");
    let link = reply.body["link"].as_str().unwrap();
    assert!(reply.body["expires_at"].as_str().unwrap().ends_with('Z'));
    let token = link.split("token=").nth(1).unwrap();
    sign_up(api, token, name).await
}

/// Olga, the practitioner Pia, her client Carl with a ready session (his profile "Anna").
struct Clinic {
    api: Api,
    olga: User,
    pia: User,
    carl: User,
    profile: String,
    session: String,
}

impl Clinic {
    async fn new(backend: Backend) -> Self {
        let api = Api::start(backend).await;
        let olga = api.owner().await;
        let pia = practitioner(&api, &olga, "Pia").await;
        let carl = client_of(&api, &pia, "Carl").await;
        let session = ready_session(&api, &carl).await;
        let profile = stored_record(&api, &session)
            .await
            .session
            .profile_id
            .to_string();
        Self {
            api,
            olga,
            pia,
            carl,
            profile,
            session,
        }
    }

    fn base(&self) -> String {
        format!("/api/v1/clients/{}", self.carl.account.id)
    }

    /// Every client route, as (method, path, body).
    fn routes(&self) -> Vec<(&'static str, String, Value)> {
        let base = self.base();
        let prescription = format!("{base}/profiles/{}/prescription", self.profile);
        vec![
            ("get", base.clone(), Value::Null),
            ("get", format!("{base}/profiles"), Value::Null),
            ("get", format!("{base}/sessions"), Value::Null),
            (
                "get",
                format!("{base}/sessions/{}", self.session),
                Value::Null,
            ),
            ("get", format!("{base}/notes"), Value::Null),
            (
                "post",
                format!("{base}/notes"),
                json!({"profile_id": self.profile, "text": "x"}),
            ),
            ("get", prescription.clone(), Value::Null),
            ("put", prescription, json!({"durations": {"reps": 2}})),
            ("delete", base, Value::Null),
        ]
    }

    async fn send(&self, auth: &Auth, method: &str, path: &str, body: &Value) -> Reply {
        let body = if body.is_null() {
            Body::Empty
        } else {
            Body::Json(body.clone())
        };
        self.api.send(auth, method, path, body).await
    }

    async fn notes_stored(&self) -> usize {
        self.api
            .app
            .store
            .notes(
                Scope::Practice {
                    practitioner: self.pia.account.id,
                    client: self.carl.account.id,
                },
                psoas_core::ProfileId(self.profile.parse().unwrap()),
            )
            .await
            .map_or(0, |n| n.len())
    }
}

async fn a_practitioner_follows_a_client_from_invitation_to_notes_and_prescription(
    backend: Backend,
) {
    let c = Clinic::new(backend).await;
    let (api, pia, base) = (&c.api, &c.pia.token, c.base());

    let list = api.get(pia, "/api/v1/clients").await;
    assert_eq!(list.status, 200);
    assert_eq!(list.body["total"], 1);
    assert_eq!(list.body["items"][0]["display_name"], "Carl");
    assert_eq!(list.body["items"][0]["email"], "carl@example.org");
    let one = api.get(pia, &base).await;
    assert_eq!(one.body["id"], c.carl.account.id.to_string());

    // His profiles and sessions, read only.
    let profiles = api.get(pia, &format!("{base}/profiles")).await;
    assert_eq!(profiles.body["items"][0]["name"], "Anna");
    let sessions = api
        .get(pia, &format!("{base}/sessions?profile_id={}", c.profile))
        .await;
    assert_eq!(sessions.body["total"], 1);
    assert_eq!(sessions.body["items"][0]["id"], c.session);
    let session = api
        .get(pia, &format!("{base}/sessions/{}", c.session))
        .await;
    assert_eq!(session.status, 200);
    assert_eq!(session.body["symptoms"]["back_pain"], 3);

    // Notes, with author and time; the client reaches none of them.
    let note = api
        .post(
            pia,
            &format!("{base}/notes"),
            json!({"profile_id": c.profile, "text": "  Sits all day. "}),
        )
        .await;
    assert_eq!(note.status, 201, "{note:#?}");
    assert_eq!(note.body["text"], "Sits all day.");
    assert_eq!(note.body["author_name"], "Pia");
    assert_eq!(note.body["session_id"], Value::Null);
    let about_session = api
        .post(
            pia,
            &format!("{base}/notes"),
            json!({"profile_id": c.profile, "session_id": c.session, "text": "Left tight."}),
        )
        .await;
    assert_eq!(about_session.body["session_id"], c.session);
    let notes = api
        .get(pia, &format!("{base}/notes?profile_id={}", c.profile))
        .await;
    assert_eq!(notes.body["total"], 2);
    assert_eq!(notes.body["items"][0]["text"], "Sits all day.");
    assert_eq!(c.notes_stored().await, 2);

    // The prescription, as the practitioner sets it and the client reads it.
    let prescription = format!("{base}/profiles/{}/prescription", c.profile);
    api.get(pia, &prescription).await.problem("not-found", 404);
    let set = api
        .put(
            pia,
            &prescription,
            json!({"stretch": "b", "technique": "glute_weak_side",
                   "durations": {"roller_seconds": 45, "reps": 2}}),
        )
        .await;
    assert_eq!(set.status, 200, "{set:#?}");
    assert_eq!(set.body["stretch"], "foam_roller");
    assert_eq!(set.body["technique"], "glute_weak_side");
    assert_eq!(set.body["durations"]["roller_seconds"], 45);
    assert_eq!(set.body["durations"]["hold_seconds"], 30, "a default");
    assert_eq!(set.body["set_by_name"], "Pia");
    let own = api
        .get(
            &c.carl.token,
            &format!("/api/v1/profiles/{}/prescription", c.profile),
        )
        .await;
    assert_eq!(own.status, 200);
    assert_eq!(own.body["durations"]["reps"], 2);
    assert_eq!(own.body["set_by_id"], c.pia.account.id.to_string());
    let mine = api.get(&c.carl.token, "/api/v1/practitioner").await;
    assert_eq!(mine.body["display_name"], "Pia");

    // Notes are the practitioner's: the client's own routes show none, and his token
    // reaches no client route.
    for path in ["/api/v1/sessions", "/api/v1/history", "/api/v1/profiles"] {
        let text = api.get(&c.carl.token, path).await.body.to_string();
        assert!(!text.contains("Sits all day"), "{path}: {text}");
    }
    api.get(&c.carl.token, &format!("{base}/notes"))
        .await
        .problem("not-found", 404);
}

async fn bad_notes_and_prescriptions_are_refused_by_field_and_nothing_is_stored(backend: Backend) {
    let c = Clinic::new(backend).await;
    let (api, pia, base) = (&c.api, &c.pia.token, c.base());
    let notes = format!("{base}/notes");
    for (body, field, says) in [
        (
            json!({"profile_id": c.profile, "text": ""}),
            "/text",
            "the note is empty",
        ),
        (
            json!({"profile_id": c.profile, "text": " \n "}),
            "/text",
            "the note is empty",
        ),
        (
            json!({"profile_id": c.profile, "text": "x".repeat(4001)}),
            "/text",
            "more than the 4000 kept",
        ),
        (json!({"profile_id": c.profile}), "/text", "missing field"),
        (
            json!({"profile_id": c.profile, "text": "x", "private": true}),
            "/private",
            "unknown field",
        ),
        (
            json!({"profile_id": "nope", "text": "x"}),
            "/profile_id",
            "UUID",
        ),
        (
            json!({"profile_id": c.profile, "text": "Hip\u{1b}[31m better"}),
            "/text",
            "control characters",
        ),
        (
            json!({"profile_id": c.profile, "text": "one\rtwo"}),
            "/text",
            "control characters",
        ),
    ] {
        // The document declares each of these rules: a client checking against it is told
        // before sending.
        let declared = api.request_errors("post", &notes, &body);
        assert!(!declared.is_empty(), "the document accepts {body}");
        let message = api.post(pia, &notes, body).await.invalid(field);
        assert!(message.contains(says), "{message}");
    }
    // Another client's session, a made-up profile: not found.
    let cleo = client_of(api, &c.pia, "Cleo").await;
    let cleo_session = ready_session(api, &cleo).await;
    api.post(
        pia,
        &notes,
        json!({"profile_id": c.profile, "session_id": cleo_session, "text": "x"}),
    )
    .await
    .problem("not-found", 404);
    api.post(
        pia,
        &notes,
        json!({"profile_id": Uuid::new_v4(), "text": "x"}),
    )
    .await
    .problem("not-found", 404);
    assert_eq!(c.notes_stored().await, 0);
    // Line breaks of either kind and tabs are kept, and so accepted by the document too.
    let kept = api
        .post(
            pia,
            &notes,
            json!({"profile_id": c.profile, "text": " Left hip:\tbetter\r\nRetest in a week.\n"}),
        )
        .await;
    assert_eq!(kept.status, 201, "{kept:#?}");
    assert_eq!(kept.body["text"], "Left hip:\tbetter\nRetest in a week.");
    assert_eq!(c.notes_stored().await, 1);

    let prescription = format!("{base}/profiles/{}/prescription", c.profile);
    for (body, field) in [
        (json!({"stretch": "c"}), "/stretch"),
        (json!({"technique": "massage"}), "/technique"),
        (json!({"durations": {"reps": 0}}), "/durations/reps"),
        (
            json!({"durations": {"hold_seconds": 301}}),
            "/durations/hold_seconds",
        ),
        (
            json!({"durations": {"strengthen_seconds": -5}}),
            "/durations/strengthen_seconds",
        ),
        (
            json!({"durations": {"roller_seconds": 901}}),
            "/durations/roller_seconds",
        ),
        (json!({"rounds": 3}), "/rounds"),
    ] {
        api.put(pia, &prescription, body).await.invalid(field);
    }
    api.put(
        pia,
        &format!("{base}/profiles/{}/prescription", Uuid::new_v4()),
        json!({}),
    )
    .await
    .problem("not-found", 404);
    let profile = psoas_core::ProfileId(c.profile.parse().unwrap());
    assert_eq!(
        api.app
            .store
            .prescription(Scope::of(&c.carl.account), profile)
            .await
            .unwrap(),
        None
    );
    api.send(
        pia,
        "post",
        &notes,
        Body::Raw("application/json", b"{\"text\": ".to_vec()),
    )
    .await
    .problem("malformed-json", 400);
}

async fn every_client_route_is_not_found_for_anyone_not_linked_and_changes_nothing(
    backend: Backend,
) {
    let c = Clinic::new(backend).await;
    let api = &c.api;
    let paul = practitioner(api, &c.olga, "Paul").await;
    let cleo = client_of(api, &c.pia, "Cleo").await;
    let mia = {
        let browser = api.app.member(&c.olga.browser, "mia@example.org").await;
        api.user_for("mia@example.org", browser).await
    };
    for (who, user) in [
        ("another practitioner", &paul),
        ("another client", &cleo),
        ("a member", &mia),
        ("the owner", &c.olga),
        ("the client himself", &c.carl),
    ] {
        for (method, path, body) in c.routes() {
            let reply = c.send(&user.token, method, &path, &body).await;
            reply.problem("not-found", 404);
            assert!(
                !reply.body.to_string().contains("Anna"),
                "{who}: {reply:#?}"
            );
        }
        assert_eq!(
            api.get(&user.token, "/api/v1/clients").await.body["total"],
            0,
            "{who}"
        );
    }
    // Pia herself: Cleo's session under Carl's address.
    let cleo_session = ready_session(api, &cleo).await;
    api.get(
        &c.pia.token,
        &format!("{}/sessions/{cleo_session}", c.base()),
    )
    .await
    .problem("not-found", 404);
    // Who may not invite clients is told so; who has no practitioner has none.
    for user in [&mia, &c.carl] {
        let reply = api
            .send(
                &user.token,
                "post",
                "/api/v1/clients/invitations",
                Body::Empty,
            )
            .await;
        let detail = reply.problem("forbidden", 403);
        assert!(detail.contains("invite clients"), "{detail}");
    }
    api.get(&mia.token, "/api/v1/practitioner")
        .await
        .problem("not-found", 404);
    api.delete(&mia.token, "/api/v1/practitioner")
        .await
        .problem("not-found", 404);
    assert_eq!(c.notes_stored().await, 0);
    assert_eq!(
        api.get(&c.pia.token, "/api/v1/clients").await.body["total"],
        2
    );
}

async fn unlinking_ends_the_reach_of_tokens_and_cookies_already_issued(backend: Backend) {
    // The client unlinks; the practitioner's token, used a moment before, finds nothing.
    let c = Clinic::new(backend).await;
    let api = &c.api;
    assert_eq!(api.get(&c.pia.token, &c.base()).await.status, 200);
    let set = api
        .put(
            &c.pia.token,
            &format!("{}/profiles/{}/prescription", c.base(), c.profile),
            json!({"durations": {"reps": 2}}),
        )
        .await;
    assert_eq!(set.status, 200);
    let csrf = api.app.csrf(&c.pia.browser).await;
    let cookie = Auth::Cookie {
        client: c.pia.browser.clone(),
        csrf: Some(csrf),
    };
    let reply = api.delete(&c.carl.token, "/api/v1/practitioner").await;
    assert_eq!(reply.status, 204);
    for auth in [&c.pia.token, &cookie] {
        for (method, path, body) in c.routes() {
            c.send(auth, method, &path, &body)
                .await
                .problem("not-found", 404);
        }
    }
    assert_eq!(
        api.get(&c.pia.token, "/api/v1/clients").await.body["total"],
        0
    );
    api.get(&c.carl.token, "/api/v1/practitioner")
        .await
        .problem("not-found", 404);
    api.get(
        &c.carl.token,
        &format!("/api/v1/profiles/{}/prescription", c.profile),
    )
    .await
    .problem("not-found", 404);
    assert_eq!(
        api.get(&c.carl.token, "/api/v1/sessions").await.body["total"],
        1,
        "he keeps his records"
    );

    // The practitioner unlinks; a cookie change without the CSRF header is refused first.
    let c = Clinic::new(backend).await;
    let api = &c.api;
    let bare = Auth::Cookie {
        client: c.pia.browser.clone(),
        csrf: None,
    };
    api.delete(&bare, &c.base()).await.problem("csrf", 403);
    assert_eq!(api.get(&c.pia.token, &c.base()).await.status, 200);
    assert_eq!(api.delete(&c.pia.token, &c.base()).await.status, 204);
    api.get(&c.pia.token, &c.base())
        .await
        .problem("not-found", 404);
    api.get(&c.carl.token, "/api/v1/practitioner")
        .await
        .problem("not-found", 404);
}

async fn the_client_sees_who_reached_their_records_and_what_was_written_about_them(
    backend: Backend,
) {
    let c = Clinic::new(backend).await;
    let (api, pia, carl, base) = (&c.api, &c.pia.token, &c.carl.token, c.base());
    let empty = api.get(carl, "/api/v1/account/access-log").await;
    assert_eq!(empty.status, 200);
    assert_eq!(empty.body["total"], 0);

    // Pia opens his check twice (noted once), writes a note; a refused request notes
    // nothing; Carl exports his records.
    for _ in 0..2 {
        let read = api
            .get(pia, &format!("{base}/sessions/{}", c.session))
            .await;
        assert_eq!(read.status, 200);
    }
    let note = api
        .post(
            pia,
            &format!("{base}/notes"),
            json!({"profile_id": c.profile, "text": "Left tight."}),
        )
        .await;
    assert_eq!(note.status, 201);
    let refused = api
        .post(
            pia,
            &format!("{base}/notes"),
            json!({"profile_id": c.profile, "text": ""}),
        )
        .await;
    assert_eq!(refused.status, 422);
    let export = api.get(carl, "/api/v1/export?format=csv").await;
    assert_eq!(export.status, 200);

    let log = api.get(carl, "/api/v1/account/access-log").await;
    assert_eq!(log.status, 200, "{log:#?}");
    assert_eq!(log.body["total"], 3, "{:#}", log.body);
    let items = log.body["items"].as_array().unwrap();
    assert_eq!(items[0]["actor"], "themselves");
    assert_eq!(items[0]["kind"], "exported");
    assert_eq!(items[0]["profile_name"], Value::Null);
    assert_eq!(items[1]["kind"], "note_written");
    assert_eq!(items[2]["kind"], "session");
    assert_eq!(items[2]["actor"], "account");
    assert_eq!(items[2]["name"], "Pia");
    assert_eq!(items[2]["email"], "pia@example.org");
    assert_eq!(items[2]["door"], "api");
    assert_eq!(
        items[2]["text"],
        "Pia (pia@example.org) opened a check (Anna) through the API."
    );
    // The practitioner's own log holds nothing of Carl's.
    let hers = api.get(pia, "/api/v1/account/access-log").await;
    assert_eq!(hers.body["total"], 0);

    // The note is Carl's to read, after unlinking too.
    let unlinked = api
        .send(carl, "delete", "/api/v1/practitioner", Body::Empty)
        .await;
    assert_eq!(unlinked.status, 204, "{unlinked:#?}");
    let notes = api.get(carl, "/api/v1/account/practitioner-notes").await;
    assert_eq!(notes.status, 200, "{notes:#?}");
    assert_eq!(notes.body["total"], 1);
    let about = &notes.body["items"][0];
    assert_eq!(about["text"], "Left tight.");
    assert_eq!(about["author_name"], "Pia");
    assert_eq!(about["profile_name"], "Anna");
    assert_eq!(about["profile_id"], c.profile);
    let none = api.get(pia, "/api/v1/account/practitioner-notes").await;
    assert_eq!(none.body["total"], 0);
}

async fn an_invitation_is_listed_and_withdrawn_by_its_maker_alone(backend: Backend) {
    let c = Clinic::new(backend).await;
    let (api, pia, olga) = (&c.api, &c.pia.token, &c.olga.token);
    let made = api
        .send(pia, "post", "/api/v1/clients/invitations", Body::Empty)
        .await;
    assert_eq!(made.status, 201, "{made:#?}");
    let id = made.body["id"].as_str().unwrap().to_string();
    let token = made.body["link"]
        .as_str()
        .unwrap()
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    let hash = psoas_server::auth::hash_secret(&token);
    let link_works = || async {
        let now = jiff::Timestamp::now();
        api.app.store.invitation_is_open(&hash, now).await.unwrap()
    };
    // The owner's member invitation, made on the settings page, is hers alone to list.
    api.app.invitation_token(&c.olga.browser, "member").await;

    // Pia's list: the one still open (Carl's is used), without its link.
    let list = api.get(pia, "/api/v1/invitations").await;
    assert_eq!(list.status, 200, "{list:#?}");
    assert_eq!(list.body["total"], 1, "{list:#?}");
    let open = &list.body["items"][0];
    assert_eq!(open["id"], id.as_str());
    assert_eq!(open["kind"], "client");
    assert_eq!(open["expires_at"], made.body["expires_at"]);
    assert!(!list.body.to_string().contains(&token));
    let theirs = api.get(olga, "/api/v1/invitations").await;
    assert_eq!(theirs.body["total"], 1, "{theirs:#?}");
    assert_eq!(theirs.body["items"][0]["kind"], "member");

    // Nobody else withdraws it, and it still works.
    let path = format!("/api/v1/invitations/{id}");
    let refused = api.delete(olga, &path).await;
    assert_eq!(refused.status, 404, "{refused:#?}");
    assert!(link_works().await);

    // Withdrawn: gone from the list, the link dead, and a second time is not found.
    let done = api.delete(pia, &path).await;
    assert_eq!(done.status, 204, "{done:#?}");
    assert_eq!(api.get(pia, "/api/v1/invitations").await.body["total"], 0);
    assert!(!link_works().await);
    assert_eq!(api.delete(pia, &path).await.status, 404);
    assert_eq!(api.get(olga, "/api/v1/invitations").await.body["total"], 1);
}

both_backends!(
    a_practitioner_follows_a_client_from_invitation_to_notes_and_prescription,
    bad_notes_and_prescriptions_are_refused_by_field_and_nothing_is_stored,
    every_client_route_is_not_found_for_anyone_not_linked_and_changes_nothing,
    unlinking_ends_the_reach_of_tokens_and_cookies_already_issued,
    the_client_sees_who_reached_their_records_and_what_was_written_about_them,
    an_invitation_is_listed_and_withdrawn_by_its_maker_alone,
);
