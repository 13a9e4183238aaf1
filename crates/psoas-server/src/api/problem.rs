//! The API's one error type, sent as RFC 9457 `application/problem+json`.
//!
//! Every problem has a `type` URI under [`PROBLEM_BASE`] that names its kind and never
//! changes, a short `title` per kind, the HTTP `status`, and a `detail` a person can act on.
//! Validation problems also list each refused field in `errors`, as a JSON pointer into the
//! request body (RFC 6901) or the name of a query parameter, with a message.
//!
//! The kinds, each at `https://psoas.example/problems/<kind>`:
//!
//! | kind | status | when |
//! |---|---|---|
//! | `malformed-json` | 400 | the body is not JSON at all (syntax error, cut short) |
//! | `unauthorized` | 401 | no credentials, or a token or sign-in that is unknown, expired or revoked |
//! | `csrf` | 403 | a cookie-authenticated change without a matching `X-CSRF-Token` header |
//! | `forbidden` | 403 | the account's role does not allow the change (a member inviting clients) |
//! | `not-found` | 404 | no such resource, or it belongs to another account (never told apart) |
//! | `method-not-allowed` | 405 | the path exists but not with this method |
//! | `conflict` | 409 | the change clashes with what is stored (same name, same trial, closed session) |
//! | `payload-too-large` | 413 | the body is larger than the server accepts |
//! | `unsupported-media-type` | 415 | the body is not sent as `application/json` |
//! | `validation` | 422 | well-formed JSON with a wrong type, a missing or unknown field, or a value out of range |
//! | `lift-refused` | 422 | a phone-inclinometer recording the analysis cannot trust; `reason` names the check |
//! | `photo-refused` | 422 | camera photos whose markers the analysis cannot measure; `reason` names the check |
//! | `too-many-attempts` | 429 | too many wrong passwords lately; `Retry-After` says when to try again |
//! | `internal` | 500 | a fault on the server; the cause is logged, never sent |
//! | `busy` | 503 | every password worker is busy; `Retry-After` says when to try again |
//!
//! The `psoas.example` host is reserved (RFC 2606): the URIs identify, they are not fetched.

use axum::http::header::{CONTENT_TYPE, RETRY_AFTER, WWW_AUTHENTICATE};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use psoas_core::InputError;
use psoas_store::StoreError;
use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};

use crate::refusal::Refusal;
use crate::sentence::capital;

/// Where every problem type URI starts.
pub const PROBLEM_BASE: &str = "https://psoas.example/problems/";

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// The kinds of problem, each with a stable type URI (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// 400: the body is not JSON.
    MalformedJson,
    /// 401: no or bad credentials.
    Unauthorized,
    /// 403: cookie without the CSRF header.
    Csrf,
    /// 403: the account's role does not allow it.
    Forbidden,
    /// 404: unknown, or someone else's.
    NotFound,
    /// 405: wrong method for the path.
    MethodNotAllowed,
    /// 409: clashes with what is stored.
    Conflict,
    /// 413: body too large.
    PayloadTooLarge,
    /// 415: body not JSON by its content type.
    UnsupportedMediaType,
    /// 422: refused values.
    Validation,
    /// 422: a recorded lift that cannot be trusted.
    LiftRefused,
    /// 422: photos whose markers cannot be measured.
    PhotoRefused,
    /// 429: too many wrong passwords lately.
    TooManyAttempts,
    /// 500: the server's fault.
    Internal,
    /// 503: every password worker is busy.
    Busy,
}

impl Kind {
    /// Every kind, in the order of the table above.
    pub const ALL: [Kind; 15] = [
        Kind::MalformedJson,
        Kind::Unauthorized,
        Kind::Csrf,
        Kind::Forbidden,
        Kind::NotFound,
        Kind::MethodNotAllowed,
        Kind::Conflict,
        Kind::PayloadTooLarge,
        Kind::UnsupportedMediaType,
        Kind::Validation,
        Kind::LiftRefused,
        Kind::PhotoRefused,
        Kind::TooManyAttempts,
        Kind::Internal,
        Kind::Busy,
    ];

    /// The last segment of the type URI.
    pub fn slug(self) -> &'static str {
        match self {
            Kind::MalformedJson => "malformed-json",
            Kind::Unauthorized => "unauthorized",
            Kind::Csrf => "csrf",
            Kind::Forbidden => "forbidden",
            Kind::NotFound => "not-found",
            Kind::MethodNotAllowed => "method-not-allowed",
            Kind::Conflict => "conflict",
            Kind::PayloadTooLarge => "payload-too-large",
            Kind::UnsupportedMediaType => "unsupported-media-type",
            Kind::Validation => "validation",
            Kind::LiftRefused => "lift-refused",
            Kind::PhotoRefused => "photo-refused",
            Kind::TooManyAttempts => "too-many-attempts",
            Kind::Internal => "internal",
            Kind::Busy => "busy",
        }
    }

    /// The type URI.
    pub fn uri(self) -> String {
        format!("{PROBLEM_BASE}{}", self.slug())
    }

    /// The same short summary for every occurrence of the kind.
    pub fn title(self) -> &'static str {
        match self {
            Kind::MalformedJson => "The request body is not valid JSON",
            Kind::Unauthorized => "Authentication needed",
            Kind::Csrf => "CSRF token missing or wrong",
            Kind::Forbidden => "Not allowed for this account",
            Kind::NotFound => "Not found",
            Kind::MethodNotAllowed => "Method not allowed",
            Kind::Conflict => "Conflicts with what is stored",
            Kind::PayloadTooLarge => "Request body too large",
            Kind::UnsupportedMediaType => "Send the body as application/json",
            Kind::Validation => "Some values were refused",
            Kind::LiftRefused => "The recorded lift cannot be trusted",
            Kind::PhotoRefused => "The photos cannot be measured",
            Kind::TooManyAttempts => "Too many attempts",
            Kind::Internal => "Server problem",
            Kind::Busy => "The server is busy",
        }
    }

    /// The HTTP status.
    pub fn status(self) -> StatusCode {
        match self {
            Kind::MalformedJson => StatusCode::BAD_REQUEST,
            Kind::Unauthorized => StatusCode::UNAUTHORIZED,
            Kind::Csrf | Kind::Forbidden => StatusCode::FORBIDDEN,
            Kind::NotFound => StatusCode::NOT_FOUND,
            Kind::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Kind::Conflict => StatusCode::CONFLICT,
            Kind::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Kind::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Kind::Validation | Kind::LiftRefused | Kind::PhotoRefused => {
                StatusCode::UNPROCESSABLE_ENTITY
            }
            Kind::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
            Kind::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            Kind::Busy => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    /// The name of the reusable response in the OpenAPI document's components.
    pub fn response_name(self) -> &'static str {
        match self {
            Kind::MalformedJson => "MalformedJson",
            Kind::Unauthorized => "Unauthorized",
            Kind::Csrf => "Csrf",
            Kind::Forbidden => "Forbidden",
            Kind::NotFound => "NotFound",
            Kind::MethodNotAllowed => "MethodNotAllowed",
            Kind::Conflict => "Conflict",
            Kind::PayloadTooLarge => "PayloadTooLarge",
            Kind::UnsupportedMediaType => "UnsupportedMediaType",
            Kind::Validation => "Validation",
            Kind::LiftRefused => "LiftRefused",
            Kind::PhotoRefused => "PhotoRefused",
            Kind::TooManyAttempts => "TooManyAttempts",
            Kind::Internal => "Internal",
            Kind::Busy => "Busy",
        }
    }

    /// When a client meets this response, for the OpenAPI document.
    fn when(self) -> &'static str {
        match self {
            Kind::MalformedJson => "The body is not JSON (a syntax error, or cut short).",
            Kind::Unauthorized => {
                "No `Authorization: Bearer` token and no sign-in cookie, or a token that is \
                 unknown or revoked, or a sign-in that has expired."
            }
            Kind::Csrf => {
                "Authenticated by the sign-in cookie, but the `X-CSRF-Token` header is missing \
                 or does not match the sign-in."
            }
            Kind::Forbidden => {
                "The account's role does not allow this change (type `forbidden`): only the \
                 owner invites members and practitioners, and only practitioners (and the \
                 owner) invite clients; the owner's account is not deleted through the app, \
                 and only the owner removes another account. Or, authenticated by the \
                 sign-in cookie, the `X-CSRF-Token` header is missing or wrong (type `csrf`)."
            }
            Kind::NotFound => {
                "No such resource, or it belongs to another account: the two are never told \
                 apart."
            }
            Kind::MethodNotAllowed => "The path exists, but not with this method.",
            Kind::Conflict => {
                "The change clashes with what is stored: a profile name already used, a trial \
                 number already recorded, or a session that is finished or stopped."
            }
            Kind::PayloadTooLarge => "The body is larger than the server accepts (64 KiB).",
            Kind::UnsupportedMediaType => {
                "The body was not sent with `Content-Type: application/json`."
            }
            Kind::Validation => {
                "Well-formed JSON with a wrong type, a missing or unknown field, or a value \
                 outside the range the protocol accepts; `errors` names each field."
            }
            Kind::LiftRefused => {
                "The phone's recorded lift was not held steady, rolled sideways, has gaps, \
                 or is otherwise not a measurement to trust; `detail` says what to do and \
                 `reason` names the check. Nothing was stored."
            }
            Kind::PhotoRefused => {
                "The photos' markers could not be measured: one is missing, too small or \
                 blurred, the camera was not square to the body or moved, the markers are out \
                 of order or moved on the skin, or the rise is not one a body makes; `detail` \
                 says what to do and `reason` names the check. Nothing was stored."
            }
            Kind::TooManyAttempts => {
                "Too many wrong passwords for this account or from this client lately. \
                 Nothing was changed; the `Retry-After` header says how many seconds to wait."
            }
            Kind::Internal => "A fault on the server. The cause is logged; try again later.",
            Kind::Busy => {
                "Every password worker is busy. Nothing was changed; the `Retry-After` \
                 header says how many seconds to wait."
            }
        }
    }
}

/// One refused field of a validation problem.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct FieldError {
    /// Where the field is: `body` or `query`.
    #[schema(value_type = FieldLocation)]
    pub location: &'static str,
    /// A JSON pointer (RFC 6901) into the body, e.g. `/red_flags/1`, or into the query
    /// parameters, e.g. `/limit`; empty for the body as a whole.
    pub field: String,
    /// What is wrong and what would be accepted.
    pub message: String,
}

/// Where a refused field was sent.
#[derive(Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum FieldLocation {
    /// In the JSON body.
    Body,
    /// In the query string.
    Query,
}

/// An RFC 9457 problem: what went wrong, for programs (`type`) and for people (`detail`).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; stable, and the thing to match on.
    #[serde(rename = "type")]
    #[schema(format = "uri", example = "https://psoas.example/problems/validation")]
    pub type_uri: String,
    /// A short summary of the kind; the same for every occurrence.
    #[schema(example = "Some values were refused")]
    pub title: String,
    /// The HTTP status code.
    #[schema(example = 422)]
    pub status: u16,
    /// What happened this time, and what to do about it.
    #[schema(example = "leg-raise angle must be between 0 and 90 degrees, got 120")]
    pub detail: String,
    /// For validation problems: each refused field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
    /// For `lift-refused` problems: the check the recording failed, one of `no_zero`,
    /// `zero_not_steady`, `bad_sample`, `too_short`, `too_long`, `gap`, `past_vertical`,
    /// `dropped`, `too_much_roll`, `not_resting_at_start`, `no_lift`, `never_held`,
    /// `implausible`, `drift`.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(example = "too_much_roll")]
    pub reason: Option<String>,
}

/// Why an API request failed. Built from store and domain errors, from refused request
/// parts and from authentication; turns into a problem+json response.
#[derive(Debug)]
pub struct ApiError {
    kind: Kind,
    detail: String,
    errors: Vec<FieldError>,
    invalid_token: bool,
    reason: Option<&'static str>,
    retry_after: Option<u64>,
}

/// Result of an API handler.
pub type ApiResult<T> = Result<T, ApiError>;

impl ApiError {
    /// A problem of a kind with a detail for the person.
    pub fn new(kind: Kind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            detail: detail.into(),
            errors: Vec::new(),
            invalid_token: false,
            reason: None,
            retry_after: None,
        }
    }

    /// A problem of a kind that says when to try again (a `Retry-After` header).
    pub fn retry_after(kind: Kind, detail: impl Into<String>, seconds: u64) -> Self {
        Self {
            retry_after: Some(seconds),
            ..Self::new(kind, detail)
        }
    }

    /// A recorded lift the analysis refused: the core's message for the person as the
    /// detail, its code for programs as the reason.
    pub fn lift_refused(problem: &psoas_core::inclinometer::LiftProblem) -> Self {
        Self {
            reason: Some(problem.code()),
            ..Self::new(Kind::LiftRefused, problem.to_string())
        }
    }

    /// Photos the camera's analysis refused: the reason in words as the detail, its code for
    /// programs as the reason.
    pub fn photo_refused(code: &'static str, why: &impl std::fmt::Display) -> Self {
        Self {
            reason: Some(code),
            ..Self::new(Kind::PhotoRefused, why.to_string())
        }
    }

    /// The kind of problem.
    pub fn kind(&self) -> Kind {
        self.kind
    }

    /// No resource of this kind answers to the id, in the caller's scope.
    pub fn not_found(what: &str) -> Self {
        Self::new(
            Kind::NotFound,
            format!("No {what} has that id, or it is not yours. List them to find the right id."),
        )
    }

    /// No credentials at all.
    pub fn unauthenticated() -> Self {
        Self::new(
            Kind::Unauthorized,
            "Send a personal access token as `Authorization: Bearer <token>` (make one on the \
             settings page), or sign in to use the API from the web app.",
        )
    }

    /// A token that is unknown or revoked.
    pub fn invalid_token() -> Self {
        Self {
            invalid_token: true,
            ..Self::new(
                Kind::Unauthorized,
                "The token is unknown or has been revoked. Make a new one on the settings page.",
            )
        }
    }

    /// A cookie-authenticated change without the right CSRF header.
    pub fn csrf() -> Self {
        Self::new(
            Kind::Csrf,
            "Changes made with the sign-in cookie need the `X-CSRF-Token` header set to the \
             page's CSRF token. Reload the page, or use a personal access token instead.",
        )
    }

    /// The change clashes with what is stored.
    pub fn conflict(detail: impl Into<String>) -> Self {
        Self::new(Kind::Conflict, detail)
    }

    /// One refused field, with its pointer into the body.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self::invalid_at("body", field, message)
    }

    /// Several refused fields of the body, each with its JSON pointer.
    pub fn invalid_fields(detail: impl Into<String>, fields: Vec<(String, String)>) -> Self {
        Self {
            errors: fields
                .into_iter()
                .map(|(field, message)| FieldError {
                    location: "body",
                    field,
                    message,
                })
                .collect(),
            ..Self::new(Kind::Validation, detail)
        }
    }

    /// One refused query parameter.
    pub fn invalid_query(parameter: &str, message: impl Into<String>) -> Self {
        Self::invalid_at("query", format!("/{parameter}"), message)
    }

    fn invalid_at(
        location: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let field = field.into();
        let message = message.into();
        let detail = if field.is_empty() {
            message.clone()
        } else {
            format!("{field}: {message}")
        };
        Self {
            errors: vec![FieldError {
                location,
                field,
                message,
            }],
            ..Self::new(Kind::Validation, detail)
        }
    }

    /// The same refusal, about query parameters rather than the body.
    pub fn into_query(mut self) -> Self {
        for error in &mut self.errors {
            error.location = "query";
        }
        self
    }

    /// A fault nobody can fix from the client; the cause is logged here, never sent.
    pub fn internal(cause: impl std::fmt::Display) -> Self {
        tracing::error!(%cause, "API request failed");
        Self::new(
            Kind::Internal,
            "Something went wrong on the server. What was stored before this request is \
             safe; try again in a moment.",
        )
    }

    /// The problem body.
    pub fn problem(&self) -> Problem {
        Problem {
            type_uri: self.kind.uri(),
            title: self.kind.title().to_string(),
            status: self.kind.status().as_u16(),
            detail: self.detail.clone(),
            errors: (self.kind == Kind::Validation).then(|| self.errors.clone()),
            reason: self.reason.map(str::to_string),
        }
    }
}

/// Maps a domain refusal onto the field it came from: `.map_err(at("/value"))`.
pub fn at(field: &'static str) -> impl Fn(InputError) -> ApiError {
    move |error| ApiError::invalid(field, error.to_string())
}

impl From<crate::password_work::PasswordWorkError> for ApiError {
    fn from(error: crate::password_work::PasswordWorkError) -> Self {
        match error {
            crate::password_work::PasswordWorkError::Busy {
                retry_after_seconds,
            } => Self::retry_after(
                Kind::Busy,
                format!(
                    "The server is busy checking passwords. Nothing was changed; try again in \
                     {retry_after_seconds} seconds."
                ),
                retry_after_seconds,
            ),
            failed => Self::internal(failed),
        }
    }
}

impl From<InputError> for ApiError {
    /// A domain refusal that names no single field: the body as a whole.
    fn from(error: InputError) -> Self {
        Self::invalid("", error.to_string())
    }
}

impl From<StoreError> for ApiError {
    /// Each kind has the status `Refusal::status` gives (checked in `refusal.rs`), in the
    /// API's own words.
    fn from(error: StoreError) -> Self {
        match Refusal::from(error) {
            Refusal::NotFound { what } | Refusal::Ambiguous { what } => Self::not_found(what),
            Refusal::Conflict(message) => Self::conflict(capital(&message)),
            Refusal::NotAllowed(message) => Self::new(Kind::Forbidden, capital(&message)),
            Refusal::Fault(cause) => Self::internal(cause),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.kind.status();
        let mut response = (status, axum::Json(self.problem())).into_response();
        let headers = response.headers_mut();
        headers.insert(CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = self.retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.kind == Kind::Unauthorized {
            headers.insert(
                WWW_AUTHENTICATE,
                HeaderValue::from_static(if self.invalid_token {
                    "Bearer realm=\"psoas\", error=\"invalid_token\""
                } else {
                    "Bearer realm=\"psoas\""
                }),
            );
        }
        response
    }
}

/// The reusable OpenAPI response of each kind, named by [`Kind::response_name`].
pub fn openapi_responses() -> Vec<(&'static str, RefOr<utoipa::openapi::Response>)> {
    Kind::ALL
        .into_iter()
        .map(|kind| {
            let content = ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .example(Some(
                    serde_json::to_value(ApiError::new(kind, kind.when()).problem())
                        .unwrap_or_default(),
                ))
                .build();
            let response = ResponseBuilder::new()
                .description(format!(
                    "`{}`: {}",
                    kind.uri(),
                    kind.when().trim_end_matches('.')
                ))
                .content(PROBLEM_JSON, content)
                .build();
            (kind.response_name(), response.into())
        })
        .collect()
}

macro_rules! problem_responses {
    ($($name:ident),+ $(,)?) => {
        $(
            #[doc = concat!("The `", stringify!($name), "` problem response, for `#[utoipa::path]`.")]
            pub struct $name;

            impl<'r> utoipa::ToResponse<'r> for $name {
                fn response() -> (&'r str, RefOr<utoipa::openapi::Response>) {
                    let (name, response) = openapi_responses()
                        .into_iter()
                        .find(|(name, _)| *name == stringify!($name))
                        .expect("every problem response is built");
                    (name, response)
                }
            }
        )+
    };
}

problem_responses!(
    MalformedJson,
    Unauthorized,
    Csrf,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    Conflict,
    PayloadTooLarge,
    UnsupportedMediaType,
    Validation,
    TooManyAttempts,
    Internal,
    Busy,
);

/// The problem responses of the kinds given, as `$ref`s to the shared ones, keyed by status.
fn problem_refs(kinds: &[Kind]) -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
    kinds
        .iter()
        .map(|kind| {
            (
                kind.status().as_u16().to_string(),
                Ref::from_response_name(kind.response_name()).into(),
            )
        })
        .collect()
}

macro_rules! problem_sets {
    ($($(#[$doc:meta])* $name:ident = [$($kind:ident),+ $(,)?];)+) => {
        $(
            $(#[$doc])*
            pub struct $name;

            impl $name {
                /// The kinds of problem in the set.
                pub const KINDS: &'static [Kind] = &[$(Kind::$kind),+];
            }

            impl utoipa::IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<utoipa::openapi::Response>> {
                    problem_refs(Self::KINDS)
                }
            }
        )+
    };
}

// The problems many operations share, so that each `#[utoipa::path]` lists only what is its
// own (a 404 for an id in the path, a 409, a 422 for a query) beside one of these. A set is
// a map keyed by status, so no set holds two kinds of one status, and an operation whose
// 403 is `Forbidden` (which also covers `csrf`) takes `ReadProblems` and adds it.
problem_sets! {
    /// What any call made as someone may meet: no or bad credentials, a fault.
    ReadProblems = [Unauthorized, Internal];
    /// A change without a body: as a read, and the sign-in cookie without its CSRF header.
    WriteProblems = [Unauthorized, Csrf, Internal];
    /// What a JSON request body may meet: not JSON, too large, not sent as JSON, refused
    /// values.
    BodyProblems = [MalformedJson, PayloadTooLarge, UnsupportedMediaType, Validation];
    /// A change with a JSON body: [`WriteProblems`] and [`BodyProblems`] together.
    JsonWriteProblems = [
        MalformedJson,
        Unauthorized,
        Csrf,
        PayloadTooLarge,
        UnsupportedMediaType,
        Validation,
        Internal,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_its_own_uri_and_a_client_or_server_status() {
        let mut uris: Vec<String> = Kind::ALL.iter().map(|k| k.uri()).collect();
        uris.sort();
        uris.dedup();
        assert_eq!(uris.len(), Kind::ALL.len());
        for kind in Kind::ALL {
            assert!(kind.status().is_client_error() || kind.status().is_server_error());
        }
    }

    #[test]
    fn store_conflicts_and_unknown_keys_keep_their_meaning() {
        let e: ApiError = StoreError::Conflict("a profile named 'A' already exists".into()).into();
        assert_eq!(e.kind(), Kind::Conflict);
        let e: ApiError = StoreError::NotFound {
            what: "session",
            key: "x".into(),
            hint: "",
        }
        .into();
        assert_eq!(e.problem().status, 404);
        assert!(e.problem().errors.is_none());
    }

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
            assert_eq!(ApiError::from(error).kind().status(), status);
        }
    }

    #[test]
    fn no_problem_set_holds_two_kinds_of_one_status_and_the_json_write_set_is_both() {
        for kinds in [
            ReadProblems::KINDS,
            WriteProblems::KINDS,
            BodyProblems::KINDS,
            JsonWriteProblems::KINDS,
        ] {
            assert_eq!(problem_refs(kinds).len(), kinds.len());
        }
        let mut both: Vec<Kind> = [WriteProblems::KINDS, BodyProblems::KINDS].concat();
        let mut json_write = JsonWriteProblems::KINDS.to_vec();
        both.sort_by_key(|kind| kind.slug());
        json_write.sort_by_key(|kind| kind.slug());
        assert_eq!(both, json_write);
    }

    #[test]
    fn validation_problems_list_the_field() {
        let p = ApiError::invalid("/value", "too big").problem();
        assert_eq!(p.type_uri, "https://psoas.example/problems/validation");
        let errors = p.errors.unwrap();
        assert_eq!(errors[0].field, "/value");
        assert_eq!(p.detail, "/value: too big");
    }
}
