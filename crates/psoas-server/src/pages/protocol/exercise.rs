//! The exercises: stretch the tight side, strengthen the weak side, each with a choice of two
//! ways, instructions for both roles and a countdown timer (static/timer.js) that posts the
//! seconds done; a plain form does the same without JavaScript.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use psoas_core::guide::ABDOMEN_CAUTION;
use psoas_core::plan::{IntervalKind, clock, plan_strengthen, plan_stretch, total_seconds};
use psoas_core::{
    Durations, ExerciseOutcome, ExerciseRecord, ExerciseStep, InputError, NextStep, PlanStep,
    RULES, StrengthenTechnique, StretchOption, Verdict,
};
use serde::{Deserialize, Serialize};

use super::{Ctx, Head, VerdictView, again, session_path};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::form::Problems;
use crate::pages::words::protocol as words;
use crate::pages::{Chrome, PageError, PageResult};

/// Which exercise slot a page is for.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Stretch,
    Strengthen,
}

impl Kind {
    fn step(self) -> ExerciseStep {
        match self {
            Kind::Stretch => ExerciseStep::Stretch,
            Kind::Strengthen => ExerciseStep::Strengthen,
        }
    }

    fn next(self) -> NextStep {
        match self {
            Kind::Stretch => NextStep::Stretch,
            Kind::Strengthen => NextStep::Strengthen,
        }
    }

    /// What to do, on which side: the first thing the page says.
    fn heading(self, verdict: &Verdict) -> String {
        match self {
            Kind::Stretch => words::stretch_heading(verdict.side()),
            Kind::Strengthen => words::strengthen_heading(verdict.side()),
        }
    }

    /// The verdict this exercise is planned from.
    fn verdict(self, ctx: &Ctx) -> Verdict {
        match self {
            Kind::Stretch => ctx.record.tightness(&RULES),
            Kind::Strengthen => ctx.record.weakness(&RULES),
        }
    }

    /// The plan for a choice ("a" / "b"); None when a side was found but no valid choice made.
    fn plan(self, verdict: &Verdict, choice: &str, durations: &Durations) -> Option<PlanStep> {
        match self {
            Kind::Stretch => {
                let option = match (verdict.side(), choice.parse::<StretchOption>()) {
                    (None, _) => StretchOption::EdgeOfBed,
                    (Some(_), Ok(option)) => option,
                    (Some(_), Err(_)) => return None,
                };
                Some(plan_stretch(verdict, option, durations))
            }
            Kind::Strengthen => {
                let technique = match (verdict.side(), choice.parse::<StrengthenTechnique>()) {
                    (None, _) => StrengthenTechnique::GluteWeakSide,
                    (Some(_), Ok(technique)) => technique,
                    (Some(_), Err(_)) => return None,
                };
                Some(plan_strengthen(verdict, technique, durations))
            }
        }
    }
}

impl Ctx {
    /// The timer lengths for this person: the practitioner's prescription, else the defaults.
    fn durations(&self) -> Durations {
        self.prescribed
            .as_ref()
            .map_or_else(Durations::default, |p| p.prescription.durations)
    }

    /// The way the practitioner prescribed for an exercise ("a" / "b"), if any.
    fn prescribed_choice(&self, kind: Kind) -> Option<&'static str> {
        let p = &self.prescribed.as_ref()?.prescription;
        match kind {
            Kind::Stretch => p.stretch.map(|o| match o {
                StretchOption::EdgeOfBed => "a",
                StretchOption::FoamRoller => "b",
            }),
            Kind::Strengthen => p.technique.map(|t| match t {
                StrengthenTechnique::AbdomenStrongSide => "a",
                StrengthenTechnique::GluteWeakSide => "b",
            }),
        }
    }

    /// Who set the exercises and when, for the pages.
    fn prescribed_by(&self) -> Option<String> {
        self.prescribed.as_ref().map(|p| {
            words::prescribed_by(
                p.by_name.as_str(),
                &p.at.strftime("%Y-%m-%d").to_string(),
                &p.prescription.summary(),
            )
        })
    }
}

/// One of the two ways, as a card with a link.
struct OptionCard {
    letter: &'static str,
    prescribed: bool,
    title: String,
    text: String,
    href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/choose.html")]
struct ChoosePage {
    chrome: Chrome,
    head: Head,
    heading: String,
    verdict: VerdictView,
    caution: Option<&'static str>,
    options: Vec<OptionCard>,
    not_needed: Option<String>,
    step: &'static str,
    problems: Problems,
    prescribed_by: Option<String>,
}

#[derive(Serialize)]
struct IntervalJson {
    label: String,
    kind: &'static str,
    seconds: u32,
}

#[derive(Serialize)]
struct PlanJson {
    total: u32,
    intervals: Vec<IntervalJson>,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/timer.html")]
struct TimerPage {
    chrome: Chrome,
    head: Head,
    title: String,
    verdict: VerdictView,
    caution: Option<&'static str>,
    subject: String,
    helper: String,
    plan_json: String,
    first_label: String,
    first_clock: String,
    planned: u32,
    planned_clock: String,
    summary: String,
    step: &'static str,
    choice: String,
    change: String,
    problems: Problems,
    seconds: String,
    prescribed_by: Option<String>,
}

fn options(ctx: &Ctx, kind: Kind, verdict: &Verdict, d: &Durations) -> Vec<OptionCard> {
    let Some(side) = verdict.side() else {
        return Vec::new();
    };
    let prescribed = ctx.prescribed_choice(kind);
    let href = |letter| {
        format!(
            "{}?{}={letter}",
            session_path(ctx.id()),
            match kind {
                Kind::Stretch => "option",
                Kind::Strengthen => "technique",
            }
        )
    };
    match kind {
        Kind::Stretch => vec![
            OptionCard {
                letter: "a",
                prescribed: prescribed == Some("a"),
                title: StretchOption::EdgeOfBed.title().to_string(),
                text: words::edge_of_bed(
                    side,
                    d.reps,
                    d.hold_seconds,
                    d.release_seconds,
                    &clock(
                        d.hold_seconds * u32::from(d.reps)
                            + d.release_seconds * u32::from(d.reps.saturating_sub(1)),
                    ),
                ),
                href: href("a"),
            },
            OptionCard {
                letter: "b",
                prescribed: prescribed == Some("b"),
                title: StretchOption::FoamRoller.title().to_string(),
                text: words::foam_roller(side, &clock(d.roller_seconds)),
                href: href("b"),
            },
        ],
        Kind::Strengthen => vec![
            OptionCard {
                letter: "a",
                prescribed: prescribed == Some("a"),
                title: StrengthenTechnique::AbdomenStrongSide.title().to_string(),
                text: words::abdomen_strong_side(side.other(), &clock(d.strengthen_seconds)),
                href: href("a"),
            },
            OptionCard {
                letter: "b",
                prescribed: prescribed == Some("b"),
                title: StrengthenTechnique::GluteWeakSide.title().to_string(),
                text: words::glute_weak_side(side, &clock(d.strengthen_seconds)),
                href: href("b"),
            },
        ],
    }
}

fn plan_json(timer: &[psoas_core::plan::Interval]) -> PlanJson {
    PlanJson {
        total: total_seconds(timer),
        intervals: timer
            .iter()
            .map(|i| IntervalJson {
                label: match (i.kind, i.repetition) {
                    (IntervalKind::Hold, Some((n, of))) => words::hold(n, of),
                    (kind, _) => kind.label().to_string(),
                },
                kind: match i.kind {
                    IntervalKind::Hold => "hold",
                    IntervalKind::Release => "release",
                    IntervalKind::Work => "work",
                },
                seconds: i.seconds,
            })
            .collect(),
    }
}

/// The stretch or strengthening page: the choice of two ways, the timer for the chosen one,
/// or why none is needed.
pub(super) fn page(
    ctx: &Ctx,
    kind: Kind,
    choice: &str,
    problems: Problems,
    seconds: &str,
) -> Response {
    let durations = ctx.durations();
    // The practitioner's way is taken unless the person chose the other one.
    let choice = match choice.trim() {
        "" => ctx.prescribed_choice(kind).unwrap_or(""),
        chosen => chosen,
    };
    let verdict = kind.verdict(ctx);
    let caution = (kind == Kind::Strengthen && verdict.side().is_some()).then_some(ABDOMEN_CAUTION);
    let choose = |not_needed: Option<String>, problems: Problems| {
        ChoosePage {
            chrome: Chrome::of(&ctx.user),
            head: ctx.head(),
            heading: kind.heading(&verdict),
            verdict: VerdictView::of(ctx, &verdict),
            caution,
            options: options(ctx, kind, &verdict, &durations),
            not_needed,
            step: kind.step().as_str(),
            problems,
            prescribed_by: ctx.prescribed_by(),
        }
        .into_response()
    };
    match kind.plan(&verdict, choice, &durations) {
        None => choose(None, problems),
        Some(PlanStep::NotNeeded { reason }) => choose(Some(reason), problems),
        Some(PlanStep::Do {
            exercise,
            timer,
            instructions,
        }) => {
            let planned = total_seconds(&timer);
            let plan = plan_json(&timer);
            let worked = exercise.worked_side();
            let summary = match kind {
                Kind::Strengthen => words::strengthen_worked(worked, verdict.side()),
                Kind::Stretch => words::stretch_worked(worked),
            };
            TimerPage {
                chrome: Chrome::of(&ctx.user),
                head: ctx.head(),
                title: exercise.title(),
                verdict: VerdictView::of(ctx, &verdict),
                caution: match exercise {
                    psoas_core::Exercise::Strengthen {
                        technique: StrengthenTechnique::AbdomenStrongSide,
                        ..
                    } => Some(ABDOMEN_CAUTION),
                    _ => None,
                },
                subject: instructions.subject,
                helper: instructions.helper,
                first_label: plan
                    .intervals
                    .first()
                    .map_or(String::new(), |i| i.label.clone()),
                first_clock: clock(timer.first().map_or(0, |i| i.seconds)),
                plan_json: serde_json::to_string(&plan).expect("a timer plan always serialises"),
                planned,
                planned_clock: clock(planned),
                summary,
                step: kind.step().as_str(),
                choice: choice.trim().to_ascii_lowercase(),
                // Straight to the other way: with a prescription, the bare session page
                // would show the prescribed way again.
                change: format!(
                    "{}?{}={}",
                    session_path(ctx.id()),
                    match kind {
                        Kind::Stretch => "option",
                        Kind::Strengthen => "technique",
                    },
                    if choice.trim().eq_ignore_ascii_case("a") {
                        "b"
                    } else {
                        "a"
                    }
                ),
                problems,
                seconds: seconds.to_string(),
                prescribed_by: ctx.prescribed_by(),
            }
            .into_response()
        }
    }
}

/// The end of an exercise as posted by the timer or the plain form.
#[derive(Deserialize)]
pub(super) struct ExerciseForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    step: String,
    #[serde(default)]
    choice: String,
    /// "done" (the whole time), "skipped" (with the seconds done, 0 if none) or "not_needed".
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    seconds: String,
}

fn record_from(
    ctx: &Ctx,
    kind: Kind,
    plan: PlanStep,
    form: &ExerciseForm,
) -> Result<ExerciseRecord, InputError> {
    ctx.record.check_open_for_tests()?;
    let step = kind.step();
    let (exercise, timer) = match plan {
        PlanStep::NotNeeded { reason } => {
            return ExerciseRecord::new(
                step,
                None,
                0,
                0,
                ExerciseOutcome::NotNeeded,
                Some(reason),
                now(),
            );
        }
        PlanStep::Do {
            exercise, timer, ..
        } => (exercise, timer),
    };
    let planned = total_seconds(&timer);
    let (outcome, done) = match form.outcome.as_str() {
        "done" => (ExerciseOutcome::Completed, planned),
        "skipped" => {
            let done = if form.seconds.trim().is_empty() {
                0
            } else {
                crate::pages::form::seconds(&form.seconds).map_err(|_| {
                    InputError::NotUnderstood {
                        what: "time done",
                        got: form.seconds.trim().to_string(),
                        expected: words::GIVE_TIME_DONE,
                    }
                })?
            };
            if done == 0 {
                (ExerciseOutcome::Skipped, 0)
            } else {
                (ExerciseOutcome::Stopped, done)
            }
        }
        _ => {
            return Err(InputError::Protocol(words::SAY_HOW_IT_ENDED.to_string()));
        }
    };
    ExerciseRecord::new(step, Some(exercise), planned, done, outcome, None, now())
}

/// Stores how the exercise went (or that none was needed) and moves on.
pub(super) async fn save_exercise(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<ExerciseForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    let kind = match form.step.as_str() {
        "stretch" => Kind::Stretch,
        "strengthen" => Kind::Strengthen,
        _ => return Ok(ctx.back()),
    };
    if ctx.record.next_step() != kind.next() {
        return Ok(ctx.back());
    }
    let verdict = kind.verdict(&ctx);
    let Some(plan) = kind.plan(&verdict, &form.choice, &ctx.durations()) else {
        let mut problems = Problems::default();
        problems.add("choice", words::CHOOSE_A_WAY);
        return Ok(again(page(&ctx, kind, "", problems, "")));
    };
    if matches!(plan, PlanStep::Do { .. }) && !matches!(form.outcome.as_str(), "done" | "skipped") {
        // The form's buttons always send one; anything else did not come from them.
        return Err(PageError::new(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            crate::pages::capital(words::SAY_HOW_IT_ENDED),
        ));
    }
    let entry = match record_from(&ctx, kind, plan, &form) {
        Ok(entry) => entry,
        Err(error) => {
            // Every refusal here is about the time done: out of range, not understood, or
            // more than the time planned.
            let mut problems = Problems::default();
            problems.check::<()>("seconds", words::TIME_DONE, Err(error));
            return Ok(again(page(
                &ctx,
                kind,
                &form.choice,
                problems,
                &form.seconds,
            )));
        }
    };
    ctx.state
        .store
        .add_exercise(ctx.scope(), ctx.id(), &entry)
        .await?;
    Ok(ctx.back())
}
