//! `psoas-bench`: runs the benchmark suite and writes BENCHMARKS.md (`run`), serves the bare
//! ceiling endpoint (`ceiling`, started by `run` itself), probes one load for a profiler
//! (`probe`), or fills a SQLite file with a long history to export by hand (`fill-history`).

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};
use psoas_bench::load::Bounds;
use psoas_bench::probe::{self, ProbeWork};
use psoas_bench::report::{self, Results};
use psoas_bench::server::Served;
use psoas_bench::suite::{self, Settings};
use psoas_bench::{ceiling, core, export};
use std::path::PathBuf;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Benchmarks of psoas; scripts/bench runs this with everything set up")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Runs the whole suite and writes the report.
    Run {
        /// The release `psoas` binary to measure.
        #[arg(long)]
        psoas: PathBuf,
        /// Where to write the Markdown report.
        #[arg(long, default_value = "BENCHMARKS.md")]
        out: PathBuf,
        /// An empty PostgreSQL database to measure too (a URL with fsync on the server).
        #[arg(long)]
        postgres: Option<String>,
        /// A folder for databases and logs (kept for inspection).
        #[arg(long)]
        work_dir: PathBuf,
        /// A rough pass: one round of short loads.
        #[arg(long)]
        quick: bool,
        /// The command line to name in the report.
        #[arg(long, default_value = "scripts/bench")]
        command_line: String,
    },
    /// One load against psoas on a freshly seeded database, printing the server's pid first
    /// (to attach a profiler) and the figures after.
    Probe {
        /// The release `psoas` binary to measure.
        #[arg(long)]
        psoas: PathBuf,
        /// A PostgreSQL database to probe instead of a new SQLite file.
        #[arg(long)]
        postgres: Option<String>,
        /// A folder for the database and the server's log.
        #[arg(long)]
        work_dir: PathBuf,
        /// What the clients send.
        #[arg(long, value_enum, default_value = "history")]
        work: ProbeWork,
        /// Concurrent clients.
        #[arg(long, default_value_t = 16)]
        clients: usize,
        /// Requests in all, at most.
        #[arg(long, default_value_t = 20_000)]
        requests: u64,
        /// Seconds of load, at most.
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        /// Seconds to wait between printing the pid and starting the load.
        #[arg(long, default_value_t = 0)]
        pause: u64,
    },
    /// Fills a new SQLite file with one profile's daily history of exactly TRIALS trials
    /// (twelve a day), in one transaction, in the terminal's scope: what the export benchmark
    /// exports, for measuring or profiling `psoas --db FILE export` by hand.
    FillHistory {
        /// The SQLite file to create (replaced if it exists).
        #[arg(long)]
        db: PathBuf,
        /// How many trials.
        #[arg(long)]
        trials: usize,
    },
    /// Serves the bare ceiling endpoints and prints the address.
    Ceiling {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:0")]
        listen: String,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    match cli.command {
        Command::Ceiling { listen } => runtime.block_on(ceiling::serve(&listen))?,
        Command::FillHistory { db, trials } => {
            let filled = runtime.block_on(export::fill(&db, trials))?;
            println!(
                "{} trials in {} ({:.1} MB), filled in {:.2} s",
                filled.trials,
                db.display(),
                filled.bytes as f64 / 1e6,
                filled.took.as_secs_f64()
            );
        }
        Command::Probe {
            psoas,
            postgres,
            work_dir,
            work,
            clients,
            requests,
            seconds,
            pause,
        } => {
            std::fs::create_dir_all(&work_dir)
                .with_context(|| format!("cannot create {}", work_dir.display()))?;
            let settings = Settings::quick(psoas, std::env::current_exe()?, work_dir.clone());
            let backend = match postgres {
                Some(url) => suite::Backend::Postgres(url),
                None => suite::sqlite_backend(&work_dir),
            };
            let bounds = Bounds {
                clients,
                max_requests: requests,
                max_time: Duration::from_secs(seconds),
            };
            runtime.block_on(probe::probe(
                &settings,
                &backend,
                work,
                bounds,
                Duration::from_secs(pause),
            ))?;
        }
        Command::Run {
            psoas,
            out,
            postgres,
            work_dir,
            quick,
            command_line,
        } => {
            if !psoas.is_file() {
                bail!(
                    "{} is not a file; build it with cargo build --release -p psoas",
                    psoas.display()
                );
            }
            std::fs::create_dir_all(&work_dir)
                .with_context(|| format!("cannot create {}", work_dir.display()))?;
            let bench = std::env::current_exe()?;
            let settings = if quick {
                Settings::quick(psoas, bench, work_dir.clone())
            } else {
                Settings::full(psoas, bench, work_dir.clone())
            };
            let began = jiff::Timestamp::now();
            let clock = Instant::now();
            let machine = report::machine();
            eprintln!("core...");
            let core_figures = core::measure(settings.core_runs);
            eprintln!("terminal start-up...");
            let startup = suite::startup(&settings)?;
            eprintln!("export...");
            let export_figures = runtime.block_on(export::measure(
                &settings.psoas,
                &work_dir,
                &settings.export_sizes,
                settings.export_runs,
            ))?;
            let ceiling_server = Served::ceiling(&settings.bench)?;
            let mut servers = Vec::new();
            let mut backends = vec![suite::sqlite_backend(&work_dir)];
            backends.extend(postgres.map(suite::Backend::Postgres));
            for backend in &backends {
                eprintln!("server on {}...", backend.name());
                servers.push(runtime.block_on(suite::server(
                    &settings,
                    backend,
                    &ceiling_server,
                ))?);
            }
            ceiling_server.stop();
            let results = Results {
                command: command_line,
                quick,
                began: began.strftime("%Y-%m-%d %H:%M UTC").to_string(),
                took: clock.elapsed(),
                machine,
                settings,
                core: core_figures,
                startup,
                export: export_figures,
                servers,
            };
            let failed_checks = results
                .servers
                .iter()
                .flat_map(|s| &s.checks)
                .filter(|(_, clients, v)| !v.holds(*clients))
                .count();
            std::fs::write(&out, report::markdown(&results))
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("wrote {}", out.display());
            if failed_checks > 0 {
                bail!(
                    "{failed_checks} write loads lost or invented writes; see {}",
                    out.display()
                );
            }
        }
    }
    Ok(())
}
