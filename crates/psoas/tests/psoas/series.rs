//! `psoas record --series FILE`: a leg raise recorded by the phone inclinometer, imported from
//! its JSON file by the real binary into a real SQLite file, analysed by the same core code the
//! web app uses.

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use psoas_core::inclinometer::{OrientationSample, RecordedLift, analyse_lift};
use serde_json::Value;
use std::path::PathBuf;
use tempfile::TempDir;

/// One temporary home with one database file (the camera's tests use it too).
pub(crate) struct Psoas {
    pub(crate) dir: TempDir,
}

impl Psoas {
    pub(crate) fn new() -> Self {
        Self {
            dir: TempDir::new().expect("a temporary folder"),
        }
    }

    pub(crate) fn db(&self) -> String {
        self.dir
            .path()
            .join("psoas.db")
            .to_str()
            .expect("a UTF-8 temp path")
            .to_string()
    }

    /// The binary with HOME in the temp folder and none of the caller's PSOAS_* settings.
    fn command(&self) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_psoas"));
        cmd.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("PSOAS_DATABASE_URL")
            .env_remove("PSOAS_TRIALS")
            .args(["--db", &self.db()]);
        cmd
    }

    pub(crate) fn run(&self, args: &[&str]) -> Assert {
        let assert = self.command().args(args).assert();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(!stderr.contains("panicked"), "psoas {args:?}:\n{stderr}");
        assert
    }

    pub(crate) fn ok(&self, args: &[&str]) -> String {
        let assert = self.run(args).success();
        String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 output")
    }

    pub(crate) fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let out = self.ok(&args);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("psoas {args:?}: {e}:\n{out}"))
    }

    /// A command that must fail with exit 2, nothing on stdout and one "psoas:" line on stderr.
    pub(crate) fn fails(&self, args: &[&str]) -> String {
        let assert = self.run(args).code(2);
        let output = assert.get_output();
        assert!(output.stdout.is_empty(), "psoas {args:?} printed on stdout");
        let stderr = String::from_utf8_lossy(&output.stderr)
            .trim_end()
            .to_string();
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(stderr.starts_with("psoas: "), "{stderr}");
        stderr
    }

    /// A profile and a screened session; returns the session id.
    pub(crate) fn session(&self) -> String {
        if self
            .json(&["profile", "list"])
            .as_array()
            .is_none_or(Vec::is_empty)
        {
            self.ok(&["profile", "add", "Anna", "--leg-length", "90"]);
        }
        let view = self.json(&["session", "new", "--profile", "Anna", "--red-flags", "none"]);
        view["session"]["id"].as_str().expect("an id").to_string()
    }

    pub(crate) fn measurements(&self, session: &str) -> Vec<Value> {
        self.json(&["session", "show", session])["measurements"]
            .as_array()
            .expect("a list")
            .clone()
    }

    /// Writes a lift to a file in the temp folder and returns its path.
    fn write(&self, name: &str, lift: &RecordedLift) -> String {
        self.write_text(name, &serde_json::to_string_pretty(lift).expect("JSON"))
    }

    fn write_text(&self, name: &str, text: &str) -> String {
        let path: PathBuf = self.dir.path().join(name);
        std::fs::write(&path, text).expect("the file is written");
        path.to_str().expect("UTF-8").to_string()
    }

    fn record_series(&self, session: &str, side: &str, file: &str) -> Value {
        self.json(&[
            "record",
            session,
            "--test",
            "leg-raise",
            "--side",
            side,
            "--series",
            file,
        ])
    }
}

/// A lift as a phone at 60 Hz reports it: the zero pose on a slightly tilted table, then the
/// leg resting, rising, held at `peak`, lowered and resting again; timestamps jitter by ±2 ms
/// and the readings wobble by 0.2°.
#[derive(Clone, Copy)]
struct Shape {
    peak: f64,
    hold_ms: f64,
    roll: f64,
    rest_after: f64,
}

impl Shape {
    fn peak(peak: f64) -> Self {
        Self {
            peak,
            hold_ms: 1500.0,
            roll: 2.0,
            rest_after: 0.5,
        }
    }

    fn lift(self) -> RecordedLift {
        let (table_beta, table_gamma, rest) = (1.5, -0.7, 0.5);
        let reading = |k: usize, t: f64, leg: f64, roll: f64| OrientationSample {
            t_ms: t,
            beta: table_beta + leg + 0.2 * (k as f64 * 1.7).sin(),
            gamma: table_gamma + roll + 0.2 * (k as f64 * 2.3).cos(),
        };
        let step = 1000.0 / 60.0;
        let zero = (0..30)
            .map(|k| reading(k, k as f64 * step, 0.0, 0.0))
            .collect();
        let smooth = |x: f64| (1.0 - (x.clamp(0.0, 1.0) * std::f64::consts::PI).cos()) / 2.0;
        let (rest_ms, rise_ms, fall_ms, after_ms) = (800.0, 700.0, 600.0, 900.0);
        let hold_end = rest_ms + rise_ms + self.hold_ms;
        let total = hold_end + fall_ms + after_ms;
        let samples = (0..(total / step) as usize)
            .map(|k| {
                let t = k as f64 * step + ((k * 7) % 5) as f64 - 2.0;
                let t = t.max(0.0);
                let leg = if t < hold_end {
                    rest + (self.peak - rest) * smooth((t - rest_ms) / rise_ms)
                } else {
                    self.peak + (self.rest_after - self.peak) * smooth((t - hold_end) / fall_ms)
                };
                let share = ((leg - rest) / (self.peak - rest)).clamp(0.0, 1.0);
                reading(k, t, leg, self.roll * share)
            })
            .collect();
        RecordedLift { zero, samples }
    }
}

fn degrees(measurement: &Value) -> f64 {
    measurement["reading"]["degrees"]
        .as_f64()
        .unwrap_or_else(|| panic!("an angle: {measurement}"))
}

#[test]
fn a_recorded_series_imports_as_a_phone_inclinometer_trial_with_its_held_angle() {
    let psoas = Psoas::new();
    let session = psoas.session();
    let lift = Shape::peak(23.0).lift();
    let file = psoas.write("lift.json", &lift);

    let stored = psoas.record_series(&session, "left", &file);
    assert_eq!(stored["method"], "phone_inclinometer");
    assert_eq!(stored["test"], "leg_raise");
    assert_eq!(stored["side"], "left");
    assert_eq!(stored["reading"]["kind"], "angle");
    assert!((degrees(&stored) - 23.0).abs() < 0.5, "{stored}");
    assert_eq!(
        degrees(&stored),
        analyse_lift(&lift).unwrap().degrees.value(),
        "the binary uses the core's analysis as it is"
    );
    assert_eq!(psoas.measurements(&session), vec![stored]);

    let text = psoas.ok(&[
        "record",
        &session,
        "--test",
        "leg-raise",
        "--side",
        "right",
        "--series",
        &file,
    ]);
    assert!(text.contains("23.0°"), "{text}");
    assert!(text.contains("from the phone: held"), "{text}");
}

#[test]
fn each_refused_lift_exits_2_with_its_reason_and_stores_nothing() {
    let psoas = Psoas::new();
    let session = psoas.session();

    let mut no_zero = Shape::peak(20.0).lift();
    no_zero.zero.clear();
    let mut dropped = Shape::peak(20.0).lift();
    for s in dropped.samples.iter_mut().filter(|s| s.t_ms > 2200.0) {
        let x = ((s.t_ms - 2200.0) / 80.0).min(1.0);
        s.beta -= 60.0 * x;
        s.gamma += 50.0 * x;
    }
    let cases = [
        (
            "no-zero",
            no_zero,
            "lay the phone flat on the table to zero it first",
        ),
        (
            "rolled",
            Shape {
                roll: 25.0,
                ..Shape::peak(20.0)
            }
            .lift(),
            "sideways",
        ),
        (
            "never-held",
            Shape {
                hold_ms: 200.0,
                ..Shape::peak(20.0)
            }
            .lift(),
            "not held steady",
        ),
        (
            "drifted",
            Shape {
                rest_after: 7.0,
                ..Shape::peak(20.0)
            }
            .lift(),
            "zero the phone again",
        ),
        ("dropped", dropped, "dropped"),
        ("too-high", Shape::peak(75.0).lift(), "more than the 60°"),
    ];
    for (name, lift, reason) in cases {
        let file = psoas.write(&format!("{name}.json"), &lift);
        let message = psoas.fails(&[
            "record",
            &session,
            "--test",
            "leg-raise",
            "--side",
            "left",
            "--series",
            &file,
        ]);
        assert!(
            message.contains("was not recorded") && message.contains(reason),
            "{name}: {message}"
        );
        assert!(
            psoas.measurements(&session).is_empty(),
            "{name} stored a trial"
        );
    }
}

#[test]
fn a_malformed_file_names_the_line_and_column_and_stores_nothing() {
    let psoas = Psoas::new();
    let session = psoas.session();
    let record = |file: &str, test: &str| {
        psoas.fails(&[
            "record", &session, "--test", test, "--side", "left", "--series", file,
        ])
    };

    let broken = psoas.write_text(
        "broken.json",
        "{\n  \"zero\": [{\"t_ms\": 0, \"beta\": 1.0, \"gamma\": 0.0}],\n  \"samples\": [{\"t_ms\": 0, \"beta\": \"up\"}]\n}\n",
    );
    let message = record(&broken, "leg-raise");
    assert!(message.contains("is not a recorded lift"), "{message}");
    assert!(message.contains("line 3 column"), "{message}");

    let missing = psoas.write_text("missing.json", "{\"samples\": []}");
    let message = record(&missing, "leg-raise");
    assert!(message.contains("missing field `zero`"), "{message}");

    let nowhere = psoas.dir.path().join("nowhere.json");
    let message = record(nowhere.to_str().unwrap(), "leg-raise");
    assert!(message.contains("cannot read the series file"), "{message}");

    let good = psoas.write("good.json", &Shape::peak(20.0).lift());
    let message = record(&good, "strength");
    assert!(message.contains("--test leg-raise"), "{message}");

    assert!(psoas.measurements(&session).is_empty());
}

#[test]
fn a_series_cannot_come_with_a_typed_value_or_another_method() {
    let psoas = Psoas::new();
    let session = psoas.session();
    let file = psoas.write("lift.json", &Shape::peak(20.0).lift());
    for extra in [["--value", "20"], ["--method", "goniometer"]] {
        let assert = psoas
            .run(&[
                "record",
                &session,
                "--test",
                "leg-raise",
                "--side",
                "left",
                "--series",
                &file,
                extra[0],
                extra[1],
            ])
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains("cannot be used with"), "{stderr}");
    }
    assert!(psoas.measurements(&session).is_empty());
}

#[test]
fn three_series_per_side_give_the_verdict_of_their_angles_typed_in() {
    let psoas = Psoas::new();
    let recorded = psoas.session();
    let sides = [("left", [12.0, 13.5, 12.8]), ("right", [21.0, 22.4, 20.6])];
    let mut angles = Vec::new();
    for (side, peaks) in sides {
        for (trial, peak) in peaks.into_iter().enumerate() {
            let file = psoas.write(&format!("{side}-{trial}.json"), &Shape::peak(peak).lift());
            let stored = psoas.record_series(&recorded, side, &file);
            assert!((degrees(&stored) - peak).abs() < 0.5, "{stored}");
            angles.push((side, degrees(&stored)));
        }
    }

    let typed = psoas.session();
    for (side, angle) in &angles {
        psoas.ok(&[
            "record",
            &typed,
            "--test",
            "leg-raise",
            "--side",
            side,
            "--value",
            &angle.to_string(),
            "--method",
            "phone-inclinometer",
        ]);
    }

    let from_series = psoas.json(&["verdict", &recorded]);
    let from_typing = psoas.json(&["verdict", &typed]);
    assert_eq!(from_series["leg_raise"], from_typing["leg_raise"]);
    assert_eq!(from_series["plan"], from_typing["plan"]);
    assert_eq!(from_series["leg_raise"]["finding"]["kind"], "side");
    assert_eq!(from_series["leg_raise"]["finding"]["side"], "left");
}

#[tokio::test]
async fn the_recorded_series_is_kept_with_its_trial() {
    use psoas_core::MeasurementId;
    use psoas_store::{Scope, Store};

    let psoas = Psoas::new();
    let session = psoas.session();
    let lift = Shape::peak(18.0).lift();
    let file = psoas.write("lift.json", &lift);
    let stored = psoas.record_series(&session, "left", &file);

    let store = psoas_store_sqlite::SqliteStore::open(std::path::Path::new(&psoas.db()))
        .await
        .expect("the database opens");
    let record = store
        .find_session(Scope::Terminal, &session)
        .await
        .expect("the session is there");
    let id: uuid::Uuid = stored["id"].as_str().unwrap().parse().unwrap();
    let kept = store
        .measurement_series(Scope::Terminal, record.session.id, MeasurementId(id))
        .await
        .expect("the series can be read");
    store.close().await;
    assert_eq!(kept, Some(lift), "the file's series is stored exactly");
}
