//! Shared set-up for the server's integration tests: a real server on port 0 over a fresh
//! database of the backend the test runs on (a SQLite file in a temporary folder, or a
//! database on the test run's PostgreSQL server), and signed-in HTTP clients. Every test is
//! written once, as `async fn name(backend: Backend)`, and listed in `both_backends!`.

#![allow(dead_code)]

use psoas_server::auth::{hash_secret, new_secret, now};
use psoas_server::{AppState, Settings};
use psoas_store::AppStore;
pub use psoas_testkit::{Backend, TestDb, both_backends};
use std::sync::Arc;
use tokio::net::TcpListener;

/// A running server and what a test needs to reach it.
pub struct TestApp {
    /// e.g. "http://127.0.0.1:43121".
    pub base: String,
    /// The store behind the server, for checks that bypass HTTP.
    pub store: Arc<dyn AppStore>,
    /// The database, shared with any other server started on it.
    pub db: Arc<TestDb>,
    /// The server's state, for checks of what it did (its password work, say).
    pub state: AppState,
    /// Ends the server when dropped.
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// Starts a server on a free port with a fresh database of the backend.
pub async fn spawn_app(backend: Backend) -> TestApp {
    start_on(Arc::new(TestDb::new(backend).await)).await
}

/// Starts a server on a database, with a store (a connection pool) of its own, as a second
/// `psoas serve` process on the same database would have.
pub async fn start_on(db: Arc<TestDb>) -> TestApp {
    start_with(db, |_| {}).await
}

/// Starts a server on a fresh database of the backend with settings changed by `adjust`.
pub async fn spawn_app_with(backend: Backend, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    start_with(Arc::new(TestDb::new(backend).await), adjust).await
}

async fn start_with(db: Arc<TestDb>, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let store = db.open().await;
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut settings = Settings::new(base.clone(), false);
    adjust(&mut settings);
    let state = AppState::new(store.clone(), settings);
    let server_state = state.clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        let state = server_state;
        psoas_server::serve(listener, state, async {
            let _ = rx.await;
        })
        .await
        .expect("the server runs");
    });
    TestApp {
        base,
        store,
        db,
        state,
        _shutdown: tx,
    }
}

/// A browser-like client: keeps cookies, does not follow redirects (tests look at them).
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// A browser-like client on another loopback address (`127.0.0.2`, ...), as another device
/// would be: the server counts sign-in failures per client address.
pub fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .local_address(address.parse::<std::net::IpAddr>().expect("an address"))
        .build()
        .expect("a client")
}

/// Pulls the first hidden CSRF field out of a page.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("the page has a CSRF field") + marker.len();
    let end = html[start..].find('"').expect("the field ends") + start;
    html[start..end].to_string()
}

/// The token of the first invitation link (`/signup?token=...`) shown in a page.
pub fn token_in(page: &str) -> String {
    let marker = "/signup?token=";
    let start = page.find(marker).expect("the page shows the link") + marker.len();
    let end = page[start..].find(['"', '&', '<']).expect("the link ends") + start;
    page[start..end].to_string()
}

impl TestApp {
    /// Loads the sign-in form in `browser` and posts an address and password with it;
    /// returns the status, the `Retry-After` seconds if any, and the page.
    pub async fn sign_in(
        &self,
        browser: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> (u16, Option<u64>, String) {
        let form = browser.get(self.url("/login")).send().await.unwrap();
        let csrf = csrf_of(&form.text().await.unwrap());
        let reply = browser
            .post(self.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", email),
                ("password", password),
            ])
            .send()
            .await
            .unwrap();
        let status = reply.status().as_u16();
        let retry_after = reply
            .headers()
            .get("retry-after")
            .map(|v| v.to_str().unwrap().parse().unwrap());
        (status, retry_after, reply.text().await.unwrap())
    }

    /// The full address of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The account of an address, read from the store (for writes that bypass HTTP).
    pub async fn account(&self, email: &str) -> psoas_core::Account {
        self.store
            .account_by_email(&psoas_core::Email::parse(email).unwrap())
            .await
            .unwrap()
            .expect("the account exists")
            .0
    }

    /// A fresh set-up token, as `psoas serve` prints it.
    pub async fn setup_token(&self) -> String {
        let token = new_secret();
        self.store
            .add_setup_token(&hash_secret(&token), now())
            .await
            .expect("the token is stored");
        token
    }

    /// Creates the owner account through the set-up page; returns its signed-in client.
    pub async fn owner(&self, email: &str) -> reqwest::Client {
        let token = self.setup_token().await;
        let client = client();
        let response = client
            .post(self.url("/setup"))
            .form(&[
                ("token", token.as_str()),
                ("display_name", "Owner"),
                ("email", email),
                ("password", "correct horse battery"),
            ])
            .send()
            .await
            .expect("the set-up form posts");
        assert_eq!(response.status(), 303, "set-up redirects home");
        client
    }

    /// The token of an invitation link of a kind (`member` or `practitioner`) made by a
    /// signed-in owner on the settings page.
    pub async fn invitation_token(&self, owner: &reqwest::Client, kind: &str) -> String {
        let settings = owner
            .get(self.url("/settings"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let page = owner
            .post(self.url("/settings/invitations"))
            .form(&[("csrf", csrf_of(&settings).as_str()), ("kind", kind)])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        token_in(&page)
    }

    /// Signs up with an invitation token; returns the new account's signed-in client.
    pub async fn sign_up(&self, token: &str, name: &str, email: &str) -> reqwest::Client {
        let client = client();
        let response = client
            .post(self.url("/signup"))
            .form(&[
                ("token", token),
                ("display_name", name),
                ("email", email),
                ("password", "correct horse battery"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "sign-up redirects home");
        client
    }

    /// An invitation link made by a signed-in owner, then a member signed up with it;
    /// returns the member's signed-in client.
    pub async fn member(&self, owner: &reqwest::Client, email: &str) -> reqwest::Client {
        let token = self.invitation_token(owner, "member").await;
        self.sign_up(&token, "Member", email).await
    }

    /// A password reset link (its path and query) made by a signed-in owner on the settings
    /// page for the account of `email`.
    pub async fn reset_link(&self, owner: &reqwest::Client, email: &str) -> String {
        let settings = owner
            .get(self.url("/settings"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let account = self.account(email).await.id.to_string();
        let page = owner
            .post(self.url("/settings/password-resets"))
            .form(&[
                ("csrf", csrf_of(&settings).as_str()),
                ("account", account.as_str()),
            ])
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let marker = "/reset-password?token=";
        let start = page.find(marker).expect("the page shows the reset link");
        let end = page[start..].find('"').expect("the link ends") + start;
        page[start..end].to_string()
    }

    /// The CSRF token of a signed-in client (from its home page).
    pub async fn csrf(&self, client: &reqwest::Client) -> String {
        let home = client
            .get(self.url("/"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        csrf_of(&home)
    }
}
