//! Deleting for real through the API (included by `api.rs`, so every reply is checked against
//! the served document): a struck-out trial, a session, a profile, one's own account with its
//! password, and the owner removing a member; another account's ids are not found, and every
//! refusal leaves everything as it was.

use super::*;
use psoas_core::AccountId;

const PASSWORD: &str = "correct horse battery";

/// A session of `user` with two trials on the left, the first struck out; returns the
/// session and the ids of the struck-out and the counting trial.
async fn session_with_a_struck_out_trial(api: &Api, user: &User) -> (String, String, String) {
    let session = ready_session(api, user).await;
    let base = format!("/api/v1/sessions/{session}");
    let mut ids = Vec::new();
    for value in [85, 13] {
        let reply = api
            .post(
                &user.token,
                &format!("{base}/measurements"),
                json!({"test": "leg_raise", "side": "left", "value": value, "confirmed": true}),
            )
            .await;
        assert_eq!(reply.status, 201, "{reply:#?}");
        ids.push(
            reply.body["measurement"]["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
        if ids.len() == 1 {
            let voided = api
                .post(
                    &user.token,
                    &format!("{base}/measurements/{}/void", ids[0]),
                    json!({"reason": "typo"}),
                )
                .await;
            assert_eq!(voided.status, 200, "{voided:#?}");
        }
    }
    (session, ids[0].clone(), ids[1].clone())
}

async fn a_struck_out_trial_a_session_and_a_profile_are_deleted_and_gone(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mia = api.member(&olga).await;
    let olgas = add_profile(&api, &olga, json!({"name": "Olga"})).await;
    start_session(&api, &olga, &olgas).await;
    let (session, struck, counting) = session_with_a_struck_out_trial(&api, &mia).await;
    let trial = |id: &str| format!("/api/v1/sessions/{session}/measurements/{id}");

    let refused = api.delete(&mia.token, &trial(&counting)).await;
    assert!(
        refused
            .problem("conflict", 409)
            .contains("strike it out first"),
        "{refused:#?}"
    );
    assert_eq!(stored_record(&api, &session).await.measurements.len(), 2);

    let deleted = api.delete(&mia.token, &trial(&struck)).await;
    assert_eq!(deleted.status, 204, "{deleted:#?}");
    let left = stored_record(&api, &session).await.measurements;
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].id.to_string(), counting);
    api.delete(&mia.token, &trial(&struck))
        .await
        .problem("not-found", 404);

    let profile = stored_record(&api, &session).await.session.profile_id;
    let other = start_session(&api, &mia, &profile.to_string()).await;
    let gone = api
        .delete(&mia.token, &format!("/api/v1/sessions/{session}"))
        .await;
    assert_eq!(gone.status, 204, "{gone:#?}");
    api.get(&mia.token, &format!("/api/v1/sessions/{session}"))
        .await
        .problem("not-found", 404);
    assert_eq!(stored_sessions(&api).await, 2);

    let gone = api
        .delete(&mia.token, &format!("/api/v1/profiles/{profile}"))
        .await;
    assert_eq!(gone.status, 204, "{gone:#?}");
    api.get(&mia.token, &format!("/api/v1/sessions/{other}"))
        .await
        .problem("not-found", 404);
    assert_eq!(stored_profiles(&api).await, vec!["Olga".to_string()]);
    assert_eq!(stored_sessions(&api).await, 1);
}

async fn another_accounts_records_are_not_found_and_the_cookie_needs_csrf(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mia = api.member(&olga).await;
    let (session, struck, _) = session_with_a_struck_out_trial(&api, &mia).await;
    let profile = stored_record(&api, &session).await.session.profile_id;
    let paths = [
        format!("/api/v1/sessions/{session}/measurements/{struck}"),
        format!("/api/v1/sessions/{session}"),
        format!("/api/v1/profiles/{profile}"),
    ];
    for path in &paths {
        api.delete(&olga.token, path)
            .await
            .problem("not-found", 404);
        let no_csrf = Auth::Cookie {
            client: mia.browser.clone(),
            csrf: None,
        };
        api.delete(&no_csrf, path).await.problem("csrf", 403);
    }
    api.delete(&mia.token, "/api/v1/sessions/not-an-id")
        .await
        .problem("not-found", 404);
    assert_eq!(stored_record(&api, &session).await.measurements.len(), 2);
    assert_eq!(stored_profiles(&api).await, vec!["Anna".to_string()]);
}

async fn delete_own(api: &Api, user: &User, password: &str) -> Reply {
    api.send(
        &user.token,
        "delete",
        "/api/v1/account",
        Body::Json(json!({"password": password})),
    )
    .await
}

async fn a_member_deletes_their_account_with_their_password_but_the_owner_cannot(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mia = api.member(&olga).await;
    add_profile(&api, &olga, json!({"name": "Olga"})).await;
    session_with_a_struck_out_trial(&api, &mia).await;

    let wrong = delete_own(&api, &mia, "not my password").await;
    assert!(wrong.invalid("/password").contains("wrong"));
    let unknown = api
        .send(
            &mia.token,
            "delete",
            "/api/v1/account",
            Body::Json(json!({"password": PASSWORD, "sure": true})),
        )
        .await;
    unknown.problem("validation", 422);
    assert_eq!(stored_profiles(&api).await.len(), 2);

    let owner = delete_own(&api, &olga, PASSWORD).await;
    assert!(
        owner
            .problem("forbidden", 403)
            .contains("delete its database"),
        "{owner:#?}"
    );

    let gone = delete_own(&api, &mia, PASSWORD).await;
    assert_eq!(gone.status, 204, "{gone:#?}");
    api.get(&mia.token, "/api/v1/profiles")
        .await
        .problem("unauthorized", 401);
    assert!(
        api.app
            .store
            .account_by_email(&mia.account.email)
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(stored_profiles(&api).await, vec!["Olga".to_string()]);
    assert_eq!(stored_sessions(&api).await, 0);
    assert_eq!(api.get(&olga.token, "/api/v1/profiles").await.status, 200);
}

async fn the_owner_removes_a_member_and_no_one_else_removes_anyone(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mia = api.member(&olga).await;
    let ben_browser = api.app.member(&olga.browser, "ben@example.org").await;
    let ben = api.user_for("ben@example.org", ben_browser).await;
    session_with_a_struck_out_trial(&api, &ben).await;
    let remove = |id: &AccountId| format!("/api/v1/accounts/{id}");

    api.delete(&mia.token, &remove(&ben.account.id))
        .await
        .problem("forbidden", 403);
    api.delete(&mia.token, &remove(&olga.account.id))
        .await
        .problem("forbidden", 403);
    api.delete(&olga.token, &remove(&olga.account.id))
        .await
        .problem("forbidden", 403);
    api.delete(&olga.token, &remove(&AccountId::random()))
        .await
        .problem("not-found", 404);
    api.delete(&olga.token, "/api/v1/accounts/nobody")
        .await
        .problem("not-found", 404);
    assert_eq!(stored_sessions(&api).await, 1);

    let removed = api.delete(&olga.token, &remove(&ben.account.id)).await;
    assert_eq!(removed.status, 204, "{removed:#?}");
    api.get(&ben.token, "/api/v1/profiles")
        .await
        .problem("unauthorized", 401);
    assert_eq!(stored_sessions(&api).await, 0);
    api.delete(&olga.token, &remove(&ben.account.id))
        .await
        .problem("not-found", 404);
    assert_eq!(api.get(&mia.token, "/api/v1/profiles").await.status, 200);
}

both_backends!(
    a_struck_out_trial_a_session_and_a_profile_are_deleted_and_gone,
    another_accounts_records_are_not_found_and_the_cookie_needs_csrf,
    a_member_deletes_their_account_with_their_password_but_the_owner_cannot,
    the_owner_removes_a_member_and_no_one_else_removes_anyone,
);
