//! `psoas export` and `psoas import` as a person runs them: the real binary, real SQLite
//! files, files written and read back.

use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

use crate::run::{ok, psoas};

/// A profile with one session of trials, pain and a stretch.
fn history(dir: &Path) {
    ok(
        dir,
        "a.db",
        &["profile", "add", "Anna", "--leg-length", "90"],
    );
    let out = ok(
        dir,
        "a.db",
        &[
            "session",
            "new",
            "--profile",
            "Anna",
            "--red-flags",
            "none",
            "--json",
        ],
    );
    let session: Value = serde_json::from_str(&out).unwrap();
    let id = session["session"]["id"]
        .as_str()
        .or(session["id"].as_str())
        .unwrap()
        .to_string();
    ok(
        dir,
        "a.db",
        &[
            "symptoms",
            &id,
            "--back-pain",
            "4",
            "--pelvic-pain",
            "1",
            "--sitting-hours",
            "8",
        ],
    );
    // Heel heights on both sides: one way of measuring per test, and the export carries
    // the height with the angle it converts to.
    for (side, value) in [
        ("left", "18 cm"),
        ("right", "40 cm"),
        ("left", "21 cm"),
        ("right", "41 cm"),
    ] {
        ok(
            dir,
            "a.db",
            &[
                "record",
                &id,
                "--test",
                "leg-raise",
                "--side",
                side,
                "--value",
                value,
            ],
        );
    }
    ok(
        dir,
        "a.db",
        &[
            "record", &id, "--test", "strength", "--side", "left", "--value", "15 kgf",
        ],
    );
    ok(
        dir,
        "a.db",
        &[
            "record", &id, "--test", "strength", "--side", "right", "--value", "140 N",
        ],
    );
}

#[test]
fn an_archive_moves_a_history_to_another_database_and_back_without_loss() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    history(d);
    let file = d.join("anna.psoas.json");
    let out = psoas(
        d,
        "a.db",
        &[
            "export",
            "--format",
            "json",
            "--out",
            file.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Exported 6 trials"));

    let first: Value = serde_json::from_str(&ok(
        d,
        "b.db",
        &["import", file.to_str().unwrap(), "--json"],
    ))
    .unwrap();
    assert_eq!(first["profiles_added"], 1);
    assert_eq!(first["measurements_added"], 6);
    let again = ok(d, "b.db", &["import", file.to_str().unwrap()]);
    assert!(again.starts_with("Nothing new"), "{again}");

    // The same archive out of the second database, but for the export time.
    let strip = |text: String| -> Value {
        let mut v: Value = serde_json::from_str(&text).unwrap();
        v.as_object_mut().unwrap().remove("exported_at");
        v
    };
    let a = strip(ok(d, "a.db", &["export", "--format", "json"]));
    let b = strip(ok(d, "b.db", &["export", "--format", "json"]));
    assert_eq!(a, b);
    assert_eq!(
        ok(d, "a.db", &["history", "--json"]),
        ok(d, "b.db", &["history", "--json"])
    );
}

#[test]
fn csv_and_fhir_come_out_of_the_terminal() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    history(d);
    let csv = ok(
        d,
        "a.db",
        &["export", "--format", "csv", "--profile", "anna"],
    );
    assert_eq!(csv.lines().count(), 7, "{csv}");
    assert!(csv.starts_with("profile_id,profile_name,session_id,"));
    let fhir: Value =
        serde_json::from_str(&ok(d, "a.db", &["export", "--format", "fhir"])).unwrap();
    assert_eq!(fhir["resourceType"], "Bundle");
    // A patient, an encounter, six trials and two pain scores.
    assert_eq!(fhir["entry"].as_array().unwrap().len(), 10);
}

#[test]
fn a_damaged_archive_is_refused_whole_with_each_problem_placed() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    history(d);
    let text = ok(d, "a.db", &["export", "--format", "json"]);
    let mut archive: Value = serde_json::from_str(&text).unwrap();
    archive["sessions"][0]["measurements"][0]["side"] = "up".into();
    archive["sessions"][0]["symptoms"]["pelvic_pain"] = 12.into();
    let bad = d.join("bad.json");
    std::fs::write(&bad, serde_json::to_vec(&archive).unwrap()).unwrap();

    let out = psoas(d, "b.db", &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("psoas: "), "{err}");
    assert!(err.contains("2 problems; nothing was stored"), "{err}");
    assert!(err.contains("/sessions/0/symptoms/pelvic_pain"), "{err}");
    assert!(err.contains("/sessions/0/measurements/0/side"), "{err}");
    assert_eq!(ok(d, "b.db", &["profile", "list", "--json"]).trim(), "[]");

    std::fs::write(&bad, &text.as_bytes()[..text.len() / 2]).unwrap();
    let out = psoas(d, "b.db", &["import", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("line 2, column"));

    let out = psoas(
        d,
        "b.db",
        &["import", d.join("missing.json").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read"));
}

#[test]
fn bad_export_requests_say_what_to_change_and_leave_no_file() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    history(d);
    let out = psoas(d, "a.db", &["export", "--format", "xml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("use csv, json or fhir"));
    let target = d.join("nobody.csv");
    let out = psoas(
        d,
        "a.db",
        &[
            "export",
            "--format",
            "csv",
            "--profile",
            "Nobody",
            "--out",
            target.to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(!target.exists());
    let out = psoas(
        d,
        "a.db",
        &[
            "export",
            "--format",
            "csv",
            "--out",
            d.join("no/such/dir.csv").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("folder exists"));
    let leftovers: Vec<_> = std::fs::read_dir(d)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(leftovers.is_empty());
}

#[cfg(unix)]
#[test]
fn the_database_its_journal_exports_reports_and_backups_are_private_to_their_owner() {
    use std::os::unix::fs::PermissionsExt;
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    history(d);
    let csv = d.join("anna.csv");
    let report = d.join("anna.pdf");
    let backup = d.join("backup.db");
    ok(
        d,
        "a.db",
        &["export", "--format", "csv", "--out", csv.to_str().unwrap()],
    );
    ok(
        d,
        "a.db",
        &[
            "report",
            "--profile",
            "Anna",
            "--out",
            report.to_str().unwrap(),
        ],
    );
    ok(d, "a.db", &["backup", "--out", backup.to_str().unwrap()]);
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    for file in [d.join("a.db"), csv, report, backup] {
        assert_eq!(mode(&file), 0o600, "{} is private", file.display());
    }
    // While a connection is open the journal files exist; SQLite gives them the file's mode.
    let wal = d.join("a.db-wal");
    if wal.exists() {
        assert_eq!(mode(&wal), 0o600);
    }
}
