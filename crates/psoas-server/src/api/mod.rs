//! The JSON API under `/api/v1`, described by an OpenAPI 3.1 document served at
//! `GET /api/openapi.json` and generated from the handlers themselves (utoipa), so the
//! document and the routes cannot drift apart.
//!
//! - Authentication ([`caller`]): a personal access token as `Authorization: Bearer <token>`
//!   (made on the settings page), or the web app's sign-in cookie, which for changes also
//!   needs the `X-CSRF-Token` header. Every store call runs in the caller's scope: another
//!   account's ids are simply not found.
//! - Errors ([`problem`]): RFC 9457 `application/problem+json`, one stable type URI per kind.
//! - Lists ([`paging`]): `?limit=` (1-200, default 50) and `?offset=`, answered with
//!   `items`, `total`, `limit`, `offset` and the `next` page's address.
//! - Requests are read by [`extract`], which refuses unknown fields and names each refused
//!   field as a JSON pointer; values are checked by the same core rules as the terminal tool.
//! - Resources: [`profiles`]; [`sessions`] and the entries recorded into them ([`entries`]);
//!   [`verdicts`] with the exercise plan and the retest judged against error ([`retest`]);
//!   leg raises recorded by the phone's sensors ([`lifts`]) or measured from photos with
//!   printed markers ([`camera`]), and camera trials kept with their markers
//!   ([`camera_trials`]) with their photos where the profile keeps them ([`camera_photos`]);
//!   [`history`]; exports and
//!   imports ([`exchange`]); [`tokens`]; the caller's own [`account`] (password, sign-ins)
//!   and [`records`] (who reached them, what practitioners wrote);
//!   deleting for real ([`deletion`]: a struck-out trial, a session, a profile, one's account,
//!   the owner removing another); a practitioner's clients ([`practice`]) and one
//!   client's records, notes and prescriptions ([`clients`]). Wire types live beside their
//!   handlers, shared ones in [`views`] and [`enums`]: the core crate knows nothing of JSON
//!   schemas.

pub mod account;
pub mod caller;
pub mod camera;
pub mod camera_photos;
pub mod camera_trials;
pub mod clients;
pub mod declared;
pub mod deletion;
pub mod entries;
pub mod enums;
pub mod exchange;
pub mod extract;
pub mod history;
pub mod invitations;
pub mod lifts;
pub mod paging;
pub mod pain_after;
pub mod practice;
pub mod problem;
pub mod profiles;
pub mod records;
pub mod retest;
pub mod sessions;
pub mod tokens;
pub mod verdicts;
pub mod views;
pub mod voiding;

use axum::Router;
use axum::body::Bytes;
use axum::extract::DefaultBodyLimit;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::routing::any;
use std::sync::Mutex;
use utoipa::OpenApi;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::AppState;
use crate::auth::SESSION_COOKIE;
use crate::paths::V1;
use problem::{ApiError, Kind};

/// Where the OpenAPI document is served.
pub const OPENAPI_PATH: &str = "/api/openapi.json";

#[derive(OpenApi)]
#[openapi(
    info(
        title = "psoas API",
        description = "Guide a subject and a helper through the psoas (hip flexor) check-and-fix \
            protocol: profiles, sessions with red-flag screening, symptoms, leg-raise and \
            strength trials, verdicts with their reasons, the exercise plan, retests and \
            history.\n\nAuthenticate with a personal access token from the settings page: \
            `Authorization: Bearer <token>`. Errors are RFC 9457 problem+json; match on \
            `type`. General education, not medical advice."
    ),
    // Schemas only query parameters name: `routes!` collects those of bodies, not these.
    components(schemas(
        problem::Problem,
        problem::FieldError,
        enums::Phase,
        enums::StretchChoice,
        enums::TechniqueChoice,
        exchange::ExportFormat,
    )),
    modifiers(&Components),
    security(("bearer" = []), ("session_cookie" = [])),
    tags(
        (name = "profiles", description = "The people being tested."),
        (name = "sessions", description = "One run of the protocol each: screening, symptoms, \
            trials, exercises, verdicts and the next step."),
        (name = "camera", description = "The leg raise measured from photos with printed \
            markers: the rise, its hip and pelvis parts."),
        (name = "history", description = "Past sessions in brief."),
        (name = "exchange", description = "Exports (CSV, the JSON archive, FHIR R4), streamed, \
            and imports of the archive."),
        (name = "tokens", description = "The caller's personal access tokens."),
        (name = "invitations", description = "The invitation links the caller made that \
            still work, listed without their links, and withdrawn."),
        (name = "account", description = "The caller's own account: its password and where \
            it is signed in."),
        (name = "clients", description = "A practitioner's clients: invitations, their \
            profiles and sessions (read only while linked), notes and exercise \
            prescriptions; and a client's practitioner. An unlinked client is not found."),
        (name = "meta", description = "This document."),
    )
)]
struct ApiDoc;

/// Adds the security schemes and the reusable problem responses.
struct Components;

impl utoipa::Modify for Components {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            caller::BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("psoas personal access token")
                    .description(Some(
                        "A personal access token made on the settings page, sent as \
                         `Authorization: Bearer <token>`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            caller::SESSION_COOKIE,
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::with_description(
                SESSION_COOKIE,
                "The web app's sign-in cookie, for use from its own pages (over HTTPS it is \
                 named `__Host-psoas_session`). Requests that \
                 change something must also send the sign-in's CSRF token in the \
                 `X-CSRF-Token` header.",
            ))),
        );
        for (name, response) in problem::openapi_responses() {
            components.responses.insert(name.to_string(), response);
        }
    }
}

/// Every documented route, with the document they make.
fn api() -> OpenApiRouter<AppState> {
    let v1 = OpenApiRouter::new()
        .routes(routes!(profiles::list_profiles, profiles::create_profile))
        .routes(routes!(
            profiles::get_profile,
            profiles::patch_profile,
            deletion::delete_profile
        ))
        .routes(routes!(sessions::list_sessions, sessions::create_session))
        .routes(routes!(sessions::get_session, deletion::delete_session))
        .routes(routes!(sessions::put_screening))
        .routes(routes!(entries::put_symptoms))
        .routes(routes!(pain_after::put_pain_after))
        .routes(routes!(entries::add_measurement))
        .routes(routes!(voiding::void_measurement))
        .routes(routes!(deletion::delete_measurement))
        .routes(routes!(entries::add_exercise))
        .merge(
            // A recorded lift is larger than any other body: its own limit.
            OpenApiRouter::new()
                .routes(routes!(lifts::add_lift))
                .layer(DefaultBodyLimit::max(lifts::MAX_LIFT_BODY_BYTES)),
        )
        .routes(routes!(lifts::get_series))
        .merge(
            // A recording's markers are larger than most bodies: their own limit.
            OpenApiRouter::new()
                .routes(routes!(camera_trials::add_camera_trial))
                .layer(DefaultBodyLimit::max(camera_trials::MAX_CAMERA_BODY_BYTES)),
        )
        .routes(routes!(camera_trials::get_camera_markers))
        .merge(
            // A photo kept with its trial: the photo's limit.
            OpenApiRouter::new()
                .routes(routes!(camera_photos::put_photo, camera_photos::get_photo))
                .layer(DefaultBodyLimit::max(camera::MAX_PHOTO_BODY_BYTES)),
        )
        .routes(routes!(camera::measure_angles))
        .merge(
            // A photo is larger than any other body: its own limit.
            OpenApiRouter::new()
                .routes(routes!(camera::find_markers))
                .layer(DefaultBodyLimit::max(camera::MAX_PHOTO_BODY_BYTES)),
        )
        .routes(routes!(sessions::finish_session))
        .routes(routes!(verdicts::get_verdict))
        .routes(routes!(history::get_history))
        .routes(routes!(exchange::get_export))
        .merge(
            // An archive is larger than any other body: its own limit.
            OpenApiRouter::new()
                .routes(routes!(exchange::post_import))
                .layer(DefaultBodyLimit::max(exchange::MAX_IMPORT_BYTES)),
        )
        .routes(routes!(invitations::list_invitations))
        .routes(routes!(invitations::delete_invitation))
        .routes(routes!(tokens::list_tokens))
        .routes(routes!(tokens::delete_token))
        .routes(routes!(account::change_password))
        .routes(routes!(deletion::delete_account))
        .routes(routes!(deletion::remove_account))
        .routes(routes!(account::list_sign_ins))
        .routes(routes!(account::delete_sign_in))
        .routes(routes!(account::end_other_sign_ins))
        .routes(routes!(records::get_access_log))
        .routes(routes!(records::get_practitioner_notes))
        .routes(routes!(practice::list_clients))
        .routes(routes!(practice::create_invitation))
        .routes(routes!(practice::get_client, practice::delete_client))
        .routes(routes!(
            practice::get_practitioner,
            practice::delete_practitioner
        ))
        .routes(routes!(clients::list_client_profiles))
        .routes(routes!(clients::list_client_sessions))
        .routes(routes!(clients::get_client_session))
        .routes(routes!(clients::list_notes, clients::add_note))
        .routes(routes!(
            clients::get_client_prescription,
            clients::put_client_prescription
        ))
        .routes(routes!(clients::get_own_prescription));
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .nest(V1, v1)
        .routes(routes!(get_openapi))
}

/// The OpenAPI document as the handlers generate it, before [`declared`] adds what they
/// cannot say.
pub fn openapi() -> utoipa::openapi::OpenApi {
    api().into_openapi()
}

/// The OpenAPI document as served, with every rule the server enforces for the given year.
pub fn document(current_year: i16) -> serde_json::Value {
    let mut document = serde_json::to_value(openapi()).expect("the OpenAPI document serialises");
    declared::declare(&mut document, current_year);
    document
}

/// The served document, made again when the year (and so the latest birth year) changes.
static DOCUMENT: Mutex<Option<(i16, Bytes)>> = Mutex::new(None);

fn served_document() -> Bytes {
    let year = profiles::current_year();
    let mut cached = DOCUMENT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    match &*cached {
        Some((made_for, text)) if *made_for == year => text.clone(),
        _ => {
            let text = Bytes::from(
                serde_json::to_vec_pretty(&document(year))
                    .expect("the OpenAPI document serialises"),
            );
            *cached = Some((year, text.clone()));
            text
        }
    }
}

/// This API's OpenAPI 3.1 document.
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "meta",
    security(()),
    responses(
        (status = 200, description = "The OpenAPI 3.1 document of this API.",
            body = serde_json::Value, content_type = "application/json"),
    )
)]
async fn get_openapi() -> impl IntoResponse {
    ([(CONTENT_TYPE, "application/json")], served_document())
}

async fn not_found() -> ApiError {
    ApiError::new(
        Kind::NotFound,
        format!("There is no such API address. The API is described at {OPENAPI_PATH}."),
    )
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        Kind::MethodNotAllowed,
        format!(
            "This address does not take that method; see {OPENAPI_PATH} for the ones it takes."
        ),
    )
}

/// The API's routes; any other address under `/api/` is a problem+json 404.
pub fn router() -> Router<AppState> {
    let (router, _) = api().split_for_parts();
    router
        .route("/api/{*rest}", any(not_found))
        .method_not_allowed_fallback(method_not_allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statuses an operation declares, each as its status and what it refers to (the
    /// shared problem response's name, or `own` for a response of its own).
    fn declared(operation: &serde_json::Value) -> Vec<(String, String)> {
        let responses = operation["responses"].as_object().expect("responses");
        responses
            .iter()
            .map(|(status, response)| {
                let what = response["$ref"]
                    .as_str()
                    .map_or("own", |r| r.trim_start_matches("#/components/responses/"));
                (status.clone(), what.to_string())
            })
            .collect()
    }

    #[test]
    fn every_operation_declares_the_problems_it_can_meet() {
        let document = serde_json::to_value(openapi()).expect("the document serialises");
        let problems = document["components"]["responses"]
            .as_object()
            .expect("shared responses");
        let mut operations = 0;
        for (path, item) in document["paths"].as_object().expect("paths") {
            if !path.starts_with(V1) {
                continue;
            }
            for (method, operation) in item.as_object().expect("a path item") {
                operations += 1;
                let declared = declared(operation);
                let has = |status: &str| declared.iter().any(|(s, _)| s == status);
                let name = format!("{method} {path}");
                for (status, what) in &declared {
                    assert!(
                        what == "own" || problems.contains_key(what),
                        "{name}: {status} names no shared response {what}"
                    );
                }
                let mut needed = vec!["401", "500"];
                if method != "get" {
                    // A cookie-authenticated change needs its CSRF header.
                    needed.push("403");
                }
                if operation.get("requestBody").is_some() {
                    needed.extend(["400", "413", "415", "422"]);
                }
                let parameters = operation["parameters"].as_array().cloned();
                let takes = |place: &str| {
                    parameters
                        .iter()
                        .flatten()
                        .any(|parameter| parameter["in"] == place)
                };
                if takes("path") {
                    needed.push("404");
                }
                if takes("query") {
                    needed.push("422");
                }
                for status in needed {
                    assert!(has(status), "{name} does not declare {status}");
                }
            }
        }
        assert!(operations > 40, "only {operations} operations found");
    }
}
