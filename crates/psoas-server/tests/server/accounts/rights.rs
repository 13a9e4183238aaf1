//! The rights of an account's holder through the pages (a module of `accounts.rs`): the
//! password changed on the account page with the current one, every other sign-in ended;
//! the account's sign-ins listed, one ended, or every other one; idle sign-ins over; the
//! owner's one-use reset link for a member who forgot their password.

use super::*;
use crate::common::{TestApp, client, csrf_of};

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

const FIREFOX_ON_ANDROID: &str =
    "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";

/// A browser that names itself, as a phone's would.
fn phone() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(FIREFOX_ON_ANDROID)
        .build()
        .unwrap()
}

/// The addresses of the "Sign out" forms on an account page.
fn end_forms(account: &str) -> Vec<String> {
    account
        .split("action=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|action| action.ends_with("/end"))
        .map(str::to_string)
        .collect()
}

async fn the_account_page_lists_the_sign_ins_and_ends_one(backend: Backend) {
    let app = spawn_app(backend).await;
    let laptop = app.owner("olga@example.org").await;
    let phone = phone();
    assert_eq!(app.sign_in(&phone, "olga@example.org", OLD).await.0, 303);

    let (_, account) = page(&app, &laptop, "/account").await;
    assert!(account.contains("Where you are signed in"), "{account}");
    assert!(account.contains("Firefox on Android"), "{account}");
    assert!(
        account.contains("An unknown browser</strong> (this device)"),
        "{account}"
    );
    assert!(
        account.contains("after 60 minutes unused, or 12"),
        "{account}"
    );
    let ends = end_forms(&account);
    assert_eq!(ends.len(), 1, "this device has no end button: {account}");

    let mallory = app.member(&laptop, "mallory@example.org").await;
    let (_, mallorys) = page(&app, &mallory, "/account").await;
    let csrf = csrf_of(&mallorys);
    let by_mallory = mallory
        .post(app.url(&ends[0]))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(by_mallory.status(), 404);
    assert!(
        by_mallory
            .text()
            .await
            .unwrap()
            .contains("That sign-in has already ended")
    );
    let without_csrf = laptop
        .post(app.url(&ends[0]))
        .form(&[("csrf", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(without_csrf.status(), 403);
    assert!(signed_in(&app, &phone).await, "nothing ended yet");

    let ended = post(&app, &laptop, &ends[0], &[]).await;
    assert_eq!(ended.status(), 303);
    let to = ended.headers()["location"].to_str().unwrap().to_string();
    let (_, done) = page(&app, &laptop, &to).await;
    assert!(done.contains("That sign-in has ended"), "{done}");
    assert!(!done.contains("Firefox on Android"), "{done}");
    assert!(!signed_in(&app, &phone).await);
    assert!(signed_in(&app, &laptop).await);
    assert!(signed_in(&app, &mallory).await);

    let again = post(&app, &laptop, &ends[0], &[]).await;
    assert_eq!(again.status(), 404);
    let nonsense = post(&app, &laptop, "/account/sign-ins/not-an-id/end", &[]).await;
    assert_eq!(nonsense.status(), 404);
    let nonsense = nonsense.text().await.unwrap();
    assert!(!nonsense.contains("not-an-id"), "{nonsense}");
}

async fn signing_out_everywhere_else_keeps_this_browser_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let laptop = app.owner("olga@example.org").await;
    let (phone, tablet) = (phone(), client());
    for browser in [&phone, &tablet] {
        assert_eq!(app.sign_in(browser, "olga@example.org", OLD).await.0, 303);
    }
    let mia = app.member(&laptop, "mia@example.org").await;

    let ended = post(&app, &laptop, "/account/sign-ins/end-others", &[]).await;

    assert_eq!(ended.status(), 303);
    let to = ended.headers()["location"].to_str().unwrap().to_string();
    let (_, done) = page(&app, &laptop, &to).await;
    assert!(
        done.contains("You are signed out on your 2 other devices."),
        "{done}"
    );
    assert!(end_forms(&done).is_empty(), "{done}");
    assert!(!done.contains("Sign out everywhere else"), "{done}");
    assert!(!signed_in(&app, &phone).await);
    assert!(!signed_in(&app, &tablet).await);
    assert!(signed_in(&app, &laptop).await);
    assert!(
        signed_in(&app, &mia).await,
        "another account keeps its sign-ins"
    );
}

async fn a_sign_in_unused_for_over_an_hour_has_ended(backend: Backend) {
    let app = spawn_app(backend).await;
    drop(app.owner("olga@example.org").await);
    let account = app.account("olga@example.org").await;
    let token = psoas_server::auth::new_secret();
    let at = |minutes_ago: i64| {
        psoas_server::auth::now()
            .checked_sub(jiff::SignedDuration::from_mins(minutes_ago))
            .unwrap()
    };
    // Started 61 minutes ago and never used since; it would last 11 hours more.
    app.store
        .add_web_session(&psoas_testkit::sign_in(
            &psoas_server::auth::hash_secret(&token),
            account.id,
            "csrf",
            at(61),
            at(61 - 12 * 60),
        ))
        .await
        .unwrap();
    let idle = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/settings"))
        .header("Cookie", format!("psoas_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(idle.status(), 303);

    // The next sign-in clears it away for good.
    assert_eq!(app.sign_in(&client(), "olga@example.org", OLD).await.0, 303);
    let left = app
        .store
        .sign_ins(account.id, at(0), jiff::Timestamp::MIN, None)
        .await
        .unwrap();
    assert_eq!(left.len(), 2, "the owner's two live sign-ins: {left:?}");
}

async fn a_member_sets_a_new_password_through_the_owners_reset_link_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let olga = app.owner("olga@example.org").await;
    let mia = app.member(&olga, "mia@example.org").await;
    let (_, settings) = page(&app, &olga, "/settings").await;
    assert!(
        settings.contains("Reset someone&#39;s password")
            || settings.contains("Reset someone's password"),
        "{settings}"
    );
    assert!(settings.contains("Member (mia@example.org)"), "{settings}");
    assert!(
        !settings.contains(">Owner (olga@example.org)</option>"),
        "not for herself: {settings}"
    );
    let link = app.reset_link(&olga, "mia@example.org").await;

    let anyone = client();
    let (status, form) = page(&app, &anyone, &link).await;
    assert_eq!(status, 200);
    assert!(form.contains("Member, choose a new password"), "{form}");
    let token = link.split("token=").nth(1).unwrap().to_string();
    let set = |password: &'static str| {
        let (anyone, token, url) = (anyone.clone(), token.clone(), app.url("/reset-password"));
        async move {
            anyone
                .post(url)
                .form(&[("token", token.as_str()), ("new_password", password)])
                .send()
                .await
                .unwrap()
        }
    };
    let weak = set("short").await;
    assert_eq!(weak.status(), 422);
    let weak = weak.text().await.unwrap();
    assert!(weak.contains("There is a problem"), "{weak}");
    assert!(weak.contains("at least 12 characters"), "{weak}");
    assert!(signed_in(&app, &mia).await, "nothing changed yet");

    let done = set(NEW).await;
    assert_eq!(done.status(), 200);
    assert!(
        done.text()
            .await
            .unwrap()
            .contains("Your new password is set")
    );
    assert!(!signed_in(&app, &mia).await, "every sign-in of hers ended");
    assert!(signed_in(&app, &olga).await);
    assert_eq!(app.sign_in(&client(), "mia@example.org", OLD).await.0, 401);
    assert_eq!(app.sign_in(&client(), "mia@example.org", NEW).await.0, 303);

    let again = set("yet another long password").await;
    assert_eq!(again.status(), 403);
    assert!(
        again
            .text()
            .await
            .unwrap()
            .contains("unknown, used or expired")
    );
    assert_eq!(page(&app, &anyone, &link).await.0, 403);
    assert_eq!(app.sign_in(&client(), "mia@example.org", NEW).await.0, 303);
}

async fn only_the_owner_makes_reset_links_and_not_for_herself(backend: Backend) {
    let app = spawn_app(backend).await;
    let olga = app.owner("olga@example.org").await;
    let mia = app.member(&olga, "mia@example.org").await;
    let (_, mias) = page(&app, &mia, "/settings").await;
    assert!(!mias.contains("/settings/password-resets"), "{mias}");
    let olgas_id = app.account("olga@example.org").await.id.to_string();
    let by_mia = post(
        &app,
        &mia,
        "/settings/password-resets",
        &[("account", olgas_id.as_str())],
    )
    .await;
    assert_eq!(by_mia.status(), 403);
    for account in [olgas_id.as_str(), "not-an-account", ""] {
        let refused = post(
            &app,
            &olga,
            "/settings/password-resets",
            &[("account", account)],
        )
        .await;
        assert_eq!(refused.status(), 422, "{account}");
        let refused = refused.text().await.unwrap();
        assert!(refused.contains("Choose one of the accounts"), "{refused}");
        assert!(!refused.contains("reset-password?token"), "{refused}");
    }
    let (status, gone) = page(&app, &client(), "/reset-password?token=made-up").await;
    assert_eq!(status, 403);
    assert!(
        gone.contains("Ask the owner of this server for a new one"),
        "{gone}"
    );
}

/// The running server purges on its own: a sign-in that ended and an old failed sign-in go
/// within a few turns of the schedule, with no request to trigger it.
async fn the_server_purges_what_has_ended_on_a_schedule(backend: Backend) {
    let app = crate::common::spawn_app_with(backend, |settings| {
        settings.purge_every = std::time::Duration::from_millis(100);
    })
    .await;
    drop(app.owner("olga@example.org").await);
    let account = app.account("olga@example.org").await;
    let ago = |hours: i64| {
        psoas_server::auth::now()
            .checked_sub(jiff::SignedDuration::from_hours(hours))
            .unwrap()
    };
    app.store
        .add_web_session(&psoas_testkit::sign_in(
            "ended-sign-in",
            account.id,
            "csrf",
            ago(13),
            ago(1),
        ))
        .await
        .unwrap();
    app.store
        .add_login_failure("an-old-guess", ago(48))
        .await
        .unwrap();
    app.store
        .add_login_failure("a-new-guess", ago(0))
        .await
        .unwrap();
    let since = jiff::Timestamp::MIN;
    let started = std::time::Instant::now();
    loop {
        let failures = app
            .store
            .login_failures_since("an-old-guess", since)
            .await
            .unwrap();
        let signed_in = app
            .store
            .web_session("ended-sign-in", since, since)
            .await
            .unwrap();
        if failures == 0 && signed_in.is_none() {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "not purged: {failures} old failures, sign-in {signed_in:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let kept = app
        .store
        .login_failures_since("a-new-guess", since)
        .await
        .unwrap();
    assert_eq!(kept, 1, "a failure that still counts is kept");
}

both_backends!(
    a_member_sets_a_new_password_through_the_owners_reset_link_once,
    only_the_owner_makes_reset_links_and_not_for_herself,
    the_account_page_changes_the_password_and_ends_the_other_sign_ins,
    a_password_change_without_the_csrf_token_changes_nothing,
    the_account_page_lists_the_sign_ins_and_ends_one,
    signing_out_everywhere_else_keeps_this_browser_only,
    a_sign_in_unused_for_over_an_hour_has_ended,
    the_server_purges_what_has_ended_on_a_schedule,
);
