//! The server as an attacker meets it: floods of bogus sign-ups and sign-ins cost no more than
//! the bounded password work, slow clients are cut off, and every response carries the
//! safety headers.

use crate::common::{Backend, both_backends, client, client_from, spawn_app, spawn_app_with};
use futures_util::future::join_all;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

async fn a_flood_of_sign_ups_with_bogus_links_hashes_no_password(backend: Backend) {
    let app = spawn_app(backend).await;
    let _owner = app.owner("olga@example.org").await;
    let after_set_up = app.state.password_work.stats().started;
    let bogus = client();
    // 256 sign-ups, 64 at a time, each with a well-formed form and an unknown link.
    for round in 0..4 {
        let replies = join_all((0..64).map(|i| {
            let bogus = bogus.clone();
            let url = app.url(if i % 2 == 0 { "/signup" } else { "/setup" });
            async move {
                bogus
                    .post(url)
                    .form(&[
                        ("token", format!("bogus-{round}-{i}").as_str()),
                        ("display_name", "Mallory"),
                        ("email", format!("m{round}-{i}@example.org").as_str()),
                        ("password", "correct horse battery"),
                    ])
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        }))
        .await;
        assert!(replies.iter().all(|&s| s == 403), "{replies:?}");
    }
    assert_eq!(
        app.state.password_work.stats().started,
        after_set_up,
        "no bogus sign-up may reach the password hash"
    );
    // The owner still signs in.
    let again = client();
    let form = again.get(app.url("/login")).send().await.unwrap();
    let csrf = crate::common::csrf_of(&form.text().await.unwrap());
    let signed_in = again
        .post(app.url("/login"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("email", "olga@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
}

async fn parallel_sign_ins_never_run_more_hashes_than_the_workers(backend: Backend) {
    let app = spawn_app_with(backend, |settings| settings.password_workers = 1).await;
    let _owner = app.owner("olga@example.org").await;
    // Each guesser loads the form once (its own CSRF cookie), then all guess at once.
    let guessers = join_all((0..48).map(|_| async {
        let guesser = client();
        let page = guesser.get(app.url("/login")).send().await.unwrap();
        let csrf = crate::common::csrf_of(&page.text().await.unwrap());
        (guesser, csrf)
    }))
    .await;
    let replies = join_all(guessers.iter().enumerate().map(|(i, (guesser, csrf))| {
        let url = app.url("/login");
        async move {
            let reply = guesser
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("email", format!("nobody{i}@example.org").as_str()),
                    ("password", "a wrong password guess"),
                ])
                .send()
                .await
                .unwrap();
            let retry_after = reply.headers().get("retry-after").cloned();
            (reply.status().as_u16(), retry_after)
        }
    }))
    .await;
    for (status, retry_after) in &replies {
        assert!(
            [401, 429, 503].contains(status),
            "a guess is refused: {replies:?}"
        );
        if *status == 503 {
            let seconds: u64 = retry_after
                .as_ref()
                .expect("a busy reply says when to come back")
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(seconds >= 1);
        }
    }
    let stats = app.state.password_work.stats();
    assert_eq!(stats.peak_running, 1, "{stats:?}");
}

async fn a_client_that_never_finishes_its_headers_is_cut_off(backend: Backend) {
    let app = spawn_app_with(backend, |settings| {
        settings.header_read_timeout = Duration::from_secs(1);
    })
    .await;
    let address = app.base.trim_start_matches("http://").to_string();
    let mut slow = tokio::net::TcpStream::connect(&address).await.unwrap();
    slow.write_all(b"GET /login HTTP/1.1\r\nHost: psoas\r\n")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let read = tokio::time::timeout(Duration::from_secs(15), slow.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(
        matches!(read, Ok(Ok(_))),
        "the server closes the connection of a client that stalls in its headers"
    );
    assert!(
        answer.is_empty() || text.starts_with("HTTP/1.1 408"),
        "nothing but a timeout is answered: {text}"
    );
}

async fn a_sign_up_does_not_confirm_that_an_address_has_an_account(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    let token = app.invitation_token(&owner, "member").await;
    let reply = client()
        .post(app.url("/signup"))
        .form(&[
            ("token", token.as_str()),
            ("display_name", "Mallory"),
            ("email", "olga@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 422);
    let page = reply.text().await.unwrap();
    assert!(page.contains("This invitation cannot be used"), "{page}");
    assert!(!page.contains("already exists"), "{page}");
    assert_eq!(app.store.account_count().await.unwrap(), 1);
}

async fn forty_parallel_guesses_get_no_more_tries_than_five_slow_ones(backend: Backend) {
    let app = spawn_app(backend).await;
    let _owner = app.owner("olga@example.org").await;
    let guessers: Vec<reqwest::Client> = (0..40).map(|_| client()).collect();
    let replies = join_all(
        guessers
            .iter()
            .map(|guesser| app.sign_in(guesser, "olga@example.org", "a wrong password guess")),
    )
    .await;
    let checked = replies.iter().filter(|(status, ..)| *status == 401).count();
    assert!(checked <= 5, "{checked} guesses were checked");
    for (status, retry_after, page) in &replies {
        assert!([401, 429].contains(status), "{status}: {page}");
        if *status == 429 {
            assert!(retry_after.is_some(), "a refusal says when to come back");
        }
    }
}

async fn another_devices_wrong_passwords_slow_the_owner_down_but_do_not_lock_her_out(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let _owner = app.owner("olga@example.org").await;
    let mallory = client_from("127.0.0.2");
    for _ in 0..5 {
        let (status, ..) = app
            .sign_in(&mallory, "olga@example.org", "a wrong password guess")
            .await;
        assert_eq!(status, 401);
    }
    let (status, _, page) = app
        .sign_in(&mallory, "olga@example.org", "another wrong guess")
        .await;
    assert_eq!(status, 429, "the guessing device waits");
    assert!(page.contains("from this device"), "{page}");

    // Olga, on her own phone, is asked to wait a moment at most, then gets in.
    let olga = client_from("127.0.0.1");
    let (status, retry_after, page) = app
        .sign_in(&olga, "olga@example.org", "correct horse battery")
        .await;
    if status == 429 {
        let seconds = retry_after.expect("a wait in seconds");
        assert!(seconds <= 60, "{seconds} s: {page}");
        assert!(page.contains("to this account"), "{page}");
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        let (status, _, page) = app
            .sign_in(&olga, "olga@example.org", "correct horse battery")
            .await;
        assert_eq!(status, 303, "{page}");
    } else {
        assert_eq!(status, 303, "{page}");
    }
}

async fn signing_in_to_ones_own_account_does_not_clear_the_devices_failures(backend: Backend) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    let _mia = app.member(&owner, "mia@example.org").await;
    let mallory = client_from("127.0.0.3");
    for _ in 0..4 {
        let (status, ..) = app
            .sign_in(&mallory, "olga@example.org", "a wrong password guess")
            .await;
        assert_eq!(status, 401);
    }
    let (status, ..) = app
        .sign_in(&mallory, "mia@example.org", "correct horse battery")
        .await;
    assert_eq!(status, 303, "her own account, rightly");
    let (status, ..) = app
        .sign_in(&mallory, "olga@example.org", "a fifth wrong guess")
        .await;
    assert_eq!(status, 401);
    let (status, _, page) = app
        .sign_in(&mallory, "olga@example.org", "a sixth wrong guess")
        .await;
    assert_eq!(
        status, 429,
        "four wrong, one right and one wrong are five failures"
    );
    assert!(page.contains("from this device"), "{page}");
}

const SAFETY_HEADERS: [(&str, &str); 6] = [
    ("content-security-policy", "default-src 'self'"),
    ("content-security-policy", "frame-ancestors 'none'"),
    ("x-content-type-options", "nosniff"),
    ("referrer-policy", "no-referrer"),
    ("permissions-policy", "camera=(self)"),
    ("permissions-policy", "geolocation=()"),
];

fn assert_safety_headers(what: &str, reply: &reqwest::Response) {
    for (name, part) in SAFETY_HEADERS {
        let value = reply
            .headers()
            .get(name)
            .map(|v| v.to_str().unwrap().to_string())
            .unwrap_or_default();
        assert!(value.contains(part), "{what}: {name} is {value:?}");
    }
    let csp = reply.headers()["content-security-policy"].to_str().unwrap();
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
}

fn cache_control(reply: &reqwest::Response) -> String {
    reply
        .headers()
        .get("cache-control")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default()
}

async fn every_response_carries_the_safety_headers_and_personal_ones_are_not_cached(
    backend: Backend,
) {
    let app = spawn_app(backend).await;
    let owner = app.owner("olga@example.org").await;
    for path in ["/", "/history", "/settings"] {
        let reply = owner.get(app.url(path)).send().await.unwrap();
        assert_safety_headers(path, &reply);
        assert_eq!(cache_control(&reply), "no-store", "{path}");
        assert!(reply.headers().get("strict-transport-security").is_none());
    }
    let login = client().get(app.url("/login")).send().await.unwrap();
    assert_safety_headers("/login", &login);
    assert_eq!(cache_control(&login), "no-store");
    let missing = client().get(app.url("/no/such/page")).send().await.unwrap();
    assert_safety_headers("a missing page", &missing);

    let api = client()
        .get(app.url("/api/v1/profiles"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 401);
    assert_safety_headers("the API", &api);
    assert_eq!(cache_control(&api), "no-store");

    // The page names its stylesheet by content hash; that address may be kept for a year.
    let home = owner
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = home
        .find("/static/app.")
        .expect("the page links its stylesheet");
    let end = start + home[start..].find('"').unwrap();
    let css = client()
        .get(app.url(&home[start..end]))
        .send()
        .await
        .unwrap();
    assert_eq!(css.status(), 200);
    assert!(
        cache_control(&css).contains("immutable"),
        "{}",
        cache_control(&css)
    );
    assert_eq!(
        client()
            .get(app.url("/static/app.000000000000.css"))
            .send()
            .await
            .unwrap()
            .status(),
        404
    );
}

async fn over_tls_the_browser_is_told_to_keep_to_https(backend: Backend) {
    let app = spawn_app_with(backend, |settings| settings.secure_cookies = true).await;
    let reply = client().get(app.url("/login")).send().await.unwrap();
    let hsts = reply
        .headers()
        .get("strict-transport-security")
        .expect("HSTS when served over TLS")
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age="), "{hsts}");
}

both_backends!(
    a_flood_of_sign_ups_with_bogus_links_hashes_no_password,
    parallel_sign_ins_never_run_more_hashes_than_the_workers,
    a_client_that_never_finishes_its_headers_is_cut_off,
    every_response_carries_the_safety_headers_and_personal_ones_are_not_cached,
    over_tls_the_browser_is_told_to_keep_to_https,
    a_sign_up_does_not_confirm_that_an_address_has_an_account,
    forty_parallel_guesses_get_no_more_tries_than_five_slow_ones,
    another_devices_wrong_passwords_slow_the_owner_down_but_do_not_lock_her_out,
    signing_in_to_ones_own_account_does_not_clear_the_devices_failures,
);
