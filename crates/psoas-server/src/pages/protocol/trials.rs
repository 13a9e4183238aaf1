//! The tests: instructions for both roles, the measuring method, one trial per form, the
//! "It hurt" button, and the verdict shown once a test is complete.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use psoas_core::guide;
use psoas_core::plausibility::{Entry, Unusual};
use psoas_core::units::LegLength;
use psoas_core::verdict::Quantity;
use psoas_core::{
    Finding, InputError, Method, NextStep, Phase, RULES, Reading, SessionRecord, SessionStatus,
    Test,
};
use serde::Deserialize;

use super::{
    Ctx, Head, VerdictView, Wanted, again, more_path, not_found, session_path, strike_out_path,
};
use crate::AppState;
use crate::auth::{SignedIn, now};
use crate::pages::form::Problems;
use crate::pages::{Chrome, PageResult};

/// A method the helper may pick, as a link.
struct MethodLink {
    href: String,
    title: &'static str,
    hint: &'static str,
}

/// One row of the trials table: trial number, then the left and the right side's trial.
pub(super) struct TrialRow {
    pub(super) n: u16,
    pub(super) cells: [TrialCell; 2],
    /// On the last row: what a mark in the cells means.
    pub(super) note: Option<&'static str>,
}

/// One trial in the table: its value, and either why it was struck out or, while it can
/// still be, the way to strike it out.
#[derive(Default)]
pub(super) struct TrialCell {
    pub(super) text: String,
    /// Why it was struck out, for people.
    pub(super) struck: Option<String>,
    /// The strike-out page, while the trial can still be struck out.
    pub(super) strike_href: Option<String>,
    /// The page that deletes it for real, once it is struck out.
    pub(super) delete_href: Option<String>,
    /// Which trial it is, e.g. "left trial 2", for the link's accessible name.
    pub(super) label: String,
    /// An unusual value kept because the person said it is right.
    pub(super) confirmed_unusual: bool,
}

/// A one-tap answer (grades, held / gave way).
struct Quick {
    value: &'static str,
    label: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/trial.html")]
struct TrialPage {
    chrome: Chrome,
    head: Head,
    title: String,
    phase_title: &'static str,
    retest: bool,
    subject: String,
    helper: String,
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
    /// The method in use, once chosen (key, title).
    method: Option<(&'static str, &'static str)>,
    /// Whether the method comes from trials already stored (then it cannot change).
    method_fixed: bool,
    methods: Vec<MethodLink>,
    needs_leg_length: bool,
    /// What to type, for the field's label, as the chosen method reads it.
    hint: String,
    inputmode: &'static str,
    quick: Vec<Quick>,
    rows: Vec<TrialRow>,
    /// Whether any trial of this test is in for this phase.
    started: bool,
    notes: Vec<String>,
    problems: Problems,
    value: String,
    leg_length: String,
    /// An unusual value to ask about: the question, why, and a slipped decimal point.
    unusual: Option<Unusual>,
}

/// Capitalises the first letter.
pub(super) fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// A method named in a form or an address, if it suits the test.
fn named(text: &str, test: Test) -> Option<Method> {
    text.parse::<Method>()
        .ok()
        .filter(|m| Method::for_test(test).contains(m))
}

/// Marks a heel height turned into an angle with an estimated leg length; the table says
/// what the mark means once, below it.
const ESTIMATED_MARK: &str = "*";

fn reading_text(m: &psoas_core::Measurement) -> String {
    let value = match &m.reading {
        Some(Reading::HeelHeight {
            cm,
            degrees,
            leg_length_estimated: true,
            ..
        }) => format!(
            "{:.1} cm ({:.1}°){ESTIMATED_MARK}",
            cm.cm(),
            degrees.value()
        ),
        Some(r) => r.to_string(),
        None => return "hurt".to_string(),
    };
    if m.hurt {
        format!("{value}, hurt")
    } else {
        value
    }
}

/// The trials of one test in one phase, row by row.
pub(super) fn trial_rows(record: &SessionRecord, test: Test, phase: Phase) -> Vec<TrialRow> {
    let trials: Vec<_> = record
        .measurements
        .iter()
        .filter(|m| m.test == test && m.phase == phase)
        .collect();
    let last = trials.iter().map(|m| m.trial).max().unwrap_or(0);
    let count = last.max(record.session.trials_per_side);
    let mut rows = (1..=count)
        .map(|n| {
            let cell = |side| {
                trials
                    .iter()
                    .find(|m| m.side == side && m.trial == n)
                    .map_or_else(TrialCell::default, |m| TrialCell {
                        text: reading_text(m),
                        struck: m.void.as_ref().map(psoas_core::TrialVoid::describe),
                        strike_href: record
                            .check_void(m.id)
                            .is_ok()
                            .then(|| strike_out_path(record.session.id, m.id)),
                        delete_href: m.void.is_some().then(|| {
                            format!("/sessions/{}/trials/{}/delete", record.session.id, m.id)
                        }),
                        label: format!("{side} trial {n}"),
                        confirmed_unusual: m.confirmed_unusual,
                    })
            };
            TrialRow {
                n,
                cells: [cell(psoas_core::Side::Left), cell(psoas_core::Side::Right)],
                note: None,
            }
        })
        .collect::<Vec<_>>();
    let estimated = trials
        .iter()
        .any(|m| m.reading.is_some_and(|r| r.leg_length_estimated()));
    if let Some(last) = rows.last_mut().filter(|_| estimated) {
        last.note =
            Some("* Angle from the heel height with the leg length estimated from body height.");
    }
    rows
}

/// What was typed into a trial page, kept when it is shown again.
#[derive(Default)]
pub(super) struct Typed<'a> {
    pub(super) value: &'a str,
    pub(super) leg_length: &'a str,
    /// The value was unusual: the question to ask before it is stored.
    pub(super) unusual: Option<Unusual>,
}

/// The page for the next trial: method choice first, then one trial at a time.
pub(super) fn page(
    ctx: &Ctx,
    method_choice: &str,
    problems: Problems,
    typed: Typed<'_>,
    more: Option<(Test, Phase)>,
) -> PageResult<Response> {
    let Some(wanted) = Wanted::of(&ctx.record, more) else {
        return Ok(ctx.back());
    };
    let Wanted {
        test,
        phase,
        side,
        trial,
        position,
        extra,
    } = wanted;
    let record = &ctx.record;
    let fixed = record.method_in_use(test);
    let method = fixed.or_else(|| named(method_choice, test));
    let id = ctx.id();
    // The phone's own sensors and its camera first, each on its page (static/lift.js,
    // static/camera.js); then the typed ways.
    let on_their_pages = if test == Test::LegRaise {
        vec![
            MethodLink {
                href: format!("{}/lift", session_path(id)),
                title: Method::PhoneInclinometer.title(),
                hint: crate::pages::words::protocol::PHONE_HINT,
            },
            MethodLink {
                href: format!("{}/camera", session_path(id)),
                title: Method::CameraMarkers.title(),
                hint: crate::pages::words::camera::CAMERA_HINT,
            },
        ]
    } else {
        Vec::new()
    };
    let methods = on_their_pages
        .into_iter()
        .chain(Method::typed_for(test).map(|m| MethodLink {
            href: format!("{}?method={}", session_path(id), m.as_str()),
            title: m.title(),
            hint: m.entry_hint(test),
        }))
        .collect();
    let first_phase = record.phases_with(test).first().copied().unwrap_or(phase);
    let how = guide::test(test);
    // Only answers of the kind the test's trials so far have, so all stay comparable.
    let in_use = record.quantity_in_use(test);
    let quick = if method == Some(Method::HelpersFeel) {
        [
            ("5", "5"),
            ("4", "4"),
            ("3", "3"),
            ("2", "2"),
            ("1", "1"),
            ("0", "0"),
            ("held", crate::pages::words::protocol::HELD),
            ("gave way", crate::pages::words::protocol::GAVE_WAY),
        ]
        .into_iter()
        .filter(|(value, _)| {
            let hold = value.parse::<u8>().is_err();
            match in_use {
                Some(Quantity::Grade) => !hold,
                Some(Quantity::HeldShare) => hold,
                _ => true,
            }
        })
        .map(|(value, label)| Quick { value, label })
        .collect()
    } else {
        Vec::new()
    };
    let notes = match (&record.symptoms, record.measurements.is_empty()) {
        (Some(symptoms), true) => symptoms.risk_notes(),
        _ => Vec::new(),
    };
    Ok(TrialPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        title: capital(test.title()),
        phase_title: phase.title(),
        retest: phase != first_phase,
        subject: how.subject,
        helper: how.helper,
        test: test.as_str(),
        phase: phase.as_str(),
        side: side.as_str(),
        trial,
        position,
        extra: wanted.extra_field(),
        more_title: extra,
        per_side: record.session.trials_per_side,
        method: method.map(|m| (m.as_str(), m.title())),
        method_fixed: fixed.is_some(),
        methods,
        needs_leg_length: method == Some(Method::TapeMeasure) && ctx.profile.leg_basis().is_none(),
        hint: method.map_or(String::new(), |m| capital(record.entry_hint(test, m))),
        inputmode: match method {
            Some(Method::Goniometer | Method::Inclinometer | Method::TapeMeasure) => "decimal",
            _ => "text",
        },
        quick,
        rows: trial_rows(record, test, phase),
        started: record
            .measurements
            .iter()
            .any(|m| m.test == test && m.phase == phase),
        notes,
        problems,
        value: typed.value.to_string(),
        leg_length: typed.leg_length.to_string(),
        unusual: typed.unusual,
    }
    .into_response())
}

/// One trial as posted.
#[derive(Deserialize)]
pub(super) struct TrialForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    test: String,
    #[serde(default)]
    phase: String,
    #[serde(default)]
    side: String,
    #[serde(default)]
    trial: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    value: String,
    /// A one-tap answer; wins over the text field.
    #[serde(default)]
    quick: String,
    /// Present when "It hurt" was pressed.
    #[serde(default)]
    hurt: String,
    /// "1" for one more trial than planned, offered by the verdict.
    #[serde(default)]
    extra: String,
    /// "yes" when an unusual value was asked about and is right.
    #[serde(default)]
    confirm: String,
}

/// Stores one trial, then shows the next one, or the test's verdict when it is complete.
pub(super) async fn save_trial(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<TrialForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    let more = if form.extra.is_empty() {
        None
    } else {
        form.test
            .parse::<Test>()
            .ok()
            .zip(form.phase.parse::<Phase>().ok())
    };
    let Some(wanted) = Wanted::of(&ctx.record, more) else {
        return Ok(ctx.back());
    };
    let Wanted {
        test,
        phase,
        side,
        trial,
        ..
    } = wanted;
    // A form for another trial (sent twice, or from an old tab) stores nothing.
    if form.test != test.as_str()
        || form.phase != phase.as_str()
        || form.side != side.as_str()
        || form.trial.trim().parse::<u16>().ok() != Some(trial)
    {
        return Ok(ctx.back());
    }
    let hurt = !form.hurt.is_empty();
    let text = if form.quick.trim().is_empty() {
        form.value.as_str()
    } else {
        form.quick.as_str()
    };
    let measurement = (|| -> Result<_, InputError> {
        let method = ctx
            .record
            .method_in_use(test)
            .or_else(|| named(&form.method, test))
            .ok_or_else(|| InputError::NotUnderstood {
                what: "method",
                got: form.method.clone(),
                expected: crate::pages::words::protocol::CHOOSE_METHOD,
            })?;
        let reading = if hurt {
            None
        } else {
            Some(Reading::parse_with(
                text,
                test,
                method,
                ctx.profile.leg_basis(),
            )?)
        };
        ctx.record.new_trial(
            Some(phase),
            test,
            side,
            Some(trial),
            method,
            reading,
            hurt,
            now(),
        )
    })();
    let mut measurement = match measurement {
        Ok(m) => m,
        Err(error) => {
            let typed = Typed {
                value: text,
                leg_length: "",
                unusual: None,
            };
            // The problem is said about the field as its label reads for the method.
            let label = ctx
                .record
                .method_in_use(test)
                .or_else(|| named(&form.method, test))
                .map_or_else(
                    || crate::pages::words::protocol::VALUE.to_string(),
                    |m| capital(ctx.record.entry_hint(test, m)),
                );
            let mut problems = Problems::default();
            problems.check::<()>("value", &label, Err(error));
            return Ok(again(page(&ctx, &form.method, problems, typed, more)?));
        }
    };
    // An unusual value is asked about first; "Yes, keep it" sends it again with `confirm`.
    let unusual = measurement.reading.as_ref().and_then(|reading| {
        ctx.record.unusual(
            Entry {
                phase,
                test,
                side,
                method: measurement.method,
                typed: text,
                leg: ctx.profile.leg_basis(),
            },
            reading,
            &RULES,
        )
    });
    if unusual.is_some() && form.confirm != "yes" {
        let typed = Typed {
            value: text,
            leg_length: "",
            unusual,
        };
        return Ok(again(page(
            &ctx,
            &form.method,
            Problems::default(),
            typed,
            more,
        )?));
    }
    measurement.confirmed_unusual = unusual.is_some();
    match ctx
        .state
        .store
        .add_measurement(ctx.scope(), ctx.id(), &measurement)
        .await
    {
        Ok(()) => {}
        // The same trial arrived twice at once: the first one counts.
        Err(psoas_store::StoreError::Conflict(_)) => return Ok(ctx.back()),
        Err(other) => return Err(other.into()),
    }
    let mut after = ctx.record.clone();
    after.measurements.push(measurement);
    let still_testing = !wanted.extra
        && matches!(
            after.next_step(),
            NextStep::Trial { test: t, phase: p, .. } if t == test && p == phase
        );
    if still_testing {
        Ok(ctx.back())
    } else {
        Ok(Redirect::to(&format!(
            "{}/results/{}/{}",
            session_path(ctx.id()),
            test.as_str(),
            phase.as_str()
        ))
        .into_response())
    }
}

#[derive(Deserialize)]
pub(super) struct LegLengthForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    leg_length: String,
}

fn parse_leg_length(text: &str) -> Result<LegLength, InputError> {
    let trimmed = text.trim();
    let value = trimmed
        .trim_end_matches("cm")
        .trim()
        .parse::<f64>()
        .map_err(|_| InputError::NotUnderstood {
            what: "leg length",
            got: trimmed.to_string(),
            expected: crate::pages::words::protocol::GIVE_LEG_LENGTH,
        })?;
    LegLength::new(value)
}

/// Saves the leg length heel heights need, then goes on with the tape measure.
pub(super) async fn save_leg_length(
    State(state): State<AppState>,
    user: SignedIn,
    Path(id): Path<String>,
    Form(form): Form<LegLengthForm>,
) -> PageResult<Response> {
    user.check_csrf(&form.csrf)?;
    let ctx = Ctx::load(state, user, &id).await?;
    if !matches!(ctx.record.next_step(), NextStep::Trial { .. }) {
        return Ok(ctx.back());
    }
    let tape = Method::TapeMeasure.as_str();
    let leg = match parse_leg_length(&form.leg_length) {
        Ok(leg) => leg,
        Err(error) => {
            let typed = Typed {
                value: "",
                leg_length: &form.leg_length,
                unusual: None,
            };
            let mut problems = Problems::default();
            problems.check::<()>(
                "leg_length",
                crate::pages::words::protocol::LEG_LENGTH,
                Err(error),
            );
            return Ok(again(page(&ctx, tape, problems, typed, None)?));
        }
    };
    let mut profile = ctx.profile.clone();
    profile.leg_length_cm = Some(leg);
    ctx.state
        .store
        .update_profile(ctx.scope(), &profile)
        .await?;
    Ok(Redirect::to(&format!("{}?method={tape}", session_path(ctx.id()))).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "protocol/result.html")]
struct ResultPage {
    chrome: Chrome,
    head: Head,
    title: String,
    phase_title: &'static str,
    verdict: VerdictView,
    rows: Vec<TrialRow>,
    next: String,
    next_href: String,
    /// Pain stopped this test and the protocol would go on: offer to stop the session here.
    stop_offered: bool,
    /// One more trial, where the verdict asks for more: the offer and its page.
    extra: Option<(String, String)>,
    /// Per side, where the camera saw the pelvis tip with the leg: keep it down.
    pelvis: Vec<String>,
}

/// A test's verdict: the headline, why in a sentence, the way on, and behind "How this was
/// decided" every reason with the trials it came from.
pub(super) async fn result(
    State(state): State<AppState>,
    user: SignedIn,
    Path((id, test, phase)): Path<(String, String, String)>,
) -> PageResult<Response> {
    let ctx = Ctx::load(state, user, &id).await?;
    let test = test.parse::<Test>().map_err(|_| not_found("test"))?;
    let phase = phase.parse::<Phase>().map_err(|_| not_found("test"))?;
    if !ctx.record.phases_with(test).contains(&phase) {
        return Err(not_found("test result"));
    }
    let verdict = ctx.record.verdict(test, phase, &RULES);
    let pelvis = if test == Test::LegRaise {
        let kept = ctx
            .state
            .store
            .session_camera(ctx.scope(), ctx.record.session.id)
            .await?;
        let found = psoas_core::camera::findings_of(&ctx.record, &kept);
        psoas_core::camera::pelvis_tips(&ctx.record, phase, &found)
            .iter()
            .map(psoas_core::camera::PelvisTip::advice)
            .collect()
    } else {
        Vec::new()
    };
    use crate::pages::words::protocol as words;
    let next = match ctx.record.next_step() {
        NextStep::Trial { test: t, .. } if t == test => words::GO_ON_SAME_TEST,
        NextStep::Trial { .. } => words::GO_ON_NEXT_TEST,
        NextStep::Stretch => words::GO_ON_STRETCH,
        NextStep::Strengthen => words::GO_ON_STRENGTHEN,
        NextStep::PainAfter => words::GO_ON_PAIN_AFTER,
        NextStep::Summary => words::GO_ON_SUMMARY,
        _ => words::BACK_TO_SESSION,
    };
    Ok(ResultPage {
        chrome: Chrome::of(&ctx.user),
        head: ctx.head(),
        title: capital(test.title()),
        phase_title: phase.title(),
        verdict: VerdictView::of(&ctx, &verdict),
        rows: trial_rows(&ctx.record, test, phase),
        pelvis,
        next: next.to_string(),
        next_href: session_path(ctx.id()),
        extra: ctx
            .record
            .extra_trial(test, phase, &RULES)
            .map(|e| (e.offer(), more_path(ctx.id(), test, phase))),
        stop_offered: matches!(verdict.finding, Finding::StoppedByPain { .. })
            && ctx.record.session.status == SessionStatus::Unfinished
            && !matches!(
                ctx.record.next_step(),
                NextStep::PainAfter | NextStep::Summary | NextStep::Done
            ),
    }
    .into_response())
}
