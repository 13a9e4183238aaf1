//! The numbers behind the charts, worked out from session records with the core's own
//! verdicts: per session, each side's median, the side difference with the threshold that
//! separates it from "no clear difference", and the pain reported.

use jiff::Timestamp;
use psoas_core::verdict::Quantity;
use psoas_core::{Phase, RULES, SessionRecord, Test, Verdict};

/// One session's point on the charts.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionPoint {
    /// When the session started.
    pub at: Timestamp,
    /// Leg-raise medians (degrees), left and right, before any exercise.
    pub leg_raise: Option<(f64, f64)>,
    /// Left minus right leg-raise median (degrees) and the threshold a side is called at.
    pub difference: Option<(f64, f64)>,
    /// Strength medians, left and right, in the session's strength quantity.
    pub strength: Option<(Quantity, f64, f64)>,
    /// Low back and pelvic pain, 0-10.
    pub pain: Option<(u8, u8)>,
}

/// The first verdict of a test, when both sides have values.
fn first(record: &SessionRecord, test: Test) -> Option<Verdict> {
    let comparisons = record.comparisons(&RULES);
    let c = comparisons.into_iter().find(|c| c.test == test)?;
    (c.before.left.is_some() && c.before.right.is_some()).then_some(c.before)
}

fn medians(v: &Verdict) -> Option<(f64, f64)> {
    Some((v.left.as_ref()?.median, v.right.as_ref()?.median))
}

impl SessionPoint {
    /// The point of one session.
    pub fn of(record: &SessionRecord) -> Self {
        let leg = first(record, Test::LegRaise);
        let strength = first(record, Test::Strength);
        Self {
            at: record.session.started_at,
            leg_raise: leg.as_ref().and_then(medians),
            difference: leg.as_ref().and_then(|v| {
                let (l, r) = medians(v)?;
                Some((l - r, v.threshold?))
            }),
            strength: strength.as_ref().and_then(|v| {
                let (l, r) = medians(v)?;
                Some((v.quantity?, l, r))
            }),
            pain: record
                .symptoms
                .as_ref()
                .map(|s| (s.back_pain.value(), s.pelvic_pain.value())),
        }
    }
}

/// The points of many sessions, oldest first.
pub fn points(records: &[SessionRecord]) -> Vec<SessionPoint> {
    let mut points: Vec<SessionPoint> = records.iter().map(SessionPoint::of).collect();
    points.sort_by_key(|p| p.at);
    points
}

/// One session's leg-raise medians in each phase it was measured in: before and after.
pub fn before_after(record: &SessionRecord) -> Vec<(Phase, f64, f64)> {
    Phase::ALL
        .into_iter()
        .filter_map(|phase| {
            let v = record.verdict(Test::LegRaise, phase, &RULES);
            medians(&v).map(|(l, r)| (phase, l, r))
        })
        .collect()
}
