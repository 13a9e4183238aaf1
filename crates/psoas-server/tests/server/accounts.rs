//! Account pages against a real server, on SQLite and on PostgreSQL: set-up, sign-in, sign-out,
//! CSRF, rate limiting, invitations and escaping of what people type; the holder's rights over
//! their account in `accounts/rights.rs`.

mod rights;
mod security;

use crate::common::{Backend, both_backends, client, csrf_of, spawn_app};

async fn the_setup_link_creates_the_owner_once(backend: Backend) {
    let app = spawn_app(backend).await;
    let welcome = client().get(app.url("/")).send().await.unwrap();
    assert!(welcome.text().await.unwrap().contains("set-up link"));
    let owner = app.owner("olga@example.org").await;
    let home = owner
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Who is being tested?"), "{home}");
    // A second owner cannot be made, even with a fresh token.
    let token = app.setup_token().await;
    let again = client()
        .post(app.url("/setup"))
        .form(&[
            ("token", token.as_str()),
            ("display_name", "Mallory"),
            ("email", "m@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 403);
}

async fn a_short_password_is_refused_with_the_reason_and_the_form_kept(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app.setup_token().await;
    let response = client()
        .post(app.url("/setup"))
        .form(&[
            ("token", token.as_str()),
            ("display_name", "Olga"),
            ("email", "olga@example.org"),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("at least 12 characters"), "{page}");
    assert!(page.contains("olga@example.org"), "the address is kept");
    let common = client()
        .post(app.url("/setup"))
        .form(&[
            ("token", token.as_str()),
            ("display_name", "Olga"),
            ("email", "olga@example.org"),
            ("password", "Password1234"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(common.status(), 422);
    assert!(common.text().await.unwrap().contains("anyone guessing"));

    // Everything wrong at once: each problem in the summary, linked to its field, and again
    // beside the field, the first wrong one focused, what was typed kept.
    let all_wrong = client()
        .post(app.url("/setup"))
        .form(&[
            ("token", token.as_str()),
            ("display_name", "  "),
            ("email", "olga.example.org"),
            ("password", "short"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(all_wrong.status(), 422);
    let page = all_wrong.text().await.unwrap();
    for field in ["display_name", "email", "password"] {
        assert!(
            page.contains(&format!("href=\"#{field}\"")),
            "{field} in the summary: {page}"
        );
        assert!(
            page.contains(&format!("id=\"{field}-error\"")),
            "{field}'s own message: {page}"
        );
    }
    assert!(page.contains("Enter your name"), "{page}");
    assert!(
        page.contains("E-mail: &#39;olga.example.org&#39; is not understood")
            || page.contains("E-mail: 'olga.example.org' is not understood"),
        "{page}"
    );
    assert!(
        page.contains("The password needs at least 12 characters"),
        "{page}"
    );
    let focused = page.split("autofocus").count() - 1;
    assert_eq!(focused, 1, "one field is focused: {page}");
    assert!(
        page.contains("value=\"olga.example.org\""),
        "the address is kept: {page}"
    );
    assert_eq!(app.store.account_count().await.unwrap(), 0);
}

async fn forms_without_the_csrf_token_are_refused_and_store_nothing(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    let response = owner
        .post(app.url("/profiles"))
        .form(&[("csrf", "forged"), ("name", "Anna")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
    let home = owner
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!home.contains("<h2>Anna</h2>"));
}

async fn names_people_type_are_escaped(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    let csrf = app.csrf(&owner).await;
    owner
        .post(app.url("/profiles"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "<script>alert(1)</script>"),
        ])
        .send()
        .await
        .unwrap();
    let home = owner
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        home.contains("&#60;script&#62;alert(1)&#60;/script&#62;"),
        "{home}"
    );
    assert!(!home.contains("<script>alert(1)"));
}

async fn signing_in_works_and_wrong_passwords_are_rate_limited(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    let csrf = app.csrf(&owner).await;
    let out = owner
        .post(app.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let gone = owner.get(app.url("/settings")).send().await.unwrap();
    assert_eq!(gone.status(), 303, "signed out, settings send to sign-in");

    let browser = client();
    let form = browser
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut csrf = csrf_of(&form);
    for _ in 0..5 {
        let wrong = browser
            .post(app.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", "olga@example.org"),
                ("password", "nope nope nope"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 401);
        // Each answer pairs a fresh form with the browser.
        let page = wrong.text().await.unwrap();
        assert!(page.contains("is wrong"), "{page}");
        csrf = csrf_of(&page);
    }
    let locked = browser
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "olga@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        locked.status(),
        429,
        "even the right password waits out the lockout"
    );

    let other = client();
    let form = other
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let missing_pair = client()
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("email", "x@example.org"),
            ("password", "whatever123"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        missing_pair.status(),
        403,
        "a sign-in form must come from the same browser"
    );
}

async fn an_invitation_signs_up_one_member_only(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    let member = app.member(&owner, "ben@example.org").await;
    let home = member
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(home.contains("Who is being tested?"));
    let settings = member
        .get(app.url("/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !settings.contains("Create an invitation link"),
        "members do not invite"
    );
}

async fn an_expired_sign_in_sends_the_browser_back_to_the_sign_in_page(backend: Backend) {
    use psoas_core::Email;
    use psoas_server::auth::{hash_secret, new_secret, now};

    let app = spawn_app(backend).await;
    drop(app.owner("olga@example.org").await);
    let (account, _) = app
        .store
        .account_by_email(&Email::parse("olga@example.org").unwrap())
        .await
        .unwrap()
        .expect("the owner exists");
    let token = new_secret();
    let an_hour_ago = now()
        .checked_sub(jiff::SignedDuration::from_hours(1))
        .unwrap();
    app.store
        .add_web_session(&psoas_testkit::sign_in(
            &hash_secret(&token),
            account.id,
            &new_secret(),
            an_hour_ago
                .checked_sub(jiff::SignedDuration::from_hours(12))
                .unwrap(),
            an_hour_ago,
        ))
        .await
        .unwrap();
    let response = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(app.url("/settings"))
        .header("Cookie", format!("psoas_session={token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login");
}

both_backends!(
    the_setup_link_creates_the_owner_once,
    a_short_password_is_refused_with_the_reason_and_the_form_kept,
    forms_without_the_csrf_token_are_refused_and_store_nothing,
    names_people_type_are_escaped,
    signing_in_works_and_wrong_passwords_are_rate_limited,
    an_invitation_signs_up_one_member_only,
    an_expired_sign_in_sends_the_browser_back_to_the_sign_in_page,
);
