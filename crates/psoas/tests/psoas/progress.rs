//! `psoas chart` and `psoas report` as a person runs them: the real binary over a real SQLite
//! file with sessions recorded by its own commands; the files it writes decoded and read.

use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

const DB: &str = "psoas.db";

fn psoas(dir: &Path, args: &[&str]) -> std::process::Output {
    crate::run::psoas(dir, DB, args)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    crate::run::ok(dir, DB, args)
}

/// Starts a screened session of one trial a side; returns its id.
fn one_trial_session(dir: &Path, profile: &str) -> String {
    let out = ok(
        dir,
        &[
            "session",
            "new",
            "--profile",
            profile,
            "--red-flags",
            "none",
            "--trials",
            "1",
            "--json",
        ],
    );
    serde_json::from_str::<Value>(&out).unwrap()["session"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// Two sessions of Anna's, the second with a stretch and a retest; returns their ids.
fn history(dir: &Path) -> Vec<String> {
    ok(
        dir,
        &[
            "profile",
            "add",
            "Anna",
            "--leg-length",
            "90",
            "--birth-year",
            "1984",
        ],
    );
    let mut ids = Vec::new();
    for (left, right) in [("12", "24"), ("16", "23")] {
        let id = one_trial_session(dir, "Anna");
        ok(
            dir,
            &[
                "symptoms",
                &id,
                "--back-pain",
                "5",
                "--pelvic-pain",
                "2",
                "--sitting-hours",
                "9",
            ],
        );
        for (side, value) in [("left", left), ("right", right)] {
            ok(
                dir,
                &[
                    "record",
                    &id,
                    "--test",
                    "leg-raise",
                    "--side",
                    side,
                    "--value",
                    value,
                    "--method",
                    "inclinometer",
                ],
            );
        }
        ids.push(id);
    }
    let last = ids[1].clone();
    ok(
        dir,
        &[
            "exercise",
            &last,
            "--step",
            "stretch",
            "--variant",
            "a",
            "--reps",
            "1",
            "--hold-seconds",
            "5",
            "--release-seconds",
            "1",
        ],
    );
    for (side, value) in [("left", "21"), ("right", "24")] {
        ok(
            dir,
            &[
                "record",
                &last,
                "--test",
                "leg-raise",
                "--side",
                side,
                "--value",
                value,
                "--method",
                "inclinometer",
            ],
        );
    }
    ids
}

#[test]
fn the_history_says_whether_the_sides_came_into_balance_beyond_error() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    history(d);
    let out = ok(d, &["history", "--profile", "Anna"]);
    let flat = out.split_whitespace().collect::<Vec<_>>().join(" ");
    // One inclinometer trial a side in each session: the gap must move 1.96 x 2° x √4 = 7.8°.
    assert!(
        flat.contains(
            "Over 2 sessions from 20"
        ) && flat.contains(
            ", the leg-raise gap went from 12° (left lower) to 7° (left lower) (5° closer); with \
             the trials of those two sessions an inclinometer (or phone app) can detect 7.8°, so \
             that is within measurement error."
        ),
        "{out}"
    );
    assert!(
        !flat.contains("strength gap"),
        "no strength was measured: {out}"
    );
}

#[test]
fn charts_come_out_as_svg_and_png_files() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let ids = history(d);
    let svg = d.join("raise.svg");
    ok(
        d,
        &[
            "chart",
            "leg-raise",
            "--profile",
            "anna",
            "--out",
            svg.to_str().unwrap(),
        ],
    );
    let text = std::fs::read_to_string(&svg).unwrap();
    let doc = roxmltree::Document::parse(&text).unwrap();
    let labels: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .filter_map(|n| n.text().map(str::trim))
        .collect();
    assert!(
        labels.contains(&"left") && labels.contains(&"right"),
        "{labels:?}"
    );

    let png_path = d.join("before.png");
    ok(
        d,
        &[
            "chart",
            "before-after",
            "--session",
            &ids[1][..8],
            "--out",
            png_path.to_str().unwrap(),
            "--width",
            "400",
            "--height",
            "300",
        ],
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(&png_path).unwrap(),
    ));
    let reader = decoder.read_info().unwrap();
    assert_eq!((reader.info().width, reader.info().height), (400, 300));
}

#[test]
fn a_chart_that_cannot_be_drawn_says_why_and_writes_nothing() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let ids = history(d);
    let out = psoas(
        d,
        &[
            "chart",
            "before-after",
            "--session",
            &ids[0],
            "--out",
            d.join("x.svg").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("retest"));
    assert!(!d.join("x.svg").exists());
    let out = psoas(
        d,
        &[
            "chart",
            "leg-raise",
            "--profile",
            "Anna",
            "--out",
            d.join("x.jpg").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains(".svg or .png"));
    let out = psoas(
        d,
        &[
            "chart",
            "pie",
            "--profile",
            "Anna",
            "--out",
            d.join("x.svg").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown chart"));
    let out = psoas(
        d,
        &["chart", "pain", "--out", d.join("x.svg").to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--profile"));
}

/// The text of a PDF, through poppler's pdftotext.
fn pdf_text(path: &Path) -> String {
    let out = std::process::Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext (Debian's poppler-utils; scripts/test installs it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_period_report_has_everything_a_practitioner_files() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    history(d);
    let pdf = d.join("anna.pdf");
    ok(
        d,
        &[
            "report",
            "--profile",
            "Anna",
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "psoas report: Anna",
        "Name: Anna, born 1984, leg length 90 cm",
        "2 sessions on ",
        "Educational guidance, not medical advice",
        "Pain trend over 2 sessions",
        "low back 5",
        "Leg-raise (tightness) test, before exercises: Tight side: left (clear)",
        "Leg-raise (tightness) test, after the stretch: No clear difference between the sides",
        "Exercise: Stretch a: edge of the bed, on the left side (the tight side): completed (0:05).",
        "the leg-raise gap went from 12° (left lower) to 7° (left lower) (5° closer); with the \
         trials of those two sessions an inclinometer (or phone app) can detect 7.8°, so that is \
         within measurement error.",
        "Test Side Before the exercises At the retest Change",
        "Leg raise left 16° 21° +5°,",
        // The retest judged in sentences under the table.
        "Leg raise: Tight side: left → No clear difference between the sides",
        "Left leg: 16° → 21°, +5°,",
        "The gap between the sides went from 7° (left lower) to 3° (left lower)",
        "right 23° 24°",
        "Charts",
        "Leg raise per side",
        "Side difference (left minus right)",
        "Leg raise before and after the exercises (",
        "page 1 of",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The reasons come with their numbers and threshold.
    assert!(flat.contains("threshold"), "{text}");
    for wrong in ["session(s)", "Before (after", "Weak side: left (after"] {
        assert!(!flat.contains(wrong), "{wrong:?} in:\n{text}");
    }
}

#[test]
fn a_session_report_and_its_refusals() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let ids = history(d);
    let pdf = d.join("one.pdf");
    ok(
        d,
        &[
            "report",
            "--session",
            &ids[1][..8],
            "--out",
            pdf.to_str().unwrap(),
        ],
    );
    let text = pdf_text(&pdf);
    assert!(text.contains("1 session on 20"), "{text}");
    assert!(text.contains("session of"), "{text}");

    let out = psoas(
        d,
        &[
            "report",
            "--profile",
            "Anna",
            "--from",
            "2001-01-01",
            "--to",
            "2001-02-01",
            "--out",
            d.join("none.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no session in that period"));
    assert!(!d.join("none.pdf").exists());
    let out = psoas(
        d,
        &[
            "report",
            "--profile",
            "Anna",
            "--from",
            "last week",
            "--out",
            d.join("x.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
    let out = psoas(
        d,
        &[
            "report",
            "--profile",
            "Anna",
            "--out",
            d.join("x.txt").to_str().unwrap(),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

/// A session of Zoë's (a name in three scripts) with grades, technique a (the helper works
/// the strong left side for the weak right one) and a strength retest.
fn strength_session(dir: &Path) -> String {
    ok(
        dir,
        &["profile", "add", "Zoë Ἀθηνᾶ/李", "--leg-length", "90"],
    );
    let id = one_trial_session(dir, "Zoë Ἀθηνᾶ/李");
    let record = |test: &str, side: &str, value: &str| {
        ok(
            dir,
            &[
                "record", &id, "--test", test, "--side", side, "--value", value,
            ],
        );
    };
    record("leg-raise", "left", "40");
    record("leg-raise", "right", "41");
    ok(
        dir,
        &[
            "exercise",
            &id,
            "--step",
            "stretch",
            "--outcome",
            "not-needed",
        ],
    );
    record("strength", "left", "5");
    record("strength", "right", "3");
    ok(
        dir,
        &[
            "exercise",
            &id,
            "--step",
            "strengthen",
            "--variant",
            "a",
            "--outcome",
            "stopped",
            "--seconds",
            "75",
        ],
    );
    record("strength", "left", "5");
    record("strength", "right", "4");
    id
}

#[test]
fn a_session_report_names_the_strong_side_worked_and_tables_the_strength_test() {
    let dir = TempDir::new().unwrap();
    let d = dir.path();
    let id = strength_session(d);
    // Without --out the file is named after the person and the day, in the current folder.
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_psoas"))
        .current_dir(d)
        .env("HOME", d)
        .env_remove("PSOAS_DATABASE_URL")
        .args([
            "--db",
            d.join(DB).to_str().unwrap(),
            "report",
            "--session",
            &id[..8],
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let day = &ok(d, &["session", "show", &id, "--json"]);
    let started: Value = serde_json::from_str(day).unwrap();
    let date = &started["session"]["started_at"].as_str().unwrap()[..10];
    let pdf = d.join(format!("psoas-Zoë-Ἀθηνᾶ-李-{date}.pdf"));
    assert!(
        pdf.exists(),
        "{:?} missing; the folder has {:?}",
        pdf,
        std::fs::read_dir(d)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect::<Vec<_>>()
    );
    let text = pdf_text(&pdf);
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Greek is drawn with DejaVu Sans, the Chinese with the fallback font: both embedded.
    assert!(!text.contains('?'), "{text}");
    let fonts = std::process::Command::new("pdffonts")
        .arg(&pdf)
        .output()
        .expect("pdffonts (Debian's poppler-utils; scripts/test installs it)");
    let fonts = String::from_utf8(fonts.stdout).unwrap();
    for name in ["PSOASA+DejaVuSans", "PSOASB+DroidSansFallback"] {
        let line = fonts
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} not in:\n{fonts}"));
        // name, type (two words), encoding, then emb / sub / uni.
        let flags: Vec<&str> = line.split_whitespace().skip(4).take(3).collect();
        assert_eq!(
            flags,
            ["yes", "yes", "yes"],
            "{name} embedded, subset, with Unicode: {line}"
        );
    }
    for expected in [
        "psoas report: Zoë Ἀθηνᾶ/李",
        "Name: Zoë Ἀθηνᾶ/李, leg length 90 cm",
        "Strength test, before exercises: Weak side: right (clear)",
        "Strength test, after strengthening: Weak side: right (likely)",
        "Exercise: Strengthen a: belly on the strong side, worked on the left side (the strong \
         side, to help the weak right side): stopped after 1:15 of 3:00.",
        "Exercise: Stretch: not needed",
        "Strength left 5/5 5/5",
        "right 3/5 4/5",
        "Leg raise left 40° not retested",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in:\n{text}");
    }
}
