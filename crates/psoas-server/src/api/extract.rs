//! Request extractors whose refusals are problems: a JSON body, query parameters and ids in
//! the path, each naming the field it refused as a JSON pointer.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use serde_json::error::Category;
use uuid::Uuid;

use super::problem::{ApiError, Kind};

/// A JSON request body. Refuses a body not sent as JSON (415), larger than the server's limit
/// (413), not JSON at all (400), or with wrong types, missing or unknown fields (422).
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(req.headers().get(CONTENT_TYPE)) {
            return Err(ApiError::new(
                Kind::UnsupportedMediaType,
                "Send the body as JSON with the header `Content-Type: application/json`.",
            ));
        }
        let bytes = Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    Kind::PayloadTooLarge,
                    "The body is larger than the server accepts (64 KiB by default). \
                         Send less, e.g. a shorter note.",
                )
            } else {
                ApiError::new(
                    Kind::MalformedJson,
                    format!("The body could not be read: {}", rejection.body_text()),
                )
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Whether a content type is JSON: `application/json` or any `application/*+json`.
fn is_json(content_type: Option<&axum::http::HeaderValue>) -> bool {
    let Some(value) = content_type.and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let essence = value
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    essence == "application/json"
        || (essence.starts_with("application/") && essence.ends_with("+json"))
}

/// Reads a JSON body, naming the field a refusal is about. A whole number written with a
/// fraction (`1984.0`) is an integer, as JSON Schema counts it, so integer fields take it.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|error| json_error(error, String::new()))?;
    whole_floats_as_integers(&mut value);
    serde_path_to_error::deserialize(value).map_err(|error| {
        let pointer = pointer_of(error.path());
        json_error(error.into_inner(), pointer)
    })
}

/// Below 2^53 every whole float is exactly an integer; above, it stays a float (and an
/// integer field refuses it as out of range, which it is).
fn whole_floats_as_integers(value: &mut serde_json::Value) {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    match value {
        serde_json::Value::Number(number) => {
            if let Some(float) = number.as_f64().filter(|_| number.is_f64())
                && float.fract() == 0.0
                && float.abs() < EXACT
            {
                // The cast is exact: a whole number below 2^53.
                #[allow(clippy::cast_possible_truncation)]
                let whole = float as i64;
                *number = serde_json::Number::from(whole);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(whole_floats_as_integers),
        serde_json::Value::Object(map) => map.values_mut().for_each(whole_floats_as_integers),
        _ => {}
    }
}

fn json_error(error: serde_json::Error, pointer: String) -> ApiError {
    let message = without_position(&error);
    match error.classify() {
        Category::Data => {
            let field = with_named_field(pointer, &message);
            ApiError::invalid(field, message)
        }
        Category::Syntax | Category::Eof | Category::Io => ApiError::new(
            Kind::MalformedJson,
            format!(
                "The body is not valid JSON: {message} (line {}, column {}).",
                error.line(),
                error.column()
            ),
        ),
    }
}

/// serde_json's message without its " at line L column C" suffix.
fn without_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    text.strip_suffix(&suffix).unwrap_or(&text).to_string()
}

/// Turns serde's path (`red_flags[1]`) into a JSON pointer (`/red_flags/1`).
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    path.iter()
        .filter_map(|segment| match segment {
            Segment::Seq { index } => Some(format!("/{index}")),
            Segment::Map { key } => Some(format!("/{}", escape(key))),
            Segment::Enum { .. } | Segment::Unknown => None,
        })
        .collect()
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Points at the field itself for "missing field `x`" and "unknown field `x`", which serde
/// reports at the enclosing object.
fn with_named_field(pointer: String, message: &str) -> String {
    for prefix in ["missing field `", "unknown field `"] {
        if let Some(rest) = message.strip_prefix(prefix)
            && let Some(name) = rest.split('`').next()
        {
            let tail = format!("/{}", escape(name));
            if !pointer.ends_with(&tail) {
                return format!("{pointer}{tail}");
            }
        }
    }
    pointer
}

/// Query parameters; refusals are validation problems naming the parameter.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T, S> FromRequestParts<S> for ApiQuery<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(de)
            .map(ApiQuery)
            .map_err(|error| {
                let pointer = pointer_of(error.path());
                let message = error.into_inner().to_string();
                let field = with_named_field(pointer, &message);
                let name = field.trim_start_matches('/').to_string();
                ApiError::invalid_query(&name, message)
            })
    }
}

/// Reads an id from the path; one that is not a UUID names nothing, so it is not found.
pub fn path_id(raw: &str, what: &str) -> Result<Uuid, ApiError> {
    Uuid::parse_str(raw.trim()).map_err(|_| ApiError::not_found(what))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        count: u16,
        flags: Vec<bool>,
    }

    fn refusal(json: &str) -> crate::api::problem::Problem {
        parse_json::<Body>(json.as_bytes()).unwrap_err().problem()
    }

    #[test]
    fn wrong_types_point_at_the_field() {
        let p = refusal(r#"{"count": 1, "flags": [true, "x"]}"#);
        assert_eq!(p.status, 422);
        assert_eq!(p.errors.unwrap()[0].field, "/flags/1");
    }

    #[test]
    fn missing_and_unknown_fields_point_at_the_field_itself() {
        let p = refusal(r#"{"flags": []}"#);
        assert_eq!(p.errors.unwrap()[0].field, "/count");
        let p = refusal(r#"{"count": 1, "flags": [], "colour": 1}"#);
        assert_eq!(p.errors.unwrap()[0].field, "/colour");
    }

    #[test]
    fn syntax_errors_and_trailing_text_are_malformed() {
        assert_eq!(refusal(r#"{"count": 1,"#).status, 400);
        assert_eq!(refusal(r#"{"count": 1, "flags": []} x"#).status, 400);
        assert_eq!(refusal("").status, 400);
    }

    #[test]
    fn whole_numbers_written_with_a_fraction_are_integers_as_json_schema_says() {
        let body: Body = parse_json(br#"{"count": 1984.0, "flags": []}"#).unwrap();
        assert_eq!(body.count, 1984);
        let p = refusal(r#"{"count": 1984.5, "flags": []}"#);
        assert_eq!(p.errors.unwrap()[0].field, "/count");
        let p = refusal(r#"{"count": 1e300, "flags": []}"#);
        assert_eq!(p.errors.unwrap()[0].field, "/count");
    }

    #[test]
    fn json_content_types_include_the_plus_json_family() {
        let v = |s: &'static str| axum::http::HeaderValue::from_static(s);
        assert!(is_json(Some(&v("application/json; charset=utf-8"))));
        assert!(is_json(Some(&v("application/merge-patch+json"))));
        assert!(!is_json(Some(&v("text/plain"))));
        assert!(!is_json(None));
    }
}
