//! How sessions, verdicts and history look: text tables for people, JSON for scripts.
//!
//! The JSON shapes here are documented in docs/json.md; fields are only ever added.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use psoas_core::history::{HistoryEntry, VerdictBrief};
use psoas_core::session::Comparison;
use psoas_core::{NextStep, RULES, SessionRecord, Side, Test, Verdict};
use serde::Serialize;

/// Prints a value as pretty JSON.
pub fn print_json<T: Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("our output types always serialise")
    );
}

/// A verdict as lines: the headline, how sure it is and why, any request for more trials,
/// then each reason.
pub fn verdict_lines(verdict: &Verdict) -> Vec<String> {
    let mut lines = vec![format!(
        "{} ({}, {}): {}",
        capitalised(verdict.test.title()),
        verdict.phase.title(),
        format!("rules {}", verdict.rules_version),
        verdict.headline()
    )];
    lines.push(format!("  {}", verdict.confidence_line()));
    if let Some(more) = &verdict.more_trials {
        lines.push(format!("  ! {}", more.reason));
    }
    lines.extend(verdict.reasons.iter().map(|r| format!("  - {r}")));
    lines
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

/// The before/after table of a session.
pub fn comparison_table(comparisons: &[Comparison]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(vec![
        "Test",
        "Side",
        "Before",
        "After",
        "Verdict before → after",
    ]);
    for c in comparisons {
        for side in Side::BOTH {
            let after = c
                .after
                .as_ref()
                .map_or("not retested".to_string(), |a| a.median_text(side));
            let verdicts = if side == Side::Left {
                match &c.after {
                    Some(a) => format!("{} → {}", c.before.headline(), a.headline()),
                    None => c.before.headline(),
                }
            } else {
                String::new()
            };
            table.add_row(vec![
                if side == Side::Left {
                    test_name(c.test)
                } else {
                    ""
                }
                .to_string(),
                side.to_string(),
                c.before.median_text(side),
                after,
                verdicts,
            ]);
        }
    }
    table
}

fn test_name(test: Test) -> &'static str {
    match test {
        Test::LegRaise => "Leg raise",
        Test::Strength => "Strength",
    }
}

/// A session in JSON: the record, its verdicts, the before/after and what comes next.
#[derive(Serialize)]
pub struct SessionJson<'a> {
    /// The profile's name.
    pub profile_name: &'a str,
    /// Everything recorded.
    #[serde(flatten)]
    pub record: &'a SessionRecord,
    /// Every test's verdict in every phase it was done in.
    pub verdicts: Vec<Verdict>,
    /// Before and after per test.
    pub comparisons: Vec<Comparison>,
    /// What the guided session would do next.
    pub next_step: NextStep,
}

impl<'a> SessionJson<'a> {
    /// Builds the view of a session.
    pub fn new(record: &'a SessionRecord, profile_name: &'a str) -> Self {
        let verdicts = [Test::LegRaise, Test::Strength]
            .into_iter()
            .flat_map(|test| {
                record
                    .phases_with(test)
                    .into_iter()
                    .map(move |phase| record.verdict(test, phase, &RULES))
            })
            .collect();
        Self {
            profile_name,
            record,
            verdicts,
            comparisons: record.comparisons(&RULES),
            next_step: record.next_step(),
        }
    }
}

/// The history as a table.
pub fn history_table(entries: &[HistoryEntry]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(vec![
        "Date",
        "Profile",
        "Session",
        "Tight side",
        "After",
        "Weak side",
        "After",
        "Pain back/pelvis",
        "Status",
    ]);
    let show =
        |brief: &Option<VerdictBrief>| brief.as_ref().map_or("-".to_string(), VerdictBrief::text);
    for e in entries {
        let pain = match (e.back_pain, e.pelvic_pain) {
            (Some(b), Some(p)) => format!("{b}/{p}"),
            _ => "-".to_string(),
        };
        table.add_row(vec![
            e.started_at.get(..10).unwrap_or(&e.started_at).to_string(),
            e.profile_name.clone(),
            e.session_id.get(..8).unwrap_or(&e.session_id).to_string(),
            show(&e.tightness),
            show(&e.tightness_after),
            show(&e.weakness),
            show(&e.weakness_after),
            pain,
            e.status.replace('_', " "),
        ]);
    }
    table
}
