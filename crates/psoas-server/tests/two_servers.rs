//! Stateless servers: two servers, each with its own connections, on one database, with
//! requests alternating between them. Nothing about users lives in a server's memory (sign-in
//! sessions, CSRF tokens, failed sign-ins, set-up tokens and invitations are all in the
//! database), so either server answers for what the other started.

mod common;

use common::{Backend, TestApp, both_backends, client, csrf_of, spawn_app, start_on};

const PASSWORD: &str = "correct horse battery";

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

/// Posts the sign-in form of `app` (fetched from that server first); gives the status.
async fn sign_in(browser: &reqwest::Client, app: &TestApp, password: &str) -> u16 {
    let (_, form) = page(browser, app, "/login").await;
    browser
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf_of(&form).as_str()),
            ("email", "olga@example.org"),
            ("password", password),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn two_servers_on_one_database_serve_the_same_users(backend: Backend) {
    let a = spawn_app(backend).await;
    let b = start_on(a.db.clone()).await;
    assert_ne!(a.base, b.base);

    // Set-up on A; the sign-in it made is good on B (cookies are per host, not per port).
    let owner = a.owner("olga@example.org").await;
    let (status, home) = page(&owner, &b, "/").await;
    assert_eq!(status, 200);
    assert!(home.contains("Who is being tested?"), "{home}");

    // Sign-in on B, then used on A.
    let phone = client();
    assert_eq!(sign_in(&phone, &b, PASSWORD).await, 303);
    let (status, settings) = page(&phone, &a, "/settings").await;
    assert_eq!(status, 200, "{settings}");

    // Recorded through A with A's form token, read on B; a form token shown by B is
    // accepted by A too.
    let csrf = a.csrf(&phone).await;
    let made = phone
        .post(a.url("/profiles"))
        .form(&[("csrf", csrf.as_str()), ("name", "Anna")])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 303);
    let (_, home) = page(&owner, &b, "/").await;
    assert!(home.contains("<h2>Anna</h2>"), "{home}");
    let csrf = b.csrf(&phone).await;
    let made = phone
        .post(a.url("/profiles"))
        .form(&[("csrf", csrf.as_str()), ("name", "Ben")])
        .send()
        .await
        .unwrap();
    assert_eq!(made.status(), 303);
    let (_, home) = page(&owner, &b, "/").await;
    assert!(home.contains("<h2>Ben</h2>"), "{home}");

    // Failed sign-ins count across both servers: 3 on A and 2 on B lock the address out,
    // on both, even for the right password.
    let intruder = client();
    for app in [&a, &b, &a, &b, &a] {
        assert_eq!(sign_in(&intruder, app, "nope nope nope").await, 401);
    }
    assert_eq!(sign_in(&intruder, &b, PASSWORD).await, 429);
    assert_eq!(sign_in(&client(), &a, PASSWORD).await, 429);

    // Signing out on B ends the sign-in on A at once.
    let csrf = b.csrf(&phone).await;
    let out = phone
        .post(b.url("/logout"))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 303);
    let (status, _) = page(&phone, &a, "/settings").await;
    assert_eq!(status, 303, "signed out on B, A sends to the sign-in page");
    let (status, _) = page(&owner, &a, "/settings").await;
    assert_eq!(status, 200, "the owner's other sign-in is untouched");
}

both_backends!(two_servers_on_one_database_serve_the_same_users);
