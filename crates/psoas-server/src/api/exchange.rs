//! `GET /export` streams the caller's data as CSV, the JSON archive or a FHIR R4 Bundle
//! (the same bytes as `psoas export`), page by page from the store, so a long history goes
//! out in constant memory (the streaming itself is `download.rs`, shared with the pages'
//! download buttons); `POST /import` takes an archive back, checks all of it, and stores it
//! in one transaction.

use crate::audit;
use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::Response;
use psoas_exchange::{Format, Selection, read_archive};
use psoas_store::ImportCounts as StoreCounts;
use psoas_store::audit::{AccessKind, Door};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::caller::Caller;
use super::extract::ApiQuery;
use super::problem::{self, ApiError, ApiResult, Kind};
use super::profiles::profile_by_id;
use crate::AppState;
use crate::download;

/// The largest archive `POST /import` accepts: some years of daily sessions.
pub const MAX_IMPORT_BYTES: usize = 64 * 1024 * 1024;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    /// CSV, one row per trial (`text/csv`).
    Csv,
    /// The full JSON archive, which `POST /import` and `psoas import` read back.
    Json,
    /// A FHIR R4 Bundle (`application/fhir+json`).
    Fhir,
}

impl From<ExportFormat> for Format {
    fn from(f: ExportFormat) -> Self {
        match f {
            ExportFormat::Csv => Format::Csv,
            ExportFormat::Json => Format::Json,
            ExportFormat::Fhir => Format::Fhir,
        }
    }
}

/// What to export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv`, `json` or `fhir`.
    pub format: ExportFormat,
    /// Only this profile; left out, every profile of the caller.
    pub profile_id: Option<Uuid>,
    /// `true` puts the camera's kept photos into the JSON archive too (only `json` carries
    /// photos; CSV and FHIR never do).
    #[serde(default)]
    pub with_photos: bool,
}

/// Downloads the caller's profiles and sessions in a format, streamed.
#[utoipa::path(
    get,
    path = "/export",
    tag = "exchange",
    params(ExportQuery),
    responses(
        (status = 200, description = "The file, streamed: CSV (one row per trial, columns in \
            docs/json.md), the JSON archive, or a FHIR R4 Bundle of type collection.",
            content(
                (String = "text/csv"),
                (serde_json::Value = "application/json"),
                (serde_json::Value = "application/fhir+json"),
            )),
        (status = 404, response = problem::NotFound),
        (status = 422, response = problem::Validation),
        problem::ReadProblems,
    )
)]
pub async fn get_export(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ExportQuery>,
) -> ApiResult<Response> {
    let scope = caller.scope();
    // Checked before the first byte: once streaming starts the status is sent.
    let selection = match query.profile_id {
        Some(id) => Selection::Profile(profile_by_id(&state, scope, id).await?.id),
        None => Selection::All,
    };
    let format = Format::from(query.format);
    if query.with_photos && format != Format::Json {
        return Err(ApiError::invalid_query(
            "with_photos",
            "Only the JSON archive carries the camera's photos: use format=json, or leave \
             with_photos out",
        ));
    }
    let profile = match selection {
        Selection::Profile(id) => Some(id),
        Selection::All => None,
    };
    let me = caller.account.id;
    audit::note(&state, Door::Api, me, me, profile, AccessKind::Exported).await?;
    Ok(download::stream(
        state,
        scope,
        selection,
        format,
        query.with_photos,
    ))
}

/// What an import added, and what it found already stored.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportCounts {
    /// Profiles added.
    pub profiles_added: u64,
    /// Profiles already stored, kept as they were.
    pub profiles_kept: u64,
    /// Sessions added.
    pub sessions_added: u64,
    /// Sessions already stored (their missing trials and exercises were added).
    pub sessions_kept: u64,
    /// Trials added.
    pub measurements_added: u64,
    /// Exercise records added.
    pub exercises_added: u64,
}

impl From<StoreCounts> for ImportCounts {
    fn from(c: StoreCounts) -> Self {
        Self {
            profiles_added: c.profiles_added,
            profiles_kept: c.profiles_kept,
            sessions_added: c.sessions_added,
            sessions_kept: c.sessions_kept,
            measurements_added: c.measurements_added,
            exercises_added: c.exercises_added,
        }
    }
}

/// Imports a JSON archive (from `GET /export?format=json` or `psoas export --format json`)
/// into the caller's data. Every problem in the file is listed in `errors` with its JSON
/// pointer, and then nothing is stored; records already stored are kept, so importing the
/// same archive twice adds nothing.
#[utoipa::path(
    post,
    path = "/import",
    tag = "exchange",
    request_body(content = serde_json::Value, content_type = "application/json",
        description = "A psoas archive: {\"format\": \"psoas-archive\", \"version\": 1, ...}"),
    responses(
        (status = 200, description = "Stored; what was added.", body = ImportCounts),
        (status = 409, response = problem::Conflict),
        problem::JsonWriteProblems,
    )
)]
pub async fn post_import(
    State(state): State<AppState>,
    caller: Caller,
    headers: axum::http::HeaderMap,
    body: Bytes,
) -> ApiResult<Json<ImportCounts>> {
    let json = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(';')
                .next()
                .is_some_and(|t| t.trim() == "application/json")
        });
    if !json {
        return Err(ApiError::new(
            Kind::UnsupportedMediaType,
            "Send the archive with Content-Type: application/json.",
        ));
    }
    let archive = read_archive(&body).map_err(|problems| {
        match problems.first().and_then(|p| p.line_column) {
            Some((line, column)) => ApiError::new(
                Kind::MalformedJson,
                format!(
                    "The archive is not JSON: line {line}, column {column}: {}",
                    problems[0].message
                ),
            ),
            None => ApiError::invalid_fields(
                format!(
                    "The archive has {} problem(s); nothing was stored. Each is listed in errors.",
                    problems.len()
                ),
                problems
                    .into_iter()
                    .map(|p| (p.pointer, p.message))
                    .collect(),
            ),
        }
    })?;
    let counts = state
        .store
        .import(caller.scope(), &archive.profiles, &archive.sessions)
        .await?;
    let me = caller.account.id;
    audit::note(&state, Door::Api, me, me, None, AccessKind::Imported).await?;
    Ok(Json(counts.into()))
}
