//! Fills a SQLite database with a long daily history, for measuring exports at scale:
//! `cargo run --release -p psoas-exchange --example fill_history -- FILE TRIALS`
//! writes one profile with daily sessions of twelve trials each until TRIALS trials exist.

use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::units::{Degrees, Force, ForceUnit};
use psoas_core::{DisplayName, Pain, Profile, Screening, Session, SessionRecord, Side, Symptoms};
use psoas_store::{FullSession, Scope, Store};
use psoas_store_sqlite::SqliteStore;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(file), Some(trials)) = (args.next(), args.next()) else {
        eprintln!("usage: fill_history FILE TRIALS");
        std::process::exit(2);
    };
    let trials: usize = trials.parse().expect("TRIALS is a whole number");
    let store = SqliteStore::open(file.as_ref())
        .await
        .expect("a database file");
    let profile = Profile::new(
        DisplayName::parse("Long history").unwrap(),
        None,
        None,
        None,
    );
    let day = 86_400_000_000i64;
    let start = 1_500_000_000_000_000i64;
    let at = |micros: i64| Timestamp::from_microsecond(micros).unwrap();
    let mut sessions = Vec::new();
    for d in 0..trials.div_ceil(12) {
        let t0 = start + d as i64 * day;
        let mut session = Session::start(profile.id, at(t0), 3).unwrap();
        session.status = psoas_core::SessionStatus::Finished;
        session.ended_at = Some(at(t0 + 600_000_000));
        let mut record = SessionRecord::new(session);
        record.screening = Some(Screening::new([], at(t0 + 1)));
        let pain = Pain::new((d % 8) as u8).unwrap();
        record.symptoms = Some(Symptoms::new(pain, pain, 8.0, 0, None, at(t0 + 2)).unwrap());
        for i in 0..12usize.min(trials - d * 12) {
            let side = if i % 2 == 0 { Side::Left } else { Side::Right };
            let (test, method, reading) = if i < 6 {
                let degrees = 10.0 + (d % 20) as f64 * 0.5 + (i % 2) as f64 * 4.0;
                (
                    Test::LegRaise,
                    Method::Inclinometer,
                    Reading::Angle {
                        degrees: Degrees::new(degrees).unwrap(),
                    },
                )
            } else {
                let force = Force::new(150.0 + (i % 2) as f64 * 20.0, ForceUnit::Newton).unwrap();
                (
                    Test::Strength,
                    Method::Dynamometer,
                    Reading::Force { force },
                )
            };
            let trial = (i % 6 / 2 + 1) as u16;
            let m = Measurement::new(
                Phase::Baseline,
                test,
                side,
                trial,
                method,
                Some(reading),
                false,
                at(t0 + 10 + i as i64),
            )
            .unwrap();
            record.measurements.push(m);
        }
        sessions.push(FullSession {
            record,
            series: Vec::new(),
        });
    }
    let counts = store
        .import(Scope::Terminal, &[profile], &sessions)
        .await
        .expect("the history is stored");
    store.close().await;
    println!(
        "{} sessions, {} trials",
        counts.sessions_added, counts.measurements_added
    );
}
