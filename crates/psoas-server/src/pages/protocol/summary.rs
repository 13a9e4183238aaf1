//! The end of a session: the before/after summary (which finishes it), and the advice page
//! of a session stopped at screening.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use psoas_core::guide::DISCLAIMER;
use psoas_core::{NextStep, RULES, SessionStatus, Side, Test, Verdict};
use serde::Deserialize;

use super::{Ctx, Head};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::{Chrome, PageResult};

/// One side of a before/after table.
struct SideRow {
    side: &'static str,
    before: String,
    after: String,
}

/// One test before and after.
struct CompareView {
    title: &'static str,
    before: String,
    after: Option<String>,
    before_phase: &'static str,
    after_phase: &'static str,
    rows: Vec<SideRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/summary.html")]
pub(super) struct SummaryPage {
    chrome: Chrome,
    head: Head,
    finished: bool,
    can_finish: bool,
    comparisons: Vec<CompareView>,
    exercises: Vec<String>,
    pain: Option<String>,
    notes: Vec<String>,
    disclaimer: &'static str,
}

fn test_name(test: Test) -> &'static str {
    match test {
        Test::LegRaise => "Leg raise (tightness)",
        Test::Strength => "Strength",
    }
}

/// The before/after of a session, with the button that finishes it when it is not yet.
pub(super) fn page(ctx: &Ctx) -> SummaryPage {
    let record = &ctx.record;
    let comparisons = record
        .comparisons(&RULES)
        .into_iter()
        .map(|c| CompareView {
            title: test_name(c.test),
            before: c.before.headline(),
            after: c.after.as_ref().map(Verdict::headline),
            before_phase: c.before.phase.title(),
            after_phase: c.after.as_ref().map_or("", |a| a.phase.title()),
            rows: Side::BOTH
                .into_iter()
                .map(|side| SideRow {
                    side: side.as_str(),
                    before: c.before.median_text(side),
                    after: c
                        .after
                        .as_ref()
                        .map_or("not retested".to_string(), |a| a.median_text(side)),
                })
                .collect(),
        })
        .collect();
    let exercises = record
        .exercises
        .iter()
        .map(|e| match (&e.exercise, &e.note) {
            (Some(x), _) => format!(
                "{}: {} ({} of {} s)",
                x.title(),
                e.outcome.as_str().replace('_', " "),
                e.done_seconds,
                e.planned_seconds
            ),
            (None, Some(note)) => format!("No {}: {note}", e.step.as_str()),
            (None, None) => format!("No {}: {}", e.step.as_str(), e.outcome.as_str()),
        })
        .collect();
    SummaryPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        finished: record.session.status == SessionStatus::Finished,
        can_finish: record.next_step() == NextStep::Summary,
        comparisons,
        exercises,
        pain: record.symptoms.as_ref().map(|s| {
            format!(
                "low back {}/10, pelvis {}/10",
                s.back_pain.value(),
                s.pelvic_pain.value()
            )
        }),
        notes: record
            .symptoms
            .as_ref()
            .map(|s| s.risk_notes())
            .unwrap_or_default(),
        disclaimer: DISCLAIMER,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/stopped.html")]
pub(super) struct StoppedPage {
    chrome: Chrome,
    head: Head,
    advice: Vec<String>,
}

/// Why a red flag stopped the session, and what to do instead.
pub(super) fn stopped(ctx: &Ctx) -> StoppedPage {
    let mut advice = ctx
        .record
        .screening
        .as_ref()
        .map(|s| s.stop_advice())
        .unwrap_or_default();
    if advice.is_empty() {
        advice.push(psoas_core::screening::SEE_A_CLINICIAN.to_string());
    }
    StoppedPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        advice,
    }
}

#[derive(Deserialize)]
pub(super) struct FinishForm {
    #[serde(default)]
    csrf: String,
}

/// Finishes a session that has reached its summary.
pub(super) async fn finish(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<FinishForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    if ctx.record.next_step() == NextStep::Summary {
        ctx.state
            .store
            .finish_session(ctx.scope(), ctx.id(), now())
            .await?;
    }
    Ok(ctx.back())
}
