//! `psoas serve` as a person starts it: the real binary prints its address, a QR code and a
//! one-time set-up link, serves pages over HTTP or HTTPS, and stops cleanly on SIGTERM; and
//! two of them on one PostgreSQL database serve the same accounts.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;
use tempfile::TempDir;

/// A running `psoas serve` and the lines it printed up to "Stop with Ctrl-C.".
struct Server {
    child: Child,
    printed: Vec<String>,
}

impl Server {
    fn start(dir: &TempDir, extra: &[&str]) -> Self {
        let db = dir.path().join("psoas.db");
        Self::start_on(dir, db.to_str().unwrap(), extra)
    }

    /// Starts on a given database (a file or a PostgreSQL URL), with `dir` as its home.
    fn start_on(dir: &TempDir, db: &str, extra: &[&str]) -> Self {
        Self::spawn(dir, db, extra, "warn", Stdio::null())
    }

    /// Starts with its log at `level` written to `log`.
    fn start_logging(dir: &TempDir, level: &str, log: std::fs::File) -> Self {
        let db = dir.path().join("psoas.db");
        Self::spawn(dir, db.to_str().unwrap(), &[], level, log.into())
    }

    fn spawn(dir: &TempDir, db: &str, extra: &[&str], level: &str, log: Stdio) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_psoas"))
            .env("HOME", dir.path())
            .env_remove("PSOAS_DATABASE_URL")
            .env("PSOAS_LOG", level)
            .args(["--db", db])
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(log)
            .spawn()
            .expect("psoas serve starts");
        let stdout = child.stdout.take().expect("its output");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut printed = Vec::new();
        loop {
            let line = rx
                .recv_timeout(Duration::from_secs(20))
                .unwrap_or_else(|_| panic!("psoas serve printed only:\n{}", printed.join("\n")));
            let done = line.contains("Stop with Ctrl-C.");
            printed.push(line);
            if done {
                break;
            }
        }
        Self { child, printed }
    }

    fn line_with(&self, text: &str) -> String {
        self.printed
            .iter()
            .find(|l| l.contains(text))
            .unwrap_or_else(|| panic!("no line with '{text}' in:\n{}", self.printed.join("\n")))
            .clone()
    }

    fn address(&self) -> String {
        let line = self.line_with("psoas is serving at ");
        line.trim_start_matches("psoas is serving at ")
            .trim()
            .to_string()
    }

    fn setup_link(&self) -> Option<String> {
        self.printed
            .iter()
            .find(|l| l.contains("/setup?token="))
            .map(|l| l.trim().to_string())
    }

    /// Sends SIGTERM and returns the exit status.
    fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .expect("kill runs");
        self.child.wait().expect("psoas serve ends")
    }
}

#[tokio::test]
async fn the_request_log_never_shows_a_token_from_the_address() {
    let dir = TempDir::new().unwrap();
    let log_path = dir.path().join("serve.log");
    let server = Server::start_logging(&dir, "info", std::fs::File::create(&log_path).unwrap());
    let address = server.address();
    let link = server.setup_link().expect("a set-up link on first start");
    let setup_token = link.split("token=").nth(1).unwrap().to_string();
    for path in [
        "/signup?token=invitation-secret-4711".to_string(),
        format!("/setup?token={setup_token}"),
        "/history?page=2".to_string(),
    ] {
        reqwest::get(format!("{address}{path}")).await.unwrap();
    }
    assert!(server.stop().success());
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(log.contains("/signup?token=%5Bredacted%5D"), "{log}");
    assert!(
        log.contains("/history?page=2"),
        "paging stays readable: {log}"
    );
    assert!(!log.contains("invitation-secret-4711"), "{log}");
    assert!(!log.contains(&setup_token), "{log}");
}

#[tokio::test]
async fn serve_prints_its_address_as_text_and_qr_code_and_a_one_time_setup_link() {
    let dir = TempDir::new().unwrap();
    let server = Server::start(&dir, &[]);
    let address = server.address();
    assert!(address.starts_with("http://127.0.0.1:"), "{address}");
    assert!(
        server.printed.iter().any(|l| l.contains('█')),
        "a QR code is drawn:\n{}",
        server.printed.join("\n")
    );
    let link = server.setup_link().expect("a set-up link on first start");
    assert!(link.starts_with(&address), "{link}");
    let page = reqwest::get(&link).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Create the owner account")
    );
    let status = server.stop();
    assert!(status.success(), "a graceful stop exits 0, got {status}");
}

#[tokio::test]
async fn serve_with_tls_makes_a_certificate_once_and_serves_https() {
    let dir = TempDir::new().unwrap();
    let server = Server::start(&dir, &["--tls"]);
    let address = server.address();
    assert!(address.starts_with("https://127.0.0.1:"), "{address}");
    let cert_path = dir.path().join("psoas-cert.pem");
    let cert = std::fs::read(&cert_path).expect("the certificate is kept beside the database");
    let client = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(&cert).unwrap())
        .build()
        .unwrap();
    let page = client
        .get(address.replace("127.0.0.1", "localhost"))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(server.stop().success());

    let again = Server::start(&dir, &["--tls"]);
    assert_eq!(
        std::fs::read(&cert_path).unwrap(),
        cert,
        "the certificate is reused"
    );
    assert!(again.stop().success());
}

#[test]
fn serve_refuses_an_address_it_cannot_listen_on() {
    let dir = TempDir::new().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_psoas"))
        .env("HOME", dir.path())
        .arg("--db")
        .arg(dir.path().join("psoas.db"))
        .args(["serve", "--listen", "not-an-address"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("cannot listen on not-an-address"),
        "{stderr}"
    );
}

/// The set-up form posted to `link`'s server with the token in the link.
async fn set_up(link: &str) -> u16 {
    let (base, token) = link.split_once("/setup?token=").unwrap();
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .post(format!("{base}/setup"))
        .form(&[
            ("token", token),
            ("display_name", "Olga"),
            ("email", "olga@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn two_serve_processes_on_one_postgresql_database_serve_the_same_accounts() {
    let db = psoas_testkit::TestDb::new(psoas_testkit::Backend::Postgres).await;
    let (home_a, home_b) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    let a = Server::start_on(&home_a, db.url(), &[]);
    let b = Server::start_on(&home_b, db.url(), &[]);
    let (link_a, link_b) = (a.setup_link().unwrap(), b.setup_link().unwrap());

    // The owner is made through A; B's own set-up link then makes no second owner.
    assert_eq!(set_up(&link_a).await, 303);
    assert_eq!(set_up(&link_b).await, 403);

    // Signed in on B, the same cookie is good on A.
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let form = browser
        .get(format!("{}/login", b.address()))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let marker = "name=\"csrf\" value=\"";
    let start = form.find(marker).unwrap() + marker.len();
    let csrf = &form[start..start + form[start..].find('"').unwrap()];
    let signed_in = browser
        .post(format!("{}/login", b.address()))
        .form(&[
            ("csrf", csrf),
            ("email", "olga@example.org"),
            ("password", "correct horse battery"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 303);
    let settings = browser
        .get(format!("{}/settings", a.address()))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), 200);

    assert!(a.stop().success());
    assert!(b.stop().success());
}
