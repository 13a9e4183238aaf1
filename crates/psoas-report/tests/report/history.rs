//! Sessions as the front doors record them: daily, three trials a side, pain, a retest.

use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::units::{Degrees, Force, ForceUnit};
use psoas_core::{Pain, ProfileId, Session, SessionRecord, Side, Symptoms};

fn trial(phase: Phase, test: Test, side: Side, n: u16, value: f64, at: Timestamp) -> Measurement {
    let (method, reading) = match test {
        Test::LegRaise => (
            Method::Inclinometer,
            Reading::Angle {
                degrees: Degrees::new(value).unwrap(),
            },
        ),
        Test::Strength => (
            Method::Dynamometer,
            Reading::Force {
                force: Force::new(value, ForceUnit::Newton).unwrap(),
            },
        ),
    };
    Measurement::new(phase, test, side, n, method, Some(reading), false, at).unwrap()
}

/// `days` daily sessions whose left leg catches up with the right one; the last has a retest.
pub fn daily(days: usize) -> Vec<SessionRecord> {
    let profile = ProfileId::random();
    (0..days)
        .map(|d| {
            let at = Timestamp::from_second(1_780_000_000 + d as i64 * 86_400).unwrap();
            let mut record = SessionRecord::new(Session::start(profile, at, 3).unwrap());
            let pain = Pain::new((6 - (d * 6 / days.max(1)) as i64).max(0) as u8).unwrap();
            record.symptoms =
                Some(Symptoms::new(pain, Pain::new(1).unwrap(), 8.0, 0, None, at).unwrap());
            let left = 10.0 + 10.0 * d as f64 / days.max(1) as f64;
            for n in 1..=3u16 {
                let x = f64::from(n) * 0.3;
                record.measurements.push(trial(
                    Phase::Baseline,
                    Test::LegRaise,
                    Side::Left,
                    n,
                    left + x,
                    at,
                ));
                record.measurements.push(trial(
                    Phase::Baseline,
                    Test::LegRaise,
                    Side::Right,
                    n,
                    22.0 + x,
                    at,
                ));
                record.measurements.push(trial(
                    Phase::Baseline,
                    Test::Strength,
                    Side::Left,
                    n,
                    150.0 + x,
                    at,
                ));
                record.measurements.push(trial(
                    Phase::Baseline,
                    Test::Strength,
                    Side::Right,
                    n,
                    180.0 + x,
                    at,
                ));
                if d + 1 == days {
                    record.measurements.push(trial(
                        Phase::AfterStrengthening,
                        Test::LegRaise,
                        Side::Left,
                        n,
                        left + 6.0 + x,
                        at,
                    ));
                    record.measurements.push(trial(
                        Phase::AfterStrengthening,
                        Test::LegRaise,
                        Side::Right,
                        n,
                        23.0 + x,
                        at,
                    ));
                }
            }
            record
        })
        .collect()
}
