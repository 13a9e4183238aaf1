//! Export at scale: SQLite files filled with long histories, each exported by the real
//! `psoas export` binary in every format as a child process, timed from spawn to reaping, with
//! the child's peak resident memory as the kernel counted it (`ru_maxrss` from `wait4(2)`,
//! that one process's own high-water mark, not a sample).

use psoas_store::Store;
use psoas_store_sqlite::SqliteStore;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
// `wait4(2)` with the child's own rusage; the workspace forbids `unsafe`, so not libc directly.
use wait4::Wait4;

use crate::BenchError;
use crate::seed;
use crate::stats::median;

/// The formats `psoas export --format` takes, in the report's order.
pub const FORMATS: [&str; 3] = ["csv", "json", "fhir"];

/// One run of `psoas export`.
#[derive(Debug, Clone, Copy)]
pub struct ExportRun {
    /// From spawning the process until it was reaped.
    pub wall: Duration,
    /// The child's peak resident memory (`ru_maxrss`), KiB.
    pub peak_rss_kib: u64,
    /// The size of the file it wrote.
    pub bytes: u64,
    /// The trials it said it exported.
    pub trials: u64,
}

fn failed(what: impl std::fmt::Display) -> BenchError {
    BenchError::Export(what.to_string())
}

/// Runs `psoas --db DB export --format FORMAT --out OUT` once and measures it. A failed
/// export, or one that does not say how many trials it wrote, is an error with its message.
pub fn export_once(
    psoas: &Path,
    db: &Path,
    format: &str,
    out: &Path,
) -> Result<ExportRun, BenchError> {
    let _ = std::fs::remove_file(out);
    let started = Instant::now();
    let mut child = Command::new(psoas)
        .env_remove("PSOAS_DATABASE_URL")
        .arg("--db")
        .arg(db)
        .args(["export", "--format", format, "--out"])
        .arg(out)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| failed(format!("cannot start {}: {e}", psoas.display())))?;
    // Read on another thread so a chatty child can never block on a full pipe.
    let mut stderr = child.stderr.take().expect("stderr is piped");
    let reader = std::thread::spawn(move || {
        let mut said = String::new();
        let _ = stderr.read_to_string(&mut said);
        said
    });
    let used = child.wait4()?;
    let wall = started.elapsed();
    let said = reader.join().unwrap_or_default();
    let said = said.trim();
    if !used.status.success() {
        return Err(failed(format!(
            "psoas export --format {format} failed ({}): {said}",
            used.status
        )));
    }
    // What `psoas export --out` prints: "Exported N trials as FORMAT to FILE."
    let trials = said
        .strip_prefix("Exported ")
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| {
            failed(format!(
                "psoas export --format {format} did not say how many trials it wrote: {said}"
            ))
        })?;
    Ok(ExportRun {
        wall,
        peak_rss_kib: used.rusage.maxrss / 1024,
        bytes: std::fs::metadata(out)?.len(),
        trials,
    })
}

/// A database filled for the benchmark.
#[derive(Debug, Clone)]
pub struct Filled {
    /// The SQLite file.
    pub db: PathBuf,
    /// The trials it holds.
    pub trials: usize,
    /// How long filling it took (open, one import transaction, close).
    pub took: Duration,
    /// Its size once closed.
    pub bytes: u64,
}

/// Creates `db` afresh holding one profile with a [`seed::long_history`] of `trials` trials.
pub async fn fill(db: &Path, trials: usize) -> Result<Filled, BenchError> {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let started = Instant::now();
    let store = SqliteStore::open(db).await?;
    let stored = seed::fill_history(&store, trials).await;
    store.close().await;
    let stored = stored?;
    if stored != trials as u64 {
        return Err(BenchError::Seed(format!(
            "{} holds {stored} trials, not {trials}",
            db.display()
        )));
    }
    Ok(Filled {
        db: db.to_path_buf(),
        trials,
        took: started.elapsed(),
        bytes: std::fs::metadata(db)?.len(),
    })
}

/// The runs of one format on one database.
#[derive(Debug, Clone)]
pub struct ExportCell {
    /// The format.
    pub format: &'static str,
    /// The trials in the database.
    pub trials: usize,
    /// Each run.
    pub runs: Vec<ExportRun>,
}

impl ExportCell {
    fn median_of(&self, figure: impl Fn(&ExportRun) -> f64) -> f64 {
        median(&self.runs.iter().map(figure).collect::<Vec<_>>())
    }

    /// The median time.
    pub fn wall(&self) -> Duration {
        Duration::from_secs_f64(self.median_of(|r| r.wall.as_secs_f64()))
    }

    /// The median peak resident memory, KiB.
    pub fn peak_rss_kib(&self) -> f64 {
        self.median_of(|r| r.peak_rss_kib as f64)
    }

    /// Trials exported per second, at the median time.
    pub fn trials_per_second(&self) -> f64 {
        self.trials as f64 / self.wall().as_secs_f64()
    }

    /// The size of the file written (the same every run).
    pub fn bytes(&self) -> u64 {
        self.runs.last().map_or(0, |r| r.bytes)
    }
}

/// Everything the export benchmark measured.
#[derive(Debug, Clone)]
pub struct ExportFigures {
    /// The databases, smallest first.
    pub filled: Vec<Filled>,
    /// One cell per database and format.
    pub cells: Vec<ExportCell>,
    /// Runs of each export; figures are medians over them.
    pub runs: usize,
}

impl ExportFigures {
    /// Median peak memory of `format` on the largest database over that on the smallest: 1.0
    /// is memory that does not grow with the data at all.
    pub fn peak_ratio(&self, format: &str) -> Option<f64> {
        let (smallest, largest) = (self.filled.first()?, self.filled.last()?);
        let peak = |trials| {
            self.cells
                .iter()
                .find(|c| c.format == format && c.trials == trials)
                .map(ExportCell::peak_rss_kib)
        };
        Some(peak(largest.trials)? / peak(smallest.trials)?)
    }
}

/// Fills one database per size in `work_dir` and exports each in every format `runs` times
/// with the `psoas` binary. Every run must export exactly the trials filled.
pub async fn measure(
    psoas: &Path,
    work_dir: &Path,
    sizes: &[usize],
    runs: usize,
) -> Result<ExportFigures, BenchError> {
    let mut filled = Vec::new();
    let mut cells = Vec::new();
    for &trials in sizes {
        let db = fill(&work_dir.join(format!("export-{trials}.db")), trials).await?;
        for format in FORMATS {
            let out = work_dir.join(format!("export-{trials}.{format}"));
            let mut cell = ExportCell {
                format,
                trials,
                runs: Vec::new(),
            };
            for _ in 0..runs {
                let (psoas, db, out) = (psoas.to_path_buf(), db.db.clone(), out.clone());
                let run =
                    tokio::task::spawn_blocking(move || export_once(&psoas, &db, format, &out))
                        .await
                        .map_err(failed)??;
                if run.trials != trials as u64 {
                    return Err(failed(format!(
                        "psoas export --format {format} wrote {} trials of {trials}",
                        run.trials
                    )));
                }
                cell.runs.push(run);
            }
            cells.push(cell);
        }
        filled.push(db);
    }
    Ok(ExportFigures {
        filled,
        cells,
        runs,
    })
}
