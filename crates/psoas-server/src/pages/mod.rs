//! Server-rendered pages, mobile first. Templates live in `templates/`; each page module owns
//! its routes and handlers.

mod account;
pub(crate) mod deletion;
pub(crate) mod form;
mod history;
pub(crate) mod home;
mod invitations;
mod password_reset;
pub(crate) mod practice;
mod progress;
pub mod protocol;
pub mod signed_in;
pub(crate) mod words;
mod your_account;
mod your_records;

use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use psoas_core::InputError;
use psoas_core::guide::DISCLAIMER;
use psoas_store::StoreError;

use crate::AppState;
use crate::auth::SignedIn;
use crate::password_work::PasswordWorkError;
use crate::refusal::Refusal;
// Pages call it as `super::capital`, beside the rest of what every page module uses.
pub(crate) use crate::sentence::capital;

/// Every page's routes.
pub fn router() -> Router<AppState> {
    Router::new()
        .merge(account::router())
        .merge(deletion::router())
        .merge(home::router())
        .merge(invitations::router())
        .merge(history::router())
        .merge(progress::router())
        .merge(protocol::router())
        .merge(practice::router())
        .merge(your_account::router())
        .merge(your_records::router())
        .merge(password_reset::router())
}

/// What the top bar of every page shows.
pub struct Chrome {
    /// The signed-in person's name, if any.
    pub name: Option<String>,
    /// Whether the signed-in account follows clients (shows the Clients page in the menu).
    pub practises: bool,
    /// The CSRF token for the sign-out form.
    pub csrf: String,
    /// The disclaimer shown at the foot of every page.
    pub disclaimer: &'static str,
}

impl Chrome {
    /// The chrome for a signed-in person.
    pub fn of(user: &SignedIn) -> Self {
        Self {
            name: Some(user.account.display_name.to_string()),
            practises: user.account.role.can_practise(),
            csrf: user.csrf.clone(),
            disclaimer: DISCLAIMER,
        }
    }

    /// The chrome for someone not signed in.
    pub fn anonymous() -> Self {
        Self {
            name: None,
            practises: false,
            csrf: String::new(),
            disclaimer: DISCLAIMER,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "error.html")]
struct ErrorPage {
    chrome: Chrome,
    title: String,
    message: String,
}

/// A page that could not be shown: a status and a message a person can act on. Causes are
/// logged, never shown.
#[derive(Debug)]
pub struct PageError {
    status: StatusCode,
    message: String,
    /// Seconds to wait before trying again (a `Retry-After` header), when busy.
    retry_after: Option<u64>,
}

impl PageError {
    /// A 4xx with a message for the person.
    pub fn new(status: StatusCode, message: impl Into<String>) -> Self {
        Self {
            status,
            message: message.into(),
            retry_after: None,
        }
    }

    /// Says when to try again (a `Retry-After` header).
    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    /// The server is too busy for this now; try again after `seconds`.
    pub fn busy(seconds: u64) -> Self {
        Self {
            retry_after: Some(seconds),
            ..Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                words::errors::busy(seconds),
            )
        }
    }

    /// The form's CSRF token is missing or stale.
    pub fn csrf() -> Self {
        Self::new(StatusCode::FORBIDDEN, words::errors::FORM_EXPIRED)
    }

    /// Something nobody can fix from the browser; the cause goes to the log.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "page failed");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            words::errors::SERVER_FAULT,
        )
    }
}

impl From<StoreError> for PageError {
    fn from(error: StoreError) -> Self {
        let refusal = Refusal::from(error);
        let status = refusal.status();
        match refusal {
            Refusal::NotFound { what } => Self::new(status, words::errors::not_yours(what)),
            Refusal::Ambiguous { what } => Self::new(status, words::errors::not_clear(what)),
            Refusal::Conflict(message) => Self::new(status, message),
            Refusal::NotAllowed(message) => Self::new(status, capital(&message)),
            Refusal::Fault(cause) => Self::internal(cause),
        }
    }
}

impl From<PasswordWorkError> for PageError {
    fn from(error: PasswordWorkError) -> Self {
        match error {
            PasswordWorkError::Busy {
                retry_after_seconds,
            } => Self::busy(retry_after_seconds),
            failed @ PasswordWorkError::Failed(_) => Self::internal(failed),
        }
    }
}

impl From<InputError> for PageError {
    fn from(error: InputError) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, error.to_string())
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let title = words::errors::title(self.status.as_u16());
        let page = ErrorPage {
            chrome: Chrome::anonymous(),
            title: title.to_string(),
            message: self.message,
        };
        let mut response = (self.status, page).into_response();
        if let Some(seconds) = self.retry_after {
            response.headers_mut().insert(
                axum::http::header::RETRY_AFTER,
                axum::http::HeaderValue::from(seconds),
            );
        }
        response
    }
}

/// Result of a page handler.
pub type PageResult<T> = Result<T, PageError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_errors_have_the_one_status_of_their_refusal() {
        let errors = || {
            [
                StoreError::NotFound {
                    what: "session",
                    key: "x".into(),
                    hint: "",
                },
                StoreError::Ambiguous {
                    what: "profile",
                    key: "a".into(),
                },
                StoreError::Conflict("a profile named 'A' already exists".into()),
                StoreError::NotAllowed("only the owner invites members".into()),
                StoreError::ReadOnly("the file cannot be written".into()),
            ]
        };
        for (error, again) in errors().into_iter().zip(errors()) {
            let status = Refusal::from(again).status();
            assert_eq!(PageError::from(error).status, status);
        }
    }
}
