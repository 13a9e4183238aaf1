//! Who is calling the API: a personal access token (`Authorization: Bearer`), or the web
//! app's sign-in cookie, which for changes also needs the `X-CSRF-Token` header.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use axum_extra::extract::CookieJar;
use psoas_core::Account;
use psoas_store::Scope;

use super::problem::ApiError;
use crate::AppState;
use crate::auth::{account_of_cookie, hash_secret, now, same_secret};

/// The header that carries the sign-in's CSRF token on cookie-authenticated changes.
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The name of the bearer security scheme in the OpenAPI document.
pub const BEARER: &str = "bearer";

/// The name of the cookie security scheme in the OpenAPI document.
pub const SESSION_COOKIE: &str = "session_cookie";

/// The account a request acts for.
#[derive(Debug, Clone)]
pub struct Caller {
    /// Who it is.
    pub account: Account,
    /// The stored hash of the sign-in session, when the sign-in cookie authenticated the
    /// request (none for a token).
    pub session_hash: Option<String>,
}

impl Caller {
    /// The store scope of the caller: its own data only.
    pub fn scope(&self) -> Scope {
        Scope::of(&self.account)
    }
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(value) = parts.headers.get(AUTHORIZATION) {
            // A request that names a token stands or falls by it, cookie or not.
            let token = value
                .to_str()
                .ok()
                .and_then(|v| v.split_once(' '))
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim())
                .filter(|token| !token.is_empty())
                .ok_or_else(ApiError::invalid_token)?;
            return match state
                .store
                .api_token_account(&hash_secret(token), now())
                .await?
            {
                Some(account) => Ok(Self {
                    account,
                    session_hash: None,
                }),
                None => Err(ApiError::invalid_token()),
            };
        }
        let jar = CookieJar::from_headers(&parts.headers);
        let Some(signed_in) = account_of_cookie(state, &jar).await? else {
            return Err(ApiError::unauthenticated());
        };
        if !parts.method.is_safe() {
            let given = parts
                .headers
                .get(CSRF_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            if !same_secret(&signed_in.csrf, given) {
                return Err(ApiError::csrf());
            }
        }
        Ok(Self {
            account: signed_in.account,
            session_hash: Some(signed_in.session_hash),
        })
    }
}
