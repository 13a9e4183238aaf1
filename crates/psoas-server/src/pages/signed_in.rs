//! The signed-in account of a page request: [`SignedIn`] read from the sign-in cookie as an
//! extractor, and what a page answers when there is none or the token is wrong. Here rather
//! than in `auth.rs`, which the API shares, so that `auth.rs` needs nothing of the pages.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::CookieJar;

use super::PageError;
use crate::AppState;
use crate::auth::{CsrfMismatch, SignedIn, account_of_cookie};

/// Why a page request has no signed-in account.
pub enum NotSignedIn {
    /// No or expired session: go to the sign-in page.
    SignIn,
    /// The store failed.
    Broken(PageError),
}

impl IntoResponse for NotSignedIn {
    fn into_response(self) -> Response {
        match self {
            NotSignedIn::SignIn => Redirect::to("/login").into_response(),
            NotSignedIn::Broken(error) => error.into_response(),
        }
    }
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

impl From<CsrfMismatch> for PageError {
    fn from(_: CsrfMismatch) -> Self {
        PageError::csrf()
    }
}

/// A form that carries only the sign-in's CSRF token: every button that changes one thing
/// (end a sign-in, revoke a token, withdraw an invitation, unlink).
#[derive(serde::Deserialize)]
pub(super) struct CsrfForm {
    #[serde(default)]
    pub(super) csrf: String,
}
