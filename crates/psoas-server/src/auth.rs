//! Secrets, password hashing and who is signed in.
//!
//! Tokens are 256 random bits, shown once and stored only as SHA-256 hashes; passwords are
//! hashed with Argon2id through the bounded [`crate::password_work::PasswordWork`]. A signed-in page request carries an HttpOnly, SameSite=Lax session
//! cookie, and every form it posts carries the session's CSRF token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;
use axum_extra::extract::cookie::{Cookie, SameSite};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jiff::Timestamp;
use psoas_core::Account;
use sha2::{Digest, Sha256};

use crate::AppState;
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

/// A new random secret, URL-safe.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// What the store keeps of a secret.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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
    pub fn check_csrf(&self, given: &str) -> Result<(), crate::pages::PageError> {
        if same_secret(&self.csrf, given) {
            Ok(())
        } else {
            Err(crate::pages::PageError::csrf())
        }
    }
}

/// Why a page request has no signed-in account.
pub enum NotSignedIn {
    /// No or expired session: go to the sign-in page.
    SignIn,
    /// The store failed.
    Broken(crate::pages::PageError),
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            NotSignedIn::SignIn => Redirect::to("/login").into_response(),
            NotSignedIn::Broken(error) => error.into_response(),
        }
    }
}

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

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = NotSignedIn;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let jar = CookieJar::from_headers(&parts.headers);
        match account_of_cookie(state, &jar).await {
            Ok(Some(signed_in)) => Ok(signed_in),
            Ok(None) => Err(NotSignedIn::SignIn),
            Err(e) => Err(NotSignedIn::Broken(e.into())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_hashes_stable() {
        let a = new_secret();
        let b = new_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(hash_secret("x"), hash_secret("x"));
        assert_ne!(hash_secret(&a), hash_secret(&b));
        assert!(same_secret(&a, &a.clone()));
        assert!(!same_secret(&a, &b));
    }
}
