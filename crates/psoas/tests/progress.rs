//! `psoas chart` and `psoas report` as a person runs them: the real binary over a real SQLite
//! file with sessions recorded by its own commands; the files it writes decoded and read.

use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

mod run;

const DB: &str = "psoas.db";

fn psoas(dir: &Path, args: &[&str]) -> std::process::Output {
    run::psoas(dir, DB, args)
}

fn ok(dir: &Path, args: &[&str]) -> String {
    run::ok(dir, DB, args)
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
        let out = ok(
            dir,
            &[
                "session",
                "new",
                "--profile",
                "Anna",
                "--red-flags",
                "none",
                "--trials",
                "1",
                "--json",
            ],
        );
        let id = serde_json::from_str::<Value>(&out).unwrap()["session"]["id"]
            .as_str()
            .unwrap()
            .to_string();
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
        "2 session(s) from",
        "Educational guidance, not medical advice",
        "Pain trend over 2 sessions",
        "low back 5",
        "Before (before exercises): Tight side: left",
        "After (after the stretch): No clear difference between the sides",
        "Exercise: Stretch a: edge of the bed (left side) - worked on the left side",
        "Charts",
        "page 1 of",
    ] {
        assert!(flat.contains(expected), "{expected:?} not in:\n{text}");
    }
    // The reasons come with their numbers and threshold.
    assert!(flat.contains("threshold"), "{text}");
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
    assert!(text.contains("1 session(s)"), "{text}");
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
