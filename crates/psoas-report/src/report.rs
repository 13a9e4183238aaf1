//! The printable report: who, over which period, the verdicts with their reasons, the
//! exercises done with their sides and times, before and after, the charts, the pain trend,
//! and the disclaimer at the start and the end.

use jiff::Timestamp;
use psoas_core::{ExerciseOutcome, Profile, RULES, SessionRecord, SessionStatus, Verdict};

use crate::chart::{ChartError, ChartKind, pixels};
use crate::pdf::{Document, Image, Style};

/// Said at the top and the bottom of every report.
pub const DISCLAIMER: &str = "Educational guidance, not medical advice: psoas does not \
    diagnose anything. Stop any step that hurts. See a doctor or physiotherapist for pain that \
    is severe, lasting or getting worse, or that comes with numbness, weakness, bladder or bowel \
    changes, fever or weight loss.";

const CHART_SIZE: (u32, u32) = (900, 450);

fn day(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d").to_string()
}

fn minute(t: Timestamp) -> String {
    t.strftime("%Y-%m-%d %H:%M UTC").to_string()
}

fn verdict(doc: &mut Document, label: &str, v: &Verdict) {
    doc.indented(
        Style::Bold,
        10.0,
        &format!("{label} ({}): {}", v.phase.title(), v.headline()),
    );
    doc.indented(Style::Body, 20.0, &v.confidence_line());
    if let Some(more) = &v.more_trials {
        doc.indented(Style::Body, 20.0, &more.reason);
    }
    for reason in &v.reasons {
        doc.indented(Style::Small, 20.0, &format!("- {reason}"));
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
                "Pain: low back {}/10, pelvis {}/10. Sitting {} hours a day; {} sit-ups a week.",
                symptoms.back_pain.value(),
                symptoms.pelvic_pain.value(),
                symptoms.sitting_hours_per_day,
                symptoms.situps_per_week
            ),
        );
    }
    let comparisons = record.comparisons(&RULES);
    if comparisons.is_empty() {
        doc.indented(Style::Body, 10.0, "No trials recorded.");
    }
    for c in &comparisons {
        verdict(doc, "Before", &c.before);
        if let Some(after) = &c.after {
            verdict(doc, "After", after);
        }
    }
    for e in &record.exercises {
        let what = match &e.exercise {
            Some(exercise) => format!(
                "{} - worked on the {} side",
                exercise.title(),
                exercise.worked_side()
            ),
            None => format!("{}: none needed", e.step.as_str()),
        };
        let outcome = match e.outcome {
            ExerciseOutcome::Completed => "completed",
            ExerciseOutcome::Stopped => "stopped early",
            ExerciseOutcome::Skipped => "skipped",
            ExerciseOutcome::NotNeeded => "not needed",
        };
        let note = e
            .note
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        doc.indented(
            Style::Body,
            10.0,
            &format!(
                "Exercise: {what}; {} s of {} s, {outcome}{note}.",
                e.done_seconds, e.planned_seconds
            ),
        );
    }
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
        (Some(first), Some(last)) => doc.text(
            Style::Body,
            &format!(
                "{} session(s) from {} to {}.",
                records.len(),
                day(first.session.started_at),
                day(last.session.started_at)
            ),
        ),
        _ => doc.text(Style::Body, "No sessions in this period."),
    }
    if let Some(trend) = pain_trend(&records) {
        doc.text(Style::Body, &trend);
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
        match pixels(*kind, &records, CHART_SIZE) {
            Ok(pixels) => {
                if first_chart {
                    doc.text(Style::Heading, "Charts");
                    first_chart = false;
                }
                doc.image(Image {
                    pixels,
                    width: CHART_SIZE.0,
                    height: CHART_SIZE.1,
                });
            }
            Err(ChartError::NoData(_)) => {}
            Err(e) => return Err(e),
        }
    }
    if !first_chart && records.len() > 1 {
        doc.text(
            Style::Small,
            "Side difference: inside the shaded band the sides are within what the method's \
             measurement error explains, so no side is called.",
        );
    }
    for record in &records {
        session(&mut doc, record);
    }
    doc.text(Style::Heading, "About this report");
    doc.text(Style::Bold, DISCLAIMER);
    Ok(doc.finish())
}
