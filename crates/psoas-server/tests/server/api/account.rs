//! The caller's own account through the API (included by `api.rs`, so every reply is checked
//! against the served document): the password changed with the current one, every other
//! sign-in ended; the sign-ins listed, one ended, every other one ended.

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

const FIREFOX_ON_ANDROID: &str =
    "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";

/// Olga's phone, signed in with a browser that names itself.
async fn signed_in_phone(api: &Api) -> reqwest::Client {
    let phone = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(FIREFOX_ON_ANDROID)
        .build()
        .unwrap();
    assert_eq!(
        api.app.sign_in(&phone, "olga@example.org", OLD).await.0,
        303
    );
    phone
}

async fn sign_ins_are_listed_with_the_browser_and_which_one_is_asking(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let _phone = signed_in_phone(&api).await;
    let mia = api.member(&olga).await;

    let by_cookie = api
        .get(
            &cookie(&api, &olga.browser).await,
            "/api/v1/account/sign-ins",
        )
        .await;

    assert_eq!(by_cookie.status, 200, "{by_cookie:#?}");
    assert_eq!(by_cookie.body["total"], 2);
    let items = by_cookie.body["items"].as_array().unwrap();
    // The phone signed in last, so it was used last.
    assert_eq!(items[0]["browser"], "Firefox on Android");
    assert_eq!(items[0]["current"], false);
    assert_eq!(items[1]["browser"], "An unknown browser");
    assert_eq!(items[1]["current"], true);
    assert!(items.iter().all(|i| i.get("token_hash").is_none()));
    let by_token = api
        .get(&olga.token, "/api/v1/account/sign-ins?limit=1")
        .await;
    assert_eq!(by_token.status, 200, "{by_token:#?}");
    assert_eq!(by_token.body["total"], 2);
    assert_eq!(by_token.body["items"][0]["current"], false);
    assert!(by_token.body["next"].is_string(), "{by_token:#?}");
    let mias = api.get(&mia.token, "/api/v1/account/sign-ins").await;
    assert_eq!(mias.body["total"], 1, "{mias:#?}");
    api.get(&Auth::Anonymous, "/api/v1/account/sign-ins")
        .await
        .problem("unauthorized", 401);
}

async fn a_sign_in_is_ended_by_its_id_by_its_own_account_only(backend: Backend) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let phone = signed_in_phone(&api).await;
    let mia = api.member(&olga).await;
    let listed = api.get(&olga.token, "/api/v1/account/sign-ins").await;
    let phones = listed.body["items"][0]["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/account/sign-ins/{phones}");

    api.delete(&mia.token, &path)
        .await
        .problem("not-found", 404);
    let bare = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: None,
    };
    api.delete(&bare, &path).await.problem("csrf", 403);
    api.delete(&olga.token, "/api/v1/account/sign-ins/not-an-id")
        .await
        .problem("not-found", 404);
    assert!(still_signed_in(&api, &phone).await, "nothing ended yet");

    let ended = api.delete(&olga.token, &path).await;

    assert_eq!(ended.status, 204, "{ended:#?}");
    assert!(!still_signed_in(&api, &phone).await);
    assert!(still_signed_in(&api, &olga.browser).await);
    assert!(still_signed_in(&api, &mia.browser).await);
    api.delete(&olga.token, &path)
        .await
        .problem("not-found", 404);
}

async fn ending_the_other_sign_ins_keeps_the_asking_cookie_or_ends_all_for_a_token(
    backend: Backend,
) {
    let api = Api::start(backend).await;
    let olga = api.owner().await;
    let phone = signed_in_phone(&api).await;
    let mia = api.member(&olga).await;
    let path = "/api/v1/account/sign-ins/end-others";
    let bare = Auth::Cookie {
        client: olga.browser.clone(),
        csrf: None,
    };
    api.post(&bare, path, Value::Null)
        .await
        .problem("csrf", 403);
    assert!(still_signed_in(&api, &phone).await);

    let ended = api
        .post(&cookie(&api, &olga.browser).await, path, Value::Null)
        .await;

    assert_eq!(ended.status, 200, "{ended:#?}");
    assert_eq!(ended.body, json!({"ended": 1}));
    assert!(!still_signed_in(&api, &phone).await);
    assert!(still_signed_in(&api, &olga.browser).await);

    let by_token = api.post(&olga.token, path, Value::Null).await;
    assert_eq!(by_token.body, json!({"ended": 1}), "{by_token:#?}");
    assert!(!still_signed_in(&api, &olga.browser).await);
    assert!(still_signed_in(&api, &mia.browser).await);
    assert_eq!(api.get(&olga.token, "/api/v1/profiles").await.status, 200);
}

both_backends!(
    sign_ins_are_listed_with_the_browser_and_which_one_is_asking,
    a_sign_in_is_ended_by_its_id_by_its_own_account_only,
    ending_the_other_sign_ins_keeps_the_asking_cookie_or_ends_all_for_a_token,
    a_password_change_needs_the_current_password_and_a_strong_new_one,
    a_password_changed_with_a_token_ends_every_sign_in_and_keeps_the_token,
    a_password_changed_with_the_cookie_keeps_that_sign_in_and_needs_csrf,
    wrong_current_passwords_count_as_failed_sign_ins,
);
