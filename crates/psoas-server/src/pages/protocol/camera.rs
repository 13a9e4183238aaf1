//! The camera with printed markers (`GET /sessions/{id}/camera`): the leg-raise test measured
//! from the markers P, H and K on the side of the body, and the printable marker sheet
//! (`GET /camera/markers.pdf`). The page (templates/protocol/camera.html) carries the trial to
//! take and the trials so far; static/camera.js either records the lift through the phone's
//! camera, a few frames a second, or takes a rest and a lift photo, sends each picture to
//! `POST /api/v1/camera/markers` to find its markers, and posts the markers to
//! `POST /api/v1/sessions/{id}/camera`, where the core measures the rise and its hip and
//! pelvis parts, refuses pictures it cannot trust, and the trial is stored. No maths in the
//! browser: the script only shows what was found and what the server answered.

use std::sync::OnceLock;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use psoas_core::camera::MARKER_IDS;
use psoas_core::{Method, Phase, SessionRecord, Test, guide};
use serde::Serialize;

use super::lift::{TrialJson, measured_on_its_page, spread_text, trials_json};
use super::trials::{TrialRow, capital, trial_rows};
use super::{Ctx, Head, Wanted, session_path};
use crate::AppState;
use crate::auth::SignedIn;
use crate::pages::words::camera::{SCRIPT, SHEET_FILE_NAME, ScriptWords};
use crate::pages::{Chrome, PageError, PageResult};
use crate::paths::V1;

/// Where the printable marker sheet is.
pub(super) const SHEET_PATH: &str = "/camera/markers.pdf";

/// Time between the frames the script grabs from the live picture, in ms: five a second
/// keeps the core's limit of a second between readable frames with four lost in a row, while
/// one frame in flight at a time stays within what a server decodes for a few phones at once.
const FRAME_MS: u32 = 200;

/// The longest recording, in ms, counted from Start: resting, lifting, a few seconds held and
/// lowered take about ten; twice that leaves room, and a recording left running stops itself.
const RECORD_MS: u32 = 20_000;

/// Where a session's camera page is.
pub(super) fn camera_path(ctx: &Ctx) -> String {
    format!("{}/camera", session_path(ctx.id()))
}

/// Whether the next trial should be taken on the camera page: a leg raise whose trials so far
/// were measured by the camera, or, before any, when the camera was chosen. A camera trial has
/// no typed value, so this holds whatever else the address asks.
pub(super) fn wanted(record: &SessionRecord, method_choice: &str) -> bool {
    measured_on_its_page(record, method_choice, Method::CameraMarkers)
}

/// One of the protocol's printed tags, for the script's overlay and words.
#[derive(Serialize)]
struct TagJson {
    id: u16,
    side: &'static str,
    /// The letter printed beside it: P, H or K.
    letter: String,
}

/// What static/camera.js needs, as the page's `data-camera` attribute.
#[derive(Serialize)]
struct CameraJson {
    /// Where a trial's markers go to be measured and stored.
    api: String,
    /// Where each picture goes to have its markers found.
    markers_api: String,
    /// The sign-in's CSRF token, sent as `X-CSRF-Token`.
    csrf: String,
    phase: &'static str,
    side: &'static str,
    trial: u16,
    per_side: u16,
    trials: Vec<TrialJson>,
    /// A new trial's strike-out page is this, its id and `/strike-out`.
    strike_base: String,
    /// The test's result page, shown when its last trial is in.
    done: String,
    /// Where a photo trial's photos go to be kept (this, the trial's id, `/photos/rest` or
    /// `/photos/lift`): only when the profile keeps photos.
    photos_api: Option<String>,
    tags: Vec<TagJson>,
    frame_ms: u32,
    record_ms: u32,
    words: &'static ScriptWords,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/camera.html")]
struct CameraPage {
    chrome: Chrome,
    head: Head,
    title: String,
    phase_title: &'static str,
    retest: bool,
    subject: String,
    test: &'static str,
    phase: &'static str,
    side: &'static str,
    /// The side's tag ids, e.g. "0, 1 and 2".
    tags: String,
    trial: u16,
    /// Which of the side's trials that count this one is, for people.
    position: u16,
    /// The hidden `extra` field: "1" for one more trial than planned.
    extra: &'static str,
    /// Whether this is one more trial than planned (said in the heading).
    more_title: bool,
    per_side: u16,
    rows: Vec<TrialRow>,
    /// Whether any trial of this test is in for this phase.
    started: bool,
    spread: String,
    /// Whether the camera is already the test's method (then there is no other way).
    fixed: bool,
    sheet: &'static str,
    camera_json: String,
}

/// "0, 1 and 2": a side's tags as the page names them.
fn side_tags(side: psoas_core::Side) -> String {
    let ids: Vec<String> = MARKER_IDS
        .iter()
        .filter(|(_, s, _)| *s == side)
        .map(|(id, _, _)| id.to_string())
        .collect();
    match ids.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        Some((last, _)) => last.clone(),
        None => String::new(),
    }
}

/// The camera page for the session's next leg-raise trial; anything else goes back to the
/// session's page, as does a test already measured another way.
pub(super) async fn page(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let ctx = Ctx::load(state, user, &id).await?;
    render(&ctx, None)
}

/// The camera page for the next leg-raise trial, or with `more` for one more trial the
/// verdict asks for.
pub(super) fn render(ctx: &Ctx, more: Option<(Test, Phase)>) -> PageResult<Response> {
    let Some(
        wanted @ Wanted {
            test: Test::LegRaise,
            phase,
            side,
            trial,
            position,
            extra,
        },
    ) = Wanted::of(&ctx.record, more)
    else {
        return Ok(ctx.back());
    };
    let fixed = ctx.record.method_in_use(Test::LegRaise);
    if fixed.is_some_and(|m| m != Method::CameraMarkers) {
        return Ok(ctx.back());
    }
    let record = &ctx.record;
    let test = Test::LegRaise;
    let first_phase = record.phases_with(test).first().copied().unwrap_or(phase);
    let data = CameraJson {
        api: format!("{V1}/sessions/{}/camera", ctx.id()),
        markers_api: format!("{V1}/camera/markers"),
        photos_api: ctx
            .profile
            .keep_photos
            .then(|| format!("{V1}/sessions/{}/measurements/", ctx.id())),
        csrf: ctx.user.csrf.clone(),
        phase: phase.as_str(),
        side: side.as_str(),
        trial,
        per_side: record.session.trials_per_side,
        trials: trials_json(record, phase),
        strike_base: format!("{}/trials/", session_path(ctx.id())),
        done: format!(
            "{}/results/{}/{}",
            session_path(ctx.id()),
            test.as_str(),
            phase.as_str()
        ),
        tags: MARKER_IDS
            .iter()
            .map(|&(id, side, role)| TagJson {
                id,
                side: side.as_str(),
                letter: role.letter().to_string(),
            })
            .collect(),
        frame_ms: FRAME_MS,
        record_ms: RECORD_MS,
        words: &SCRIPT,
    };
    Ok(CameraPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        title: capital(test.title()),
        phase_title: phase.title(),
        retest: phase != first_phase,
        subject: guide::test(test).subject,
        test: test.as_str(),
        phase: phase.as_str(),
        side: side.as_str(),
        tags: side_tags(side),
        trial,
        position,
        extra: wanted.extra_field(),
        more_title: extra,
        per_side: record.session.trials_per_side,
        rows: trial_rows(record, test, phase),
        started: record
            .measurements
            .iter()
            .any(|m| m.test == test && m.phase == phase),
        spread: spread_text(record, phase),
        fixed: fixed.is_some(),
        sheet: SHEET_PATH,
        camera_json: serde_json::to_string(&data).map_err(PageError::internal)?,
    }
    .into_response())
}

/// The printable marker sheet (the same PDF as `psoas markers`), for anyone signed in: it
/// holds nothing about anybody. It never changes while the server runs, so it is made once.
pub(super) async fn marker_sheet(_user: SignedIn) -> PageResult<Response> {
    static SHEET: OnceLock<Bytes> = OnceLock::new();
    let pdf = match SHEET.get() {
        Some(pdf) => pdf.clone(),
        None => {
            // Laying out and compressing the PDF takes a core for a moment: off the runtime.
            let made =
                tokio::task::spawn_blocking(|| psoas_report::marker_sheet(psoas_vision::tag_cells))
                    .await
                    .map_err(PageError::internal)?
                    .map_err(PageError::internal)?;
            SHEET.get_or_init(|| Bytes::from(made)).clone()
        }
    };
    Ok((
        [
            (CONTENT_TYPE, "application/pdf".to_string()),
            (
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{SHEET_FILE_NAME}\""),
            ),
        ],
        pdf,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_names_its_own_three_tags() {
        assert_eq!(side_tags(psoas_core::Side::Left), "0, 1 and 2");
        assert_eq!(side_tags(psoas_core::Side::Right), "3, 4 and 5");
    }
}
