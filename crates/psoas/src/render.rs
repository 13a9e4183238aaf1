//! How sessions, verdicts and history look: text tables for people, JSON for scripts.
//!
//! The JSON shapes here are documented in docs/json.md; fields are only ever added.

use comfy_table::{Table, presets::UTF8_FULL_CONDENSED};
use psoas_core::session::Comparison;
use psoas_core::verdict::{Quantity, number};
use psoas_core::{NextStep, Profile, RULES, SessionRecord, Side, Test, Verdict};
use serde::Serialize;

/// Prints a value as pretty JSON.
pub fn print_json<T: Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("our output types always serialise")
    );
}

/// A verdict as lines: the headline, then each reason.
pub fn verdict_lines(verdict: &Verdict) -> Vec<String> {
    let mut lines = vec![format!(
        "{} ({}, {}): {}",
        capitalised(verdict.test.title()),
        verdict.phase.title(),
        format!("rules {}", verdict.rules_version),
        verdict.headline()
    )];
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

fn value_with_unit(verdict: &Verdict, side: Side) -> String {
    let Some(median) = verdict.median(side) else {
        return "-".to_string();
    };
    match verdict.quantity {
        Some(Quantity::Degrees) => format!("{}°", number(median)),
        Some(Quantity::Grade) => format!("{}/5", number(median)),
        Some(Quantity::Newtons) => format!("{} N", number(median)),
        Some(Quantity::HeldShare) => format!("held {}%", number(median * 100.0)),
        None => "-".to_string(),
    }
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
                .map_or("not retested".to_string(), |a| value_with_unit(a, side));
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
                value_with_unit(&c.before, side),
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

/// One line of history.
#[derive(Serialize)]
pub struct HistoryEntry {
    /// Session id.
    pub session_id: String,
    /// Profile id.
    pub profile_id: String,
    /// Profile name.
    pub profile_name: String,
    /// When it started (RFC 3339, UTC).
    pub started_at: String,
    /// unfinished, finished or stopped_at_screening.
    pub status: String,
    /// The first leg-raise verdict.
    pub tightness: Option<VerdictBrief>,
    /// The last leg-raise verdict, when retested.
    pub tightness_after: Option<VerdictBrief>,
    /// The first strength verdict.
    pub weakness: Option<VerdictBrief>,
    /// The last strength verdict, when retested.
    pub weakness_after: Option<VerdictBrief>,
    /// Low back pain 0-10.
    pub back_pain: Option<u8>,
    /// Pelvic pain 0-10.
    pub pelvic_pain: Option<u8>,
}

/// A verdict in brief, for history.
#[derive(Serialize)]
pub struct VerdictBrief {
    /// side, no_clear_difference, both_limited, stopped_by_pain or incomplete.
    pub finding: &'static str,
    /// The tight or weak side, if one was called.
    pub side: Option<Side>,
    /// The difference between the sides.
    pub difference: Option<f64>,
    /// Unit of the difference: degrees, grades, percent (of the stronger side's force)
    /// or held_share.
    pub difference_unit: Option<&'static str>,
}

impl VerdictBrief {
    fn from(verdict: &Verdict) -> Self {
        use psoas_core::Finding::*;
        Self {
            finding: match verdict.finding {
                Side { .. } => "side",
                NoClearDifference => "no_clear_difference",
                BothLimited { .. } => "both_limited",
                StoppedByPain { .. } => "stopped_by_pain",
                Incomplete => "incomplete",
            },
            side: verdict.side(),
            difference: verdict.difference.map(|d| (d * 10.0).round() / 10.0),
            difference_unit: verdict.difference.and(verdict.quantity).map(|q| match q {
                Quantity::Degrees => "degrees",
                Quantity::Grade => "grades",
                Quantity::Newtons => "percent",
                Quantity::HeldShare => "held_share",
            }),
        }
    }

    fn text(&self) -> String {
        let unit = match self.difference_unit {
            Some("degrees") => "°",
            Some("grades") => " grade",
            Some("percent") => "%",
            _ => "",
        };
        match (self.side, self.difference) {
            (Some(side), Some(d)) => format!("{side} (by {}{unit})", number(d)),
            (Some(side), None) => side.to_string(),
            (None, Some(d)) if self.finding == "no_clear_difference" => {
                format!("no clear difference ({}{unit})", number(d))
            }
            (None, _) => self.finding.replace('_', " "),
        }
    }
}

impl HistoryEntry {
    /// Builds a history line for a session.
    pub fn new(record: &SessionRecord, profile: &Profile) -> Self {
        let comparisons = record.comparisons(&RULES);
        let find = |test: Test| comparisons.iter().find(|c| c.test == test);
        let brief = |test: Test| find(test).map(|c| VerdictBrief::from(&c.before));
        let brief_after =
            |test: Test| find(test).and_then(|c| c.after.as_ref().map(VerdictBrief::from));
        Self {
            session_id: record.session.id.to_string(),
            profile_id: profile.id.to_string(),
            profile_name: profile.name.to_string(),
            started_at: record.session.started_at.to_string(),
            status: record.session.status.to_string(),
            tightness: brief(Test::LegRaise),
            tightness_after: brief_after(Test::LegRaise),
            weakness: brief(Test::Strength),
            weakness_after: brief_after(Test::Strength),
            back_pain: record.symptoms.as_ref().map(|s| s.back_pain.value()),
            pelvic_pain: record.symptoms.as_ref().map(|s| s.pelvic_pain.value()),
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
