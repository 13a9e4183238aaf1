//! Comparable trials: one way of measuring per test in a session, one more trial offered
//! where a verdict asks for more, and a verdict held back from "clear" when trials measured
//! another way leave fewer comparable trials than the session asked for.

use serde::Serialize;

use crate::measurement::{MAX_TRIALS, Method, Phase, Reading, Test};
use crate::rules::RuleSet;
use crate::session::{NextStep, SessionRecord};
use crate::verdict::{Confidence, MoreTrials, Quantity, Verdict, plural};
use crate::{InputError, Side};

/// One more trial on a side, offered where the verdict asks for more trials than the
/// session planned.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ExtraTrial {
    /// Which test.
    pub test: Test,
    /// Which phase.
    pub phase: Phase,
    /// Which side.
    pub side: Side,
    /// The number it is stored under.
    pub trial: u16,
    /// Its place among the side's trials that count, for people ("trial 4").
    pub position: u16,
}

impl ExtraTrial {
    /// The offer in words: "Take another trial on the left side (trial 4)".
    pub fn offer(&self) -> String {
        format!(
            "Take another trial on the {} side (trial {})",
            self.side, self.position
        )
    }
}

impl SessionRecord {
    /// The way a test is measured in this session: that of its latest trial that counts
    /// (struck-out trials do not pin it). The retest and a test resumed half-way keep it,
    /// because only like can be compared with like.
    pub fn method_in_use(&self, test: Test) -> Option<Method> {
        self.measurements
            .iter()
            .rev()
            .find(|m| m.test == test && m.counts())
            .map(|m| m.method)
    }

    /// What the test's values are compared as in this session, once a trial that counts has
    /// one: the front doors offer only answers of that kind (grades, or held / gave way).
    pub fn quantity_in_use(&self, test: Test) -> Option<Quantity> {
        self.measurements
            .iter()
            .filter(|m| m.test == test && m.counts())
            .find_map(|m| m.reading.as_ref())
            .map(kind_of)
    }

    /// What to type for the test's next trial measured this way, narrowed to the kind of value
    /// its trials so far have (the helper's feel gives grades or held / gave way, not both).
    pub fn entry_hint(&self, test: Test, method: Method) -> &'static str {
        match (method, self.quantity_in_use(test)) {
            (Method::HelpersFeel, Some(Quantity::Grade)) => "grade 0-5, as in the trials so far",
            (Method::HelpersFeel, Some(Quantity::HeldShare)) => {
                "held or gave way, as in the trials so far"
            }
            _ => method.entry_hint(test),
        }
    }

    /// Refuses a trial measured another way than the test's trials so far in this session:
    /// the way is chosen once per test and kept, also for the retest.
    pub fn check_method(&self, test: Test, method: Method) -> Result<(), InputError> {
        match self.method_in_use(test) {
            Some(in_use) if in_use != method => Err(InputError::Protocol(format!(
                "the {} in this session is measured {}; measure this trial the same way, \
                 so that all its trials can be compared (to change the way, strike out the \
                 trials taken so far)",
                test.title(),
                measured_by(in_use)
            ))),
            _ => Ok(()),
        }
    }

    /// Refuses a trial whose value cannot be compared with the test's trials already in this
    /// session (a grade among forces, held / gave way among grades), before it is stored:
    /// mixed kinds would leave trials out of the verdict.
    pub fn check_comparable(&self, test: Test, reading: &Reading) -> Result<(), InputError> {
        let Some(wanted) = self.quantity_in_use(test) else {
            return Ok(());
        };
        let kind = kind_of(reading);
        if kind == wanted {
            return Ok(());
        }
        Err(InputError::Protocol(format!(
            "the {} in this session is measured {}; give {} too (a value given {} cannot be \
             compared with them and would be left out of the verdict)",
            test.title(),
            described(wanted),
            example(wanted),
            described(kind)
        )))
    }

    /// One more trial of a test in a phase, when its verdict asks for more trials and the
    /// protocol has not moved past it: the session is open, no exercise was chosen after the
    /// test's trials (the plan stays explained by the trials it came from), the test is not
    /// still being taken anyway, and the side has a trial number left. The side with fewer
    /// trials comes first.
    pub fn extra_trial(&self, test: Test, phase: Phase, rules: &RuleSet) -> Option<ExtraTrial> {
        self.check_open_for_tests().ok()?;
        if matches!(self.next_step(), NextStep::Trial { test: t, phase: p, .. } if t == test && p == phase)
        {
            return None;
        }
        let taken: Vec<_> = self
            .measurements
            .iter()
            .filter(|m| m.test == test && m.phase == phase)
            .collect();
        let settled = self
            .exercises
            .iter()
            .any(|e| taken.iter().any(|m| e.recorded_at >= m.taken_at));
        if taken.is_empty() || settled {
            return None;
        }
        let more = self.verdict(test, phase, rules).more_trials?;
        let side = more
            .sides
            .iter()
            .copied()
            .min_by_key(|side| self.trial_position(test, phase, *side))?;
        let trial = self.next_trial_number(test, phase, side);
        (trial <= MAX_TRIALS).then(|| ExtraTrial {
            test,
            phase,
            side,
            trial,
            position: self.trial_position(test, phase, side),
        })
    }
}

/// How a test is measured, to follow "measured": "with a goniometer", "by eye".
pub(crate) fn measured_by(method: Method) -> &'static str {
    match method {
        Method::Eyeballed => "by eye",
        Method::Goniometer => "with a goniometer",
        Method::Inclinometer => "with an inclinometer (or phone app)",
        Method::PhoneInclinometer => "with the phone on the thigh",
        Method::CameraMarkers => "with the camera and its printed markers",
        Method::TapeMeasure => "with a tape measure (heel height)",
        Method::Dynamometer => "with a dynamometer or scale",
        Method::HelpersFeel => "by the helper's feel",
    }
}

/// What a value is compared as.
fn kind_of(reading: &Reading) -> Quantity {
    match reading {
        Reading::Angle { .. } | Reading::HeelHeight { .. } => Quantity::Degrees,
        Reading::Grade { .. } => Quantity::Grade,
        Reading::Force { .. } => Quantity::Newtons,
        Reading::Hold { .. } => Quantity::HeldShare,
    }
}

fn described(kind: Quantity) -> &'static str {
    match kind {
        Quantity::Degrees => "as an angle",
        Quantity::Grade => "as grades 0-5",
        Quantity::Newtons => "as forces",
        Quantity::HeldShare => "as held or gave way",
    }
}

fn example(kind: Quantity) -> &'static str {
    match kind {
        Quantity::Degrees => "an angle such as 35 (or a heel height such as 20 cm)",
        Quantity::Grade => "a grade such as 4",
        Quantity::Newtons => "a force such as 150 N, 15 kgf or 33 lbf",
        Quantity::HeldShare => "held or gave way",
    }
}

/// Says how a side must be measured to be compared, e.g. "as a grade 0-5".
fn measured_as(quantity: Option<Quantity>) -> &'static str {
    match quantity {
        Some(Quantity::Grade) => "as a grade 0-5, like the trials compared",
        Some(Quantity::Newtons) => "as a force, like the trials compared",
        Some(Quantity::HeldShare) => "as held or gave way, like the trials compared",
        Some(Quantity::Degrees) | None => "the same way as the trials compared",
    }
}

/// Holds a verdict back from "clear" when trials set aside (measured another way) leave a
/// side with fewer comparable trials than the session asked for, and asks for the missing
/// ones measured like the others.
pub(crate) fn hold_to_trials_asked(verdict: &mut Verdict, per_side: u16) {
    if verdict.set_aside == 0 {
        return;
    }
    let asked = usize::from(per_side);
    let short: Vec<(Side, usize)> = [verdict.left.as_ref(), verdict.right.as_ref()]
        .into_iter()
        .flatten()
        .filter(|s| s.values.len() < asked)
        .map(|s| (s.side, s.values.len()))
        .collect();
    if short.is_empty() {
        return;
    }
    let counted = short
        .iter()
        .map(|(side, n)| format!("{} on the {side} side", plural(*n, "comparable trial")))
        .collect::<Vec<_>>()
        .join(" and ");
    let note = format!(
        "Only {counted}, of the {asked} asked for: {} measured another way {} set aside.",
        plural(verdict.set_aside, "trial"),
        if verdict.set_aside == 1 {
            "was"
        } else {
            "were"
        }
    );
    if verdict.confidence == Confidence::Clear {
        verdict.confidence = Confidence::Likely;
    }
    verdict.confidence_reason = format!("{} {note}", verdict.confidence_reason);
    if verdict.more_trials.is_none() {
        let names: Vec<&str> = short.iter().map(|(side, _)| side.as_str()).collect();
        verdict.more_trials = Some(MoreTrials {
            sides: short.iter().map(|(side, _)| *side).collect(),
            reason: format!(
                "Take more trials on the {} side, measured {}, so that {asked} comparable \
                 trials decide.",
                names.join(" and "),
                measured_as(verdict.quantity)
            ),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ProfileId;
    use crate::measurement::Measurement;
    use crate::rules::RULES;
    use crate::screening::Screening;
    use crate::session::Session;
    use crate::symptoms::{Pain, Symptoms};
    use crate::units::{Degrees, Grade, HoldResult};
    use jiff::Timestamp;

    fn record(per_side: u16) -> SessionRecord {
        let at = Timestamp::UNIX_EPOCH;
        let mut r = SessionRecord::new(Session::start(ProfileId::random(), at, per_side).unwrap());
        r.screening = Some(Screening::new([], at));
        let p = Pain::new(2).unwrap();
        r.symptoms = Some(Symptoms::new(p, p, 8.0, 0, None, at).unwrap());
        r
    }

    fn push(r: &mut SessionRecord, test: Test, side: Side, method: Method, reading: Reading) {
        let trial = r.next_trial_number(test, Phase::Baseline, side);
        r.measurements.push(
            Measurement::new(
                Phase::Baseline,
                test,
                side,
                trial,
                method,
                Some(reading),
                false,
                Timestamp::UNIX_EPOCH,
            )
            .unwrap(),
        );
    }

    fn angle(r: &mut SessionRecord, side: Side, degrees: f64) {
        let reading = Reading::Angle {
            degrees: Degrees::new(degrees).unwrap(),
        };
        push(r, Test::LegRaise, side, Method::Goniometer, reading);
    }

    fn grade(r: &mut SessionRecord, side: Side, value: u8) {
        let reading = Reading::Grade {
            grade: Grade::new(value).unwrap(),
        };
        push(r, Test::Strength, side, Method::HelpersFeel, reading);
    }

    #[test]
    fn a_side_whose_trials_disagree_is_offered_one_more_trial_once_the_test_is_in() {
        let mut r = record(3);
        for (left, right) in [(10.0, 40.0), (30.0, 41.0)] {
            angle(&mut r, Side::Left, left);
            angle(&mut r, Side::Right, right);
        }
        angle(&mut r, Side::Left, 12.0);
        // The right side's third trial is still to come: the test goes on as planned.
        assert_eq!(r.extra_trial(Test::LegRaise, Phase::Baseline, &RULES), None);
        angle(&mut r, Side::Right, 42.0);
        let verdict = r.verdict(Test::LegRaise, Phase::Baseline, &RULES);
        assert_eq!(verdict.more_trials.unwrap().sides, [Side::Left]);
        let extra = r
            .extra_trial(Test::LegRaise, Phase::Baseline, &RULES)
            .expect("one more trial on the left");
        assert_eq!(
            (extra.side, extra.trial, extra.position),
            (Side::Left, 4, 4)
        );
        assert_eq!(
            extra.offer(),
            "Take another trial on the left side (trial 4)"
        );
        // Trials that agree ask for nothing more.
        let mut calm = record(3);
        for _ in 0..3 {
            angle(&mut calm, Side::Left, 12.0);
            angle(&mut calm, Side::Right, 40.0);
        }
        assert_eq!(
            calm.extra_trial(Test::LegRaise, Phase::Baseline, &RULES),
            None
        );
        // The offer ends at the highest trial number a side takes.
        while r.next_trial_number(Test::LegRaise, Phase::Baseline, Side::Left) <= MAX_TRIALS {
            let value = if r.measurements.len().is_multiple_of(2) {
                10.0
            } else {
                30.0
            };
            angle(&mut r, Side::Left, value);
        }
        assert_eq!(r.extra_trial(Test::LegRaise, Phase::Baseline, &RULES), None);
    }

    #[test]
    fn trials_set_aside_never_leave_a_clear_verdict_on_fewer_than_asked() {
        let mut r = record(3);
        for _ in 0..3 {
            grade(&mut r, Side::Left, 5);
        }
        grade(&mut r, Side::Right, 3);
        grade(&mut r, Side::Right, 3);
        let held = Reading::Hold {
            result: HoldResult::Held,
        };
        push(
            &mut r,
            Test::Strength,
            Side::Right,
            Method::HelpersFeel,
            held,
        );
        let verdict = r.verdict(Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(verdict.set_aside, 1);
        assert_ne!(verdict.confidence, Confidence::Clear, "{verdict:?}");
        assert!(
            verdict
                .confidence_reason
                .contains("Only 2 comparable trials on the right side, of the 3 asked for"),
            "{}",
            verdict.confidence_reason
        );
        let more = verdict.more_trials.unwrap();
        assert_eq!(more.sides, [Side::Right]);
        assert!(more.reason.contains("as a grade 0-5"), "{}", more.reason);
        let extra = r
            .extra_trial(Test::Strength, Phase::Baseline, &RULES)
            .unwrap();
        assert_eq!((extra.side, extra.position), (Side::Right, 4));

        // A third grade on the right: three comparable a side, and the verdict may be clear.
        grade(&mut r, Side::Right, 3);
        let verdict = r.verdict(Test::Strength, Phase::Baseline, &RULES);
        assert_eq!(verdict.set_aside, 1);
        assert!(verdict.more_trials.is_none(), "{verdict:?}");
        assert!(!verdict.confidence_reason.contains("Only"), "{verdict:?}");
    }

    #[test]
    fn a_value_of_another_kind_is_refused_at_entry_and_a_struck_out_one_pins_nothing() {
        let at = Timestamp::UNIX_EPOCH;
        let mut r = record(3);
        grade(&mut r, Side::Left, 4);
        assert_eq!(r.quantity_in_use(Test::Strength), Some(Quantity::Grade));
        let held = Reading::Hold {
            result: HoldResult::Held,
        };
        let refused = r
            .new_trial(
                None,
                Test::Strength,
                Side::Right,
                None,
                Method::HelpersFeel,
                Some(held),
                false,
                at,
            )
            .unwrap_err()
            .to_string();
        assert!(refused.contains("measured as grades 0-5"), "{refused}");
        assert!(refused.contains("give a grade such as 4"), "{refused}");
        // Pain without a value is always taken; the leg raise is another test.
        assert!(
            r.new_trial(
                None,
                Test::Strength,
                Side::Right,
                None,
                Method::HelpersFeel,
                None,
                true,
                at
            )
            .is_ok()
        );
        assert_eq!(r.quantity_in_use(Test::LegRaise), None);
        let force = Reading::parse("150 N", Test::Strength, Method::Dynamometer, None).unwrap();
        let other_way = r
            .new_trial(
                None,
                Test::Strength,
                Side::Right,
                None,
                Method::Dynamometer,
                Some(force),
                false,
                at,
            )
            .unwrap_err()
            .to_string();
        assert!(
            other_way.contains("measured by the helper's feel"),
            "{other_way}"
        );
        // Struck out, the grade pins nothing: held / gave way may start the test afresh.
        r.measurements[0].void = Some(
            crate::voiding::TrialVoid::new(crate::voiding::VoidReason::Typo, None, None, at)
                .unwrap(),
        );
        assert_eq!(r.quantity_in_use(Test::Strength), None);
        assert_eq!(r.method_in_use(Test::Strength), None);
        assert!(
            r.new_trial(
                None,
                Test::Strength,
                Side::Right,
                None,
                Method::HelpersFeel,
                Some(held),
                false,
                at
            )
            .is_ok()
        );
    }
}
