//! Values asked about before they are stored: beyond what a body does (the rules
//! `leg_raise_plausible_max` and `force_plausible_max`) or far from the side's other trials
//! (more than one trial of the method can be off, its MDC95, from their median). The person
//! says whether the value is right; a value that looks like a misplaced decimal point says so.

use crate::Side;
use crate::comparable::measured_by;
use crate::measurement::{Method, Phase, Reading, Test};
use crate::rules::RuleSet;
use crate::session::SessionRecord;
use crate::units::LegBasis;
use crate::verdict::{median, number};

/// A value to ask about before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Unusual {
    /// The question, e.g. "Is 84.8° right?".
    pub question: String,
    /// Why it is asked, in one sentence with the numbers.
    pub why: String,
    /// What was typed with the decimal point moved one place left, when that value would be
    /// usual, e.g. "9.5 cm".
    pub meant: Option<String>,
}

impl Unusual {
    /// The question, why, and the misplaced decimal point if there seems to be one.
    pub fn message(&self) -> String {
        match &self.meant {
            Some(meant) => format!("{} {} Did you mean {meant}?", self.question, self.why),
            None => format!("{} {}", self.question, self.why),
        }
    }
}

/// What is about to be recorded, for the check.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    /// The phase it goes into.
    pub phase: Phase,
    /// Which test.
    pub test: Test,
    /// Which side.
    pub side: Side,
    /// How it was measured.
    pub method: Method,
    /// The value as typed, for the misplaced-decimal hint.
    pub typed: &'a str,
    /// The leg length heel heights are converted with.
    pub leg: Option<LegBasis>,
}

impl SessionRecord {
    /// Whether a value should be asked about before it is stored, and how.
    pub fn unusual(&self, entry: Entry<'_>, reading: &Reading, rules: &RuleSet) -> Option<Unusual> {
        if let Some(why) = beyond_a_body(reading, rules) {
            return Some(Unusual {
                question: format!("Is {reading} right?"),
                why,
                meant: self.misplaced_decimal(entry, rules),
            });
        }
        let why = self.far_from_others(entry, reading, rules)?;
        Some(Unusual {
            question: format!("Is {reading} right?"),
            why,
            meant: None,
        })
    }

    fn far_from_others(
        &self,
        entry: Entry<'_>,
        reading: &Reading,
        rules: &RuleSet,
    ) -> Option<String> {
        let (value, others) = self.compared_with_others(entry, reading)?;
        let middle = median(&others);
        let error = rules.error_of(entry.method);
        let (off, allowed, unit) = match reading {
            Reading::Force { .. } if middle > 0.0 => {
                ((value - middle).abs() / middle * 100.0, error.mdc95, "%")
            }
            Reading::Force { .. } => return None,
            Reading::Grade { .. } => ((value - middle).abs(), error.mdc95, " grade"),
            _ => ((value - middle).abs(), error.mdc95, "°"),
        };
        // Compared as shown, in tenths, so the sentence never says "12.5°, more than 12.5°".
        let tenths = |x: f64| (x * 10.0).round();
        (tenths(off) > tenths(allowed)).then(|| {
            format!(
                "It is {}{unit} from the {} side's other trials (median {}), more than one trial \
                 measured {} can be off ({}{unit}).",
                number(off),
                entry.side,
                number_with(middle, reading),
                measured_by(entry.method),
                number(allowed)
            )
        })
    }

    /// The value in the terms its trials are compared in, and the side's other trials that
    /// count in the same terms (none: nothing to compare with).
    fn compared_with_others(&self, entry: Entry<'_>, reading: &Reading) -> Option<(f64, Vec<f64>)> {
        let value = comparable_value(reading)?;
        let others: Vec<f64> = self
            .measurements
            .iter()
            .filter(|m| {
                m.test == entry.test
                    && m.phase == entry.phase
                    && m.side == entry.side
                    && m.counts()
                    // One odd value kept on purpose does not make the usual ones odd.
                    && !m.confirmed_unusual
            })
            .filter_map(|m| m.reading.as_ref())
            .filter(|r| {
                std::mem::discriminant(*r) == std::mem::discriminant(reading)
                    || both_angles(r, reading)
            })
            .filter_map(comparable_value)
            .collect();
        (!others.is_empty()).then_some((value, others))
    }

    /// The typed value with its decimal point one place further left, when that reads as a
    /// usual value: "95 cm" gives "9.5 cm", "84.8" gives "8.48".
    fn misplaced_decimal(&self, entry: Entry<'_>, rules: &RuleSet) -> Option<String> {
        let typed = entry.typed.trim();
        let end = typed
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(typed.len());
        let meant = format!("{}{}", shifted(&typed[..end])?, &typed[end..]);
        let reading = Reading::parse_with(&meant, entry.test, entry.method, entry.leg).ok()?;
        (beyond_a_body(&reading, rules).is_none()
            && self.far_from_others(entry, &reading, rules).is_none())
        .then_some(meant)
    }
}

/// Why a value is beyond what a body does, if it is.
fn beyond_a_body(reading: &Reading, rules: &RuleSet) -> Option<String> {
    if let Some(degrees) = reading.degrees() {
        let max = rules.leg_raise_plausible_max.value;
        if degrees > max {
            return Some(format!(
                "A leg raised face down rarely goes above {}° (most adults reach 10-30°).",
                number(max)
            ));
        }
    }
    if let Reading::Force { force } = reading {
        let max = rules.force_plausible_max.value;
        if force.newtons() > max {
            return Some(format!(
                "A hand-held hip-flexion test rarely reads above {} N (most adults: 100-350 N).",
                number(max)
            ));
        }
    }
    None
}

/// Digits with the decimal point moved one place left ("95" → "9.5", "84.8" → "8.48",
/// "1500" → "150"); none for a number under 10.
fn shifted(digits: &str) -> Option<String> {
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    let whole = whole.trim_start_matches('0');
    if whole.len() < 2 || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (head, last) = whole.split_at(whole.len() - 1);
    let fraction = format!("{last}{fraction}");
    let fraction = fraction.trim_end_matches('0');
    Some(if fraction.is_empty() {
        head.to_string()
    } else {
        format!("{head}.{fraction}")
    })
}

fn both_angles(a: &Reading, b: &Reading) -> bool {
    a.degrees().is_some() && b.degrees().is_some()
}

/// A value in the terms trials are compared in; none for held / gave way.
fn comparable_value(reading: &Reading) -> Option<f64> {
    match reading {
        Reading::Force { force } => Some(force.newtons()),
        Reading::Grade { grade } => Some(f64::from(grade.value())),
        Reading::Hold { .. } => None,
        _ => reading.degrees(),
    }
}

/// A median in the reading's unit, for people.
fn number_with(value: f64, reading: &Reading) -> String {
    match reading {
        Reading::Force { .. } => format!("{} N", number(value)),
        Reading::Grade { .. } => format!("grade {}", number(value)),
        _ => format!("{}°", number(value)),
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
    use crate::units::LegLength;
    use jiff::Timestamp;

    fn record() -> SessionRecord {
        let mut r = SessionRecord::new(
            Session::start(ProfileId::random(), Timestamp::UNIX_EPOCH, 3).unwrap(),
        );
        r.screening = Some(Screening::new([], Timestamp::UNIX_EPOCH));
        r
    }

    fn entry<'a>(test: Test, side: Side, method: Method, typed: &'a str) -> Entry<'a> {
        Entry {
            phase: Phase::Baseline,
            test,
            side,
            method,
            typed,
            leg: Some(LegBasis::measured(LegLength::new(95.3).unwrap())),
        }
    }

    fn ask(
        r: &SessionRecord,
        test: Test,
        side: Side,
        method: Method,
        typed: &str,
    ) -> Option<Unusual> {
        let e = entry(test, side, method, typed);
        let reading = Reading::parse_with(typed, test, method, e.leg).unwrap();
        r.unusual(e, &reading, &RULES)
    }

    fn take(r: &mut SessionRecord, side: Side, typed: &str) {
        let e = entry(Test::LegRaise, side, Method::Goniometer, typed);
        let reading = Reading::parse_with(typed, e.test, e.method, e.leg).unwrap();
        let n = r.next_trial_number(e.test, e.phase, side);
        r.measurements.push(
            Measurement::new(
                e.phase,
                e.test,
                side,
                n,
                e.method,
                Some(reading),
                false,
                Timestamp::UNIX_EPOCH,
            )
            .unwrap(),
        );
    }

    #[test]
    fn a_value_beyond_a_body_is_asked_about_and_a_slipped_decimal_is_named() {
        let r = record();
        let heel = ask(&r, Test::LegRaise, Side::Left, Method::TapeMeasure, "95 cm").unwrap();
        assert_eq!(heel.question, "Is 95.0 cm (85.5°) right?");
        assert!(heel.why.contains("rarely goes above 45°"), "{}", heel.why);
        assert_eq!(heel.meant.as_deref(), Some("9.5 cm"));
        assert!(
            heel.message().ends_with("Did you mean 9.5 cm?"),
            "{}",
            heel.message()
        );
        let angle = ask(&r, Test::LegRaise, Side::Left, Method::Goniometer, "84.8").unwrap();
        assert_eq!(angle.question, "Is 84.8° right?");
        assert_eq!(angle.meant.as_deref(), Some("8.48"));
        let force = ask(
            &r,
            Test::Strength,
            Side::Left,
            Method::Dynamometer,
            "1500 N",
        )
        .unwrap();
        assert!(force.why.contains("600 N"), "{}", force.why);
        assert_eq!(force.meant.as_deref(), Some("150 N"));
        // Usual values, and values at the bound, are not asked about.
        assert_eq!(
            ask(&r, Test::LegRaise, Side::Left, Method::Goniometer, "45"),
            None
        );
        assert_eq!(
            ask(&r, Test::Strength, Side::Left, Method::Dynamometer, "600 N"),
            None
        );
        // 46 over 10 would be 4.6: no slipped decimal for a value that moved is still odd.
        assert_eq!(shifted("9"), None);
        assert_eq!(shifted("100"), Some("10".to_string()));
    }

    #[test]
    fn a_value_far_from_the_sides_other_trials_is_asked_about() {
        let mut r = record();
        take(&mut r, Side::Left, "12");
        take(&mut r, Side::Left, "13");
        take(&mut r, Side::Right, "30");
        // A goniometer trial can be off by 12.5°: 30° is 17.5° from the left's 12.5°.
        let far = ask(&r, Test::LegRaise, Side::Left, Method::Goniometer, "30").unwrap();
        assert!(
            far.why
                .contains("17.5° from the left side's other trials (median 12.5°)"),
            "{}",
            far.why
        );
        assert_eq!(far.meant, None);
        assert_eq!(
            ask(&r, Test::LegRaise, Side::Left, Method::Goniometer, "20"),
            None
        );
        // The other side's trials are not this side's.
        assert_eq!(
            ask(&r, Test::LegRaise, Side::Right, Method::Goniometer, "31"),
            None
        );
        // A struck-out trial is no trial to compare with.
        for m in r.measurements.iter_mut().filter(|m| m.side == Side::Left) {
            m.void = Some(
                crate::voiding::TrialVoid::new(
                    crate::voiding::VoidReason::Typo,
                    None,
                    None,
                    Timestamp::UNIX_EPOCH,
                )
                .unwrap(),
            );
        }
        assert_eq!(
            ask(&r, Test::LegRaise, Side::Left, Method::Goniometer, "30"),
            None
        );
    }
}
