//! Pain at the end of a session, and whether it eased since the start, judged against the
//! change that matters to people (the rule set's `pain_mic`).
//!
//! The source article's promise is that "the symptoms should get better": the session asks
//! today's pain at the start with the symptoms and again once the retest is done, and the
//! summary says, per area, whether the change is one that matters or within what a rating
//! moves from one moment to the next.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::rules::RuleSet;
use crate::symptoms::{Pain, Symptoms};

/// Pain rated again after the retest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PainAfter {
    /// Low back pain now, 0-10.
    pub back_pain: Pain,
    /// Pelvic pain now, 0-10.
    pub pelvic_pain: Pain,
    /// When it was rated.
    pub recorded_at: Timestamp,
}

/// Where the pain is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PainArea {
    /// The low back.
    LowBack,
    /// The pelvis.
    Pelvis,
}

impl PainArea {
    /// Both areas, in the order they are asked.
    pub const BOTH: [PainArea; 2] = [PainArea::LowBack, PainArea::Pelvis];

    /// Name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PainArea::LowBack => "low_back",
            PainArea::Pelvis => "pelvis",
        }
    }

    /// Name for people, at the start of a sentence: "Low back pain", "Pelvic pain".
    pub fn title(self) -> &'static str {
        match self {
            PainArea::LowBack => "Low back pain",
            PainArea::Pelvis => "Pelvic pain",
        }
    }
}

/// How one area's pain changed over the session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PainOutcome {
    /// No pain at the start and none at the end.
    NoneEither,
    /// Less by at least the change that matters.
    Eased,
    /// More by at least the change that matters.
    Worse,
    /// Changed by less than the change that matters, or not at all.
    NoClearChange,
}

impl PainOutcome {
    /// Name used in files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            PainOutcome::NoneEither => "none_either",
            PainOutcome::Eased => "eased",
            PainOutcome::Worse => "worse",
            PainOutcome::NoClearChange => "no_clear_change",
        }
    }
}

/// One area's pain at the start and at the end, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaChange {
    /// Where.
    pub area: PainArea,
    /// The rating at the start.
    pub before: u8,
    /// The rating at the end.
    pub after: u8,
    /// The change, end minus start, in points.
    pub change: i8,
    /// What the change means.
    pub outcome: PainOutcome,
    /// The whole of it in one sentence for people.
    pub sentence: String,
}

/// Pain at the start and the end of a session, per area.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PainChange {
    /// The smallest change that matters, in points.
    pub important_change: u8,
    /// Low back, then pelvis.
    pub areas: [AreaChange; 2],
}

impl PainChange {
    /// Judges the pain at the end against the pain at the start.
    pub fn judge(start: &Symptoms, end: &PainAfter, rules: &RuleSet) -> Self {
        let important = rules.pain_mic.value.round().clamp(1.0, 10.0) as u8;
        let area = |area: PainArea, before: Pain, after: Pain| {
            judge_area(area, before.value(), after.value(), important)
        };
        Self {
            important_change: important,
            areas: [
                area(PainArea::LowBack, start.back_pain, end.back_pain),
                area(PainArea::Pelvis, start.pelvic_pain, end.pelvic_pain),
            ],
        }
    }

    /// Whether pain grew by a change that matters in either area: a reason to stop the
    /// exercises and ask a clinician.
    pub fn any_worse(&self) -> bool {
        self.areas.iter().any(|a| a.outcome == PainOutcome::Worse)
    }

    /// What to do about pain that grew, when it did.
    pub fn advice(&self) -> Option<&'static str> {
        self.any_worse().then_some(
            "Pain that grows after these exercises is a reason to stop them and to ask a \
             clinician (a doctor or a physiotherapist) before doing them again.",
        )
    }
}

fn points(n: u8) -> String {
    if n == 1 {
        "1 point".to_string()
    } else {
        format!("{n} points")
    }
}

fn judge_area(area: PainArea, before: u8, after: u8, important: u8) -> AreaChange {
    let change = after as i8 - before as i8;
    let size = change.unsigned_abs();
    let title = area.title();
    let (outcome, sentence) = if before == 0 && after == 0 {
        (
            PainOutcome::NoneEither,
            format!("{title}: none at the start, none at the end."),
        )
    } else if size >= important && change < 0 {
        (
            PainOutcome::Eased,
            format!(
                "{title} eased from {before} to {after} of 10: {}, at least the {} that matter \
                 to people.",
                points(size),
                points(important)
            ),
        )
    } else if size >= important {
        (
            PainOutcome::Worse,
            format!(
                "{title} grew from {before} to {after} of 10: {}, at least the {} that matter \
                 to people.",
                points(size),
                points(important)
            ),
        )
    } else if size == 0 {
        (
            PainOutcome::NoClearChange,
            format!("{title}: {before} of 10 at the start and at the end, no change."),
        )
    } else {
        (
            PainOutcome::NoClearChange,
            format!(
                "{title} went from {before} to {after} of 10: {} is less than the {} that \
                 matter to people, so no clear change.",
                points(size),
                points(important)
            ),
        )
    };
    AreaChange {
        area,
        before,
        after,
        change,
        outcome,
        sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::RULES;

    fn start(back: u8, pelvis: u8) -> Symptoms {
        Symptoms::new(
            Pain::new(back).unwrap(),
            Pain::new(pelvis).unwrap(),
            6.0,
            0,
            None,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap()
    }

    fn end(back: u8, pelvis: u8) -> PainAfter {
        PainAfter {
            back_pain: Pain::new(back).unwrap(),
            pelvic_pain: Pain::new(pelvis).unwrap(),
            recorded_at: Timestamp::UNIX_EPOCH,
        }
    }

    #[test]
    fn a_change_of_the_important_size_or_more_is_eased_or_worse() {
        let change = PainChange::judge(&start(5, 2), &end(3, 4), &RULES);
        assert_eq!(change.important_change, 2);
        let [back, pelvis] = &change.areas;
        assert_eq!((back.change, back.outcome), (-2, PainOutcome::Eased));
        assert_eq!(
            back.sentence,
            "Low back pain eased from 5 to 3 of 10: 2 points, at least the 2 points that \
             matter to people."
        );
        assert_eq!((pelvis.change, pelvis.outcome), (2, PainOutcome::Worse));
        assert!(change.any_worse());
        assert!(change.advice().unwrap().contains("clinician"));
    }

    #[test]
    fn a_smaller_change_is_no_clear_change() {
        let change = PainChange::judge(&start(4, 3), &end(3, 3), &RULES);
        let [back, pelvis] = &change.areas;
        assert_eq!(back.outcome, PainOutcome::NoClearChange);
        assert_eq!(
            back.sentence,
            "Low back pain went from 4 to 3 of 10: 1 point is less than the 2 points that \
             matter to people, so no clear change."
        );
        assert_eq!(
            pelvis.sentence,
            "Pelvic pain: 3 of 10 at the start and at the end, no change."
        );
        assert!(!change.any_worse());
        assert_eq!(change.advice(), None);
    }

    #[test]
    fn no_pain_at_either_end_says_so() {
        let change = PainChange::judge(&start(0, 0), &end(0, 1), &RULES);
        assert_eq!(change.areas[0].outcome, PainOutcome::NoneEither);
        assert_eq!(
            change.areas[0].sentence,
            "Low back pain: none at the start, none at the end."
        );
        assert_eq!(change.areas[1].outcome, PainOutcome::NoClearChange);
    }

    #[test]
    fn the_important_change_follows_the_rule_set() {
        let mut rules = RULES;
        rules.pain_mic.value = 3.0;
        let change = PainChange::judge(&start(5, 0), &end(3, 0), &rules);
        assert_eq!(change.areas[0].outcome, PainOutcome::NoClearChange);
        assert!(change.areas[0].sentence.contains("the 3 points"));
    }
}
