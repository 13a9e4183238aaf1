//! Verdicts: which side is tight or weak, by how much, and why, from one phase's trials.

use serde::Serialize;

use crate::Side;
use crate::measurement::{Measurement, Phase, Reading, Test};
use crate::rules::RuleSet;
use crate::units::HoldResult;

/// What the comparison found.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Finding {
    /// One side is clearly tight (leg raise) or weak (strength).
    Side {
        /// The tight or weak side.
        side: Side,
    },
    /// The difference is smaller than the threshold.
    NoClearDifference,
    /// Both sides are below the normal range.
    BothLimited {
        /// The clearly worse side, when the difference also passes the threshold.
        worse_side: Option<Side>,
    },
    /// Pain stopped the test; no side is called.
    StoppedByPain {
        /// The sides on which a trial hurt.
        sides: Vec<Side>,
    },
    /// Not enough comparable trials to decide.
    Incomplete,
}

/// What was compared between the sides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Quantity {
    /// Leg-raise angle in degrees.
    Degrees,
    /// Manual grade 0-5.
    Grade,
    /// Force in newtons.
    Newtons,
    /// Share of trials held, 0 to 1.
    HeldShare,
}

impl Quantity {
    fn suffix(self) -> &'static str {
        match self {
            Quantity::Degrees => "°",
            Quantity::Grade => "/5",
            Quantity::Newtons => " N",
            Quantity::HeldShare => "",
        }
    }
}

/// One side's trials as compared.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SideSummary {
    /// Which side.
    pub side: Side,
    /// The values compared, trial by trial, in the verdict's quantity.
    pub values: Vec<f64>,
    /// Their median.
    pub median: f64,
}

/// The verdict of one test in one phase.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Verdict {
    /// Which test.
    pub test: Test,
    /// Which phase's trials.
    pub phase: Phase,
    /// What was found.
    pub finding: Finding,
    /// What was compared, when anything was.
    pub quantity: Option<Quantity>,
    /// Left side's trials.
    pub left: Option<SideSummary>,
    /// Right side's trials.
    pub right: Option<SideSummary>,
    /// Absolute difference of the medians (for forces: percent of the stronger side).
    pub difference: Option<f64>,
    /// The threshold the difference was held against, in the same terms.
    pub threshold: Option<f64>,
    /// The rule set version used.
    pub rules_version: &'static str,
    /// The reasons, in words and numbers.
    pub reasons: Vec<String>,
}

impl Verdict {
    /// The tight (leg raise) or weak (strength) side, where one was found,
    /// including the clearly worse side when both are limited.
    pub fn side(&self) -> Option<Side> {
        match &self.finding {
            Finding::Side { side } => Some(*side),
            Finding::BothLimited { worse_side } => *worse_side,
            _ => None,
        }
    }

    /// One line for people: "Tight side: left", "No clear difference", ...
    pub fn headline(&self) -> String {
        let word = match self.test {
            Test::LegRaise => "Tight",
            Test::Strength => "Weak",
        };
        match &self.finding {
            Finding::Side { side } => format!("{word} side: {side}"),
            Finding::NoClearDifference => "No clear difference between the sides".to_string(),
            Finding::BothLimited {
                worse_side: Some(side),
            } => format!("Both sides limited; {side} more so"),
            Finding::BothLimited { worse_side: None } => "Both sides limited".to_string(),
            Finding::StoppedByPain { .. } => "Stopped because of pain".to_string(),
            Finding::Incomplete => "Not enough trials to decide".to_string(),
        }
    }

    /// The median on one side with its unit, for tables ("12.5°", "4/5", "150 N", "held 50%");
    /// "-" when that side was not measured.
    pub fn median_text(&self, side: Side) -> String {
        let Some(median) = self.median(side) else {
            return "-".to_string();
        };
        match self.quantity {
            Some(Quantity::Degrees) => format!("{}°", number(median)),
            Some(Quantity::Grade) => format!("{}/5", number(median)),
            Some(Quantity::Newtons) => format!("{} N", number(median)),
            Some(Quantity::HeldShare) => format!("held {}%", number(median * 100.0)),
            None => "-".to_string(),
        }
    }

    /// The median on one side.
    pub fn median(&self, side: Side) -> Option<f64> {
        match side {
            Side::Left => self.left.as_ref().map(|s| s.median),
            Side::Right => self.right.as_ref().map(|s| s.median),
        }
    }
}

/// The median of a non-empty list.
pub fn median(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mid = sorted.len() / 2;
    if sorted.len().is_multiple_of(2) {
        (sorted[mid - 1] + sorted[mid]) / 2.0
    } else {
        sorted[mid]
    }
}

/// A number as people read it: at most one decimal, no trailing ".0".
pub fn number(value: f64) -> String {
    let rounded = (value * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

fn list(values: &[f64], suffix: &str) -> String {
    values
        .iter()
        .map(|v| format!("{}{suffix}", number(*v)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Judges one test in one phase from the session's measurements (others are ignored).
pub fn judge(measurements: &[Measurement], test: Test, phase: Phase, rules: &RuleSet) -> Verdict {
    let trials: Vec<&Measurement> = measurements
        .iter()
        .filter(|m| m.test == test && m.phase == phase)
        .collect();
    let mut verdict = Verdict {
        test,
        phase,
        finding: Finding::Incomplete,
        quantity: None,
        left: None,
        right: None,
        difference: None,
        threshold: None,
        rules_version: rules.version,
        reasons: Vec::new(),
    };
    let hurt_sides: Vec<Side> = Side::BOTH
        .into_iter()
        .filter(|side| trials.iter().any(|m| m.side == *side && m.hurt))
        .collect();
    if !hurt_sides.is_empty() {
        let names: Vec<&str> = hurt_sides.iter().map(|s| s.as_str()).collect();
        verdict.reasons.push(format!(
            "Pain was reported during the {} on the {} side, so the test was stopped and no side \
             is called. Do not push through pain; if it keeps happening, see a clinician.",
            test.title(),
            names.join(" and ")
        ));
        verdict.finding = Finding::StoppedByPain { sides: hurt_sides };
        return verdict;
    }
    match test {
        Test::LegRaise => judge_leg_raise(&trials, rules, &mut verdict),
        Test::Strength => judge_strength(&trials, rules, &mut verdict),
    }
    verdict
}

fn side_values(
    trials: &[&Measurement],
    side: Side,
    pick: impl Fn(&Reading) -> Option<f64>,
) -> Vec<f64> {
    trials
        .iter()
        .filter(|m| m.side == side)
        .filter_map(|m| m.reading.as_ref().and_then(&pick))
        .collect()
}

/// Fills the side summaries; returns false (with a reason) when a side has nothing.
fn summarise(verdict: &mut Verdict, quantity: Quantity, left: Vec<f64>, right: Vec<f64>) -> bool {
    verdict.quantity = Some(quantity);
    let missing: Vec<&str> = [(Side::Left, &left), (Side::Right, &right)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(s, _)| s.as_str())
        .collect();
    if !missing.is_empty() {
        verdict.reasons.push(format!(
            "No {} trial on the {} side yet; record at least one trial on each side.",
            verdict.test.title(),
            missing.join(" or ")
        ));
        return false;
    }
    for (side, values) in [(Side::Left, left), (Side::Right, right)] {
        let summary = SideSummary {
            side,
            median: median(&values),
            values,
        };
        match side {
            Side::Left => verdict.left = Some(summary),
            Side::Right => verdict.right = Some(summary),
        }
    }
    true
}

fn describe_side(summary: &SideSummary, quantity: Quantity) -> String {
    format!(
        "{} side {}{} (median of {} trial{}: {})",
        summary.side,
        number(summary.median),
        quantity.suffix(),
        summary.values.len(),
        if summary.values.len() == 1 { "" } else { "s" },
        list(&summary.values, quantity.suffix())
    )
}

fn judge_leg_raise(trials: &[&Measurement], rules: &RuleSet, verdict: &mut Verdict) {
    let left = side_values(trials, Side::Left, Reading::degrees);
    let right = side_values(trials, Side::Right, Reading::degrees);
    if !summarise(verdict, Quantity::Degrees, left, right) {
        return;
    }
    let (l, r) = (
        verdict.left.clone().unwrap(),
        verdict.right.clone().unwrap(),
    );
    let difference = (l.median - r.median).abs();
    let threshold = rules.leg_raise_asymmetry.value;
    let normal_min = rules.leg_raise_normal_min.value;
    verdict.difference = Some(difference);
    verdict.threshold = Some(threshold);
    verdict.reasons.push(format!(
        "The leg rose: {}; {}.",
        describe_side(&l, Quantity::Degrees),
        describe_side(&r, Quantity::Degrees)
    ));
    let lower = if l.median < r.median {
        Side::Left
    } else {
        Side::Right
    };
    let clear = difference >= threshold;
    let comparison = if clear {
        format!(
            "The difference of {}° is at least the {}° threshold (rules {}), so the {lower} side, \
             whose leg rises less, is the tight side.",
            number(difference),
            number(threshold),
            rules.version
        )
    } else {
        format!(
            "The difference of {}° is under the {}° threshold (rules {}), which is within \
             measurement error: no clear difference.",
            number(difference),
            number(threshold),
            rules.version
        )
    };
    if l.median < normal_min && r.median < normal_min {
        verdict.finding = Finding::BothLimited {
            worse_side: clear.then_some(lower),
        };
        verdict.reasons.push(format!(
            "Both legs rise less than {}°, the low end of the typical adult range.",
            number(normal_min)
        ));
    } else {
        verdict.finding = if clear {
            Finding::Side { side: lower }
        } else {
            Finding::NoClearDifference
        };
    }
    verdict.reasons.push(comparison);
}

/// The kind of strength reading both sides share, preferring the most precise.
fn shared_strength_kind(trials: &[&Measurement]) -> Option<Quantity> {
    let has = |side: Side, quantity: Quantity| {
        trials.iter().any(|m| {
            m.side == side
                && matches!(
                    (m.reading, quantity),
                    (Some(Reading::Force { .. }), Quantity::Newtons)
                        | (Some(Reading::Grade { .. }), Quantity::Grade)
                        | (Some(Reading::Hold { .. }), Quantity::HeldShare)
                )
        })
    };
    [Quantity::Newtons, Quantity::Grade, Quantity::HeldShare]
        .into_iter()
        .find(|q| has(Side::Left, *q) && has(Side::Right, *q))
}

fn judge_strength(trials: &[&Measurement], rules: &RuleSet, verdict: &mut Verdict) {
    let Some(quantity) = shared_strength_kind(trials) else {
        let any = trials.iter().any(|m| m.reading.is_some());
        verdict.reasons.push(if any {
            "The two sides were not measured the same way (grade, force, or held / gave way); \
             test both sides with the same method to compare them."
                .to_string()
        } else {
            "No strength trial on one or both sides yet; record at least one trial on each side."
                .to_string()
        });
        return;
    };
    let pick = move |reading: &Reading| match (reading, quantity) {
        (Reading::Force { force }, Quantity::Newtons) => Some(force.newtons()),
        (Reading::Grade { grade }, Quantity::Grade) => Some(f64::from(grade.value())),
        (Reading::Hold { result }, Quantity::HeldShare) => Some(if *result == HoldResult::Held {
            1.0
        } else {
            0.0
        }),
        _ => None,
    };
    let left = side_values(trials, Side::Left, pick);
    let right = side_values(trials, Side::Right, pick);
    summarise(verdict, quantity, left, right);
    let left_out = trials
        .iter()
        .filter(|m| m.reading.as_ref().is_some_and(|r| pick(r).is_none()))
        .count();
    let (l, r) = (
        verdict.left.clone().unwrap(),
        verdict.right.clone().unwrap(),
    );
    let weaker = if l.median < r.median {
        Side::Left
    } else {
        Side::Right
    };
    match quantity {
        Quantity::Newtons => {
            let (weak, strong) = (l.median.min(r.median), l.median.max(r.median));
            let ratio = if strong > 0.0 { weak / strong } else { 1.0 };
            let percent_gap = (1.0 - ratio) * 100.0;
            let threshold = (1.0 - rules.force_symmetry.value) * 100.0;
            verdict.difference = Some(percent_gap);
            verdict.threshold = Some(threshold);
            verdict.reasons.push(format!(
                "Force: {}; {}.",
                describe_side(&l, quantity),
                describe_side(&r, quantity)
            ));
            verdict.finding = if ratio < rules.force_symmetry.value {
                verdict.reasons.push(format!(
                    "The {weaker} side reaches {}% of the other side, below the {}% limb-symmetry \
                     line (rules {}), so it is the weak side.",
                    number(ratio * 100.0),
                    number(rules.force_symmetry.value * 100.0),
                    rules.version
                ));
                Finding::Side { side: weaker }
            } else {
                verdict.reasons.push(format!(
                    "The weaker side reaches {}% of the other side, at or above the {}% \
                     limb-symmetry line (rules {}): no clear difference.",
                    number(ratio * 100.0),
                    number(rules.force_symmetry.value * 100.0),
                    rules.version
                ));
                Finding::NoClearDifference
            };
        }
        Quantity::Grade => {
            let difference = (l.median - r.median).abs();
            let threshold = rules.grade_step.value;
            let limited = rules.strength_limited_grade.value;
            verdict.difference = Some(difference);
            verdict.threshold = Some(threshold);
            verdict.reasons.push(format!(
                "Grades: {}; {}.",
                describe_side(&l, quantity),
                describe_side(&r, quantity)
            ));
            let clear = difference >= threshold;
            if l.median <= limited && r.median <= limited {
                verdict.reasons.push(format!(
                    "Both sides are at grade {} or below: neither holds against the helper's push.",
                    number(limited)
                ));
                verdict.finding = Finding::BothLimited {
                    worse_side: clear.then_some(weaker),
                };
            } else if clear {
                verdict.reasons.push(format!(
                    "The {weaker} side is {} grade{} lower, at least the {}-grade step (rules {}), \
                     so it is the weak side.",
                    number(difference),
                    if difference == 1.0 { "" } else { "s" },
                    number(threshold),
                    rules.version
                ));
                verdict.finding = Finding::Side { side: weaker };
            } else {
                verdict.reasons.push(format!(
                    "The grades differ by less than {} (rules {}): no clear difference.",
                    number(threshold),
                    rules.version
                ));
                verdict.finding = Finding::NoClearDifference;
            }
        }
        Quantity::HeldShare | Quantity::Degrees => {
            let outcome = |s: &SideSummary| -> Option<HoldResult> {
                if s.median > 0.5 {
                    Some(HoldResult::Held)
                } else if s.median < 0.5 {
                    Some(HoldResult::GaveWay)
                } else {
                    None
                }
            };
            let describe = |s: &SideSummary| {
                let held = s.values.iter().filter(|v| **v == 1.0).count();
                format!(
                    "{} side held in {held} of {} trials",
                    s.side,
                    s.values.len()
                )
            };
            verdict
                .reasons
                .push(format!("{}; {}.", describe(&l), describe(&r)));
            verdict.finding = match (outcome(&l), outcome(&r)) {
                (Some(HoldResult::GaveWay), Some(HoldResult::Held)) => {
                    Finding::Side { side: Side::Left }
                }
                (Some(HoldResult::Held), Some(HoldResult::GaveWay)) => {
                    Finding::Side { side: Side::Right }
                }
                (Some(HoldResult::GaveWay), Some(HoldResult::GaveWay)) => {
                    Finding::BothLimited { worse_side: None }
                }
                _ => Finding::NoClearDifference,
            };
            verdict.reasons.push(match &verdict.finding {
                Finding::Side { side } => format!(
                    "The {side} side gave way while the other held, so it is the weak side."
                ),
                Finding::BothLimited { .. } => "Both sides gave way: both are limited.".to_string(),
                _ => "Neither side gave way while the other held: no clear difference.".to_string(),
            });
        }
    }
    if left_out > 0 {
        verdict.reasons.push(format!(
            "{left_out} trial{} measured another way (grade, force, or held / gave way) {} left \
             out, because only like can be compared with like.",
            if left_out == 1 { "" } else { "s" },
            if left_out == 1 { "was" } else { "were" }
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measurement::Method;
    use crate::rules::RULES;
    use crate::units::{Degrees, Force, ForceUnit, Grade};
    use jiff::Timestamp;
    use proptest::prelude::*;

    fn trial(test: Test, side: Side, n: u16, reading: Reading) -> Measurement {
        let method = match reading {
            Reading::Angle { .. } => Method::Goniometer,
            Reading::Force { .. } => Method::Dynamometer,
            _ => Method::HelpersFeel,
        };
        Measurement::new(
            Phase::Baseline,
            test,
            side,
            n,
            method,
            Some(reading),
            false,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap()
    }

    fn raises(left: &[f64], right: &[f64]) -> Vec<Measurement> {
        let mut out = Vec::new();
        for (side, values) in [(Side::Left, left), (Side::Right, right)] {
            for (i, v) in values.iter().enumerate() {
                let reading = Reading::Angle {
                    degrees: Degrees::new(*v).unwrap(),
                };
                out.push(trial(Test::LegRaise, side, i as u16 + 1, reading));
            }
        }
        out
    }

    fn leg_raise(left: &[f64], right: &[f64]) -> Verdict {
        judge(
            &raises(left, right),
            Test::LegRaise,
            Phase::Baseline,
            &RULES,
        )
    }

    #[test]
    fn the_leg_that_rises_less_is_tight_by_median() {
        let v = leg_raise(&[12.0, 14.0, 40.0], &[20.0, 21.0, 19.0]);
        assert_eq!(v.finding, Finding::Side { side: Side::Left });
        assert_eq!(v.difference, Some(6.0));
        assert!(
            v.reasons
                .join(" ")
                .contains("median of 3 trials: 12°, 14°, 40°"),
            "{:?}",
            v.reasons
        );
    }

    #[test]
    fn a_difference_under_the_threshold_is_no_clear_difference() {
        let v = leg_raise(&[18.0, 18.0, 18.0], &[22.0, 22.0, 22.0]);
        assert_eq!(v.finding, Finding::NoClearDifference);
        assert!(v.reasons.join(" ").contains("under the 5° threshold"));
    }

    #[test]
    fn both_legs_under_the_norm_are_both_limited() {
        let v = leg_raise(&[4.0, 5.0, 4.0], &[9.0, 8.0, 9.0]);
        assert_eq!(
            v.finding,
            Finding::BothLimited {
                worse_side: Some(Side::Left)
            }
        );
        let v = leg_raise(&[7.0], &[8.0]);
        assert_eq!(v.finding, Finding::BothLimited { worse_side: None });
    }

    #[test]
    fn a_missing_side_is_incomplete() {
        let v = leg_raise(&[12.0], &[]);
        assert_eq!(v.finding, Finding::Incomplete);
        assert!(v.reasons[0].contains("right side"));
    }

    #[test]
    fn pain_stops_the_test_without_calling_a_side() {
        let mut ms = raises(&[12.0], &[25.0]);
        ms.push(
            Measurement::new(
                Phase::Baseline,
                Test::LegRaise,
                Side::Right,
                2,
                Method::Goniometer,
                None,
                true,
                Timestamp::UNIX_EPOCH,
            )
            .unwrap(),
        );
        let v = judge(&ms, Test::LegRaise, Phase::Baseline, &RULES);
        assert_eq!(
            v.finding,
            Finding::StoppedByPain {
                sides: vec![Side::Right]
            }
        );
    }

    #[test]
    fn a_grade_one_step_lower_is_weak() {
        let g = |n| Reading::Grade {
            grade: Grade::new(n).unwrap(),
        };
        let ms = vec![
            trial(Test::Strength, Side::Left, 1, g(5)),
            trial(Test::Strength, Side::Right, 1, g(4)),
        ];
        let v = judge(&ms, Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(v.finding, Finding::Side { side: Side::Right });
        let ms = vec![
            trial(Test::Strength, Side::Left, 1, g(3)),
            trial(Test::Strength, Side::Right, 1, g(2)),
        ];
        let v = judge(&ms, Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(
            v.finding,
            Finding::BothLimited {
                worse_side: Some(Side::Right)
            }
        );
    }

    #[test]
    fn force_below_ninety_percent_is_weak_and_units_mix() {
        let f = |v, u| Reading::Force {
            force: Force::new(v, u).unwrap(),
        };
        // 15 kgf = 147.1 N; 180 N: ratio 0.817
        let ms = vec![
            trial(
                Test::Strength,
                Side::Left,
                1,
                f(15.0, ForceUnit::KilogramForce),
            ),
            trial(Test::Strength, Side::Right, 1, f(180.0, ForceUnit::Newton)),
        ];
        let v = judge(&ms, Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(v.finding, Finding::Side { side: Side::Left });
        let ms = vec![
            trial(Test::Strength, Side::Left, 1, f(170.0, ForceUnit::Newton)),
            trial(Test::Strength, Side::Right, 1, f(180.0, ForceUnit::Newton)),
        ];
        let v = judge(&ms, Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(v.finding, Finding::NoClearDifference);
    }

    #[test]
    fn giving_way_while_the_other_holds_is_weak() {
        let h = |r| Reading::Hold { result: r };
        let ms = vec![
            trial(Test::Strength, Side::Left, 1, h(HoldResult::Held)),
            trial(Test::Strength, Side::Right, 1, h(HoldResult::GaveWay)),
            trial(Test::Strength, Side::Right, 2, h(HoldResult::GaveWay)),
            trial(Test::Strength, Side::Left, 2, h(HoldResult::Held)),
        ];
        let v = judge(&ms, Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(v.finding, Finding::Side { side: Side::Right });
    }

    #[test]
    fn trials_of_another_kind_are_left_out_and_said_so() {
        let g = |n| Reading::Grade {
            grade: Grade::new(n).unwrap(),
        };
        let ms = vec![
            trial(Test::Strength, Side::Left, 1, g(5)),
            trial(Test::Strength, Side::Right, 1, g(4)),
            trial(
                Test::Strength,
                Side::Right,
                2,
                Reading::Hold {
                    result: HoldResult::Held,
                },
            ),
        ];
        let v = judge(&ms, Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(v.finding, Finding::Side { side: Side::Right });
        let last = v.reasons.last().unwrap();
        assert!(last.starts_with("1 trial measured another way"), "{last}");
    }

    #[test]
    fn sides_measured_differently_cannot_be_compared() {
        let ms = vec![
            trial(
                Test::Strength,
                Side::Left,
                1,
                Reading::Grade {
                    grade: Grade::new(4).unwrap(),
                },
            ),
            trial(
                Test::Strength,
                Side::Right,
                1,
                Reading::Hold {
                    result: HoldResult::Held,
                },
            ),
        ];
        let v = judge(&ms, Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(v.finding, Finding::Incomplete);
        assert!(v.reasons[0].contains("same method"));
    }

    proptest! {
        #[test]
        fn swapping_sides_swaps_the_verdict(
            left in proptest::collection::vec(0.0f64..90.0, 1..5),
            right in proptest::collection::vec(0.0f64..90.0, 1..5),
        ) {
            let a = leg_raise(&left, &right);
            let b = leg_raise(&right, &left);
            prop_assert_eq!(a.difference, b.difference);
            prop_assert_eq!(a.side().map(Side::other), b.side());
        }

        #[test]
        fn a_called_side_always_clears_the_threshold(
            left in proptest::collection::vec(0.0f64..90.0, 1..5),
            right in proptest::collection::vec(0.0f64..90.0, 1..5),
        ) {
            let v = leg_raise(&left, &right);
            if let Some(side) = v.side() {
                prop_assert!(v.difference.unwrap() >= RULES.leg_raise_asymmetry.value);
                prop_assert!(v.median(side).unwrap() < v.median(side.other()).unwrap());
            } else {
                prop_assert!(v.difference.unwrap() < RULES.leg_raise_asymmetry.value);
            }
        }

        #[test]
        fn median_lies_between_min_and_max(values in proptest::collection::vec(-1e6f64..1e6, 1..20)) {
            let m = median(&values);
            let lo = values.iter().cloned().fold(f64::INFINITY, f64::min);
            let hi = values.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(lo <= m && m <= hi);
        }
    }
}
