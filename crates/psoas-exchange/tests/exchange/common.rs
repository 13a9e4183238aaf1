//! Histories written through the store's ordinary methods, as the front doors write them:
//! random ones for the property tests, and plain ones for the format tests.

#![allow(dead_code)]

use jiff::Timestamp;
use proptest::prelude::*;
use psoas_core::inclinometer::{OrientationSample, RecordedLift};
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Exercise, StretchOption};
use psoas_core::units::{
    Degrees, Force, ForceUnit, Grade, HeelHeight, HoldResult, LegBasis, LegLength,
};
use psoas_core::{
    BirthYear, DisplayName, ExerciseOutcome, ExerciseRecord, ExerciseStep, Pain, Profile, RedFlag,
    Screening, Session, Sex, Side, Symptoms, TrialVoid, VoidReason,
};
use psoas_store::{Scope, Store};
use psoas_store_sqlite::SqliteStore;
use std::path::Path;

/// A fresh store in a file of the folder.
pub async fn store(dir: &Path, name: &str) -> SqliteStore {
    SqliteStore::open(&dir.join(name)).await.unwrap()
}

/// One trial as generated: test, side, method choice, value seed, hurt.
#[derive(Debug, Clone)]
pub struct TrialSpec {
    pub strength: bool,
    pub side: Side,
    pub kind: u8,
    pub value: f64,
    pub hurt: bool,
    pub phase: Phase,
    /// Struck out right after it was taken, with this reason (not for a trial that hurt).
    pub void: Option<VoidReason>,
    /// An unusual value the person confirmed (only for a trial with a value).
    pub confirmed: bool,
}

/// One session as generated.
#[derive(Debug, Clone)]
pub struct SessionSpec {
    pub started_micros: i64,
    pub red_flag: bool,
    pub pain: Option<(u8, u8, f64, u16)>,
    pub trials: Vec<TrialSpec>,
    pub stretch: Option<(bool, u32)>,
    pub finished: bool,
}

/// One profile as generated.
#[derive(Debug, Clone)]
pub struct ProfileSpec {
    pub birth_year: Option<i16>,
    pub sex: Option<Sex>,
    pub leg: Option<f64>,
    pub height: Option<f64>,
    pub sessions: Vec<SessionSpec>,
}

fn phase() -> impl Strategy<Value = Phase> {
    prop_oneof![
        Just(Phase::Baseline),
        Just(Phase::AfterStretch),
        Just(Phase::AfterStrengthening)
    ]
}

fn trial() -> impl Strategy<Value = TrialSpec> {
    (
        any::<bool>(),
        prop_oneof![Just(Side::Left), Just(Side::Right)],
        0u8..6,
        0.0f64..1.0,
        prop::bool::weighted(0.1),
        phase(),
        prop::option::weighted(0.2, prop::sample::select(VoidReason::ALL.to_vec())),
        prop::bool::weighted(0.15),
    )
        .prop_map(
            |(strength, side, kind, value, hurt, phase, void, confirmed)| TrialSpec {
                strength,
                side,
                kind,
                value,
                hurt,
                phase,
                void: void.filter(|_| !hurt),
                confirmed,
            },
        )
}

fn session() -> impl Strategy<Value = SessionSpec> {
    (
        1_600_000_000_000_000i64..1_900_000_000_000_000,
        prop::bool::weighted(0.1),
        prop::option::of((0u8..=10, 0u8..=10, 0.0f64..24.0, 0u16..200)),
        prop::collection::vec(trial(), 0..12),
        prop::option::of((any::<bool>(), 1u32..300)),
        any::<bool>(),
    )
        .prop_map(
            |(started_micros, red_flag, pain, trials, stretch, finished)| SessionSpec {
                started_micros,
                red_flag,
                pain,
                trials,
                stretch,
                finished,
            },
        )
}

/// Random profiles with random sessions.
pub fn profiles() -> impl Strategy<Value = Vec<ProfileSpec>> {
    prop::collection::vec(
        (
            prop::option::of(1930i16..2020),
            prop::option::of(prop_oneof![
                Just(Sex::Female),
                Just(Sex::Male),
                Just(Sex::Other)
            ]),
            prop::option::of(60.0f64..110.0),
            prop::option::of(140.0f64..200.0),
            prop::collection::vec(session(), 0..4),
        )
            .prop_map(|(birth_year, sex, leg, height, sessions)| ProfileSpec {
                birth_year,
                sex,
                leg,
                height,
                sessions,
            }),
        1..4,
    )
}

fn at(micros: i64) -> Timestamp {
    Timestamp::from_microsecond(micros).unwrap()
}

fn reading(spec: &TrialSpec, leg: Option<LegBasis>) -> (Method, Option<Reading>) {
    let v = spec.value;
    if spec.strength {
        match spec.kind % 3 {
            0 => (
                Method::HelpersFeel,
                Some(Reading::Grade {
                    grade: Grade::new((v * 5.99) as u8).unwrap(),
                }),
            ),
            1 => {
                let unit = [
                    ForceUnit::Newton,
                    ForceUnit::KilogramForce,
                    ForceUnit::PoundForce,
                ][(spec.kind as usize) % 3];
                let force = Force::new(v * 100.0, unit).unwrap();
                (Method::Dynamometer, Some(Reading::Force { force }))
            }
            _ => (
                Method::HelpersFeel,
                Some(Reading::Hold {
                    result: if v < 0.5 {
                        HoldResult::Held
                    } else {
                        HoldResult::GaveWay
                    },
                }),
            ),
        }
    } else {
        match (spec.kind % 3, leg) {
            (0, Some(leg)) => {
                let height = HeelHeight::new(v * leg.length.cm() * 0.9).unwrap();
                (
                    Method::TapeMeasure,
                    Some(Reading::heel_height_with(height, Some(leg)).unwrap()),
                )
            }
            (1, _) => (
                Method::PhoneInclinometer,
                Some(Reading::Angle {
                    degrees: Degrees::new(v * 90.0).unwrap(),
                }),
            ),
            _ => (
                [
                    Method::Eyeballed,
                    Method::Goniometer,
                    Method::Inclinometer,
                    Method::CameraMarkers,
                ][(spec.kind as usize) % 4],
                Some(Reading::Angle {
                    degrees: Degrees::new(v * 90.0).unwrap(),
                }),
            ),
        }
    }
}

fn lift(seed: f64) -> RecordedLift {
    let sample = |t: f64, beta: f64| OrientationSample {
        t_ms: t,
        beta,
        gamma: seed,
    };
    RecordedLift {
        zero: vec![sample(0.0, 0.5), sample(16.7, 0.25 + seed)],
        samples: (0..20)
            .map(|i| sample(f64::from(i) * 16.7, seed * 30.0))
            .collect(),
    }
}

/// Writes the specs into a store with its ordinary methods, in a scope.
pub async fn fill(store: &dyn Store, scope: Scope, specs: &[ProfileSpec]) {
    for (i, spec) in specs.iter().enumerate() {
        let mut profile = Profile::new(
            DisplayName::parse(&format!("Person {i}")).unwrap(),
            spec.birth_year.map(|y| BirthYear::new(y, 2026).unwrap()),
            spec.sex,
            spec.leg.map(|l| LegLength::new(l).unwrap()),
        );
        profile.body_height_cm = spec
            .height
            .map(|h| psoas_core::units::BodyHeight::new(h).unwrap());
        store.create_profile(scope, &profile).await.unwrap();
        for s in &spec.sessions {
            let start = s.started_micros;
            let session = Session::start(profile.id, at(start), 3).unwrap();
            store.create_session(scope, &session).await.unwrap();
            let flags = if s.red_flag {
                vec![RedFlag::Pregnancy]
            } else {
                vec![]
            };
            store
                .save_screening(scope, session.id, &Screening::new(flags, at(start + 1)))
                .await
                .unwrap();
            if s.red_flag {
                continue;
            }
            if let Some((back, pelvic, sitting, situps)) = s.pain {
                let symptoms = Symptoms::new(
                    Pain::new(back).unwrap(),
                    Pain::new(pelvic).unwrap(),
                    sitting,
                    situps,
                    (situps > 0).then_some(situps % 2 == 0),
                    at(start + 2),
                )
                .unwrap();
                store
                    .save_symptoms(scope, session.id, &symptoms)
                    .await
                    .unwrap();
                // Pain rated again at the end in some sessions, as older sessions lack it.
                if back % 2 == 0 {
                    let end = psoas_core::PainAfter {
                        back_pain: Pain::new(back / 2).unwrap(),
                        pelvic_pain: Pain::new(pelvic).unwrap(),
                        recorded_at: at(start + 3),
                    };
                    store
                        .save_pain_after(scope, session.id, &end)
                        .await
                        .unwrap();
                }
            }
            let mut numbers = std::collections::HashMap::new();
            for (n, t) in s.trials.iter().enumerate() {
                let (method, value) = reading(t, profile.leg_basis());
                let test = if t.strength {
                    Test::Strength
                } else {
                    Test::LegRaise
                };
                let number = numbers.entry((t.phase, test, t.side)).or_insert(0u16);
                *number += 1;
                let value = if t.hurt && n % 2 == 0 { None } else { value };
                let mut m = Measurement::new(
                    t.phase,
                    test,
                    t.side,
                    *number,
                    method,
                    value,
                    t.hurt,
                    at(start + 10 + n as i64),
                )
                .unwrap();
                m.confirmed_unusual = t.confirmed && m.reading.is_some();
                if method == Method::PhoneInclinometer {
                    store
                        .add_measurement_with_series(scope, session.id, &m, &lift(t.value))
                        .await
                        .unwrap();
                } else if method == Method::CameraMarkers {
                    let markers = psoas_testkit::sample_camera(t.side, 5.0 + t.value * 30.0);
                    store
                        .add_measurement_with_camera(scope, session.id, &m, &markers)
                        .await
                        .unwrap();
                } else {
                    store.add_measurement(scope, session.id, &m).await.unwrap();
                }
                if let Some(reason) = t.void {
                    let note = (reason == VoidReason::Other).then_some("=cramp, started again");
                    let void =
                        TrialVoid::new(reason, note, None, at(start + 50 + n as i64)).unwrap();
                    store
                        .void_measurement(scope, session.id, m.id, &void)
                        .await
                        .unwrap();
                }
            }
            if let Some((done, planned)) = s.stretch {
                let record = if done {
                    ExerciseRecord::new(
                        ExerciseStep::Stretch,
                        Some(Exercise::Stretch {
                            option: StretchOption::FoamRoller,
                            side: Side::Left,
                        }),
                        planned,
                        planned,
                        ExerciseOutcome::Completed,
                        None,
                        at(start + 100),
                    )
                } else {
                    ExerciseRecord::new(
                        ExerciseStep::Stretch,
                        None,
                        planned,
                        0,
                        ExerciseOutcome::NotNeeded,
                        Some("no clear difference".to_string()),
                        at(start + 100),
                    )
                };
                store
                    .add_exercise(scope, session.id, &record.unwrap())
                    .await
                    .unwrap();
            }
            if s.finished {
                store
                    .finish_session(scope, session.id, at(start + 1000))
                    .await
                    .unwrap();
            }
        }
    }
}

/// A profile with `days` daily finished sessions of three trials a side for each test and
/// pain, written in one import (fast enough for thousands of sessions).
pub fn daily_history(days: usize) -> Vec<ProfileSpec> {
    let sessions = (0..days)
        .map(|d| SessionSpec {
            started_micros: 1_700_000_000_000_000 + d as i64 * 86_400_000_000,
            red_flag: false,
            pain: Some(((d % 7) as u8, (d % 5) as u8, 8.0, 0)),
            trials: (0..12)
                .map(|i| TrialSpec {
                    strength: i >= 6,
                    side: if i % 2 == 0 { Side::Left } else { Side::Right },
                    kind: if i < 6 { 0 } else { 1 },
                    value: 0.2 + (i % 2) as f64 * 0.1 + d as f64 * 1e-4,
                    hurt: false,
                    phase: Phase::Baseline,
                    void: None,
                    confirmed: false,
                })
                .collect(),
            stretch: Some((true, 120)),
            finished: true,
        })
        .collect();
    vec![ProfileSpec {
        birth_year: Some(1984),
        sex: Some(Sex::Female),
        leg: Some(90.0),
        height: None,
        sessions,
    }]
}
