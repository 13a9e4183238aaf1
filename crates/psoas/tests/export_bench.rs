//! The export benchmark of `psoas-bench` (what `scripts/bench` writes under "Export" in
//! BENCHMARKS.md) on the real `psoas` binary and real SQLite files, at a tiny size: each
//! format is exported whole, the figures come from the child process, and a failing export
//! is an error that says why rather than a figure.

use psoas_bench::BenchError;
use psoas_bench::export::{self, FORMATS};
use serde_json::Value;
use std::path::Path;
use tempfile::TempDir;

fn binary() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_psoas"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_format_is_exported_whole_and_measured_from_the_child_process() {
    let dir = TempDir::new().unwrap();
    let figures = export::measure(binary(), dir.path(), &[200, 400], 1)
        .await
        .unwrap();

    let sizes: Vec<usize> = figures.filled.iter().map(|f| f.trials).collect();
    assert_eq!(sizes, [200, 400]);
    assert!(figures.filled.iter().all(|f| f.bytes > 0));
    assert_eq!(figures.cells.len(), 2 * FORMATS.len());
    for cell in &figures.cells {
        assert_eq!(cell.runs.len(), 1);
        let run = cell.runs[0];
        assert_eq!(run.trials, cell.trials as u64, "{}", cell.format);
        // A real process of a real binary: some MiB resident, and far from a GiB.
        assert!(
            run.peak_rss_kib > 1024 && run.peak_rss_kib < 1024 * 1024,
            "{} peak {} KiB",
            cell.format,
            run.peak_rss_kib
        );
        assert!(run.wall.as_nanos() > 0 && cell.trials_per_second() > 0.0);
        let written = dir
            .path()
            .join(format!("export-{}.{}", cell.trials, cell.format));
        assert_eq!(run.bytes, std::fs::metadata(&written).unwrap().len());
    }
    for format in FORMATS {
        let ratio = figures.peak_ratio(format).unwrap();
        assert!(ratio.is_finite() && ratio > 0.0, "{format}: {ratio}");
    }

    // What was written is the whole history: a header and one CSV row per trial, and every
    // trial in the archive.
    let csv = std::fs::read_to_string(dir.path().join("export-400.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 400);
    let archive: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("export-400.json")).unwrap())
            .unwrap();
    let trials: usize = archive["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["measurements"].as_array().unwrap().len())
        .sum();
    assert_eq!(trials, 400);
    let bundle: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("export-400.fhir")).unwrap())
            .unwrap();
    assert_eq!(bundle["resourceType"], "Bundle");
}

#[tokio::test]
async fn a_failing_export_is_an_error_with_psoas_s_own_message() {
    let dir = TempDir::new().unwrap();
    let filled = export::fill(&dir.path().join("small.db"), 12)
        .await
        .unwrap();
    let out = dir.path().join("out.xml");

    let err = export::export_once(binary(), &filled.db, "xml", &out).unwrap_err();
    let BenchError::Export(message) = &err else {
        panic!("not an export error: {err}");
    };
    assert!(
        message.starts_with("psoas export --format xml failed (exit status: 2): psoas: "),
        "{message}"
    );
    assert!(!out.exists(), "nothing is written by a failed export");

    let missing = dir.path().join("no-such-psoas");
    let err = export::export_once(&missing, &filled.db, "csv", &out).unwrap_err();
    assert!(err.to_string().contains("cannot start"), "{err}");
}
