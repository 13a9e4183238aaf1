//! The verdict's pelvis guidance: per side, counted over the camera trials that count.

use std::collections::HashMap;

use super::*;
use crate::ProfileId;
use crate::camera::{PelvisTip, pelvis_tips};
use crate::measurement::{Measurement, Method, Phase, Reading, Test};
use crate::session::{Session, SessionRecord};
use crate::units::Degrees;
use crate::voiding::{TrialVoid, VoidReason};
use jiff::Timestamp;

fn finding(rise: f64, pelvis: f64) -> CameraFinding {
    CameraFinding {
        rise: Degrees::new(rise).unwrap(),
        hip: rise - pelvis,
        pelvis,
        camera_tilt_deg: Some(1.0),
        recording: None,
    }
}

fn trial(side: Side, number: u16, rise: f64) -> Measurement {
    Measurement::new(
        Phase::Baseline,
        Test::LegRaise,
        side,
        number,
        Method::CameraMarkers,
        Some(Reading::Angle {
            degrees: Degrees::new(rise).unwrap(),
        }),
        false,
        Timestamp::UNIX_EPOCH,
    )
    .unwrap()
}

#[test]
fn the_pelvis_tipping_is_told_per_side_over_the_trials_that_count() {
    let mut record =
        SessionRecord::new(Session::start(ProfileId::random(), Timestamp::UNIX_EPOCH, 3).unwrap());
    let mut findings = HashMap::new();
    for (side, number, pelvis) in [
        (Side::Left, 1, 5.2),
        (Side::Left, 2, 1.0),
        (Side::Left, 3, 4.1),
        (Side::Right, 1, 2.9),
        (Side::Right, 2, 3.0),
    ] {
        let m = trial(side, number, 15.0);
        findings.insert(m.id, finding(15.0, pelvis));
        record.measurements.push(m);
    }
    // A struck-out trial counts for nothing, however far the pelvis tipped.
    let mut struck = trial(Side::Right, 3, 15.0);
    struck.void = Some(
        TrialVoid::new(
            VoidReason::Other,
            Some("cramp"),
            None,
            Timestamp::UNIX_EPOCH,
        )
        .unwrap(),
    );
    findings.insert(struck.id, finding(15.0, 9.0));
    record.measurements.push(struck);

    let tips = pelvis_tips(&record, Phase::Baseline, &findings);
    assert_eq!(
        tips,
        vec![PelvisTip {
            side: Side::Left,
            tipped: 2,
            trials: 3,
            most_deg: 5.2
        }]
    );
    let advice = tips[0].advice();
    assert!(advice.contains("left side"), "{advice}");
    assert!(
        advice.contains("2 of 3 camera trials (up to 5.2°)"),
        "{advice}"
    );
    assert!(advice.ends_with("keep the pelvis down on the table in the next trials."));
    assert!(pelvis_tips(&record, Phase::AfterStretch, &findings).is_empty());

    let all = PelvisTip {
        tipped: 3,
        ..tips[0]
    };
    assert!(
        all.advice().contains("in all 3 camera trials"),
        "{}",
        all.advice()
    );
    let one = PelvisTip {
        tipped: 1,
        trials: 1,
        ..tips[0]
    };
    assert!(
        one.advice().contains("in the camera trial "),
        "{}",
        one.advice()
    );
}
