//! How sessions, verdicts and history look: text tables for people, JSON for scripts.
//!
//! The JSON shapes here are documented in docs/json.md; fields are only ever added.

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{ColumnConstraint, ContentArrangement, LineStyle, Table, TableStyle};
use psoas_core::history::{HistoryEntry, VerdictBrief};
use psoas_core::session::Comparison;
use psoas_core::{NextStep, PainChange, RULES, SessionRecord, Side, Test, Verdict};
use serde::Serialize;

use crate::words;

/// Prints a value as pretty JSON.
pub fn print_json<T: Serialize>(value: &T) {
    println!(
        "{}",
        serde_json::to_string_pretty(value).expect("our output types always serialise")
    );
}

/// A verdict as lines: the headline with the test it answers, then one sentence of why with
/// the numbers, any request for more trials, and with `explain` every reason.
pub fn verdict_lines(verdict: &Verdict, explain: bool) -> Vec<String> {
    let mut lines = vec![format!(
        "{} - {}",
        words::verdict_headline(verdict),
        words::verdict_title(verdict).to_lowercase()
    )];
    lines.push(wrap(&words::verdict_why(verdict), "  "));
    if let Some(more) = &verdict.more_trials {
        lines.push(wrap(&format!("! {}", more.reason), "  "));
    }
    if explain {
        lines.extend(explanation_lines(verdict));
    }
    lines
}

/// The third layer of a verdict: every reason, under the rule set that gave them.
pub fn explanation_lines(verdict: &Verdict) -> Vec<String> {
    let (title, reasons) = words::verdict_reasons(verdict);
    std::iter::once(format!("  {title}"))
        .chain(reasons.iter().map(|r| hanging(r, "    - ", "      ")))
        .collect()
}

/// Wraps text at 78 columns under a first-line marker ("  - "), later lines indented to match.
pub fn hanging(text: &str, first: &str, rest: &str) -> String {
    let wrapped = wrap(text, rest);
    format!("{first}{}", wrapped.get(rest.len()..).unwrap_or_default())
}

/// Wraps text at 78 columns, each line starting with the indent.
pub fn wrap(text: &str, indent: &str) -> String {
    let width = 78;
    let mut lines = Vec::new();
    let mut line = String::from(indent);
    for word in text.split_whitespace() {
        let used = line.chars().count();
        if used > indent.len() && used + 1 + word.chars().count() > width {
            lines.push(std::mem::replace(&mut line, String::from(indent)));
        }
        if line.len() > indent.len() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines.join("\n")
}

/// The before/after table of a session: each side's median before and after and its change,
/// judged against the method's error ("+8°, real", "+1°, within error").
pub fn comparison_table(comparisons: &[Comparison]) -> Table {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header(vec!["Test", "Side", "Before", "After", "Change"]);
    for c in comparisons {
        for side in Side::BOTH {
            let after = c
                .after
                .as_ref()
                .map_or("not retested".to_string(), |a| a.median_text(side));
            let change = c.change_text(side);
            table.add_row(vec![
                if side == Side::Left {
                    words::test_name(c.test)
                } else {
                    ""
                }
                .to_string(),
                side.to_string(),
                c.before.median_text(side),
                after,
                change,
            ]);
        }
    }
    table
}

/// Under the before/after table: per test, its verdicts before and after in one line, then
/// whether the retest changed anything beyond measurement error, with the numbers.
pub fn change_lines(comparisons: &[Comparison]) -> Vec<String> {
    let mut lines = Vec::new();
    for c in comparisons {
        lines.push(format!(
            "{}: {}",
            words::test_name(c.test),
            c.verdicts_text()
        ));
        if let Some(change) = &c.change {
            for sentence in &change.sentences {
                lines.push(wrap(&format!("- {sentence}"), "  "));
            }
        }
    }
    lines
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
    /// Pain at the start and at the end judged against the change that matters, once both
    /// were rated.
    pub pain_change: Option<PainChange>,
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
            pain_change: record.pain_change(&RULES),
        }
    }
}

/// Whether the compact history needs a name column: one person's history is titled with the
/// name instead, which leaves the width to the verdicts.
pub fn history_names_people(entries: &[HistoryEntry]) -> bool {
    entries
        .iter()
        .any(|e| e.profile_id != entries[0].profile_id)
}

/// The history's look: a rule under the header and nothing else, so the width goes to the
/// words and a long history does not double in height.
const HISTORY_STYLE: TableStyle =
    TableStyle::new().header_separator(LineStyle::none().fill('─').junction(' '));

/// The history as a table. The compact one fits 80 columns: the verdicts in a word or two,
/// before and after in one cell; `wide` gives every column with the differences.
pub fn history_table(entries: &[HistoryEntry], wide: bool, width: u16) -> Table {
    let mut table = Table::new();
    table.load_style(HISTORY_STYLE);
    table.set_content_arrangement(ContentArrangement::Dynamic);
    let when = |e: &HistoryEntry| {
        e.started_at.parse::<jiff::Timestamp>().map_or_else(
            |_| e.started_at.clone(),
            |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
        )
    };
    let pain = |e: &HistoryEntry| match (e.back_pain, e.pelvic_pain) {
        (Some(b), Some(p)) => format!("{b}/{p}"),
        _ => "-".to_string(),
    };
    if wide {
        table.set_header(vec![
            "Started (UTC)",
            "Profile",
            "Session",
            "Tight side",
            "After",
            "Weak side",
            "After",
            "Pain back/pelvis",
            "Status",
        ]);
        for e in entries {
            table.add_row(vec![
                when(e),
                e.profile_name.clone(),
                e.session_id.get(..8).unwrap_or(&e.session_id).to_string(),
                words::brief_wide(e.tightness.as_ref()),
                words::brief_wide(e.tightness_after.as_ref()),
                words::brief_wide(e.weakness.as_ref()),
                words::brief_wide(e.weakness_after.as_ref()),
                pain(e),
                words::status(&e.status).to_string(),
            ]);
        }
        return table;
    }
    let named = history_names_people(entries);
    table.set_width(width);
    let mut header = vec!["Started (UTC)", "Tight side", "Weak side", "Pain", "Status"];
    if named {
        header.insert(1, "Profile");
    }
    table.set_header(header);
    let before_after = |before: Option<&VerdictBrief>, after: Option<&VerdictBrief>| match after {
        Some(after) => format!(
            "{} → {}",
            words::brief_short(before),
            words::brief_short(Some(after))
        ),
        None => words::brief_short(before),
    };
    for e in entries {
        let mut row = vec![
            when(e),
            before_after(e.tightness.as_ref(), e.tightness_after.as_ref()),
            before_after(e.weakness.as_ref(), e.weakness_after.as_ref()),
            pain(e),
            words::status_short(&e.status).to_string(),
        ];
        if named {
            row.insert(1, e.profile_name.clone());
        }
        table.add_row(row);
    }
    for (i, column) in table.column_iter_mut().enumerate() {
        if !(named && i == 1) {
            column.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    table
}
