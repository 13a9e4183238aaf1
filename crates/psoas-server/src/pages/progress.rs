//! A profile's progress page: the charts drawn inline as SVG (they scale to a phone's width),
//! and download buttons for the PDF report and the CSV, archive and FHIR exports, all within
//! the signed-in account's scope.

use crate::audit;
use askama::Template;
use askama_web::WebTemplate;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use psoas_core::{Profile, ProfileId, RULES, Test};
use psoas_exchange::{Format, Selection};
use psoas_report::{ChartError, ChartKind, ImageFormat, render, report_pdf};
use psoas_store::Scope;
use psoas_store::audit::{AccessKind, Door};
use uuid::Uuid;

use super::{Chrome, PageError, PageResult};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::download::stream;

pub(super) fn router() -> Router<AppState> {
    Router::new()
        .route("/profiles/{id}/progress", get(progress))
        .route("/profiles/{id}/report.pdf", get(report))
        .route("/sessions/{id}/report.pdf", get(session_report))
        .route("/profiles/{id}/export/{format}", get(export))
}

/// One chart on the page: drawn, or why not.
struct ChartView {
    title: &'static str,
    svg: Option<String>,
    missing: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "progress.html")]
struct ProgressPage {
    chrome: Chrome,
    profile_id: String,
    name: String,
    /// "1 session", "21 sessions".
    sessions: String,
    /// Whether the gap between the sides changed beyond measurement error, per test.
    across_days: Vec<String>,
    charts: Vec<ChartView>,
}

async fn profile_of(state: &AppState, scope: Scope, id: &str) -> PageResult<Profile> {
    let id = Uuid::parse_str(id.trim()).map_err(|_| {
        PageError::new(
            axum::http::StatusCode::NOT_FOUND,
            super::words::errors::not_yours("profile"),
        )
    })?;
    Ok(state.store.profile(scope, ProfileId(id)).await?)
}

async fn progress(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<ProgressPage> {
    let scope = Scope::of(&user.account);
    let profile = profile_of(&state, scope, &id).await?;
    let records = state.store.list_sessions(scope, Some(profile.id)).await?;
    let mut charts = Vec::new();
    for kind in ChartKind::ALL {
        // Drawn small, so its labels stay legible once scaled to a phone's width.
        let (svg, missing) = match render(kind, &records, ImageFormat::Svg, (480, 320)) {
            Ok(bytes) => (
                Some(String::from_utf8_lossy(&bytes).into_owned()),
                String::new(),
            ),
            Err(ChartError::NoData(why)) => (None, super::words::errors::nothing_to_draw(&why)),
            Err(e) => return Err(PageError::internal(e)),
        };
        charts.push(ChartView {
            title: kind.title(),
            svg,
            missing,
        });
    }
    let across_days = [Test::LegRaise, Test::Strength]
        .into_iter()
        .filter_map(|test| psoas_core::retest::across_days(&records, test, &RULES))
        .collect();
    Ok(ProgressPage {
        chrome: Chrome::of(&user),
        across_days,
        profile_id: profile.id.to_string(),
        name: profile.name.to_string(),
        sessions: match records.len() {
            1 => "1 session".to_string(),
            n => format!("{n} sessions"),
        },
        charts,
    })
}

async fn report(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let scope = Scope::of(&user.account);
    let profile = profile_of(&state, scope, &id).await?;
    let records = state.store.list_sessions(scope, Some(profile.id)).await?;
    let period = match (records.first(), records.last()) {
        (Some(a), Some(b)) => format!(
            "{} to {}",
            a.session.started_at.strftime("%Y-%m-%d"),
            b.session.started_at.strftime("%Y-%m-%d")
        ),
        _ => "no sessions yet".to_string(),
    };
    exported(&state, &user, profile.id).await?;
    pdf_download(&profile, &records, &period)
}

/// One session's report, from its summary page.
async fn session_report(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let scope = Scope::of(&user.account);
    let not_found = || {
        PageError::new(
            axum::http::StatusCode::NOT_FOUND,
            super::words::errors::not_yours("session"),
        )
    };
    let id = Uuid::parse_str(id.trim()).map_err(|_| not_found())?;
    let record = state
        .store
        .session(scope, psoas_core::SessionId(id))
        .await?;
    let profile = profile_of(&state, scope, &record.session.profile_id.to_string()).await?;
    let period = format!(
        "session of {}",
        record.session.started_at.strftime("%Y-%m-%d")
    );
    exported(&state, &user, profile.id).await?;
    pdf_download(&profile, &[record], &period)
}

fn pdf_download(
    profile: &Profile,
    records: &[psoas_core::SessionRecord],
    period: &str,
) -> PageResult<Response> {
    let pdf = report_pdf(profile, records, period, now()).map_err(PageError::internal)?;
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_string()),
            (
                CONTENT_DISPOSITION,
                psoas_report::content_disposition(&psoas_report::report_file_name(
                    profile, records,
                )),
            ),
        ],
        pdf,
    )
        .into_response())
}

async fn export(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, format)): Path<(String, String)>,
) -> PageResult<Response> {
    let scope = Scope::of(&user.account);
    let profile = profile_of(&state, scope, &id).await?;
    let format: Format = format
        .parse()
        .map_err(|message: String| PageError::new(axum::http::StatusCode::NOT_FOUND, message))?;
    exported(&state, &user, profile.id).await?;
    Ok(stream(
        state,
        scope,
        Selection::Profile(profile.id),
        format,
        false,
    ))
}

/// Notes in the account's access log that a person's records left the server.
async fn exported(state: &AppState, user: &SignedIn, profile: ProfileId) -> PageResult<()> {
    let me = user.account.id;
    let kind = AccessKind::Exported;
    audit::note(state, Door::Pages, me, me, Some(profile), kind).await?;
    Ok(())
}
