//! Stateless servers: two servers, each with its own connections, on one database, with
//! requests alternating between them. Nothing about users lives in a server's memory (sign-in
//! sessions, CSRF tokens, failed sign-ins, set-up tokens and invitations are all in the
//! database), so either server answers for what the other started; the history lines a
//! server keeps in memory are checked against the database on every read.

use crate::common::{Backend, TestApp, both_backends, client, csrf_of, spawn_app, start_on};

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

/// Sends an API request with the sign-in cookie (and its CSRF token for changes); gives the
/// status and the JSON body.
async fn api(
    browser: &reqwest::Client,
    app: &TestApp,
    csrf: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let mut request = browser
        .request(method, app.url(path))
        .header("x-csrf-token", csrf);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

/// Each server keeps judged history lines in its memory; a change made through the other
/// server shows in the very next history it serves.
async fn a_change_made_through_one_server_shows_in_the_others_history_at_once(backend: Backend) {
    use reqwest::Method;
    use serde_json::json;
    let a = spawn_app(backend).await;
    let b = start_on(a.db.clone()).await;
    let owner = a.owner("olga@example.org").await;
    let csrf = a.csrf(&owner).await;
    let (status, made) = api(
        &owner,
        &a,
        &csrf,
        Method::POST,
        "/api/v1/profiles",
        Some(json!({"name": "Anna"})),
    )
    .await;
    assert_eq!(status, 201, "{made}");
    let profile = made["id"].as_str().unwrap().to_string();
    let (status, started) = api(
        &owner,
        &a,
        &csrf,
        Method::POST,
        "/api/v1/sessions",
        Some(json!({"profile_id": profile, "red_flags": []})),
    )
    .await;
    assert_eq!(status, 201, "{started}");
    let symptoms = format!(
        "/api/v1/sessions/{}/symptoms",
        started["id"].as_str().unwrap()
    );
    let pain = |back: u8| {
        json!({"back_pain": back, "pelvic_pain": 0,
        "sitting_hours_per_day": 6, "situps_per_week": 0})
    };
    let history = format!("/api/v1/history?profile_id={profile}");

    let (status, _) = api(&owner, &a, &csrf, Method::PUT, &symptoms, Some(pain(3))).await;
    assert_eq!(status, 200);
    for _ in 0..2 {
        let (status, seen) = api(&owner, &b, &csrf, Method::GET, &history, None).await;
        assert_eq!(status, 200, "{seen}");
        assert_eq!(seen["items"][0]["back_pain"], 3, "{seen}");
    }
    let (status, _) = api(&owner, &a, &csrf, Method::PUT, &symptoms, Some(pain(7))).await;
    assert_eq!(status, 200);
    let (_, seen) = api(&owner, &b, &csrf, Method::GET, &history, None).await;
    assert_eq!(
        seen["items"][0]["back_pain"], 7,
        "B shows A's change: {seen}"
    );
}

both_backends!(
    two_servers_on_one_database_serve_the_same_users,
    a_change_made_through_one_server_shows_in_the_others_history_at_once,
);
