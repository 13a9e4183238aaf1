//! The retest judged against measurement error: per side and for the gap between the sides,
//! did the exercises change anything by more than the method can detect?
//!
//! A side's value before and after is the median of that phase's trials, whose error is the
//! method's SEM over the square root of the trial count. The smallest change that counts
//! (95%) is therefore
//!
//! ```text
//! side:  z x SEM x sqrt(1/n_before + 1/n_after)
//! gap:   z x SEM x sqrt(1/nL_before + 1/nR_before + 1/nL_after + 1/nR_after)
//! ```
//!
//! where the gap is left minus right (a difference of two medians, so its change carries
//! all four errors) and SEM is the larger of the two verdicts' methods. Manual grades never
//! count a change under one whole grade. Forces are compared in percent: a side's change
//! of its own first value, the gap as a share of the stronger side, as the dynamometer's SEM
//! is. Held / gave way has no published error, and two verdicts that compared different
//! quantities cannot be compared with each other: both say so instead of a number.

use serde::Serialize;

use crate::Side;
use crate::measurement::{Method, Test};
use crate::rules::RuleSet;
use crate::verdict::{Quantity, SideSummary, Verdict, amount, article, number, plural, tenths};

/// Whether a change is larger than the method can detect.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOutcome {
    /// At least the detectable change: a real change.
    Real,
    /// Smaller than the detectable change: within measurement error.
    WithinError,
}

/// One side's change from before to after.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideChange {
    /// Which side.
    pub side: Side,
    /// Its median before, in the verdicts' quantity.
    pub before: f64,
    /// Its median after.
    pub after: f64,
    /// After minus before: degrees or grades; for forces, percent of the value before.
    pub change: f64,
    /// The smallest change the method detects with these trial counts, in the same terms.
    pub detectable: f64,
    /// Trials before and after.
    pub trials: (usize, usize),
    /// Real or within error.
    pub outcome: ChangeOutcome,
}

/// The change of the gap between the sides (left minus right).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapChange {
    /// Left minus right before: degrees or grades; for forces, percent of the stronger side.
    pub before: f64,
    /// Left minus right after.
    pub after: f64,
    /// How much closer to even the sides are (positive) or further apart (negative):
    /// |before| - |after|. The change judged is the whole shift, before - after, which is
    /// larger when the other side is now the lower one.
    pub closer_by: f64,
    /// The smallest change of the gap the method detects with these trial counts.
    pub detectable: f64,
    /// Real or within error.
    pub outcome: ChangeOutcome,
}

impl GapChange {
    /// Which way the gap moved, for people: "7° closer", "3° further apart", "10° across:
    /// the other side is now lower", "unchanged".
    fn direction(&self, unit: &str) -> String {
        let shift = (self.before - self.after).abs();
        if tenths(shift) == 0.0 {
            "unchanged".to_string()
        } else if self.before * self.after < 0.0 {
            format!(
                "{} across: the other side is now lower",
                amount(shift, unit)
            )
        } else if self.closer_by > 0.0 {
            format!("{} closer", amount(self.closer_by, unit))
        } else {
            format!("{} further apart", amount(-self.closer_by, unit))
        }
    }
}

/// The retest of one test, judged.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RetestChange {
    /// Which test.
    pub test: Test,
    /// What was compared, when before and after compared the same thing.
    pub quantity: Option<Quantity>,
    /// The method whose error set the detectable changes: the less precise of both phases.
    pub method: Option<Method>,
    /// That method's SEM of one trial, in the changes' terms.
    pub method_error: Option<f64>,
    /// Left then right, when both phases measured both sides comparably.
    pub sides: Vec<SideChange>,
    /// The gap's change, when both sides were compared in both phases.
    pub gap: Option<GapChange>,
    /// What was found, sentence by sentence with the numbers: a line per side, then the gap;
    /// or the one reason nothing could be judged.
    pub sentences: Vec<String>,
}

impl RetestChange {
    /// One line for tables: "+5°, a real change" or "+1°, within error" per side.
    pub fn side_text(&self, side: Side) -> String {
        let Some(change) = self.sides.iter().find(|c| c.side == side) else {
            return "-".to_string();
        };
        let unit = self.unit();
        let signed = format!(
            "{}{}",
            sign(change.change),
            amount(change.change.abs(), unit)
        );
        match change.outcome {
            ChangeOutcome::Real => format!("{signed}, real"),
            ChangeOutcome::WithinError => format!("{signed}, within error"),
        }
    }

    fn unit(&self) -> &'static str {
        match self.quantity {
            Some(Quantity::Degrees) => "°",
            Some(Quantity::Grade) => " grade",
            Some(Quantity::Newtons) => "%",
            _ => "",
        }
    }

    /// Whether anything changed beyond measurement error.
    pub fn any_real(&self) -> bool {
        self.sides.iter().any(|c| c.outcome == ChangeOutcome::Real)
            || self
                .gap
                .as_ref()
                .is_some_and(|g| g.outcome == ChangeOutcome::Real)
    }
}

fn sign(value: f64) -> &'static str {
    if tenths(value) == 0.0 {
        "±"
    } else if value > 0.0 {
        "+"
    } else {
        "−"
    }
}

fn outcome(change: f64, detectable: f64) -> ChangeOutcome {
    // Both as shown (to a tenth), so the words never contradict the numbers beside them.
    if tenths(change.abs()) >= tenths(detectable) {
        ChangeOutcome::Real
    } else {
        ChangeOutcome::WithinError
    }
}

fn verdict_of(outcome: ChangeOutcome) -> &'static str {
    match outcome {
        ChangeOutcome::Real => "a real change",
        ChangeOutcome::WithinError => "within measurement error",
    }
}

/// Judges the change from `before` to `after`, two verdicts of the same test.
pub fn judge_retest(before: &Verdict, after: &Verdict, rules: &RuleSet) -> RetestChange {
    let mut change = RetestChange {
        test: before.test,
        quantity: None,
        method: None,
        method_error: None,
        sides: Vec::new(),
        gap: None,
        sentences: Vec::new(),
    };
    let not_judged = |mut change: RetestChange, why: String| {
        change.sentences.push(why);
        change
    };
    let (Some(quantity), Some(quantity_after)) = (before.quantity, after.quantity) else {
        let why = if before.quantity.is_none() {
            "The first test has no comparable trials on both sides, so the change cannot be judged."
        } else {
            "The retest has no comparable trials on both sides, so the change cannot be judged."
        };
        return not_judged(change, why.to_string());
    };
    if quantity != quantity_after {
        return not_judged(
            change,
            format!(
                "The first test was measured in {} and the retest in {}, so they cannot be \
                 compared; retest the way you measured first.",
                quantity_words(quantity),
                quantity_words(quantity_after)
            ),
        );
    }
    change.quantity = Some(quantity);
    let (Some(sem), Some(method)) = less_precise(before, after, rules) else {
        return not_judged(
            change,
            "Held / gave way has no published measurement error, so the change is shown but \
             not judged; a grade or a force would tell."
                .to_string(),
        );
    };
    change.method = Some(method);
    change.method_error = Some(sem);
    let z = rules.detectable_change_z.value;
    let floor = match quantity {
        Quantity::Grade => rules.grade_step.value,
        _ => 0.0,
    };
    let detectable =
        |counts: &[usize]| -> f64 { tenths((z * sem * inverse_sum(counts).sqrt()).max(floor)) };
    let unit = change.unit();
    let by = article(method);
    for side in Side::BOTH {
        let (Some(b), Some(a)) = (summary(before, side), summary(after, side)) else {
            continue;
        };
        let delta = match quantity {
            Quantity::Newtons if b.median > 0.0 => (a.median - b.median) / b.median * 100.0,
            _ => a.median - b.median,
        };
        let counts = (b.values.len(), a.values.len());
        let least = detectable(&[counts.0, counts.1]);
        let result = outcome(delta, least);
        let moved = match quantity {
            Quantity::Newtons => format!(
                "{} N → {} N, {}{}",
                number(b.median),
                number(a.median),
                sign(delta),
                amount(delta.abs(), "%")
            ),
            _ => format!(
                "{} → {}, {}{}",
                amount(b.median, quantity.suffix()),
                amount(a.median, quantity.suffix()),
                sign(delta),
                amount(delta.abs(), unit)
            ),
        };
        let compared = if result == ChangeOutcome::Real {
            "at least"
        } else {
            "under"
        };
        change.sentences.push(format!(
            "{}: {moved}, {compared} the {} {by} can detect with {} before and {} after: {}.",
            side_name(before.test, side),
            amount(least, unit),
            plural(counts.0, "trial"),
            counts.1,
            verdict_of(result)
        ));
        change.sides.push(SideChange {
            side,
            before: b.median,
            after: a.median,
            change: delta,
            detectable: least,
            trials: counts,
            outcome: result,
        });
    }
    if let [l, r] = change.sides.as_slice() {
        let gap = |left: f64, right: f64| match quantity {
            Quantity::Newtons => {
                let stronger = left.max(right);
                if stronger > 0.0 {
                    (left - right) / stronger * 100.0
                } else {
                    0.0
                }
            }
            _ => left - right,
        };
        let before_gap = gap(l.before, r.before);
        let after_gap = gap(l.after, r.after);
        let closer_by = before_gap.abs() - after_gap.abs();
        let least = detectable(&[l.trials.0, r.trials.0, l.trials.1, r.trials.1]);
        let gap = GapChange {
            before: before_gap,
            after: after_gap,
            closer_by,
            detectable: least,
            outcome: outcome((before_gap - after_gap).abs(), least),
        };
        change.sentences.push(format!(
            "The gap between the sides went from {} to {} ({}); the {} {by} can detect with \
             these trials makes that {}.",
            gap_text(gap.before, unit),
            gap_text(gap.after, unit),
            gap.direction(unit),
            amount(gap.detectable, unit),
            verdict_of(gap.outcome)
        ));
        change.gap = Some(gap);
    }
    if change.sides.is_empty() {
        change.sentences.push(
            "Neither side was measured comparably before and after, so the change cannot be \
             judged."
                .to_string(),
        );
    }
    change
}

/// Across days: whether the gap between the sides in a test's first trials of each session
/// changed beyond measurement error from the first session measured to the last, in one
/// sentence with the numbers; `None` with fewer than two such sessions. `records` may come
/// in any order.
pub fn across_days(
    records: &[crate::SessionRecord],
    test: Test,
    rules: &RuleSet,
) -> Option<String> {
    let mut measured: Vec<(&crate::SessionRecord, Verdict)> = records
        .iter()
        .filter_map(|r| {
            let verdict = r.first_verdict(test, rules)?;
            (verdict.left.is_some() && verdict.right.is_some() && verdict.quantity.is_some())
                .then_some((r, verdict))
        })
        .collect();
    measured.sort_by_key(|(r, _)| r.session.started_at);
    let ((first, before), (last, after)) = (measured.first()?, measured.last()?);
    if measured.len() < 2 {
        return None;
    }
    let day = |r: &crate::SessionRecord| r.session.started_at.strftime("%Y-%m-%d").to_string();
    let span = format!(
        "Over {} sessions from {} to {}",
        measured.len(),
        day(first),
        day(last)
    );
    let name = match test {
        Test::LegRaise => "the leg-raise gap",
        Test::Strength => "the strength gap",
    };
    let change = judge_retest(before, after, rules);
    let (Some(gap), Some(method)) = (&change.gap, change.method) else {
        let why = change.sentences.first().cloned().unwrap_or_default();
        return Some(format!("{span}, {name} cannot be compared: {why}"));
    };
    let unit = change.unit();
    Some(format!(
        "{span}, {name} went from {} to {} ({}); with the trials of those two sessions {} \
         can detect {}, so that is {}.",
        gap_text(gap.before, unit),
        gap_text(gap.after, unit),
        gap.direction(unit),
        article(method),
        amount(gap.detectable, unit),
        verdict_of(gap.outcome)
    ))
}

fn inverse_sum(counts: &[usize]) -> f64 {
    counts.iter().map(|n| 1.0 / (*n).max(1) as f64).sum()
}

fn summary(verdict: &Verdict, side: Side) -> Option<&SideSummary> {
    match side {
        Side::Left => verdict.left.as_ref(),
        Side::Right => verdict.right.as_ref(),
    }
    .filter(|s| !s.values.is_empty())
}

/// The larger SEM of the two verdicts and its method; none for held / gave way.
fn less_precise(
    before: &Verdict,
    after: &Verdict,
    rules: &RuleSet,
) -> (Option<f64>, Option<Method>) {
    if before.quantity == Some(Quantity::HeldShare) {
        return (None, None);
    }
    let candidates = [
        (before.method_error, before.method),
        (after.method_error, after.method),
    ];
    let chosen = candidates
        .into_iter()
        .filter_map(|(sem, method)| Some((sem?, method?)))
        .max_by(|a, b| a.0.total_cmp(&b.0));
    match chosen {
        Some((sem, method)) => (Some(sem), Some(method)),
        None => {
            // A verdict that called nothing still names its method; fall back to the rule set.
            let method = before.method.or(after.method);
            (method.map(|m| rules.error_of(m).sem()), method)
        }
    }
}

fn quantity_words(quantity: Quantity) -> &'static str {
    match quantity {
        Quantity::Degrees => "degrees",
        Quantity::Grade => "manual grades",
        Quantity::Newtons => "newtons",
        Quantity::HeldShare => "held / gave way",
    }
}

fn side_name(test: Test, side: Side) -> String {
    let name = match side {
        Side::Left => "Left",
        Side::Right => "Right",
    };
    match test {
        Test::LegRaise => format!("{name} leg"),
        Test::Strength => format!("{name} side"),
    }
}

fn gap_text(gap: f64, unit: &str) -> String {
    if number(gap.abs()) == "0" {
        return "even".to_string();
    }
    let lower = if gap < 0.0 { "left" } else { "right" };
    format!("{} ({lower} lower)", amount(gap.abs(), unit))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measurement::{Measurement, Phase, Reading};
    use crate::rules::RULES;
    use crate::units::{Degrees, Force, ForceUnit, Grade};
    use crate::verdict::judge;
    use jiff::Timestamp;
    use proptest::prelude::*;

    fn trials(phase: Phase, method: Method, side: Side, values: &[f64]) -> Vec<Measurement> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let (test, reading) = match method {
                    Method::Dynamometer => (
                        Test::Strength,
                        Reading::Force {
                            force: Force::new(*v, ForceUnit::Newton).unwrap(),
                        },
                    ),
                    Method::HelpersFeel => (
                        Test::Strength,
                        Reading::Grade {
                            grade: Grade::new(*v as u8).unwrap(),
                        },
                    ),
                    _ => (
                        Test::LegRaise,
                        Reading::Angle {
                            degrees: Degrees::new(*v).unwrap(),
                        },
                    ),
                };
                Measurement::new(
                    phase,
                    test,
                    side,
                    i as u16 + 1,
                    method,
                    Some(reading),
                    false,
                    Timestamp::UNIX_EPOCH,
                )
                .unwrap()
            })
            .collect()
    }

    fn verdict(phase: Phase, method: Method, left: &[f64], right: &[f64]) -> Verdict {
        let mut all = trials(phase, method, Side::Left, left);
        all.extend(trials(phase, method, Side::Right, right));
        let test = all[0].test;
        judge(&all, test, phase, &RULES)
    }

    fn retest(method: Method, before: [&[f64]; 2], after: [&[f64]; 2]) -> RetestChange {
        judge_retest(
            &verdict(Phase::Baseline, method, before[0], before[1]),
            &verdict(Phase::AfterStretch, method, after[0], after[1]),
            &RULES,
        )
    }

    #[test]
    fn a_change_beyond_the_inclinometers_error_is_real() {
        // 1.96 x 2° x sqrt(1/3 + 1/3) = 3.2°: the left leg's +8° is real, the right's +1° is not.
        let change = retest(
            Method::Inclinometer,
            [&[12.0, 13.0, 14.0], &[25.0, 26.0, 27.0]],
            [&[20.0, 21.0, 22.0], &[26.0, 27.0, 28.0]],
        );
        let [left, right] = change.sides.as_slice() else {
            panic!("both sides: {change:?}")
        };
        assert_eq!(left.change, 8.0);
        assert_eq!(left.detectable, 3.2);
        assert_eq!(left.outcome, ChangeOutcome::Real);
        assert_eq!(right.change, 1.0);
        assert_eq!(right.outcome, ChangeOutcome::WithinError);
        assert_eq!(
            change.sentences[0],
            "Left leg: 13° → 21°, +8°, at least the 3.2° an inclinometer (or phone app) can detect with 3 \
             trials before and 3 after: a real change."
        );
        assert!(
            change.sentences[1].contains("under the 3.2°"),
            "{:?}",
            change.sentences
        );
        // The gap, 13° (left lower) to 6° (left lower), shifts 7°; the four errors allow
        // 1.96 x 2 x sqrt(4/3) = 4.5°.
        let gap = change.gap.as_ref().unwrap();
        assert_eq!((gap.before, gap.after, gap.closer_by), (-13.0, -6.0, 7.0));
        assert_eq!(gap.detectable, 4.5);
        assert_eq!(gap.outcome, ChangeOutcome::Real);
        assert!(
            change.sentences[2].starts_with(
                "The gap between the sides went from 13° (left lower) to 6° (left lower) (7° closer)"
            ),
            "{}",
            change.sentences[2]
        );
        assert!(change.any_real());
        assert_eq!(change.side_text(Side::Left), "+8°, real");
        assert_eq!(change.side_text(Side::Right), "+1°, within error");
    }

    #[test]
    fn more_trials_detect_smaller_changes() {
        let one = retest(Method::Inclinometer, [&[12.0], &[20.0]], [&[16.0], &[20.0]]);
        // One trial each: 1.96 x 2 x sqrt(2) = 5.5°, so +4° is within error ...
        assert_eq!(one.sides[0].detectable, 5.5);
        assert_eq!(one.sides[0].outcome, ChangeOutcome::WithinError);
        assert!(!one.any_real());
        // ... but with five trials each (2.5°), the same +4° is real.
        let five = retest(
            Method::Inclinometer,
            [&[12.0; 5], &[20.0; 5]],
            [&[16.0; 5], &[20.0; 5]],
        );
        assert_eq!(five.sides[0].detectable, 2.5);
        assert_eq!(five.sides[0].outcome, ChangeOutcome::Real);
    }

    #[test]
    fn the_gap_that_swings_to_the_other_side_counts_its_whole_shift() {
        // Left 5° lower before, right 5° lower after: 10° of shift, though as far from even.
        let change = retest(
            Method::Inclinometer,
            [&[20.0; 3], &[25.0; 3]],
            [&[25.0; 3], &[20.0; 3]],
        );
        let gap = change.gap.unwrap();
        assert_eq!(gap.closer_by, 0.0);
        assert_eq!(gap.outcome, ChangeOutcome::Real);
        assert!(
            change.sentences[2].contains("10° across"),
            "{}",
            change.sentences[2]
        );
    }

    #[test]
    fn forces_change_in_percent_of_their_first_value() {
        // 1.96 x 7% x sqrt(2/3) = 11.2%: 200 N -> 240 N is +20%, real.
        let change = retest(
            Method::Dynamometer,
            [&[200.0, 200.0, 200.0], &[250.0, 250.0, 250.0]],
            [&[240.0, 240.0, 240.0], &[250.0, 250.0, 250.0]],
        );
        assert_eq!(change.quantity, Some(Quantity::Newtons));
        assert_eq!(change.sides[0].change, 20.0);
        assert_eq!(change.sides[0].detectable, 11.2);
        assert_eq!(change.sides[0].outcome, ChangeOutcome::Real);
        assert!(change.sentences[0].starts_with("Left side: 200 N → 240 N, +20%"));
        assert_eq!(change.side_text(Side::Right), "±0%, within error");
    }

    #[test]
    fn grades_change_by_whole_grades_beyond_the_helpers_feel() {
        // The helper's feel errs by a grade: one trial a side detects 1.96 x 1 x sqrt(2) = 2.8
        // grades, so 4/5 -> 5/5 is within error ...
        let one = retest(Method::HelpersFeel, [&[4.0], &[5.0]], [&[5.0], &[5.0]]);
        assert_eq!(one.sides[0].detectable, 2.8);
        assert_eq!(one.sides[0].outcome, ChangeOutcome::WithinError);
        // ... five trials a side detect 1.2 grades: 3/5 -> 5/5 is real.
        let five = retest(
            Method::HelpersFeel,
            [&[3.0; 5], &[5.0; 5]],
            [&[5.0; 5], &[5.0; 5]],
        );
        assert_eq!(five.sides[0].detectable, 1.2);
        assert_eq!(five.sides[0].outcome, ChangeOutcome::Real);
        assert_eq!(five.side_text(Side::Left), "+2 grades, real");
        assert_eq!(five.sides[1].outcome, ChangeOutcome::WithinError);
    }

    #[test]
    fn different_quantities_are_not_compared() {
        let before = verdict(Phase::Baseline, Method::Dynamometer, &[200.0], &[250.0]);
        let after = verdict(Phase::AfterStretch, Method::HelpersFeel, &[5.0], &[5.0]);
        let change = judge_retest(&before, &after, &RULES);
        assert!(change.sides.is_empty() && change.gap.is_none());
        assert_eq!(
            change.sentences,
            vec![
                "The first test was measured in newtons and the retest in manual grades, so \
                 they cannot be compared; retest the way you measured first."
                    .to_string()
            ]
        );
    }

    #[test]
    fn the_less_precise_method_sets_the_detectable_change() {
        // A goniometer (4.5°) before, an inclinometer (2°) after: 1.96 x 4.5 x sqrt(2) = 12.5°.
        let before = verdict(Phase::Baseline, Method::Goniometer, &[12.0], &[20.0]);
        let after = verdict(Phase::AfterStretch, Method::Inclinometer, &[20.0], &[20.0]);
        let change = judge_retest(&before, &after, &RULES);
        assert_eq!(change.method, Some(Method::Goniometer));
        assert_eq!(change.sides[0].detectable, 12.5);
        assert_eq!(change.sides[0].outcome, ChangeOutcome::WithinError);
    }

    #[test]
    fn across_days_compares_the_first_and_last_sessions_gap() {
        use crate::{ProfileId, Session, SessionRecord};
        let profile = ProfileId::random();
        let day = |n: i64, left: &[f64], right: &[f64]| {
            let at = Timestamp::from_second(1_764_547_200 + n * 86_400).unwrap();
            let mut record = SessionRecord::new(Session::start(profile, at, 3).unwrap());
            record.measurements = trials(Phase::Baseline, Method::Inclinometer, Side::Left, left);
            record.measurements.extend(trials(
                Phase::Baseline,
                Method::Inclinometer,
                Side::Right,
                right,
            ));
            record
        };
        let first = day(0, &[12.0, 13.0, 14.0], &[25.0, 25.0, 25.0]);
        let middle = day(3, &[30.0, 30.0, 30.0], &[10.0, 10.0, 10.0]);
        let last = day(7, &[21.0, 21.0, 21.0], &[24.0, 24.0, 24.0]);
        assert_eq!(
            across_days(std::slice::from_ref(&first), Test::LegRaise, &RULES),
            None
        );
        assert_eq!(across_days(&[], Test::Strength, &RULES), None);
        // Given in any order; only the first and last count: 12° -> 3°, 4.5° detectable.
        let said =
            across_days(&[last, first, middle], Test::LegRaise, &RULES).expect("two sessions");
        assert_eq!(
            said,
            "Over 3 sessions from 2025-12-01 to 2025-12-08, the leg-raise gap went from 12° \
             (left lower) to 3° (left lower) (9° closer); with the trials of those two sessions \
             an inclinometer (or phone app) can detect 4.5°, so that is a real change."
        );
    }

    proptest! {
        #[test]
        fn swapping_the_sides_swaps_the_changes(
            lb in proptest::collection::vec(0.0f64..90.0, 1..6),
            rb in proptest::collection::vec(0.0f64..90.0, 1..6),
            la in proptest::collection::vec(0.0f64..90.0, 1..6),
            ra in proptest::collection::vec(0.0f64..90.0, 1..6),
        ) {
            let straight = retest(Method::Inclinometer, [&lb, &rb], [&la, &ra]);
            let swapped = retest(Method::Inclinometer, [&rb, &lb], [&ra, &la]);
            prop_assert_eq!(straight.sides.len(), 2);
            for (a, b) in straight.sides.iter().zip(swapped.sides.iter().rev()) {
                prop_assert_eq!(a.change, b.change);
                prop_assert_eq!(a.detectable, b.detectable);
                prop_assert_eq!(a.outcome, b.outcome);
            }
            let (g, h) = (straight.gap.unwrap(), swapped.gap.unwrap());
            prop_assert_eq!(g.before, -h.before);
            prop_assert_eq!(g.closer_by, h.closer_by);
            prop_assert_eq!(g.outcome, h.outcome);
        }

        #[test]
        fn a_change_is_real_exactly_when_it_reaches_the_detectable_change(
            before in 0.0f64..90.0, after in 0.0f64..90.0, n in 1usize..6,
        ) {
            let change = retest(Method::Inclinometer, [&vec![before; n], &[45.0]], [&vec![after; n], &[45.0]]);
            let left = &change.sides[0];
            let real = (number(left.change.abs()).parse::<f64>().unwrap()) >= left.detectable;
            prop_assert_eq!(left.outcome == ChangeOutcome::Real, real);
            prop_assert!(left.detectable > 0.0);
        }
    }
}
