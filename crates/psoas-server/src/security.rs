//! What every response carries for safety, and a request log that never prints a secret.
//!
//! The pages hold health data and the set-up and invitation links carry their token in the
//! address, so: no framing, no sniffing, no referrer, scripts and styles only from our own
//! files, the browser features the pages use and no others, HSTS under TLS, and nothing
//! personal kept in a cache (static files, whose names carry a hash of their content, say
//! otherwise for themselves).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderName, HeaderValue, Uri, header};
use axum::middleware::Next;
use axum::response::Response;
use tracing::Span;

use crate::AppState;

/// Scripts, styles, images and connections only from this server; no plugins, no `<base>`,
/// forms post only here, and no page of ours inside another site's frame.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
     style-src 'self'; img-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The features the pages use: the camera, the motion sensors of the phone inclinometer and
/// the wake lock of the timers, from this server only; the rest are off.
pub const PERMISSIONS_POLICY: &str = "camera=(self), accelerometer=(self), gyroscope=(self), \
     magnetometer=(self), screen-wake-lock=(self), geolocation=(), microphone=(), payment=(), \
     usb=(), serial=(), bluetooth=(), hid=(), display-capture=()";

/// One year, as browsers expect of a site that always uses TLS.
const STRICT_TRANSPORT_SECURITY: &str = "max-age=31536000";

/// Adds the safety headers to every response (those a handler set itself are kept).
pub(crate) async fn headers(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let mut set = |name: HeaderName, value: &'static str| {
        headers
            .entry(name)
            .or_insert(HeaderValue::from_static(value));
    };
    set(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(header::REFERRER_POLICY, "no-referrer");
    set(
        HeaderName::from_static("permissions-policy"),
        PERMISSIONS_POLICY,
    );
    set(
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(header::CACHE_CONTROL, "no-store");
    if state.settings.secure_cookies {
        set(header::STRICT_TRANSPORT_SECURITY, STRICT_TRANSPORT_SECURITY);
    }
    response
}

/// Query parameters whose values may be logged: paging and filters. Every other value (a
/// set-up or invitation token, anything added later) is logged as `[redacted]`.
const LOGGABLE_QUERY_KEYS: [&str; 6] = ["limit", "offset", "page", "profile_id", "format", "kind"];

/// A request's address as the log may show it.
pub fn loggable_uri(uri: &Uri) -> String {
    let Some(query) = uri.query() else {
        return uri.path().to_string();
    };
    let mut shown = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(query.as_bytes()) {
        if LOGGABLE_QUERY_KEYS.contains(&key.as_ref()) {
            shown.append_pair(&key, &value);
        } else {
            shown.append_pair(&key, "[redacted]");
        }
    }
    format!("{}?{}", uri.path(), shown.finish())
}

/// The span of one request in the log: method, redacted address and HTTP version.
pub(crate) fn request_span(request: &Request<Body>) -> Span {
    tracing::info_span!(
        "request",
        method = %request.method(),
        uri = %loggable_uri(request.uri()),
        version = ?request.version(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_in_the_address_are_redacted_and_paging_is_kept() {
        let uri: Uri = "/signup?token=s3cr3t-value&limit=5".parse().unwrap();
        let shown = loggable_uri(&uri);
        assert_eq!(shown, "/signup?token=%5Bredacted%5D&limit=5");
        assert!(!shown.contains("s3cr3t"));
        let uri: Uri = "/history?page=2".parse().unwrap();
        assert_eq!(loggable_uri(&uri), "/history?page=2");
        let uri: Uri = "/setup".parse().unwrap();
        assert_eq!(loggable_uri(&uri), "/setup");
        let uri: Uri = "/reset?code=abc%20def".parse().unwrap();
        assert!(!loggable_uri(&uri).contains("abc"));
    }
}
