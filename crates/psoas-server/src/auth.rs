//! Who is signed in: the sign-in cookie (its name, flags and lifetime), [`SignedIn`] with its
//! session's CSRF token, and the time as the store keeps it.
//!
//! Tokens are 256 random bits, shown once and stored only as SHA-256 hashes (`secret.rs`);
//! passwords are hashed with Argon2id through the bounded
//! [`crate::password_work::PasswordWork`]. A signed-in page request carries an HttpOnly,
//! SameSite=Lax session cookie (read by the pages' extractor in `pages/signed_in.rs` and by
//! the API's `Caller`), and every form it posts carries the session's CSRF token.

use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use jiff::Timestamp;
use psoas_core::Account;

use crate::AppState;
// Re-exported: the front doors, the terminal's `serve` and the tests make and check
// secrets through `auth`; they live apart so the password gate can use them without `auth`.
pub use crate::secret::{hash_secret, new_secret, same_secret};
use crate::state::Settings;

/// The sign-in cookie over plain HTTP.
pub const SESSION_COOKIE: &str = "psoas_session";

/// A cookie's name as this server sets it: over HTTPS with the `__Host-` prefix, so browsers
/// accept it only with `Secure`, `Path=/` and no `Domain`, and no plain-HTTP page or other
/// host can plant or overwrite it.
pub fn cookie_name(settings: &Settings, plain: &'static str) -> String {
    if settings.secure_cookies {
        format!("__Host-{plain}")
    } else {
        plain.to_string()
    }
}

/// A cookie with the flags every cookie of ours carries: HttpOnly, Path=/, `Secure` under
/// TLS, and the given SameSite.
pub fn our_cookie(
    settings: &Settings,
    plain: &'static str,
    value: String,
    same_site: SameSite,
) -> Cookie<'static> {
    Cookie::build((cookie_name(settings, plain), value))
        .http_only(true)
        .secure(settings.secure_cookies)
        .same_site(same_site)
        .path("/")
        .build()
}

/// The current time to the microsecond, as the store keeps it.
pub fn now() -> Timestamp {
    Timestamp::from_microsecond(Timestamp::now().as_microsecond())
        .expect("the current time is a valid timestamp")
}

/// Sign-ins last used before this have lain idle too long and are over.
pub fn idle_since(settings: &Settings, now: Timestamp) -> Timestamp {
    now.checked_sub(jiff::SignedDuration::from_mins(settings.idle_minutes))
        .unwrap_or(Timestamp::UNIX_EPOCH)
}

/// The sign-in cookie carrying a session token.
pub fn session_cookie(settings: &Settings, token: String) -> Cookie<'static> {
    let mut cookie = our_cookie(settings, SESSION_COOKIE, token, SameSite::Lax);
    cookie.set_max_age(cookie::time::Duration::hours(settings.session_hours));
    cookie
}

/// A cookie that removes the sign-in cookie, with the same flags as the one it removes.
pub fn cleared_session_cookie(settings: &Settings) -> Cookie<'static> {
    let mut cookie = our_cookie(settings, SESSION_COOKIE, String::new(), SameSite::Lax);
    cookie.set_max_age(cookie::time::Duration::ZERO);
    cookie
}

/// The signed-in account of a page request, with the session's CSRF token.
#[derive(Debug, Clone)]
pub struct SignedIn {
    /// Who is signed in.
    pub account: Account,
    /// The token every form must carry back.
    pub csrf: String,
    /// The stored hash of the session token, to sign out.
    pub session_hash: String,
}

impl SignedIn {
    /// Refuses a form whose CSRF token is missing or wrong.
    pub fn check_csrf(&self, given: &str) -> Result<(), CsrfMismatch> {
        if same_secret(&self.csrf, given) {
            Ok(())
        } else {
            Err(CsrfMismatch)
        }
    }
}

/// A form's CSRF token is missing or is not its sign-in's. Each front door words it: the
/// pages turn it into their 403 page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsrfMismatch;

/// The account behind a session cookie, if it is live.
pub async fn account_of_cookie(
    state: &AppState,
    jar: &CookieJar,
) -> Result<Option<SignedIn>, psoas_store::StoreError> {
    let name = cookie_name(&state.settings, SESSION_COOKIE);
    let Some(cookie) = jar.get(&name).filter(|c| !c.value().is_empty()) else {
        return Ok(None);
    };
    let hash = hash_secret(cookie.value());
    let now = now();
    Ok(state
        .store
        .web_session(&hash, now, idle_since(&state.settings, now))
        .await?
        .map(|(account, csrf)| SignedIn {
            account,
            csrf,
            session_hash: hash,
        }))
}
