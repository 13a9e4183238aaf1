//! History lines: one per session, with the first and the retest verdicts in brief and the
//! pain reported. Shared by the terminal's `psoas history` and the web app.

use serde::Serialize;

use crate::rules::RULES;
use crate::verdict::{Quantity, Verdict, amount};
use crate::{Profile, SessionRecord, Side, Test};

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
        use crate::Finding::*;
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

    /// The verdict in a few words, e.g. "left (by 8°)".
    pub fn text(&self) -> String {
        let unit = match self.difference_unit {
            Some("degrees") => "°",
            Some("grades") => " grade",
            Some("percent") => "%",
            _ => "",
        };
        match (self.side, self.difference) {
            (Some(side), Some(d)) => format!("{side} (by {})", amount(d, unit)),
            (Some(side), None) => side.to_string(),
            (None, Some(d)) if self.finding == "no_clear_difference" => {
                format!("no clear difference ({})", amount(d, unit))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_brief_counts_grades_in_words() {
        let brief = |side: Option<Side>, difference, unit| VerdictBrief {
            finding: if side.is_some() {
                "side"
            } else {
                "no_clear_difference"
            },
            side,
            difference: Some(difference),
            difference_unit: Some(unit),
        };
        assert_eq!(
            brief(Some(Side::Right), 2.0, "grades").text(),
            "right (by 2 grades)"
        );
        assert_eq!(
            brief(Some(Side::Right), 1.0, "grades").text(),
            "right (by 1 grade)"
        );
        assert_eq!(
            brief(Some(Side::Left), 12.0, "degrees").text(),
            "left (by 12°)"
        );
        assert_eq!(
            brief(None, 0.5, "grades").text(),
            "no clear difference (0.5 grades)"
        );
    }
}
