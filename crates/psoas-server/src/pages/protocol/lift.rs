//! The phone as an inclinometer (`GET /sessions/{id}/lift`): the leg-raise test measured by
//! this phone's orientation sensors. The page (templates/protocol/lift.html) only carries the
//! trial to take and the trials so far; static/lift.js zeroes the phone on the table, shows
//! the live angle, records each lift and posts the raw readings to
//! `POST /api/v1/sessions/{id}/lifts`, where the core finds the held angle and refuses
//! recordings it cannot trust. Where the sensors are missing or the page is not a secure
//! context, the same page offers the typed trial form (posted to `/sessions/{id}/trials`).

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use psoas_core::{Method, NextStep, Phase, Reading, SessionRecord, Side, Test, guide};
use serde::Serialize;

use super::trials::{TrialRow, capital, trial_rows};
use super::{Ctx, Head, Wanted, session_path, strike_out_path};
use crate::AppState;
use crate::auth::SignedIn;
use crate::pages::{Chrome, PageResult};
use crate::paths::V1;

/// Where a session's inclinometer page is.
pub(super) fn lift_path(ctx: &Ctx) -> String {
    format!("{}/lift", session_path(ctx.id()))
}

/// Whether the next trial should be taken on the inclinometer page: a leg raise whose trials
/// so far were taken by the phone, or, before any, when the phone was chosen.
pub(super) fn wanted(record: &SessionRecord, method_choice: &str) -> bool {
    measured_on_its_page(record, method_choice, Method::PhoneInclinometer)
}

/// Whether the next trial is a leg raise to be measured by `method` on its own page (the
/// phone's sensors, the camera): its trials so far were, or, before any, it was chosen.
pub(super) fn measured_on_its_page(
    record: &SessionRecord,
    method_choice: &str,
    method: Method,
) -> bool {
    let NextStep::Trial {
        test: Test::LegRaise,
        ..
    } = record.next_step()
    else {
        return false;
    };
    match record.method_in_use(Test::LegRaise) {
        Some(in_use) => in_use == method,
        None => method_choice.parse::<Method>().ok() == Some(method),
    }
}

/// One trial so far, for the script's table (the camera's script draws the same table).
#[derive(Serialize)]
pub(super) struct TrialJson {
    side: &'static str,
    trial: u16,
    /// The angle; None when pain stopped the trial.
    degrees: Option<f64>,
    /// Why it was struck out, for people.
    struck: Option<String>,
    /// Its strike-out page, while it can still be struck out.
    strike: Option<String>,
}

/// What static/lift.js needs, as the page's `data-lift` attribute.
#[derive(Serialize)]
struct LiftJson {
    /// Where the recorded lifts go.
    api: String,
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
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/lift.html")]
struct LiftPage {
    chrome: Chrome,
    head: Head,
    title: String,
    phase_title: &'static str,
    retest: bool,
    subject: String,
    test: &'static str,
    phase: &'static str,
    side: &'static str,
    trial: u16,
    /// Which of the side's trials that count this one is, for people: a trial struck out
    /// is taken again under its place though it is stored under a new number.
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
    /// Whether the phone is already the test's method (then typing is the only other way).
    fixed: bool,
    lift_json: String,
}

/// The leg-raise trials of a phase so far, as the scripts draw them in their table.
pub(super) fn trials_json(record: &SessionRecord, phase: Phase) -> Vec<TrialJson> {
    record
        .measurements
        .iter()
        .filter(|m| m.test == Test::LegRaise && m.phase == phase)
        .map(|m| TrialJson {
            side: m.side.as_str(),
            trial: m.trial,
            degrees: match m.reading {
                Some(Reading::Angle { degrees }) => Some(degrees.value()),
                _ => None,
            },
            struck: m.void.as_ref().map(psoas_core::TrialVoid::describe),
            strike: record
                .check_void(m.id)
                .is_ok()
                .then(|| strike_out_path(record.session.id, m.id)),
        })
        .collect()
}

/// How far apart each side's trials are, in words, e.g. "Left: 3 trials, 12.0-13.1°,
/// spread 1.1°. Right: ...". Empty before any angle is in.
pub(super) fn spread_text(record: &SessionRecord, phase: Phase) -> String {
    [Side::Left, Side::Right]
        .into_iter()
        .filter_map(|side| {
            let angles: Vec<f64> = record
                .measurements
                .iter()
                .filter(|m| m.test == Test::LegRaise && m.phase == phase && m.side == side)
                .filter(|m| m.counts())
                .filter_map(|m| match m.reading {
                    Some(Reading::Angle { degrees }) => Some(degrees.value()),
                    Some(Reading::HeelHeight { degrees, .. }) => Some(degrees.value()),
                    _ => None,
                })
                .collect();
            let low = angles.iter().copied().reduce(f64::min)?;
            let high = angles.iter().copied().reduce(f64::max)?;
            let n = angles.len();
            Some(format!(
                "{}: {n} trial{}, {low:.1}-{high:.1}°, spread {:.1}°.",
                capital(side.as_str()),
                if n == 1 { "" } else { "s" },
                high - low
            ))
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The inclinometer page for the session's next leg-raise trial; anything else goes back to
/// the session's page, as does a test already measured another way.
pub(super) async fn page(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let ctx = Ctx::load(state, user, &id).await?;
    render(&ctx, None)
}

/// The inclinometer page for the next leg-raise trial, or with `more` for one more trial
/// the verdict asks for.
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
    if fixed.is_some_and(|m| m != Method::PhoneInclinometer) {
        return Ok(ctx.back());
    }
    let record = &ctx.record;
    let test = Test::LegRaise;
    let first_phase = record.phases_with(test).first().copied().unwrap_or(phase);
    let trials = trials_json(record, phase);
    let data = LiftJson {
        api: format!("{V1}/sessions/{}/lifts", ctx.id()),
        csrf: ctx.user.csrf.clone(),
        phase: phase.as_str(),
        side: side.as_str(),
        trial,
        per_side: record.session.trials_per_side,
        trials,
        strike_base: format!("{}/trials/", session_path(ctx.id())),
        done: format!(
            "{}/results/{}/{}",
            session_path(ctx.id()),
            test.as_str(),
            phase.as_str()
        ),
    };
    Ok(LiftPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        title: capital(test.title()),
        phase_title: phase.title(),
        retest: phase != first_phase,
        subject: guide::test(test).subject,
        test: test.as_str(),
        phase: phase.as_str(),
        side: side.as_str(),
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
        lift_json: serde_json::to_string(&data).map_err(crate::pages::PageError::internal)?,
    }
    .into_response())
}
