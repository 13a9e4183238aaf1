//! Before any test: the red-flag screening and the symptoms and habits.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::Response;
use psoas_core::{NextStep, Pain, RedFlag, Screening, Symptoms};
use serde::Deserialize;

use super::{Ctx, Head, again};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::form::Problems;
use crate::pages::{Chrome, PageResult, capital};

/// One red-flag question as the form shows it.
struct Question {
    name: &'static str,
    text: &'static str,
    yes: bool,
    no: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/screening.html")]
pub(super) struct ScreeningPage {
    chrome: Chrome,
    head: Head,
    questions: Vec<Question>,
    problems: Problems,
}

/// The questions that apply to the person (six, or five for a profile recorded as male),
/// none answered unless the person already did; `problems` names the questions left
/// unanswered.
pub(super) fn screening_page(
    ctx: &Ctx,
    problems: Problems,
    answers: &[(String, String)],
) -> ScreeningPage {
    let answer = |name: &str| {
        answers
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    ScreeningPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        questions: RedFlag::asked_of(ctx.profile.sex)
            .into_iter()
            .map(|flag| Question {
                name: flag.as_str(),
                text: flag.question(),
                yes: answer(flag.as_str()) == Some("yes"),
                no: answer(flag.as_str()) == Some("no"),
            })
            .collect(),
        problems,
    }
}

/// Stores the answers; any "yes" stops the session (the store marks it stopped).
pub(super) async fn save_screening(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> PageResult<Response> {
    let csrf = fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .map_or("", |(_, v)| v.as_str());
    user.check_csrf(csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    if ctx.record.next_step() != NextStep::Screening {
        return Ok(ctx.back());
    }
    let mut flags = Vec::new();
    let mut unanswered = Problems::default();
    // Only the questions the page asked: pregnancy is not asked of a profile recorded as male.
    for (n, flag) in RedFlag::asked_of(ctx.profile.sex).into_iter().enumerate() {
        match fields
            .iter()
            .rev()
            .find(|(k, _)| k == flag.as_str())
            .map(|(_, v)| v.as_str())
        {
            Some("yes") => flags.push(flag),
            Some("no") => {}
            _ => unanswered.add(
                flag.as_str(),
                crate::pages::words::protocol::answer_yes_or_no(n + 1),
            ),
        }
    }
    if !unanswered.is_empty() {
        return Ok(again(screening_page(&ctx, unanswered, &fields)));
    }
    let screening = Screening::new(flags, now());
    ctx.state
        .store
        .save_screening(ctx.scope(), ctx.id(), &screening)
        .await?;
    Ok(ctx.back())
}

/// The symptoms form as typed.
#[derive(Deserialize, Default, Clone)]
pub(super) struct SymptomsForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    back_pain: String,
    #[serde(default)]
    pelvic_pain: String,
    #[serde(default)]
    sitting_hours: String,
    #[serde(default)]
    situps: String,
    #[serde(default)]
    extension: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/symptoms.html")]
pub(super) struct SymptomsPage {
    chrome: Chrome,
    head: Head,
    form: SymptomsForm,
    problems: Problems,
}

pub(super) fn symptoms_page(ctx: &Ctx, problems: Problems, form: SymptomsForm) -> SymptomsPage {
    SymptomsPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        form,
        problems,
    }
}

/// The symptoms, or every field's problem at once.
fn symptoms_from(form: &SymptomsForm) -> Result<Symptoms, Problems> {
    let mut problems = Problems::default();
    let back = problems.check(
        "back_pain",
        crate::pages::words::protocol::LOW_BACK_PAIN,
        Pain::parse(&form.back_pain),
    );
    let pelvic = problems.check(
        "pelvic_pain",
        crate::pages::words::protocol::PELVIC_PAIN,
        Pain::parse(&form.pelvic_pain),
    );
    let sitting = problems.check(
        "sitting_hours",
        crate::pages::words::protocol::SITTING_HOURS,
        Symptoms::parse_sitting_hours(&form.sitting_hours),
    );
    let situps = problems.check(
        "situps",
        crate::pages::words::protocol::SITUPS,
        Symptoms::parse_situps(&form.situps),
    );
    let extension = match form.extension.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let (Some(back), Some(pelvic), Some(sitting), Some(situps)) = (back, pelvic, sitting, situps)
    else {
        return Err(problems);
    };
    Symptoms::new(back, pelvic, sitting, situps, extension, now()).map_err(|error| {
        let mut problems = Problems::default();
        problems.add("back_pain", capital(&error.to_string()));
        problems
    })
}

/// Stores pain and habits.
pub(super) async fn save_symptoms(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<SymptomsForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    if ctx.record.next_step() != NextStep::Symptoms {
        return Ok(ctx.back());
    }
    if let Err(error) = ctx.record.check_open_for_tests() {
        return Err(error.into());
    }
    let symptoms = match symptoms_from(&form) {
        Ok(symptoms) => symptoms,
        Err(problems) => return Ok(again(symptoms_page(&ctx, problems, form))),
    };
    ctx.state
        .store
        .save_symptoms(ctx.scope(), ctx.id(), &symptoms)
        .await?;
    Ok(ctx.back())
}
