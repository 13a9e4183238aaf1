//! The printable report: who, over which period, the verdicts with their reasons, the
//! exercises done with their sides and times, each test's values before and after, the
//! charts, the pain trend, the disclaimer at the start and the end, and the file's name.

use jiff::Timestamp;
use psoas_core::session::Comparison;
use psoas_core::{
    Exercise, ExerciseOutcome, ExerciseRecord, ExerciseStep, Profile, RULES, SessionRecord,
    SessionStatus, Side, StrengthenTechnique, Test, Verdict,
};

use crate::chart::{ChartError, ChartKind, pixels};
use crate::pdf::{Document, Image, Style};

/// Said at the top and the bottom of every report.
pub const DISCLAIMER: &str = "Educational guidance, not medical advice: psoas does not \
    diagnose anything. Stop any step that hurts. See a doctor or physiotherapist for pain that \
    is severe, lasting or getting worse, or that comes with numbness, weakness, bladder or bowel \
    changes, fever or weight loss.";

/// The charts' pixels: at the text width of an A4 page (495 pt, 6.9 in) this is about
/// 280 pixels an inch, print resolution.
const CHART_PIXELS: (u32, u32) = (1920, 1080);

/// A chart's heading in the report; the retest chart names its session's day.
fn chart_title(kind: ChartKind, records: &[SessionRecord]) -> String {
    let retested = records
        .iter()
        .filter(|r| crate::series::before_after(r).len() > 1)
        .map(|r| r.session.started_at)
        .max();
    match (kind, retested) {
        (ChartKind::BeforeAfter, Some(at)) => format!("{} ({})", kind.title(), day(at)),
        _ => kind.title().to_string(),
    }
}

fn day(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}

fn minute(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

/// "Leg-raise (tightness) test, before exercises: Tight side: left (clear)": the test and the
/// phase it was judged in, so a verdict after the stretch is never called "before".
fn verdict(doc: &mut Document, v: &Verdict) {
    let sure = match v.side() {
        Some(_) => format!(" ({})", v.confidence),
        None => String::new(),
    };
    doc.indented(
        Style::Bold,
        10.0,
        &format!(
            "{}, {}: {}{sure}",
            capital(v.test.title()),
            v.phase.title(),
            v.headline()
        ),
    );
    doc.indented(Style::Body, 20.0, &v.confidence_reason);
    if let Some(more) = &v.more_trials {
        doc.indented(Style::Body, 20.0, &more.reason);
    }
    for reason in &v.reasons {
        doc.indented(Style::Small, 20.0, &format!("- {reason}"));
    }
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// Seconds as a timer shows them: "0:30", "3:10".
fn clock(seconds: u32) -> String {
    format!("{}:{:02}", seconds / 60, seconds % 60)
}

/// An exercise with the side the hands or the stretch worked on, and why that side: technique
/// a works the strong side, which reads as the wrong one unless it is said.
fn exercise_text(exercise: &Exercise) -> String {
    match *exercise {
        Exercise::Stretch { option, side } => {
            format!("{}, on the {side} side (the tight side)", option.title())
        }
        Exercise::Strengthen {
            technique: technique @ StrengthenTechnique::AbdomenStrongSide,
            weak_side,
        } => format!(
            "{}, worked on the {} side (the strong side, to help the weak {weak_side} side)",
            technique.title(),
            weak_side.other()
        ),
        Exercise::Strengthen {
            technique,
            weak_side,
        } => format!(
            "{}, worked on the {weak_side} side (the weak side)",
            technique.title()
        ),
    }
}

fn exercise_line(e: &ExerciseRecord) -> String {
    let what = match &e.exercise {
        Some(exercise) => exercise_text(exercise),
        None => match e.step {
            ExerciseStep::Stretch => "Stretch".to_string(),
            ExerciseStep::Strengthen => "Strengthening".to_string(),
        },
    };
    let outcome = match e.outcome {
        ExerciseOutcome::Completed => format!("completed ({})", clock(e.planned_seconds)),
        ExerciseOutcome::Stopped => format!(
            "stopped after {} of {}",
            clock(e.done_seconds),
            clock(e.planned_seconds)
        ),
        ExerciseOutcome::Skipped => "skipped".to_string(),
        ExerciseOutcome::NotNeeded => "not needed".to_string(),
    };
    let note = e
        .note
        .as_deref()
        .map(|n| format!(" ({n})"))
        .unwrap_or_default();
    format!("Exercise: {what}: {outcome}{note}.")
}

/// Each test's values per side before the exercises and at the retest, with the change
/// judged against the method's error, as a small table; then the judgement in sentences.
fn before_after_table(doc: &mut Document, comparisons: &[Comparison]) {
    let columns = [10.0, 85.0, 130.0, 235.0, 340.0];
    doc.row(
        Style::Bold,
        &columns,
        &[
            "Test",
            "Side",
            "Before the exercises",
            "At the retest",
            "Change",
        ],
    );
    for c in comparisons {
        let test = match c.test {
            Test::LegRaise => "Leg raise",
            Test::Strength => "Strength",
        };
        for side in Side::BOTH {
            let after = c
                .after
                .as_ref()
                .map_or("not retested".to_string(), |a| a.median_text(side));
            let change = c.change_text(side);
            let name = if side == Side::Left { test } else { "" };
            doc.row(
                Style::Body,
                &columns,
                &[
                    name,
                    side.as_str(),
                    &c.before.median_text(side),
                    &after,
                    &change,
                ],
            );
        }
    }
    for c in comparisons {
        let Some(change) = &c.change else { continue };
        let test = match c.test {
            Test::LegRaise => "Leg raise",
            Test::Strength => "Strength",
        };
        doc.indented(Style::Bold, 10.0, &format!("{test}: {}", c.verdicts_text()));
        for sentence in &change.sentences {
            doc.indented(Style::Body, 20.0, sentence);
        }
    }
}

fn session(doc: &mut Document, record: &SessionRecord) {
    let s = &record.session;
    let status = match s.status {
        SessionStatus::Unfinished => "not finished",
        SessionStatus::Finished => "finished",
        SessionStatus::StoppedAtScreening => "stopped at the safety questions",
    };
    doc.text(
        Style::Heading,
        &format!("Session of {} ({status})", minute(s.started_at)),
    );
    if let Some(screening) = &record.screening
        && !screening.is_clear()
    {
        for line in screening.stop_advice() {
            doc.indented(Style::Body, 10.0, &line);
        }
        return;
    }
    if let Some(symptoms) = &record.symptoms {
        doc.indented(
            Style::Body,
            10.0,
            &format!(
                "Pain: low back {}/10, pelvis {}/10. Sitting {} a day; {} a week.",
                symptoms.back_pain.value(),
                symptoms.pelvic_pain.value(),
                count(symptoms.sitting_hours_per_day, "hour", "hours"),
                count(f64::from(symptoms.situps_per_week), "sit-up", "sit-ups")
            ),
        );
    }
    let comparisons = record.comparisons(&RULES);
    if comparisons.is_empty() {
        doc.indented(Style::Body, 10.0, "No trials recorded.");
    }
    for c in &comparisons {
        verdict(doc, &c.before);
        if let Some(after) = &c.after {
            verdict(doc, after);
        }
    }
    for e in &record.exercises {
        doc.indented(Style::Body, 10.0, &exercise_line(e));
    }
    if !comparisons.is_empty() {
        before_after_table(doc, &comparisons);
    }
}

/// A count with its noun: "1 session", "2.5 hours".
fn count(n: f64, one: &str, many: &str) -> String {
    let n = psoas_core::verdict::number(n);
    format!("{n} {}", if n == "1" { one } else { many })
}

fn pain_trend(records: &[SessionRecord]) -> Option<String> {
    let pains: Vec<(Timestamp, u8, u8)> = records
        .iter()
        .filter_map(|r| {
            r.symptoms.as_ref().map(|s| {
                (
                    r.session.started_at,
                    s.back_pain.value(),
                    s.pelvic_pain.value(),
                )
            })
        })
        .collect();
    let (first, last) = (pains.first()?, pains.last()?);
    let mean = |pick: fn(&(Timestamp, u8, u8)) -> u8| {
        pains.iter().map(|p| f64::from(pick(p))).sum::<f64>() / pains.len() as f64
    };
    Some(format!(
        "Pain trend over {} sessions with pain recorded: low back {} on {} and {} on {} \
         (mean {:.1}); pelvis {} and {} (mean {:.1}).",
        pains.len(),
        first.1,
        day(first.0),
        last.1,
        day(last.0),
        mean(|p| p.1),
        first.2,
        last.2,
        mean(|p| p.2)
    ))
}

/// The report of a profile's sessions (one session, or a period) as a PDF file. `period`
/// names what it covers in the title; `made_at` is printed as the time it was made.
pub fn report_pdf(
    profile: &Profile,
    records: &[SessionRecord],
    period: &str,
    made_at: Timestamp,
) -> Result<Vec<u8>, ChartError> {
    let mut records = records.to_vec();
    records.sort_by_key(|r| r.session.started_at);
    let title = format!("psoas report: {} - {period}", profile.name);
    let mut doc = Document::new(&title);
    doc.text(Style::Title, &title);
    doc.text(
        Style::Small,
        &format!("Made {} with rules {}.", minute(made_at), RULES.version),
    );
    doc.text(Style::Bold, DISCLAIMER);

    doc.text(Style::Heading, "Profile");
    let mut details = vec![format!("Name: {}", profile.name)];
    if let Some(y) = profile.birth_year {
        details.push(format!("born {}", y.value()));
    }
    if let Some(s) = profile.sex {
        details.push(s.as_str().to_string());
    }
    if let Some(l) = profile.leg_length_cm {
        details.push(format!("leg length {} cm", l.cm()));
    }
    if let Some(h) = profile.body_height_cm {
        details.push(format!("body height {} cm", h.cm()));
    }
    doc.text(Style::Body, &details.join(", "));
    match (records.first(), records.last()) {
        (Some(first), Some(last))
            if records.len() == 1
                || day(first.session.started_at) == day(last.session.started_at) =>
        {
            doc.text(
                Style::Body,
                &format!(
                    "{} on {}.",
                    count(records.len() as f64, "session", "sessions"),
                    day(first.session.started_at)
                ),
            )
        }
        (Some(first), Some(last)) => doc.text(
            Style::Body,
            &format!(
                "{} from {} to {}.",
                count(records.len() as f64, "session", "sessions"),
                day(first.session.started_at),
                day(last.session.started_at)
            ),
        ),
        _ => doc.text(Style::Body, "No sessions in this period."),
    }
    if let Some(trend) = pain_trend(&records) {
        doc.text(Style::Body, &trend);
    }
    for test in [Test::LegRaise, Test::Strength] {
        if let Some(sentence) = psoas_core::retest::across_days(&records, test, &RULES) {
            doc.text(Style::Body, &sentence);
        }
    }

    let kinds: &[ChartKind] = if records.len() > 1 {
        &[
            ChartKind::LegRaise,
            ChartKind::Difference,
            ChartKind::Strength,
            ChartKind::Pain,
            ChartKind::BeforeAfter,
        ]
    } else {
        &[ChartKind::BeforeAfter]
    };
    let mut first_chart = true;
    for kind in kinds {
        match pixels(*kind, &records, CHART_PIXELS) {
            Ok(pixels) => {
                if first_chart {
                    doc.text(Style::Heading, "Charts");
                    first_chart = false;
                }
                doc.text(Style::Bold, &chart_title(*kind, &records));
                doc.image(Image {
                    pixels,
                    width: CHART_PIXELS.0,
                    height: CHART_PIXELS.1,
                });
                if *kind == ChartKind::Difference {
                    doc.text(
                        Style::Small,
                        "Inside the shaded band the sides are within what the method's \
                         measurement error explains, so no side is called.",
                    );
                }
            }
            Err(ChartError::NoData(_)) => {}
            Err(e) => return Err(e),
        }
    }
    for record in &records {
        session(&mut doc, record);
    }
    doc.text(Style::Heading, "About this report");
    doc.text(Style::Bold, DISCLAIMER);
    Ok(doc.finish())
}

/// The report's file name: who and when, as "psoas-Anna-2026-12-03.pdf" or
/// "psoas-Anna-2026-10-01-to-2026-11-30.pdf". Letters of any script stay; whatever a file
/// system or a download could trip on (spaces, slashes, quotes) becomes "-".
pub fn report_file_name(profile: &Profile, records: &[SessionRecord]) -> String {
    let mut name = String::new();
    for c in profile.name.as_str().chars() {
        if c.is_alphanumeric() {
            name.push(c);
        } else if !name.ends_with('-') {
            name.push('-');
        }
    }
    let name = name.trim_matches('-');
    let first = records.iter().map(|r| r.session.started_at).min();
    let last = records.iter().map(|r| r.session.started_at).max();
    let when = match (first.map(day), last.map(day)) {
        (Some(a), Some(b)) if a == b => format!("-{a}"),
        (Some(a), Some(b)) => format!("-{a}-to-{b}"),
        _ => String::new(),
    };
    match name {
        "" => format!("psoas-report{when}.pdf"),
        name => format!("psoas-{name}{when}.pdf"),
    }
}

/// A Content-Disposition header value that offers a download under `file_name` to every
/// browser: an ASCII fallback and the name itself in UTF-8 (RFC 6266, RFC 8187).
pub fn content_disposition(file_name: &str) -> String {
    let fallback: String = file_name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-._".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for byte in file_name.bytes() {
        if byte.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}
