//! The whole benchmark in order: seed a backend, start the real `psoas serve` on it, run each
//! load against it and against the ceiling in the same round, sample its memory, stop it, and
//! check every write load against the database.

use psoas_core::ProfileId;
use psoas_server::AppStore;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use crate::BenchError;
use crate::ceiling;
use crate::load::{self, Bounds, Run, Work};
use crate::seed::{self, Seeded};
use crate::server::{Served, proc_status_kib};
use crate::stats::median;
use crate::writes::{self, Outcome, Verdict, WritePlan};

/// How much to measure.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The `psoas` release binary.
    pub psoas: PathBuf,
    /// This benchmark's own binary (for the ceiling process).
    pub bench: PathBuf,
    /// Where databases and logs go.
    pub work_dir: PathBuf,
    /// Repetitions of each load; figures are medians over them.
    pub rounds: usize,
    /// Concurrent clients of each load.
    pub clients: Vec<usize>,
    /// Bounds of one read load.
    pub reads: (u64, Duration),
    /// Bounds of one write load.
    pub writes: (u64, Duration),
    /// Daily sessions in the history that is read.
    pub history_days: i64,
    /// Start-up runs of the terminal tool.
    pub startup_runs: usize,
    /// Repetitions of core timings.
    pub core_runs: usize,
    /// Trials in each database exported, smallest first.
    pub export_sizes: Vec<usize>,
    /// Runs of each export.
    pub export_runs: usize,
}

impl Settings {
    /// The full benchmark (several minutes on two cores).
    pub fn full(psoas: PathBuf, bench: PathBuf, work_dir: PathBuf) -> Self {
        Self {
            psoas,
            bench,
            work_dir,
            rounds: 3,
            clients: vec![1, 16, 64],
            reads: (50_000, Duration::from_secs(4)),
            writes: (4_000, Duration::from_secs(4)),
            history_days: 90,
            startup_runs: 21,
            core_runs: 11,
            export_sizes: vec![10_000, 100_000],
            export_runs: 3,
        }
    }

    /// A quick pass: one round, short loads (figures are rougher).
    pub fn quick(psoas: PathBuf, bench: PathBuf, work_dir: PathBuf) -> Self {
        Self {
            rounds: 1,
            reads: (10_000, Duration::from_secs(1)),
            writes: (800, Duration::from_secs(1)),
            history_days: 30,
            startup_runs: 5,
            core_runs: 3,
            export_runs: 1,
            ..Self::full(psoas, bench, work_dir)
        }
    }
}

/// A backend to measure.
#[derive(Debug, Clone)]
pub enum Backend {
    /// A SQLite file (created fresh).
    Sqlite(PathBuf),
    /// A PostgreSQL database, by URL (empty before the run).
    Postgres(String),
}

impl Backend {
    /// Its name in the report.
    pub fn name(&self) -> &'static str {
        match self {
            Backend::Sqlite(_) => "SQLite",
            Backend::Postgres(_) => "PostgreSQL",
        }
    }

    /// What `psoas --db` takes.
    pub fn db_arg(&self) -> String {
        match self {
            Backend::Sqlite(path) => path.display().to_string(),
            Backend::Postgres(url) => url.clone(),
        }
    }

    /// Opens the store in this process (to seed and to check).
    pub async fn open(&self) -> Result<Arc<dyn AppStore>, BenchError> {
        match self {
            Backend::Sqlite(path) => {
                Ok(Arc::new(psoas_store_sqlite::SqliteStore::open(path).await?))
            }
            Backend::Postgres(url) => {
                Ok(Arc::new(psoas_store_postgres::PgStore::connect(url).await?))
            }
        }
    }
}

/// What the clients were doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scenario {
    /// `POST /api/v1/sessions/{id}/measurements`: one trial, durably stored.
    Record,
    /// `GET /api/v1/history?profile_id=…`: a profile's history with its verdicts.
    History,
    /// `GET /api/v1/profiles/{id}`: the token checked and one profile read, the least any
    /// request that touches the database costs; the floor under the other reads.
    Profile,
}

impl Scenario {
    /// Its name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Scenario::Record => "record a measurement",
            Scenario::History => "read history",
            Scenario::Profile => "read one profile (the floor)",
        }
    }
}

/// One measured load.
#[derive(Debug, Clone, Copy)]
pub struct Sample {
    /// Successful requests per second.
    pub rps: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// Requests that failed.
    pub failed: u64,
}

impl From<&Run> for Sample {
    fn from(run: &Run) -> Self {
        Self {
            rps: run.rps(),
            p50_ms: run.percentile_ms(0.5),
            p99_ms: run.percentile_ms(0.99),
            failed: run.failed,
        }
    }
}

/// The samples of one load on psoas and on the ceiling.
#[derive(Debug, Clone)]
pub struct Cell {
    /// What was done.
    pub scenario: Scenario,
    /// Concurrent clients.
    pub clients: usize,
    /// psoas, one sample a round.
    pub psoas: Vec<Sample>,
    /// The ceiling, one sample a round.
    pub ceiling: Vec<Sample>,
}

impl Cell {
    /// The median of a figure over the rounds.
    pub fn median(samples: &[Sample], figure: impl Fn(&Sample) -> f64) -> f64 {
        median(&samples.iter().map(figure).collect::<Vec<_>>())
    }
}

/// Everything measured on one backend.
#[derive(Debug, Clone)]
pub struct ServerFigures {
    /// The backend's name.
    pub backend: &'static str,
    /// One cell per scenario and client count.
    pub cells: Vec<Cell>,
    /// Resident memory of the idle server, KiB.
    pub idle_rss_kib: u64,
    /// The most resident memory seen under the 64-client loads, KiB.
    pub loaded_rss_kib: u64,
    /// The lost-write check of each write load.
    pub checks: Vec<(String, usize, Verdict)>,
    /// The first failure of any load, if any.
    pub failures: Vec<String>,
}

/// Samples a process's resident memory every 20 ms while the load runs; gives the highest.
struct RssSampler {
    stop: Arc<AtomicBool>,
    thread: std::thread::JoinHandle<u64>,
}

impl RssSampler {
    fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut highest = 0;
            while !flag.load(Ordering::Relaxed) {
                highest = highest.max(proc_status_kib(pid, "VmRSS:").unwrap_or(0));
                std::thread::sleep(Duration::from_millis(20));
            }
            highest
        });
        Self { stop, thread }
    }

    fn finish(self) -> u64 {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().unwrap_or(0)
    }
}

/// A write load done, to check against the database afterwards.
struct WriteLoad {
    label: String,
    clients: usize,
    plan: Arc<WritePlan>,
    outcomes: Vec<(u64, Outcome)>,
}

struct Prepared {
    seeded: Seeded,
    history_profile: ProfileId,
    plans: Vec<Arc<WritePlan>>,
    warm_plan: Arc<WritePlan>,
}

async fn prepare(settings: &Settings, store: &dyn AppStore) -> Result<Prepared, BenchError> {
    let seeded = seed::owner_with_token(store).await?;
    let scope = seeded.scope();
    let history_profile = seed::profile(store, scope, "History").await?;
    seed::history(store, scope, history_profile, settings.history_days).await?;
    let mut plans = Vec::new();
    for i in 0..settings.rounds * settings.clients.len() {
        let plan =
            WritePlan::prepare(store, scope, &format!("Writes {i}"), settings.writes.0).await?;
        plans.push(Arc::new(plan));
    }
    let warm_plan = Arc::new(WritePlan::prepare(store, scope, "Warm-up", 400).await?);
    Ok(Prepared {
        seeded,
        history_profile,
        plans,
        warm_plan,
    })
}

/// Measures `psoas serve` on one backend, with the ceiling (already running) in each round.
pub async fn server(
    settings: &Settings,
    backend: &Backend,
    ceiling_server: &Served,
) -> Result<ServerFigures, BenchError> {
    let store = backend.open().await?;
    let prepared = prepare(settings, store.as_ref()).await?;
    store.close().await;
    drop(store);

    let log = settings
        .work_dir
        .join(format!("{}-serve.log", backend.name()));
    let served = Served::psoas(&settings.psoas, &backend.db_arg(), &log)?;
    let token = prepared.seeded.token.as_str();
    let history = Work::Read {
        path: format!("/api/v1/history?profile_id={}", prepared.history_profile),
    };
    // Warm-up: both kinds of request, then the idle memory once the server is quiet.
    let warm = Bounds {
        clients: 16,
        max_requests: 400,
        max_time: Duration::from_secs(2),
    };
    let warm_reads = load::run(served.addr, Some(token), &history, warm).await;
    let warm_writes = load::run(
        served.addr,
        Some(token),
        &Work::Write {
            plan: prepared.warm_plan.clone(),
        },
        warm,
    )
    .await;
    if warm_reads.ok == 0 || warm_writes.ok == 0 {
        return Err(BenchError::Server(format!(
            "psoas serve does not answer the benchmark's requests: {}",
            warm_reads
                .first_failure
                .or(warm_writes.first_failure)
                .unwrap_or_default()
        )));
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle_rss_kib = served.rss_kib().unwrap_or(0);

    let mut cells: Vec<Cell> = Vec::new();
    for scenario in [Scenario::Record, Scenario::History, Scenario::Profile] {
        // The floor is measured where the history target is set: at 64 clients.
        let clients: &[usize] = match scenario {
            Scenario::Profile => &[64],
            _ => &settings.clients,
        };
        for &clients in clients {
            cells.push(Cell {
                scenario,
                clients,
                psoas: Vec::new(),
                ceiling: Vec::new(),
            });
        }
    }
    let one_profile = Work::Read {
        path: format!("/api/v1/profiles/{}", prepared.history_profile),
    };
    let mut write_runs = vec![WriteLoad {
        label: "warm-up".to_string(),
        clients: warm.clients,
        plan: prepared.warm_plan.clone(),
        outcomes: warm_writes.outcomes,
    }];
    let mut failures = Vec::new();
    let mut loaded_rss_kib = 0;
    let mut plans = prepared.plans.iter();
    let sample_body = prepared.warm_plan.slot(0).body();
    for round in 1..=settings.rounds {
        for cell in &mut cells {
            let clients = cell.clients;
            let (work, ceiling_work, (count, time)) = match cell.scenario {
                Scenario::Record => {
                    let plan = plans.next().expect("one plan per write load").clone();
                    (
                        Work::Write { plan },
                        Work::Post {
                            path: ceiling::WRITE_PATH.to_string(),
                            body: sample_body.clone(),
                        },
                        settings.writes,
                    )
                }
                Scenario::History => (
                    history.clone(),
                    Work::Read {
                        path: ceiling::READ_PATH.to_string(),
                    },
                    settings.reads,
                ),
                Scenario::Profile => (
                    one_profile.clone(),
                    Work::Read {
                        path: ceiling::READ_PATH.to_string(),
                    },
                    settings.reads,
                ),
            };
            let bounds = Bounds {
                clients,
                max_requests: count,
                max_time: time,
            };
            let top = load::run(ceiling_server.addr, None, &ceiling_work, bounds).await;
            let sampler = (clients == 64).then(|| RssSampler::start(served.pid()));
            let run = load::run(served.addr, Some(token), &work, bounds).await;
            if let Some(sampler) = sampler {
                loaded_rss_kib = loaded_rss_kib.max(sampler.finish());
            }
            for (what, r) in [("psoas", &run), ("ceiling", &top)] {
                if let Some(why) = &r.first_failure {
                    failures.push(format!(
                        "{what}, {}, {clients} clients, round {round}: {} failed ({why})",
                        cell.scenario.name(),
                        r.failed
                    ));
                }
            }
            cell.psoas.push(Sample::from(&run));
            cell.ceiling.push(Sample::from(&top));
            if let Work::Write { plan } = work {
                write_runs.push(WriteLoad {
                    label: format!("{clients} clients, round {round}"),
                    clients,
                    plan,
                    outcomes: run.outcomes,
                });
            }
        }
    }
    if !served.stop() {
        failures.push("psoas serve did not stop cleanly on SIGTERM".to_string());
    }

    // Every write load against the database, read back after the server has stopped.
    let store = backend.open().await?;
    let scope = prepared.seeded.scope();
    let mut checks = Vec::new();
    for done in write_runs {
        let verdict = writes::check(store.as_ref(), scope, &done.plan, &done.outcomes).await?;
        checks.push((done.label, done.clients, verdict));
    }
    store.close().await;
    Ok(ServerFigures {
        backend: backend.name(),
        cells,
        idle_rss_kib,
        loaded_rss_kib,
        checks,
        failures,
    })
}

/// Times the terminal tool's start-up to its first prompt, on a database with one profile.
pub fn startup(settings: &Settings) -> Result<Vec<Duration>, BenchError> {
    let db = settings.work_dir.join("terminal.db");
    let added = std::process::Command::new(&settings.psoas)
        .arg("--db")
        .arg(&db)
        .args(["profile", "add", "Bench"])
        .output()?;
    if !added.status.success() {
        return Err(BenchError::Server(format!(
            "psoas profile add failed: {}",
            String::from_utf8_lossy(&added.stderr)
        )));
    }
    // One run first, unmeasured: the binary and the database into the page cache.
    crate::startup::time_to_first_prompt(&settings.psoas, &db)?;
    (0..settings.startup_runs)
        .map(|_| crate::startup::time_to_first_prompt(&settings.psoas, &db))
        .collect()
}

/// A fresh SQLite backend in the work folder.
pub fn sqlite_backend(work_dir: &Path) -> Backend {
    let path = work_dir.join("bench.db");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    Backend::Sqlite(path)
}
