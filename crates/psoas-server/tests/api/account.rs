//! The caller's own account through the API (included by `api.rs`, so every reply is checked
//! against the served document): the password changed with the current one, every other
//! sign-in ended.

use super::*;

const OLD: &str = "correct horse battery";
const NEW: &str = "a new staple for the battery";

/// A cookie caller for a signed-in browser, with its CSRF header.
async fn cookie(api: &Api, browser: &reqwest::Client) -> Auth {
    Auth::Cookie {
        client: browser.clone(),
        csrf: Some(api.app.csrf(browser).await),
    }
}

/// Whether a browser is still signed in (its cookie still reads the API).
async fn still_signed_in(api: &Api, browser: &reqwest::Client) -> bool {
    let bare = Auth::Cookie {
        client: browser.clone(),
        csrf: None,
    };
    api.get(&bare, "/api/v1/profiles").await.status == 200
}

async fn a_password_change_needs_the_current_password_and_a_strong_new_one(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let path = "/api/v1/account/password";

    let wrong = api
        .post(
            &olga.token,
            path,
            json!({"current_password": "not my password", "new_password": NEW}),
        )
        .await;
    assert!(wrong.invalid("/current_password").contains("wrong"));
    let weak = api
        .post(
            &olga.token,
            path,
            json!({"current_password": OLD, "new_password": "short"}),
        )
        .await;
    assert!(weak.invalid("/new_password").contains("12 characters"));
    let common = api
        .post(
            &olga.token,
            path,
            json!({"current_password": OLD, "new_password": "password1234"}),
        )
        .await;
    common.invalid("/new_password");
    let unknown = api
        .post(
            &olga.token,
            path,
            json!({"current_password": OLD, "new_password": NEW, "confirm": NEW}),
        )
        .await;
    unknown.invalid("/confirm");
    api.post(
        &Auth::Anonymous,
        path,
        json!({"current_password": OLD, "new_password": NEW}),
    )
    .await
    .problem("unauthorized", 401);

    // Nothing changed: the old password still signs in, and the browser is still in.
    assert!(still_signed_in(&api, &olga.browser).await);
    let (status, _, _) = api
        .app
        .sign_in(&common::client(), "olga@example.org", OLD)
        .await;
    assert_eq!(status, 303);
}

async fn a_password_changed_with_a_token_ends_every_sign_in_and_keeps_the_token(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let laptop = common::client();
    assert_eq!(
        api.app.sign_in(&laptop, "olga@example.org", OLD).await.0,
        303
    );

    let changed = api
        .post(
            &olga.token,
            "/api/v1/account/password",
            json!({"current_password": OLD, "new_password": NEW}),
        )
        .await;

    assert_eq!(changed.status, 204, "{changed:#?}");
    assert!(!still_signed_in(&api, &olga.browser).await);
    assert!(!still_signed_in(&api, &laptop).await);
    assert_eq!(api.get(&olga.token, "/api/v1/profiles").await.status, 200);
    let again = common::client();
    assert_eq!(
        api.app.sign_in(&again, "olga@example.org", OLD).await.0,
        401
    );
    assert_eq!(
        api.app.sign_in(&again, "olga@example.org", NEW).await.0,
        303
    );
}

async fn a_password_changed_with_the_cookie_keeps_that_sign_in_and_needs_csrf(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let phone = common::client();
    assert_eq!(
        api.app.sign_in(&phone, "olga@example.org", OLD).await.0,
        303
    );
    let body = json!({"current_password": OLD, "new_password": NEW});
    let bare = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: None,
    };
    api.post(&bare, "/api/v1/account/password", body.clone())
        .await
        .problem("csrf", 403);
    assert!(still_signed_in(&api, &phone).await);

    let me = cookie(&api, &olga.browser).await;
    let changed = api.post(&me, "/api/v1/account/password", body).await;

    assert_eq!(changed.status, 204, "{changed:#?}");
    assert!(still_signed_in(&api, &olga.browser).await);
    assert!(!still_signed_in(&api, &phone).await);
}

async fn wrong_current_passwords_count_as_failed_sign_ins(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let mut last = None;
    for _ in 0..6 {
        last = Some(
            api.post(
                &olga.token,
                "/api/v1/account/password",
                json!({"current_password": "a wrong guess", "new_password": NEW}),
            )
            .await,
        );
    }
    let limited = last.unwrap();
    assert!(
        limited
            .problem("too-many-attempts", 429)
            .contains("minutes")
    );
    assert!(limited.headers.get("retry-after").is_some());
}

both_backends!(
    a_password_change_needs_the_current_password_and_a_strong_new_one,
    a_password_changed_with_a_token_ends_every_sign_in_and_keeps_the_token,
    a_password_changed_with_the_cookie_keeps_that_sign_in_and_needs_csrf,
    wrong_current_passwords_count_as_failed_sign_ins,
);
