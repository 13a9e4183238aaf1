//! HTTPS: the self-signed certificate is made once and kept, and a real client that trusts
//! it gets pages over TLS.

use psoas_server::tls::{self, CertificateFiles};
use psoas_server::{AppState, Settings};
use psoas_store::AuthStore;
use psoas_store_sqlite::SqliteStore;
use std::sync::Arc;
use tempfile::TempDir;

#[test]
fn the_self_signed_certificate_is_made_once_and_kept_private() {
    let dir = TempDir::new().unwrap();
    let first = tls::self_signed(dir.path(), &["192.0.2.7".to_string()]).unwrap();
    let cert = std::fs::read_to_string(&first.cert).unwrap();
    assert!(cert.starts_with("-----BEGIN CERTIFICATE-----"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&first.key).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the key is readable by its owner only");
    }
    let second = tls::self_signed(dir.path(), &["198.51.100.1".to_string()]).unwrap();
    assert_eq!(
        std::fs::read_to_string(&second.cert).unwrap(),
        cert,
        "kept, not remade"
    );
}

#[tokio::test]
async fn unusable_certificate_files_are_refused_with_a_reason() {
    let dir = TempDir::new().unwrap();
    let files = CertificateFiles {
        cert: dir.path().join("cert.pem"),
        key: dir.path().join("key.pem"),
    };
    let missing = tls::load(&files).await.unwrap_err().to_string();
    assert!(missing.contains("no such file"), "{missing}");
    std::fs::write(&files.cert, "not a certificate").unwrap();
    std::fs::write(&files.key, "not a key").unwrap();
    let invalid = tls::load(&files).await.unwrap_err().to_string();
    assert!(invalid.contains("not usable"), "{invalid}");
}

#[tokio::test]
async fn pages_are_served_over_https_to_a_client_that_trusts_the_certificate() {
    let dir = TempDir::new().unwrap();
    let files = tls::self_signed(dir.path(), &[]).unwrap();
    let config = tls::load(&files).await.unwrap();
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("psoas.db"))
            .await
            .unwrap(),
    );
    let (base, stop, server) = start_https(store, config);

    let trusted = reqwest::Certificate::from_pem(&std::fs::read(&files.cert).unwrap()).unwrap();
    let client = reqwest::Client::builder()
        .add_root_certificate(trusted)
        .build()
        .unwrap();
    let page = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Welcome to psoas"));

    let untrusting = reqwest::Client::new();
    assert!(
        untrusting.get(format!("{base}/")).send().await.is_err(),
        "a client that does not trust the certificate is refused"
    );
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}

/// Every `Set-Cookie` of a reply.
/// Serves the app over HTTPS on a free port with the given certificate; returns its address,
/// the sender that stops it and the server's task.
fn start_https(
    store: Arc<SqliteStore>,
    config: axum_server::tls_rustls::RustlsConfig,
) -> (
    String,
    tokio::sync::oneshot::Sender<()>,
    tokio::task::JoinHandle<std::io::Result<()>>,
) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("https://localhost:{port}");
    let state = AppState::new(store, Settings::new(base.clone(), true));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(tls::serve_tls(listener, state, config, async {
        let _ = stopped.await;
    }));
    (base, stop, server)
}

fn set_cookies(reply: &reqwest::Response) -> Vec<String> {
    reply
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .collect()
}

fn assert_host_only_and_secure(cookies: &[String], name: &str) {
    let cookie = cookies
        .iter()
        .find(|c| c.starts_with(&format!("__Host-{name}=")))
        .unwrap_or_else(|| panic!("no __Host-{name} in {cookies:?}"));
    for flag in ["Secure", "HttpOnly", "Path=/"] {
        assert!(cookie.contains(flag), "{cookie} lacks {flag}");
    }
    assert!(!cookie.contains("Domain"), "{cookie}");
}

#[tokio::test]
async fn over_https_every_cookie_is_host_only_and_secure_and_hsts_is_sent() {
    let dir = TempDir::new().unwrap();
    let files = tls::self_signed(dir.path(), &[]).unwrap();
    let config = tls::load(&files).await.unwrap();
    let store = Arc::new(
        SqliteStore::open(&dir.path().join("psoas.db"))
            .await
            .unwrap(),
    );
    let token = psoas_server::auth::new_secret();
    store
        .add_setup_token(
            &psoas_server::auth::hash_secret(&token),
            psoas_server::auth::now(),
        )
        .await
        .unwrap();
    let (base, stop, server) = start_https(store, config);
    let trusted = reqwest::Certificate::from_pem(&std::fs::read(&files.cert).unwrap()).unwrap();
    let browser = reqwest::Client::builder()
        .add_root_certificate(trusted)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let set_up = browser
        .post(format!("{base}/setup"))
        .form(&[
            ("token", token.as_str()),
            ("display_name", "Olga"),
            ("email", "olga@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(set_up.status(), 303);
    assert_host_only_and_secure(&set_cookies(&set_up), "psoas_session");
    let hsts = set_up.headers()["strict-transport-security"]
        .to_str()
        .unwrap();
    assert!(hsts.starts_with("max-age="), "{hsts}");
    // The prefixed cookie is the one the server reads back.
    let home = browser.get(format!("{base}/")).send().await.unwrap();
    let home = home.text().await.unwrap();
    assert!(home.contains("Sign out"), "signed in over HTTPS");

    let csrf_start = home.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &home[csrf_start..csrf_start + home[csrf_start..].find('"').unwrap()];
    let signed_out = browser
        .post(format!("{base}/logout"))
        .form(&[("csrf", csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 303);
    assert_host_only_and_secure(&set_cookies(&signed_out), "psoas_session");

    let login = browser.get(format!("{base}/login")).send().await.unwrap();
    assert_eq!(login.status(), 200);
    assert_host_only_and_secure(&set_cookies(&login), "psoas_login_form");
    let form = login.text().await.unwrap();
    let csrf_start = form.find("name=\"csrf\" value=\"").unwrap() + 19;
    let csrf = &form[csrf_start..csrf_start + form[csrf_start..].find('"').unwrap()];
    let signed_in = browser
        .post(format!("{base}/login"))
        .form(&[
            ("csrf", csrf),
            ("email", "olga@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        signed_in.status(),
        303,
        "the prefixed form cookie pairs the form"
    );
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
