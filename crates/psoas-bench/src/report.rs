//! BENCHMARKS.md: the command, the machine, and every figure as a median over its runs, with
//! each server figure beside the ceiling measured in the same run.

use std::fmt::Write;
use std::time::Duration;

use crate::core::{CoreFigures, TEN_YEARS_DAYS};
use crate::export::{ExportFigures, FORMATS};
use crate::stats::median;
use crate::suite::{Cell, ServerFigures, Settings};

/// What the machine is, read from `/proc`, `/etc/os-release` and `rustc`.
pub fn machine() -> Vec<(&'static str, String)> {
    let read = |path: &str| std::fs::read_to_string(path).unwrap_or_default();
    let cpuinfo = read("/proc/cpuinfo");
    let cpu = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name"))
        .map(|l| l.trim_start_matches([' ', '\t', ':']).to_string())
        .unwrap_or_else(|| "unknown".to_string());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let memory = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.split_whitespace().next()?.parse::<f64>().ok())
        .map_or("unknown".to_string(), |kib| {
            format!("{:.1} GiB", kib / 1024.0 / 1024.0)
        });
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| "unknown".to_string());
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
    let rustc = std::process::Command::new("rustc")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "unknown".to_string());
    let load = read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    vec![
        ("CPU", cpu),
        ("cores", cores.to_string()),
        ("memory", memory),
        ("OS", format!("{os}, Linux {kernel}")),
        ("rustc", rustc),
        ("load average when the run began (1, 5, 15 min)", load),
    ]
}

/// Everything one run measured.
pub struct Results {
    /// The command line that ran.
    pub command: String,
    /// Whether it was the quick pass.
    pub quick: bool,
    /// When it began (RFC 3339).
    pub began: String,
    /// How long it took.
    pub took: Duration,
    /// The machine, as [`machine`] reads it when the run begins.
    pub machine: Vec<(&'static str, String)>,
    /// How much was measured.
    pub settings: Settings,
    /// The core.
    pub core: CoreFigures,
    /// Start-up to the first prompt, each run.
    pub startup: Vec<Duration>,
    /// `psoas export` at 10,000 and 100,000 trials.
    pub export: ExportFigures,
    /// The server, per backend.
    pub servers: Vec<ServerFigures>,
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 0.1 {
        format!("{:.1} µs", ms * 1000.0)
    } else if ms < 10.0 {
        format!("{ms:.2} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

fn num(v: f64) -> String {
    if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

/// A count with thousands separated: 100,000.
fn count(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(d);
    }
    out
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn export_section(out: &mut String, e: &ExportFigures) {
    let fills: Vec<String> = e
        .filled
        .iter()
        .map(|f| {
            format!(
                "{:.2} s for {} trials ({} file)",
                f.took.as_secs_f64(),
                count(f.trials),
                megabytes(f.bytes)
            )
        })
        .collect();
    let _ = writeln!(
        out,
        "\n## Export\n\nThe release `psoas --db FILE export --format csv|json|fhir --out OUT` runs \
         as a child process on a SQLite file holding one profile's daily sessions of 12 trials \
         each, filled beforehand through the store's import in one transaction ({}). The time runs \
         from spawning the process until it has been reaped; the peak memory is the child's own \
         peak resident set size as the kernel counted it (`ru_maxrss` from `wait4(2)`), not a \
         sample. Every run must report exactly the trials filled. Median of {} runs.\n\n\
         | format | trials | median time | trials/s | peak resident memory | written |\n\
         |---|---:|---:|---:|---:|---:|",
        fills.join(", "),
        e.runs
    );
    for cell in &e.cells {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            cell.format,
            count(cell.trials),
            ms(cell.wall()),
            num(cell.trials_per_second()),
            mib(cell.peak_rss_kib() as u64),
            megabytes(cell.bytes())
        );
    }
    if let (Some(small), Some(large)) = (e.filled.first(), e.filled.last()) {
        let ratios: Vec<String> = FORMATS
            .iter()
            .filter_map(|f| Some(format!("{f} {:.2}x", e.peak_ratio(f)?)))
            .collect();
        let _ = writeln!(
            out,
            "\nMemory as the data grows: peak memory at {} trials over that at {} trials (the \
             data grew {:.0}x; 1.00x is memory that does not grow with it at all): {}.",
            count(large.trials),
            count(small.trials),
            large.trials as f64 / small.trials as f64,
            ratios.join(", ")
        );
    }
}

fn server_table(out: &mut String, cells: &[Cell]) {
    out.push_str(
        "| operation | clients | req/s | p50 | p99 | failed | ceiling req/s | ceiling p50 / p99 | \
         share of the ceiling |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
    );
    for cell in cells {
        let rps = Cell::median(&cell.psoas, |s| s.rps);
        let top = Cell::median(&cell.ceiling, |s| s.rps);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} ms | {} ms | {} | {} | {} / {} ms | {:.1}% |",
            cell.scenario.name(),
            cell.clients,
            num(rps),
            num(Cell::median(&cell.psoas, |s| s.p50_ms)),
            num(Cell::median(&cell.psoas, |s| s.p99_ms)),
            cell.psoas.iter().map(|s| s.failed).sum::<u64>(),
            num(top),
            num(Cell::median(&cell.ceiling, |s| s.p50_ms)),
            num(Cell::median(&cell.ceiling, |s| s.p99_ms)),
            100.0 * rps / top
        );
    }
}

/// The Markdown of BENCHMARKS.md.
pub fn markdown(r: &Results) -> String {
    let s = &r.settings;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Benchmarks\n\nWritten by `{}` ({}), begun {} and taking {:.0} s. Regenerate with \
         `scripts/bench` (a few minutes on 2 cores; `scripts/bench --quick` for a rough pass \
         in under one). Figures from another machine are not comparable with these; ratios to the \
         ceiling travel better. What profiling found and what each change bought: \
         [docs/performance.md](docs/performance.md).\n",
        r.command,
        if r.quick { "quick pass" } else { "full run" },
        r.began,
        r.took.as_secs_f64()
    );
    out.push_str("## Machine\n\n| | |\n|---|---|\n");
    for (key, value) in &r.machine {
        let _ = writeln!(out, "| {key} | {value} |");
    }
    let _ = writeln!(
        out,
        "\n## Core and charts (in process, release build)\n\nMedian of {} runs.\n\n| work | median time |\n|---|---:|\n\
         | verdicts of one session (both tests before and after, next step) | {} |\n\
         | history lines with their verdicts for 10 years of daily sessions ({TEN_YEARS_DAYS} sessions, 12 trials each) | {} |\n\
         | leg-raise chart of those 10 years, 800 x 400 SVG (`psoas_report::render`) | {} |\n\
         | the same chart as PNG | {} |\n\
         | a camera photo, 1280 x 720 JPEG with 40 px markers: decoded and its markers found (`psoas_vision`) | {} |\n\
         | the same at 4000 x 3000 with 120 px markers | {} |",
        s.core_runs,
        ms(r.core.session_verdicts),
        ms(r.core.ten_years_history),
        ms(r.core.ten_years_chart_svg),
        ms(r.core.ten_years_chart_png),
        ms(r.core.photo_720p),
        ms(r.core.photo_12mp),
    );
    let startup: Vec<f64> = r.startup.iter().map(Duration::as_secs_f64).collect();
    let lo = startup.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = startup.iter().copied().fold(0.0, f64::max);
    let _ = writeln!(
        out,
        "\n## Terminal\n\nThe release `psoas check` is started in a new pseudo-terminal on a \
         database holding one profile; the time runs from the start of the process until its \
         first prompt (`Who is being tested? … Choose 1-2:`) has been read from the terminal. \
         Median of {} runs after one unmeasured run.\n\n| | median | fastest | slowest |\n\
         |---|---:|---:|---:|\n| start-up to the first prompt | {} | {} | {} |",
        startup.len(),
        ms(Duration::from_secs_f64(median(&startup))),
        ms(Duration::from_secs_f64(lo)),
        ms(Duration::from_secs_f64(hi)),
    );
    export_section(&mut out, &r.export);
    let _ = writeln!(
        out,
        "\n## Server\n\nThe release `psoas serve` (default settings, its log to a file) on a \
         loopback port; the load generator (`psoas-bench`, one keep-alive HTTP/1.1 connection per \
         client, each client waiting for its answer before the next request) runs on the same \
         machine. Each load stops at {} requests or {} s for reads, {} requests or {} s for \
         writes, whichever comes first, and is repeated {} times; figures are medians. In each \
         round the same load also runs against the **ceiling**: a bare axum server on the same \
         runtime whose endpoints do no work, so the last column is psoas's share of what the HTTP \
         stack and the load generator allow here.\n\n- *record a measurement*: `POST \
         /api/v1/sessions/{{id}}/measurements` with a bearer token, one typed trial, stored durably \
         (SQLite `synchronous=FULL` in WAL mode; PostgreSQL with `fsync` and `synchronous_commit` \
         on);\n- *read history*: `GET /api/v1/history?profile_id=…` for a profile with {} daily \
         sessions (first page of 50 lines, each with its verdicts);\n- *read one profile (the \
         floor)*: `GET /api/v1/profiles/{{id}}`, at 64 clients only: the bearer token checked and \
         one row read, two queries, the least that any request touching the database costs; \
         no read can come nearer the ceiling than this.",
        s.reads.0,
        s.reads.1.as_secs(),
        s.writes.0,
        s.writes.1.as_secs(),
        s.rounds,
        s.history_days,
    );
    for server in &r.servers {
        let _ = writeln!(out, "\n### {}\n", server.backend);
        server_table(&mut out, &server.cells);
        let _ = writeln!(
            out,
            "\nResident memory of `psoas serve` (`VmRSS` from `/proc`): {} idle after warm-up, \
             {} at most under the 64-client loads (sampled every 20 ms).\n",
            mib(server.idle_rss_kib),
            mib(server.loaded_rss_kib)
        );
        out.push_str(
            "Nothing lost: after the loads the server is stopped and the database read back; \
             every acknowledged write must be there with its value, no refused or unsent one \
             may be (see `crates/psoas-bench/src/writes.rs`).\n\n| write load | result |\n|---|---|\n",
        );
        for (label, clients, verdict) in &server.checks {
            let mark = if verdict.holds(*clients) {
                "holds"
            } else {
                "**FAILED**"
            };
            let _ = writeln!(out, "| {label} | {mark}: {} |", verdict.summary());
        }
        if !server.failures.is_empty() {
            out.push_str("\nFailed requests:\n\n");
            for failure in &server.failures {
                let _ = writeln!(out, "- {failure}");
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_are_grouped_by_thousands() {
        assert_eq!(count(0), "0");
        assert_eq!(count(200), "200");
        assert_eq!(count(10_000), "10,000");
        assert_eq!(count(100_000), "100,000");
        assert_eq!(count(1_234_567), "1,234,567");
    }
}
