//! The end of a session: the before/after summary (which finishes it), and the advice page
//! of a session stopped at screening.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use psoas_core::{
    Finding, NextStep, PainArea, PainOutcome, RULES, SessionRecord, SessionStatus, Side, Test,
};
use serde::Deserialize;

use super::{Ctx, Head};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::{Chrome, PageResult};

/// One side of a before/after table.
pub(crate) struct SideRow {
    pub(crate) side: &'static str,
    pub(crate) before: String,
    pub(crate) after: String,
    /// The change judged against the method's error: "+8°, real"; empty without a retest.
    pub(crate) change: String,
}

/// One test before and after.
pub(crate) struct CompareView {
    pub(crate) title: &'static str,
    /// Both verdicts in one phrase: "Tight side: left, before and after".
    pub(crate) verdicts: String,
    pub(crate) retested: bool,
    /// Whether the retest changed, with the numbers: a sentence per side and for the gap.
    pub(crate) change: Vec<String>,
    pub(crate) before_phase: &'static str,
    pub(crate) after_phase: &'static str,
    pub(crate) rows: Vec<SideRow>,
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
    pain_change: Option<PainView>,
    notes: Vec<String>,
}

/// One area's pain at the start and the end, as the summary's table shows it.
pub(crate) struct PainRow {
    pub(crate) area: &'static str,
    pub(crate) before: String,
    pub(crate) after: String,
    /// "−2, eased"; "no change".
    pub(crate) change: String,
}

/// Pain at the start and at the end, judged.
pub(crate) struct PainView {
    pub(crate) rows: Vec<PainRow>,
    pub(crate) sentences: Vec<String>,
    pub(crate) advice: Option<&'static str>,
}

/// Pain at the start and the end of a session, once both were rated.
pub(crate) fn pain_change(record: &SessionRecord) -> Option<PainView> {
    let change = record.pain_change(&RULES)?;
    Some(PainView {
        rows: change
            .areas
            .iter()
            .map(|a| PainRow {
                area: match a.area {
                    PainArea::LowBack => crate::pages::words::protocol::LOW_BACK,
                    PainArea::Pelvis => crate::pages::words::protocol::PELVIS,
                },
                before: format!("{}/10", a.before),
                after: format!("{}/10", a.after),
                change: match a.outcome {
                    PainOutcome::NoneEither => "none either time".to_string(),
                    _ if a.change == 0 => "no change".to_string(),
                    PainOutcome::Eased => format!("−{}, eased", a.change.unsigned_abs()),
                    PainOutcome::Worse => format!("+{}, grew", a.change),
                    PainOutcome::NoClearChange if a.change < 0 => {
                        format!("−{}, no clear change", a.change.unsigned_abs())
                    }
                    PainOutcome::NoClearChange => format!("+{}, no clear change", a.change),
                },
            })
            .collect(),
        sentences: change.areas.iter().map(|a| a.sentence.clone()).collect(),
        advice: change.advice(),
    })
}

fn test_name(test: Test) -> &'static str {
    match test {
        Test::LegRaise => crate::pages::words::protocol::LEG_RAISE_TEST,
        Test::Strength => crate::pages::words::protocol::STRENGTH_TEST,
    }
}

/// Each test's verdict before and after, side by side.
pub(crate) fn comparisons(record: &SessionRecord) -> Vec<CompareView> {
    record
        .comparisons(&RULES)
        .into_iter()
        .map(|c| CompareView {
            title: test_name(c.test),
            verdicts: c.verdicts_text(),
            retested: c.after.is_some(),
            change: c
                .change
                .as_ref()
                .map(|change| change.sentences.clone())
                .unwrap_or_default(),
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
                    change: c.change_text(side),
                })
                .collect(),
        })
        .collect()
}

/// The exercises of a session, one line each.
pub(crate) fn exercises(record: &SessionRecord) -> Vec<String> {
    record.exercises.iter().map(|e| e.summary()).collect()
}

/// Pain at the start of a session, if recorded.
pub(crate) fn pain(record: &SessionRecord) -> Option<String> {
    record.symptoms.as_ref().map(|s| {
        crate::pages::words::protocol::pain_at_start(s.back_pain.value(), s.pelvic_pain.value())
    })
}

/// The before/after of a session, with the button that finishes it when it is not yet.
pub(super) fn page(ctx: &Ctx) -> SummaryPage {
    let record = &ctx.record;
    SummaryPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        finished: record.session.status == SessionStatus::Finished,
        can_finish: record.next_step() == NextStep::Summary,
        comparisons: comparisons(record),
        exercises: exercises(record),
        pain: pain(record),
        pain_change: pain_change(record),
        notes: record
            .symptoms
            .as_ref()
            .map(|s| s.risk_notes())
            .unwrap_or_default(),
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
    /// Set by "Stop here" after pain stopped a test: the session ends before its summary.
    #[serde(default)]
    after_pain: String,
}

/// Finishes a session that has reached its summary, or that the person stops after pain
/// stopped a test.
pub(super) async fn finish(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<FinishForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    let stopped_by_pain = !form.after_pain.is_empty()
        && ctx.record.session.status == SessionStatus::Unfinished
        && [Test::LegRaise, Test::Strength].into_iter().any(|test| {
            ctx.record.phases_with(test).into_iter().any(|phase| {
                matches!(
                    ctx.record.verdict(test, phase, &RULES).finding,
                    Finding::StoppedByPain { .. }
                )
            })
        });
    if ctx.record.next_step() == NextStep::Summary || stopped_by_pain {
        ctx.state
            .store
            .finish_session(ctx.scope(), ctx.id(), now())
            .await?;
    }
    Ok(ctx.back())
}
