//! The rights of an account's holder through the pages (a module of `accounts.rs`): the
//! password changed on the account page with the current one, every other sign-in ended.

use super::common::{TestApp, client, csrf_of};
use super::*;

const OLD: &str = "correct horse battery";
const NEW: &str = "a new staple for the battery";

async fn page(app: &TestApp, browser: &reqwest::Client, path: &str) -> (u16, String) {
    let reply = browser.get(app.url(path)).send().await.unwrap();
    (reply.status().as_u16(), reply.text().await.unwrap())
}

async fn post(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let (_, account) = page(app, browser, "/account").await;
    let csrf = csrf_of(&account);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    browser
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// Whether a browser is still signed in: its settings page opens instead of redirecting.
async fn signed_in(app: &TestApp, browser: &reqwest::Client) -> bool {
    page(app, browser, "/settings").await.0 == 200
}

async fn the_account_page_changes_the_password_and_ends_the_other_sign_ins(backend: Backend) {
    let app = spawn_app(backend).await;
    let laptop = app.owner("olga@example.org").await;
    let phone = client();
    assert_eq!(app.sign_in(&phone, "olga@example.org", OLD).await.0, 303);
    let (status, account) = page(&app, &laptop, "/account").await;
    assert_eq!(status, 200);
    assert!(account.contains("Change your password"), "{account}");
    assert!(
        page(&app, &laptop, "/settings")
            .await
            .1
            .contains("href=\"/account\""),
        "the settings page leads to the account page"
    );

    let wrong = post(
        &app,
        &laptop,
        "/account/password",
        &[("current_password", "not it at all"), ("new_password", NEW)],
    )
    .await;
    assert_eq!(wrong.status(), 422);
    let wrong = wrong.text().await.unwrap();
    assert!(wrong.contains("There is a problem"), "{wrong}");
    assert!(wrong.contains("The current password is wrong"), "{wrong}");
    let weak = post(
        &app,
        &laptop,
        "/account/password",
        &[("current_password", OLD), ("new_password", "short")],
    )
    .await;
    assert_eq!(weak.status(), 422);
    assert!(
        weak.text()
            .await
            .unwrap()
            .contains("at least 12 characters")
    );
    assert!(signed_in(&app, &phone).await, "nothing changed yet");

    let changed = post(
        &app,
        &laptop,
        "/account/password",
        &[("current_password", OLD), ("new_password", NEW)],
    )
    .await;
    assert_eq!(changed.status(), 303);
    let to = changed.headers()["location"].to_str().unwrap().to_string();
    let (_, done) = page(&app, &laptop, &to).await;
    assert!(
        done.contains("Your password is changed, and your one other sign-in has ended."),
        "{done}"
    );
    assert!(!signed_in(&app, &phone).await);
    assert!(signed_in(&app, &laptop).await);
    assert_eq!(app.sign_in(&client(), "olga@example.org", OLD).await.0, 401);
    assert_eq!(app.sign_in(&client(), "olga@example.org", NEW).await.0, 303);
}

async fn a_password_change_without_the_csrf_token_changes_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let laptop = app.owner("olga@example.org").await;
    let refused = laptop
        .post(app.url("/account/password"))
        .form(&[("current_password", OLD), ("new_password", NEW)])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    assert_eq!(app.sign_in(&client(), "olga@example.org", OLD).await.0, 303);
    assert_eq!(page(&app, &client(), "/account").await.0, 303);
}

both_backends!(
    the_account_page_changes_the_password_and_ends_the_other_sign_ins,
    a_password_change_without_the_csrf_token_changes_nothing,
);
