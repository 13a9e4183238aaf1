//! End-to-end tests of the `psoas` binary: every scriptable command, run as a real process
//! against a real SQLite file in a temporary folder, checked through its JSON and text output,
//! its exit code and its one-line error messages.

use assert_cmd::Command;
use assert_cmd::assert::Assert;
use serde_json::Value;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

mod deletion;
mod unusual;
mod void;
mod words;

/// One temporary home with one database file; every command runs against that file only.
struct Psoas {
    dir: TempDir,
}

impl Psoas {
    fn new() -> Self {
        Self {
            dir: TempDir::new().expect("a temporary folder"),
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("psoas.db")
    }

    fn db_arg(&self) -> String {
        self.db().to_str().expect("a UTF-8 temp path").to_string()
    }

    /// The binary with a clean environment: HOME (and the XDG data folder) inside the temp
    /// folder, and none of the PSOAS_* settings of whoever runs the tests.
    fn command(&self, db: &str) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_psoas"));
        cmd.env("HOME", self.dir.path())
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .env_remove("PSOAS_DATABASE_URL")
            .env_remove("PSOAS_TRIALS")
            .env_remove("PSOAS_REPS")
            .env_remove("PSOAS_HOLD_SECONDS")
            .env_remove("PSOAS_RELEASE_SECONDS")
            .env_remove("PSOAS_ROLLER_SECONDS")
            .env_remove("PSOAS_STRENGTHEN_SECONDS")
            .args(["--db", db]);
        cmd
    }

    /// Runs a command against a given --db value; whatever happens, it must not panic.
    fn run_with_db(&self, db: &str, args: &[&str]) -> Assert {
        let assert = self.command(db).args(args).assert();
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(
            !stderr.contains("panicked"),
            "psoas {args:?} panicked:\n{stderr}"
        );
        assert
    }

    /// Runs a command against the test's database file.
    fn run(&self, args: &[&str]) -> Assert {
        self.run_with_db(&self.db_arg(), args)
    }

    /// Runs a command that must succeed and returns its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let assert = self.run(args).success();
        String::from_utf8(assert.get_output().stdout.clone()).expect("UTF-8 output")
    }

    /// Runs a command with --json appended and parses its output.
    fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        let out = self.ok(&args);
        serde_json::from_str(&out)
            .unwrap_or_else(|e| panic!("psoas {args:?}: bad JSON ({e}):\n{out}"))
    }

    /// Runs a command against a given --db value that must fail with `code`, printing nothing
    /// on standard output and one line starting with "psoas:" on standard error; returns it.
    fn fails_with_db(&self, db: &str, code: i32, args: &[&str]) -> String {
        let assert = self.run_with_db(db, args).code(code);
        let output = assert.get_output();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr).to_string();
        assert!(
            stdout.is_empty(),
            "psoas {args:?} printed on stdout:\n{stdout}"
        );
        assert_eq!(
            stderr.lines().count(),
            1,
            "psoas {args:?} should say one line:\n{stderr}"
        );
        assert!(
            stderr.starts_with("psoas: "),
            "psoas {args:?} message should start with 'psoas:': {stderr}"
        );
        stderr.trim_end().to_string()
    }

    /// Runs a command against the test's database that must fail with `code`.
    fn fails(&self, code: i32, args: &[&str]) -> String {
        self.fails_with_db(&self.db_arg(), code, args)
    }

    /// Adds Anna: leg length 90 cm, born 1980, female.
    fn add_anna(&self) -> Value {
        self.json(&[
            "profile",
            "add",
            "Anna",
            "--leg-length",
            "90",
            "--birth-year",
            "1980",
            "--sex",
            "female",
        ])
    }

    /// Starts a screened session and returns its id.
    fn new_session(&self, profile: &str) -> String {
        let view = self.json(&[
            "session",
            "new",
            "--profile",
            profile,
            "--red-flags",
            "none",
        ]);
        text(&view["session"]["id"]).to_string()
    }

    /// Records one trial and returns the stored measurement.
    fn record(&self, session: &str, test: &str, side: &str, value: &str) -> Value {
        self.json(&[
            "record", session, "--test", test, "--side", side, "--value", value,
        ])
    }

    /// Records leg-raise trials, left then right.
    fn leg_raises(&self, session: &str, left: &[&str], right: &[&str]) {
        for (side, values) in [("left", left), ("right", right)] {
            for value in values {
                self.record(session, "leg-raise", side, value);
            }
        }
    }

    fn show(&self, session: &str) -> Value {
        self.json(&["session", "show", session])
    }

    fn measurements(&self, session: &str) -> Vec<Value> {
        array(&self.show(session)["measurements"]).to_vec()
    }

    fn profile_count(&self) -> usize {
        array(&self.json(&["profile", "list"])).len()
    }

    fn session_count(&self) -> usize {
        array(&self.json(&["session", "list"])).len()
    }

    /// Asserts that a refused `record` stored nothing in the session.
    fn refuses_trial(&self, session: &str, args: &[&str], wanted: &str) {
        let before = self.measurements(session).len();
        let mut full = vec!["record", session];
        full.extend_from_slice(args);
        let message = self.fails(2, &full);
        assert!(
            message.contains(wanted),
            "message for {args:?} should mention '{wanted}': {message}"
        );
        assert_eq!(
            self.measurements(session).len(),
            before,
            "a refused trial must store nothing"
        );
    }
}

fn text(value: &Value) -> &str {
    value
        .as_str()
        .unwrap_or_else(|| panic!("expected a string, got {value}"))
}

fn array(value: &Value) -> &Vec<Value> {
    value
        .as_array()
        .unwrap_or_else(|| panic!("expected an array, got {value}"))
}

fn number(value: &Value) -> f64 {
    value
        .as_f64()
        .unwrap_or_else(|| panic!("expected a number, got {value}"))
}

fn sibling_files(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(path.parent().expect("a parent folder"))
        .expect("the folder can be listed")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .to_string()
        })
        .collect();
    names.sort();
    names
}

// ---------------------------------------------------------------------------------------------
// Profiles

#[test]
fn profile_add_stores_the_leg_length_birth_year_and_sex() {
    let psoas = Psoas::new();
    let anna = psoas.add_anna();
    assert_eq!(anna["name"], "Anna");
    assert_eq!(number(&anna["leg_length_cm"]), 90.0);
    assert_eq!(anna["birth_year"], 1980);
    assert_eq!(anna["sex"], "female");
    assert!(!text(&anna["id"]).is_empty());

    let listed = psoas.json(&["profile", "list"]);
    assert_eq!(array(&listed).len(), 1);
    assert_eq!(listed[0], anna);
}

#[test]
fn profile_list_shows_every_profile_by_name_in_json_and_as_a_table() {
    let psoas = Psoas::new();
    psoas.add_anna();
    psoas.ok(&["profile", "add", "Ben"]);
    let listed = psoas.json(&["profile", "list"]);
    let names: Vec<&str> = array(&listed).iter().map(|p| text(&p["name"])).collect();
    assert_eq!(names, ["Anna", "Ben"]);
    assert!(listed[1]["leg_length_cm"].is_null());

    let table = psoas.ok(&["profile", "list"]);
    assert!(table.contains("Anna") && table.contains("Ben"), "{table}");
    assert!(table.contains("90 cm"), "{table}");
}

#[test]
fn profile_edit_finds_the_profile_by_its_name_in_another_case() {
    let psoas = Psoas::new();
    let anna = psoas.add_anna();
    let edited = psoas.json(&["profile", "edit", "ANNA", "--leg-length", "95"]);
    assert_eq!(edited["id"], anna["id"]);
    assert_eq!(number(&edited["leg_length_cm"]), 95.0);
    assert_eq!(
        edited["birth_year"], 1980,
        "details not given stay as they were"
    );
    let listed = psoas.json(&["profile", "list"]);
    assert_eq!(number(&listed[0]["leg_length_cm"]), 95.0);
}

#[test]
fn profile_edit_finds_the_profile_by_an_id_prefix() {
    let psoas = Psoas::new();
    let anna = psoas.add_anna();
    let prefix = &text(&anna["id"])[..8];
    let edited = psoas.json(&["profile", "edit", prefix, "--leg-length", "88"]);
    assert_eq!(edited["id"], anna["id"]);
    assert_eq!(number(&edited["leg_length_cm"]), 88.0);
    let out = psoas.ok(&["profile", "edit", prefix, "--name", "Anna K"]);
    assert!(out.contains("Anna K"), "{out}");
    assert_eq!(psoas.json(&["profile", "list"])[0]["name"], "Anna K");
}

// ---------------------------------------------------------------------------------------------
// Sessions

#[test]
fn session_new_without_red_flags_starts_an_unfinished_screened_session() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let view = psoas.json(&["session", "new", "--profile", "Anna", "--red-flags", "none"]);
    assert!(!text(&view["session"]["id"]).is_empty());
    assert_eq!(view["session"]["status"], "unfinished");
    assert_eq!(view["profile_name"], "Anna");
    assert_eq!(view["screening"]["flags"], serde_json::json!([]));
    assert_eq!(view["next_step"]["step"], "symptoms");
}

#[test]
fn a_red_flag_stops_the_session_at_screening_and_refuses_later_trials() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let view = psoas.json(&[
        "session",
        "new",
        "--profile",
        "Anna",
        "--red-flags",
        "pregnancy",
    ]);
    assert_eq!(view["session"]["status"], "stopped_at_screening");
    assert_eq!(view["screening"]["flags"], serde_json::json!(["pregnancy"]));
    assert_eq!(view["next_step"]["step"], "done");
    let id = text(&view["session"]["id"]);

    let message = psoas.fails(
        2,
        &[
            "record",
            id,
            "--test",
            "leg-raise",
            "--side",
            "left",
            "--value",
            "12",
        ],
    );
    assert!(message.contains("screening"), "{message}");
    assert!(message.contains("clinician"), "{message}");
    assert!(psoas.measurements(id).is_empty());

    let message = psoas.fails(2, &["session", "finish", id]);
    assert!(message.contains("stopped at screening"), "{message}");
    assert_eq!(psoas.show(id)["session"]["status"], "stopped_at_screening");
}

#[test]
fn session_list_shows_every_session_and_filters_by_profile() {
    let psoas = Psoas::new();
    psoas.add_anna();
    psoas.ok(&["profile", "add", "Ben"]);
    let first = psoas.new_session("Anna");
    psoas.new_session("anna");
    psoas.new_session("Ben");
    psoas.record(&first, "leg-raise", "left", "12");

    let all = psoas.json(&["session", "list"]);
    assert_eq!(array(&all).len(), 3);

    let annas = psoas.json(&["session", "list", "--profile", "ANNA"]);
    let annas = array(&annas);
    assert_eq!(annas.len(), 2);
    assert!(annas.iter().all(|s| s["profile_name"] == "Anna"));
    assert!(annas.iter().all(|s| s["status"] == "unfinished"));
    let counted = annas.iter().find(|s| s["id"] == first.as_str()).unwrap();
    assert_eq!(counted["measurements"], 1);

    let table = psoas.ok(&["session", "list", "--profile", "Ben"]);
    assert!(table.contains("Ben") && !table.contains("Anna"), "{table}");
}

#[test]
fn session_show_includes_measurements_verdicts_comparisons_and_next_step() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.ok(&[
        "symptoms",
        &id,
        "--back-pain",
        "3",
        "--pelvic-pain",
        "1",
        "--sitting-hours",
        "8",
    ]);
    psoas.leg_raises(&id, &["12", "14", "13"], &["22", "20", "21"]);

    let view = psoas.show(&id);
    assert_eq!(view["session"]["id"], id.as_str());
    assert_eq!(array(&view["measurements"]).len(), 6);
    let verdicts = array(&view["verdicts"]);
    assert_eq!(verdicts.len(), 1);
    assert_eq!(verdicts[0]["test"], "leg_raise");
    assert_eq!(verdicts[0]["finding"]["kind"], "side");
    let comparisons = array(&view["comparisons"]);
    assert_eq!(comparisons.len(), 1);
    assert_eq!(comparisons[0]["before"]["finding"]["side"], "left");
    assert!(comparisons[0]["after"].is_null());
    assert_eq!(view["next_step"]["step"], "stretch");

    let prefix = &id[..8];
    let out = psoas.ok(&["session", "show", prefix]);
    assert!(out.contains(&id) && out.contains("Anna"), "{out}");
    assert!(out.contains("Tight side: left"), "{out}");
}

#[test]
fn a_finished_session_refuses_new_trials_and_symptoms() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.record(&id, "leg-raise", "left", "12");
    let view = psoas.json(&["session", "finish", &id]);
    assert_eq!(view["session"]["status"], "finished");
    assert!(view["session"]["ended_at"].is_string());
    assert_eq!(view["next_step"]["step"], "done");

    let message = psoas.fails(
        2,
        &[
            "record",
            &id,
            "--test",
            "leg-raise",
            "--side",
            "right",
            "--value",
            "20",
        ],
    );
    assert!(message.contains("finished"), "{message}");
    let message = psoas.fails(
        2,
        &[
            "symptoms",
            &id,
            "--back-pain",
            "2",
            "--pelvic-pain",
            "0",
            "--sitting-hours",
            "5",
        ],
    );
    assert!(message.contains("finished"), "{message}");
    let view = psoas.show(&id);
    assert_eq!(array(&view["measurements"]).len(), 1);
    assert!(view["symptoms"].is_null());
    assert_eq!(view["session"]["status"], "finished");
}

// ---------------------------------------------------------------------------------------------
// Recording trials

#[test]
fn leg_raise_angles_are_numbered_one_two_three_on_each_side() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    let values = [
        ("left", "12"),
        ("right", "20"),
        ("left", "13 deg"),
        ("left", "14°"),
    ];
    let recorded: Vec<Value> = values
        .iter()
        .map(|(side, value)| psoas.record(&id, "leg-raise", side, value))
        .collect();
    let trials: Vec<(&str, u64)> = recorded
        .iter()
        .map(|m| (text(&m["side"]), m["trial"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        trials,
        [("left", 1), ("right", 1), ("left", 2), ("left", 3)]
    );
    for (m, expected) in recorded.iter().zip([12.0, 20.0, 13.0, 14.0]) {
        assert_eq!(m["test"], "leg_raise");
        assert_eq!(m["phase"], "baseline");
        assert_eq!(m["method"], "goniometer");
        assert_eq!(m["reading"]["kind"], "angle");
        assert_eq!(number(&m["reading"]["degrees"]), expected);
        assert_eq!(m["hurt"], false);
    }
    let out = psoas.ok(&[
        "record",
        &id,
        "--test",
        "leg-raise",
        "--side",
        "right",
        "--value",
        "21",
    ]);
    assert!(out.contains("trial 2"), "{out}");
    assert_eq!(psoas.measurements(&id).len(), 5);
}

#[test]
fn a_heel_height_in_cm_becomes_an_angle_with_the_profile_leg_length() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    let m = psoas.record(&id, "leg-raise", "left", "45 cm");
    assert_eq!(m["method"], "tape_measure");
    assert_eq!(m["reading"]["kind"], "heel_height");
    assert_eq!(number(&m["reading"]["cm"]), 45.0);
    assert_eq!(number(&m["reading"]["leg_length_cm"]), 90.0);
    assert!(
        (number(&m["reading"]["degrees"]) - 30.0).abs() < 1e-6,
        "{m}"
    );

    // A later change of the profile does not rewrite the stored trial.
    psoas.ok(&["profile", "edit", "Anna", "--leg-length", "100"]);
    let stored = &psoas.measurements(&id)[0];
    assert_eq!(number(&stored["reading"]["leg_length_cm"]), 90.0);
    assert!((number(&stored["reading"]["degrees"]) - 30.0).abs() < 1e-6);
}

#[test]
fn recording_the_same_trial_twice_is_refused_and_keeps_the_first_value() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    let first = psoas.json(&[
        "record",
        &id,
        "--test",
        "leg-raise",
        "--side",
        "left",
        "--value",
        "12",
        "--trial",
        "1",
    ]);
    assert_eq!(first["trial"], 1);
    let message = psoas.fails(
        2,
        &[
            "record",
            &id,
            "--test",
            "leg-raise",
            "--side",
            "left",
            "--value",
            "14",
            "--trial",
            "1",
        ],
    );
    assert!(message.contains("already recorded"), "{message}");
    let stored = psoas.measurements(&id);
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0]["trial"], 1);
    assert_eq!(number(&stored[0]["reading"]["degrees"]), 12.0);
}

#[test]
fn strength_values_are_read_as_grades_forces_or_holds_and_a_session_keeps_to_one_kind() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let cases = [
        (["5", "4"], "helpers_feel", "grade"),
        (["150 N", "15 kgf"], "dynamometer", "force"),
        (["held", "gave way"], "helpers_feel", "hold"),
    ];
    let mut recorded = Vec::new();
    let mut sessions = Vec::new();
    for (values, method, kind) in cases {
        let id = psoas.new_session("Anna");
        for (side, value) in ["left", "right"].into_iter().zip(values) {
            let m = psoas.record(&id, "strength", side, value);
            assert_eq!(m["test"], "strength", "{value}");
            assert_eq!(m["method"], method, "{value}");
            assert_eq!(m["reading"]["kind"], kind, "{value}");
            assert_eq!(m["trial"], 1, "{value}");
            recorded.push(m);
        }
        sessions.push(id);
    }
    assert_eq!(recorded[0]["reading"]["grade"], 5);
    assert_eq!(recorded[1]["reading"]["grade"], 4);
    assert_eq!(number(&recorded[2]["reading"]["force"]["value"]), 150.0);
    assert_eq!(recorded[2]["reading"]["force"]["unit"], "N");
    assert_eq!(number(&recorded[3]["reading"]["force"]["value"]), 15.0);
    assert_eq!(recorded[3]["reading"]["force"]["unit"], "kgf");
    assert_eq!(recorded[4]["reading"]["result"], "held");
    assert_eq!(recorded[5]["reading"]["result"], "gave_way");

    // 150 N against 15 kgf (147.1 N) is within 10%.
    let verdict = psoas.json(&["verdict", &sessions[1]]);
    assert_eq!(verdict["strength"]["quantity"], "newtons");
    assert_eq!(
        verdict["strength"]["finding"]["kind"],
        "no_clear_difference"
    );
    for (session, stored) in sessions.iter().zip(recorded.chunks(2)) {
        let kept = psoas.measurements(session);
        assert_eq!(kept.len(), 2);
        for (kept, recorded) in kept.iter().zip(stored) {
            assert_eq!(kept["reading"], recorded["reading"]);
        }
    }

    // A session of grades takes no force (another way of measuring) and no held / gave way
    // (another kind of answer): each is refused, saying what to give, and nothing is stored.
    let grades = &sessions[0];
    psoas.refuses_trial(
        grades,
        &["--test", "strength", "--side", "left", "--value", "150 N"],
        "The helper's feel gives a grade or held / gave way, not a force",
    );
    psoas.refuses_trial(
        grades,
        &[
            "--test",
            "strength",
            "--side",
            "left",
            "--value",
            "150 N",
            "--method",
            "dynamometer",
        ],
        "measured by the helper's feel; measure this trial the same way",
    );
    psoas.refuses_trial(
        grades,
        &["--test", "strength", "--side", "left", "--value", "held"],
        "give a grade such as 4 too",
    );
    // Left out, the method is the session's: a grade is taken as before.
    let m = psoas.record(grades, "strength", "left", "4");
    assert_eq!(m["method"], "helpers_feel");
}

#[test]
fn a_hurt_trial_without_a_value_stops_the_leg_raise_test_by_pain() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.record(&id, "leg-raise", "left", "12");
    let hurt = psoas.json(&[
        "record",
        &id,
        "--test",
        "leg-raise",
        "--side",
        "right",
        "--hurt",
    ]);
    assert_eq!(hurt["hurt"], true);
    assert!(hurt["reading"].is_null());
    assert_eq!(hurt["trial"], 1);

    let verdict = psoas.json(&["verdict", &id]);
    assert_eq!(verdict["leg_raise"]["finding"]["kind"], "stopped_by_pain");
    assert_eq!(
        verdict["leg_raise"]["finding"]["sides"],
        serde_json::json!(["right"])
    );
    assert_eq!(verdict["plan"]["stretch"]["status"], "not_needed");
    assert!(text(&verdict["plan"]["stretch"]["reason"]).contains("pain"));
}

#[test]
fn a_trial_with_neither_value_nor_hurt_is_refused() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.refuses_trial(&id, &["--test", "leg-raise", "--side", "left"], "--value");
}

// ---------------------------------------------------------------------------------------------
// Symptoms

#[test]
fn symptoms_are_stored_and_shown_with_the_session() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    let symptoms = psoas.json(&[
        "symptoms",
        &id,
        "--back-pain",
        "4",
        "--pelvic-pain",
        "1",
        "--sitting-hours",
        "7.5",
        "--situps-per-week",
        "30",
        "--extension-after-situps",
        "no",
    ]);
    assert_eq!(symptoms["back_pain"], 4);
    assert_eq!(symptoms["pelvic_pain"], 1);
    assert_eq!(number(&symptoms["sitting_hours_per_day"]), 7.5);
    assert_eq!(symptoms["situps_per_week"], 30);
    assert_eq!(symptoms["extension_after_situps"], false);

    let view = psoas.show(&id);
    assert_eq!(view["symptoms"]["back_pain"], 4);
    assert_eq!(view["symptoms"]["situps_per_week"], 30);
    assert_eq!(view["next_step"]["step"], "trial");
    assert_eq!(view["next_step"]["test"], "leg_raise");
}

#[test]
fn sit_ups_without_saying_whether_an_extension_follows_are_refused() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    let message = psoas.fails(
        2,
        &[
            "symptoms",
            &id,
            "--back-pain",
            "4",
            "--pelvic-pain",
            "1",
            "--sitting-hours",
            "7",
            "--situps-per-week",
            "20",
        ],
    );
    assert!(message.contains("extension"), "{message}");
    assert!(psoas.show(&id)["symptoms"].is_null());
}

// ---------------------------------------------------------------------------------------------
// Exercises and phases

#[test]
fn a_completed_stretch_on_the_tight_side_moves_new_trials_to_after_stretch() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["12", "14", "13"], &["22", "20", "21"]);

    let stretch = psoas.json(&["exercise", &id, "--step", "stretch", "--variant", "a"]);
    assert_eq!(stretch["step"], "stretch");
    assert_eq!(stretch["exercise"]["kind"], "stretch");
    assert_eq!(stretch["exercise"]["option"], "edge_of_bed");
    assert_eq!(
        stretch["exercise"]["side"], "left",
        "side taken from the verdict"
    );
    assert_eq!(stretch["planned_seconds"], 5 * 30 + 4 * 10);
    assert_eq!(stretch["done_seconds"], 190);
    assert_eq!(stretch["outcome"], "completed");

    let strength = psoas.record(&id, "strength", "left", "5");
    assert_eq!(strength["phase"], "after_stretch");
    let retest = psoas.record(&id, "leg-raise", "left", "18");
    assert_eq!(retest["phase"], "after_stretch");
    assert_eq!(retest["trial"], 1, "trials are numbered per phase");
    psoas.record(&id, "strength", "right", "5");

    let not_needed = psoas.json(&[
        "exercise",
        &id,
        "--step",
        "strengthen",
        "--outcome",
        "not-needed",
    ]);
    assert_eq!(not_needed["step"], "strengthen");
    assert!(not_needed["exercise"].is_null());
    assert_eq!(not_needed["outcome"], "not_needed");
    assert_eq!(not_needed["done_seconds"], 0);

    // Nothing was done in the strengthening slot, so the phase stays after the stretch.
    let after = psoas.record(&id, "leg-raise", "right", "21");
    assert_eq!(after["phase"], "after_stretch");

    let view = psoas.show(&id);
    assert_eq!(array(&view["exercises"]).len(), 2);
    let comparisons = array(&view["comparisons"]);
    assert_eq!(comparisons[0]["test"], "leg_raise");
    assert_eq!(comparisons[0]["before"]["phase"], "baseline");
    assert_eq!(comparisons[0]["after"]["phase"], "after_stretch");
}

#[test]
fn a_completed_strengthening_moves_new_trials_to_after_strengthening() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["12", "14", "13"], &["22", "20", "21"]);
    psoas.ok(&["exercise", &id, "--step", "stretch", "--variant", "a"]);
    psoas.record(&id, "strength", "left", "5");
    psoas.record(&id, "strength", "right", "4");

    let strengthen = psoas.json(&["exercise", &id, "--step", "strengthen", "--variant", "b"]);
    assert_eq!(strengthen["exercise"]["kind"], "strengthen");
    assert_eq!(strengthen["exercise"]["technique"], "glute_weak_side");
    assert_eq!(
        strengthen["exercise"]["weak_side"], "right",
        "side taken from the verdict"
    );
    assert_eq!(strengthen["planned_seconds"], 180);
    assert_eq!(strengthen["outcome"], "completed");

    let retest = psoas.record(&id, "leg-raise", "left", "19");
    assert_eq!(retest["phase"], "after_strengthening");
    assert_eq!(retest["trial"], 1);
    let retest = psoas.record(&id, "strength", "right", "5");
    assert_eq!(retest["phase"], "after_strengthening");

    let view = psoas.show(&id);
    let phases: Vec<&str> = array(&view["verdicts"])
        .iter()
        .map(|v| text(&v["phase"]))
        .collect();
    assert_eq!(
        phases,
        [
            "baseline",
            "after_strengthening",
            "after_stretch",
            "after_strengthening"
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// Verdicts, history, rules

#[test]
fn verdict_calls_the_left_side_tight_when_it_rises_eight_degrees_less() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["12", "14", "13"], &["22", "20", "21"]);
    let verdict = psoas.json(&["verdict", &id]);
    assert_eq!(verdict["session_id"], id.as_str());
    let leg = &verdict["leg_raise"];
    assert_eq!(leg["finding"]["kind"], "side");
    assert_eq!(leg["finding"]["side"], "left");
    assert_eq!(number(&leg["difference"]), 8.0);
    // Typed angles are goniometer readings: 1.96 x 4.5° x √(1/3 + 1/3) = 7.2° (rules 2026.2).
    assert_eq!(number(&leg["threshold"]), 7.2);
    assert_eq!(leg["method"], "goniometer");
    assert_eq!(leg["confidence"], "clear");
    assert_eq!(number(&leg["left"]["median"]), 13.0);
    assert_eq!(number(&leg["right"]["median"]), 21.0);
    assert!(!array(&leg["reasons"]).is_empty());

    let stretch = &verdict["plan"]["stretch"];
    assert_eq!(stretch["status"], "do");
    assert_eq!(stretch["exercise"]["side"], "left");
    let total: u64 = array(&stretch["timer"])
        .iter()
        .map(|i| i["seconds"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 190);
    assert_eq!(verdict["strength"]["finding"]["kind"], "incomplete");
    assert_eq!(verdict["plan"]["strengthen"]["status"], "not_needed");

    let out = psoas.ok(&["verdict", &id]);
    assert!(out.contains("Tight side: left"), "{out}");
}

#[test]
fn verdict_finds_no_clear_difference_under_five_degrees_and_plans_no_stretch() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["18"], &["20"]);
    let verdict = psoas.json(&["verdict", &id]);
    assert_eq!(
        verdict["leg_raise"]["finding"]["kind"],
        "no_clear_difference"
    );
    assert_eq!(number(&verdict["leg_raise"]["difference"]), 2.0);
    let stretch = &verdict["plan"]["stretch"];
    assert_eq!(stretch["status"], "not_needed");
    assert!(!text(&stretch["reason"]).is_empty());
}

#[test]
fn history_has_one_entry_per_session_with_tightness_weakness_and_back_pain() {
    let psoas = Psoas::new();
    psoas.add_anna();
    psoas.ok(&["profile", "add", "Ben"]);
    let first = psoas.new_session("Anna");
    psoas.ok(&[
        "symptoms",
        &first,
        "--back-pain",
        "3",
        "--pelvic-pain",
        "1",
        "--sitting-hours",
        "8",
    ]);
    psoas.leg_raises(&first, &["12", "14", "13"], &["22", "20", "21"]);
    psoas.record(&first, "strength", "left", "4");
    psoas.record(&first, "strength", "right", "5");
    let second = psoas.new_session("Ben");
    psoas.leg_raises(&second, &["18"], &["20"]);

    let history = psoas.json(&["history"]);
    let entries = array(&history);
    assert_eq!(entries.len(), 2);
    let anna = &entries[0];
    assert_eq!(anna["session_id"], first.as_str());
    assert_eq!(anna["profile_name"], "Anna");
    assert_eq!(anna["tightness"]["finding"], "side");
    assert_eq!(anna["tightness"]["side"], "left");
    assert_eq!(number(&anna["tightness"]["difference"]), 8.0);
    assert_eq!(anna["weakness"]["finding"], "side");
    assert_eq!(anna["weakness"]["side"], "left");
    assert_eq!(anna["back_pain"], 3);
    let ben = &entries[1];
    assert_eq!(ben["session_id"], second.as_str());
    assert_eq!(ben["tightness"]["finding"], "no_clear_difference");
    assert!(ben["tightness"]["side"].is_null());
    assert!(ben["weakness"].is_null());
    assert!(ben["back_pain"].is_null());

    let only_ben = psoas.json(&["history", "--profile", "ben"]);
    assert_eq!(array(&only_ben).len(), 1);
    assert_eq!(only_ben[0]["profile_name"], "Ben");
}

#[test]
fn history_text_shows_the_date_and_the_profile_name() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.leg_raises(&id, &["12"], &["22"]);
    let started = psoas.show(&id)["session"]["started_at"].clone();
    let date = &text(&started)[..10];
    let out = psoas.ok(&["history"]);
    assert!(out.contains(date), "history should show {date}:\n{out}");
    assert!(out.contains("Anna"), "{out}");
    let wide = psoas.ok(&["history", "--wide"]);
    assert!(wide.contains(&id[..8]), "{wide}");
}

#[test]
fn rules_list_the_rule_set_version_and_the_ten_percent_leg_raise_convention() {
    let psoas = Psoas::new();
    let rules = psoas.json(&["rules"]);
    let version = text(&rules["version"]);
    assert!(!version.is_empty());
    assert_eq!(rules["leg_raise_asymmetry"]["name"], "leg_raise_asymmetry");
    // Rules 2026.2: 10% of the freer leg is the floor; the method's error decides above it.
    assert_eq!(number(&rules["leg_raise_asymmetry"]["value"]), 10.0);
    let out = psoas.ok(&["rules"]);
    assert!(out.contains(version), "{out}");
    assert!(out.contains("leg_raise_asymmetry"), "{out}");
}

// ---------------------------------------------------------------------------------------------
// Bad input: exit code 2, one line saying what is wrong, nothing stored

fn session_with_one_trial() -> (Psoas, String) {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    psoas.record(&id, "leg-raise", "left", "12");
    (psoas, id)
}

#[test]
fn letters_where_a_number_goes_are_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = ["--test", "leg-raise", "--side", "right", "--value", "abc"];
    psoas.refuses_trial(&id, &args, "'abc' is not understood");
}

#[test]
fn a_negative_angle_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = ["--test", "leg-raise", "--side", "right", "--value", "-5"];
    psoas.refuses_trial(&id, &args, "between 0 and 90 degrees, got -5");
}

#[test]
fn an_angle_past_vertical_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = ["--test", "leg-raise", "--side", "right", "--value", "95"];
    psoas.refuses_trial(&id, &args, "between 0 and 90 degrees, got 95");
}

#[test]
fn a_strength_grade_of_seven_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = ["--test", "strength", "--side", "left", "--value", "7"];
    psoas.refuses_trial(&id, &args, "strength grade must be between 0 and 5");
}

#[test]
fn a_heel_height_above_the_leg_length_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = ["--test", "leg-raise", "--side", "right", "--value", "95 cm"];
    psoas.refuses_trial(&id, &args, "leg length of 90 cm");
}

#[test]
fn a_heel_height_on_a_profile_without_leg_length_is_refused() {
    let psoas = Psoas::new();
    psoas.ok(&["profile", "add", "Ben"]);
    let id = psoas.new_session("Ben");
    let args = ["--test", "leg-raise", "--side", "left", "--value", "20 cm"];
    psoas.refuses_trial(&id, &args, "leg length");
}

#[test]
fn a_wrong_side_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = ["--test", "leg-raise", "--side", "middle", "--value", "20"];
    psoas.refuses_trial(&id, &args, "'middle'");
}

#[test]
fn a_wrong_test_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = ["--test", "jump", "--side", "left", "--value", "20"];
    psoas.refuses_trial(&id, &args, "'jump'");
}

#[test]
fn a_trial_number_of_zero_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let args = [
        "--test",
        "leg-raise",
        "--side",
        "right",
        "--value",
        "20",
        "--trial",
        "0",
    ];
    psoas.refuses_trial(&id, &args, "trial number");
}

#[test]
fn pain_of_eleven_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let message = psoas.fails(
        2,
        &[
            "symptoms",
            &id,
            "--back-pain",
            "11",
            "--pelvic-pain",
            "0",
            "--sitting-hours",
            "6",
        ],
    );
    assert!(
        message.contains("pain must be between 0 and 10"),
        "{message}"
    );
    assert!(psoas.show(&id)["symptoms"].is_null());
}

#[test]
fn an_unknown_profile_name_is_refused() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let message = psoas.fails(
        2,
        &[
            "session",
            "new",
            "--profile",
            "Nobody",
            "--red-flags",
            "none",
        ],
    );
    assert!(message.contains("no profile matches 'Nobody'"), "{message}");
    assert_eq!(psoas.session_count(), 0);
    let message = psoas.fails(2, &["profile", "edit", "Nobody", "--leg-length", "80"]);
    assert!(message.contains("Nobody"), "{message}");
    let message = psoas.fails(2, &["history", "--profile", "Nobody"]);
    assert!(message.contains("Nobody"), "{message}");
}

#[test]
fn an_unknown_session_id_is_refused() {
    let (psoas, id) = session_with_one_trial();
    let message = psoas.fails(
        2,
        &[
            "record",
            "ffffffff",
            "--test",
            "leg-raise",
            "--side",
            "right",
            "--value",
            "20",
        ],
    );
    assert!(
        message.contains("no session matches 'ffffffff'"),
        "{message}"
    );
    for args in [
        vec!["session", "show", "ffffffff"],
        vec!["session", "finish", "ffffffff"],
        vec!["verdict", "ffffffff"],
    ] {
        let message = psoas.fails(2, &args);
        assert!(message.contains("ffffffff"), "{args:?}: {message}");
    }
    assert_eq!(psoas.measurements(&id).len(), 1);
}

#[test]
fn an_unknown_red_flag_is_refused() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let message = psoas.fails(
        2,
        &[
            "session",
            "new",
            "--profile",
            "Anna",
            "--red-flags",
            "headache",
        ],
    );
    assert!(message.contains("red flag: 'headache'"), "{message}");
    assert_eq!(psoas.session_count(), 0);
}

#[test]
fn an_empty_profile_name_is_refused() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let message = psoas.fails(2, &["profile", "add", "  "]);
    assert!(message.contains("needs a name"), "{message}");
    assert_eq!(psoas.profile_count(), 1);
}

#[test]
fn a_duplicate_profile_name_in_another_case_is_refused() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let message = psoas.fails(2, &["profile", "add", "aNNA", "--leg-length", "80"]);
    assert!(message.contains("already exists"), "{message}");
    let profiles = psoas.json(&["profile", "list"]);
    assert_eq!(array(&profiles).len(), 1);
    assert_eq!(number(&profiles[0]["leg_length_cm"]), 90.0);
}

// ---------------------------------------------------------------------------------------------
// Database files

#[test]
fn a_plain_text_db_file_is_refused_and_left_untouched() {
    let psoas = Psoas::new();
    let notes = b"my shopping list\neggs\nmilk\n";
    std::fs::write(psoas.db(), notes).unwrap();
    let message = psoas.fails(1, &["profile", "list"]);
    assert!(message.contains("not a psoas database"), "{message}");
    let message = psoas.fails(1, &["profile", "add", "Anna"]);
    assert!(message.contains("not a psoas database"), "{message}");
    assert_eq!(std::fs::read(psoas.db()).unwrap(), notes);
    assert_eq!(sibling_files(&psoas.db()), ["psoas.db"]);
}

#[cfg(unix)]
#[test]
fn a_read_only_db_file_is_refused() {
    use std::fs::Permissions;
    use std::os::unix::fs::PermissionsExt;

    let psoas = Psoas::new();
    psoas.add_anna();
    std::fs::set_permissions(psoas.db(), Permissions::from_mode(0o444)).unwrap();
    let message = psoas.fails(1, &["profile", "add", "Ben"]);
    assert!(message.contains("read-only"), "{message}");

    std::fs::set_permissions(psoas.db(), Permissions::from_mode(0o644)).unwrap();
    let names: Vec<String> = array(&psoas.json(&["profile", "list"]))
        .iter()
        .map(|p| text(&p["name"]).to_string())
        .collect();
    assert_eq!(names, ["Anna"], "nothing was added while it was read-only");
}

#[test]
fn an_unknown_url_scheme_is_refused_listing_what_is_accepted() {
    let psoas = Psoas::new();
    let message = psoas.fails_with_db("mysql://me@db/psoas", 2, &["profile", "list"]);
    assert!(message.contains("'mysql://'"), "{message}");
    assert!(message.contains("sqlite://"), "{message}");
    assert!(message.contains("postgres://"), "{message}");
    assert!(
        std::fs::read_dir(psoas.dir.path())
            .unwrap()
            .next()
            .is_none()
    );
}

/// A fresh database on the test run's PostgreSQL server.
fn postgres_db() -> psoas_testkit::TestDb {
    tokio::runtime::Runtime::new()
        .unwrap()
        .block_on(psoas_testkit::TestDb::new(psoas_testkit::Backend::Postgres))
}

#[test]
fn a_postgres_url_stores_and_reads_back_through_the_same_commands() {
    let psoas = Psoas::new();
    let db = postgres_db();
    for url in [
        db.url().to_string(),
        db.url().replacen("postgres://", "postgresql://", 1),
    ] {
        let name = if url.starts_with("postgresql") {
            "Ben"
        } else {
            "Anna"
        };
        psoas
            .run_with_db(&url, &["profile", "add", name, "--leg-length", "91"])
            .success();
    }
    let output = psoas
        .run_with_db(db.url(), &["profile", "list", "--json"])
        .success()
        .get_output()
        .stdout
        .clone();
    let listed: Value = serde_json::from_slice(&output).unwrap();
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Anna", "Ben"]);
    assert!(
        std::fs::read_dir(psoas.dir.path())
            .unwrap()
            .next()
            .is_none(),
        "no SQLite file was made"
    );
}

#[test]
fn an_unreachable_postgres_server_is_a_database_problem_named_without_its_password() {
    let psoas = Psoas::new();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("postgres://clinic:s3cret-pw@127.0.0.1:{port}/psoas");
    let message = psoas.fails_with_db(&url, 1, &["profile", "list"]);
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(!message.contains("s3cret-pw"), "{message}");
}

#[test]
fn a_sqlite_url_names_the_same_file_as_its_path() {
    let psoas = Psoas::new();
    let url = format!("sqlite://{}", psoas.db_arg());
    psoas
        .run_with_db(&url, &["profile", "add", "Anna"])
        .success();
    assert_eq!(psoas.json(&["profile", "list"])[0]["name"], "Anna");
}

#[test]
fn a_db_path_in_a_missing_folder_is_refused() {
    let psoas = Psoas::new();
    let missing = psoas.dir.path().join("missing").join("psoas.db");
    let message = psoas.fails_with_db(missing.to_str().unwrap(), 2, &["profile", "list"]);
    assert!(message.contains("does not exist"), "{message}");
    assert!(
        !missing.parent().unwrap().exists(),
        "the folder is not created"
    );
}

// ---------------------------------------------------------------------------------------------
// No terminal

#[test]
fn psoas_alone_without_a_terminal_suggests_psoas_check() {
    let psoas = Psoas::new();
    let message = psoas.fails(2, &[]);
    assert!(message.contains("psoas check"), "{message}");
    assert!(!psoas.db().exists(), "nothing is created");
}

#[test]
fn psoas_check_without_a_terminal_names_the_scriptable_commands() {
    let psoas = Psoas::new();
    let message = psoas.fails(2, &["check"]);
    assert!(message.contains("terminal"), "{message}");
    for command in ["session new", "record", "symptoms", "exercise", "verdict"] {
        assert!(
            message.contains(command),
            "should name {command}: {message}"
        );
    }
    let message = psoas.fails(2, &["resume"]);
    assert!(message.contains("terminal"), "{message}");
}

// ---------------------------------------------------------------------------------------------
// The database file on its own.

#[test]
fn a_copy_of_the_db_file_alone_holds_everything_written() {
    // README: "The database is one SQLite file; copy it to back it up (while no psoas command
    // is running)." Whether the last command checkpointed its WAL is a race at exit, so try a
    // few times.
    let psoas = Psoas::new();
    psoas.add_anna();
    let backups = TempDir::new().unwrap();
    for round in 1..=5 {
        psoas.new_session("Anna");
        let copy = backups.path().join(format!("copy{round}.db"));
        std::fs::copy(psoas.db(), &copy).unwrap();
        let listed = psoas
            .run_with_db(copy.to_str().unwrap(), &["session", "list", "--json"])
            .success();
        let sessions: Value = serde_json::from_slice(&listed.get_output().stdout).unwrap();
        assert_eq!(
            array(&sessions).len(),
            round,
            "the copy of psoas.db alone misses sessions still in {:?}",
            sibling_files(&psoas.db())
        );
    }
}

#[test]
fn psoas_check_without_a_terminal_creates_no_database() {
    let psoas = Psoas::new();
    psoas.fails(2, &["check"]);
    assert!(
        !psoas.db().exists(),
        "exit code 2 means nothing was stored, yet {:?} exist",
        sibling_files(&psoas.db())
    );
}

#[test]
fn an_empty_db_setting_is_refused_instead_of_falling_back_to_the_default() {
    let psoas = Psoas::new();
    let message = psoas.fails_with_db("", 2, &["profile", "list"]);
    assert!(message.contains("empty"), "{message}");
}

#[test]
fn leg_length_accepts_its_unit_in_any_case() {
    let psoas = Psoas::new();
    let profile = psoas.json(&["profile", "add", "Cleo", "--leg-length", "90 CM"]);
    assert_eq!(profile["leg_length_cm"], 90.0);
}

// ---------------------------------------------------------------------------------------------
// Error-aware verdicts (rules 2026.2): the threshold follows the method and the trial count

/// Records leg-raise trials taken with a named method, left then right.
/// Records leg-raise trials measured one way, left then right; a stray value meant as it is
/// is confirmed (`--confirm` changes nothing for a usual one).
fn leg_raises_by(psoas: &Psoas, session: &str, method: &str, left: &[&str], right: &[&str]) {
    for (side, values) in [("left", left), ("right", right)] {
        for value in values {
            psoas.json(&[
                "record",
                session,
                "--test",
                "leg-raise",
                "--side",
                side,
                "--value",
                value,
                "--method",
                method,
                "--confirm",
            ]);
        }
    }
}

#[test]
fn the_same_four_degrees_is_no_clear_difference_by_eye_but_the_tight_side_by_inclinometer() {
    let psoas = Psoas::new();
    psoas.add_anna();

    // By eye, 3 trials a side: 1.96 x 5° x √(1/3 + 1/3) = 8° is needed; 4° is not enough.
    let by_eye = psoas.new_session("Anna");
    leg_raises_by(&psoas, &by_eye, "eyeballed", &["16"; 3], &["20"; 3]);
    let verdict = psoas.json(&["verdict", &by_eye]);
    let leg = &verdict["leg_raise"];
    assert_eq!(leg["finding"]["kind"], "no_clear_difference");
    assert_eq!(number(&leg["difference"]), 4.0);
    assert_eq!(number(&leg["threshold"]), 8.0);
    assert_eq!(leg["method"], "eyeballed");
    assert_eq!(number(&leg["method_error"]), 5.0);
    assert_eq!(leg["confidence"], "unclear");
    assert!(
        text(&leg["confidence_reason"]).contains("4° difference is within the 8°"),
        "{leg:#}"
    );
    assert!(leg["more_trials"].is_null());
    assert_eq!(verdict["plan"]["stretch"]["status"], "not_needed");
    let out = psoas.ok(&["verdict", &by_eye, "--explain"]);
    assert!(out.contains("No clear difference"), "{out}");
    assert!(out.contains("no side can be called"), "{out}");
    assert!(out.contains("treated as coarse"), "{out}");

    // With an inclinometer, 3 trials a side: 1.96 x 2° x √(1/3 + 1/3) = 3.2°; 4° is a side.
    let measured = psoas.new_session("Anna");
    leg_raises_by(&psoas, &measured, "inclinometer", &["16"; 3], &["20"; 3]);
    let verdict = psoas.json(&["verdict", &measured]);
    let leg = &verdict["leg_raise"];
    assert_eq!(
        leg["finding"],
        serde_json::json!({"kind": "side", "side": "left"})
    );
    assert_eq!(number(&leg["difference"]), 4.0);
    assert_eq!(number(&leg["threshold"]), 3.2);
    assert_eq!(leg["method"], "inclinometer");
    assert_eq!(number(&leg["method_error"]), 2.0);
    assert_eq!(leg["confidence"], "clear");
    assert_eq!(verdict["plan"]["stretch"]["exercise"]["side"], "left");
    let out = psoas.ok(&["verdict", &measured, "--explain"]);
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(out.contains("Tight side: left (clear)"), "{out}");
    assert!(flat.contains("The 4° difference reaches the 3.2°"), "{out}");
    assert!(flat.contains("1.96 × 2° × √(1/3 + 1/3) = 3.2°"), "{out}");

    // The same 4° from one inclinometer trial a side is within its 5.5°.
    let once = psoas.new_session("Anna");
    leg_raises_by(&psoas, &once, "inclinometer", &["16"], &["20"]);
    let leg = &psoas.json(&["verdict", &once])["leg_raise"];
    assert_eq!(leg["finding"]["kind"], "no_clear_difference");
    assert_eq!(number(&leg["threshold"]), 5.5);
}

#[test]
fn a_wide_spread_asks_for_more_trials_until_the_stray_trial_is_outvoted() {
    let psoas = Psoas::new();
    psoas.add_anna();
    let id = psoas.new_session("Anna");
    // The left trials spread over 8°, more than one inclinometer trial's 5.5°.
    leg_raises_by(
        &psoas,
        &id,
        "inclinometer",
        &["12", "20", "16"],
        &["22", "21", "22"],
    );
    let leg = psoas.json(&["verdict", &id])["leg_raise"].clone();
    assert_eq!(leg["finding"]["side"], "left");
    assert_eq!(leg["confidence"], "likely");
    assert_eq!(number(&leg["left"]["spread"]), 8.0);
    assert_eq!(leg["more_trials"]["sides"], serde_json::json!(["left"]));
    let reason = text(&leg["more_trials"]["reason"]);
    assert!(
        reason.starts_with(
            "Take more trials on the left side: the left side's trials spread over 8°"
        ),
        "{reason}"
    );
    let out = psoas.ok(&["verdict", &id]);
    assert!(out.contains("Tight side: left (likely)"), "{out}");
    assert!(out.contains("Take more trials on the left side"), "{out}");
    // The one more trial it offers, as the command that takes it.
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let short = &id[..8];
    assert!(
        joined.contains(&format!(
            "Take another trial on the left side (trial 4): psoas record {short} --test \
             leg-raise --side left --phase baseline --value ..."
        )),
        "{out}"
    );

    // Two more trials that agree: from five trials the highest and lowest are set aside.
    leg_raises_by(&psoas, &id, "inclinometer", &["15", "16"], &[]);
    let leg = psoas.json(&["verdict", &id])["leg_raise"].clone();
    assert_eq!(leg["finding"]["side"], "left");
    assert_eq!(number(&leg["left"]["spread"]), 1.0);
    assert!(leg["more_trials"].is_null(), "{leg:#}");
    assert_eq!(leg["confidence"], "clear");
    let out = psoas.ok(&["verdict", &id]);
    assert!(!out.contains("Take more trials"), "{out}");
}

#[test]
fn a_heel_height_without_leg_length_uses_the_body_height_and_says_so() {
    let psoas = Psoas::new();
    let ben = psoas.json(&["profile", "add", "Ben", "--body-height", "170"]);
    assert_eq!(number(&ben["body_height_cm"]), 170.0);
    assert!(ben["leg_length_cm"].is_null());
    let table = psoas.ok(&["profile", "list"]);
    assert!(table.contains("90.1 cm (estimated)"), "{table}");

    let id = psoas.new_session("Ben");
    // 0.53 x 170 cm = 90.1 cm of leg: 20 cm is 12.8°, 30 cm is 19.4°.
    let m = psoas.record(&id, "leg-raise", "left", "20 cm");
    assert_eq!(m["method"], "tape_measure");
    assert_eq!(m["reading"]["kind"], "heel_height");
    assert_eq!(number(&m["reading"]["leg_length_cm"]), 90.1);
    assert_eq!(m["reading"]["leg_length_estimated"], true);
    psoas.record(&id, "leg-raise", "left", "20 cm");
    psoas.record(&id, "leg-raise", "right", "30 cm");
    psoas.record(&id, "leg-raise", "right", "30 cm");
    let leg = psoas.json(&["verdict", &id])["leg_raise"].clone();
    assert_eq!(leg["finding"]["side"], "left");
    assert_eq!(leg["method"], "tape_measure");
    let reasons: Vec<&str> = array(&leg["reasons"]).iter().map(text).collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.contains("leg length estimated from body height")),
        "{reasons:?}"
    );
    let shown = psoas.ok(&["session", "show", &id]);
    assert!(
        shown.contains("leg length estimated from body height"),
        "{shown}"
    );

    // A measured leg length wins over the estimate for later trials.
    let edited = psoas.json(&["profile", "edit", "Ben", "--leg-length", "88"]);
    assert_eq!(number(&edited["body_height_cm"]), 170.0);
    let m = psoas.record(&id, "leg-raise", "left", "20 cm");
    assert_eq!(number(&m["reading"]["leg_length_cm"]), 88.0);
    assert_eq!(m["reading"]["leg_length_estimated"], false);

    let message = psoas.fails(2, &["profile", "add", "Cy", "--body-height", "300"]);
    assert!(
        message.contains("body height must be between 80 and 240"),
        "{message}"
    );
}

#[test]
fn rules_list_every_methods_error_with_its_source() {
    let psoas = Psoas::new();
    let rules = psoas.json(&["rules"]);
    assert_eq!(rules["version"], "2026.2");
    let errors = array(&rules["method_errors"]);
    let methods: Vec<&str> = errors.iter().map(|e| text(&e["method"])).collect();
    assert_eq!(
        methods,
        [
            "eyeballed",
            "goniometer",
            "inclinometer",
            "phone_inclinometer",
            "camera_markers",
            "tape_measure",
            "dynamometer",
            "helpers_feel"
        ]
    );
    for e in errors {
        assert!(number(&e["value"]) > 0.0, "{e}");
        assert!(!text(&e["source"]).is_empty(), "{e}");
        assert!(number(&e["mdc95"]) > 0.0, "{e}");
    }
    assert_eq!(errors[0]["coarse"], true);
    assert_eq!(number(&errors[2]["value"]), 2.0);
    let out = psoas.ok(&["rules"]);
    assert!(out.contains("error_goniometer"), "{out}");
    assert!(out.contains("Roach et al."), "{out}");
    assert!(
        out.contains("Winter, Biomechanics and Motor Control"),
        "{out}"
    );
}
