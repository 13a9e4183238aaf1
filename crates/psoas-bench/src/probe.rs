//! `psoas-bench probe`: one load against `psoas serve` on a freshly seeded database, printed
//! at once with the server's pid, so a profiler (`perf record -p PID`) can watch exactly the
//! requests being studied. For finding costs; the report comes from `run`.

use std::sync::Arc;
use std::time::Duration;

use crate::BenchError;
use crate::load::{self, Bounds, Work};
use crate::seed;
use crate::server::Served;
use crate::suite::{Backend, Settings};
use crate::writes::WritePlan;

/// What a probe sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProbeWork {
    /// `GET /api/v1/history?profile_id=…` on a profile with the suite's daily history.
    History,
    /// `POST /api/v1/sessions/{id}/measurements`, each trial once.
    Record,
    /// `GET /api/v1/profiles/{id}`: a token check and one small read, the least a request
    /// that touches the database can cost.
    Profile,
}

/// Seeds `backend`, starts psoas on it, warms it up, waits `pause` (time to attach a
/// profiler to the printed pid), runs the load and prints its figures.
pub async fn probe(
    settings: &Settings,
    backend: &Backend,
    work: ProbeWork,
    bounds: Bounds,
    pause: Duration,
) -> Result<(), BenchError> {
    let store = backend.open().await?;
    let seeded = seed::owner_with_token(store.as_ref()).await?;
    let scope = seeded.scope();
    let profile = seed::profile(store.as_ref(), scope, "History").await?;
    seed::history(store.as_ref(), scope, profile, settings.history_days).await?;
    let warm_plan = Arc::new(WritePlan::prepare(store.as_ref(), scope, "Warm-up", 400).await?);
    let measured_plan =
        Arc::new(WritePlan::prepare(store.as_ref(), scope, "Probe", bounds.max_requests).await?);
    store.close().await;
    drop(store);

    let log = settings
        .work_dir
        .join(format!("{}-probe.log", backend.name()));
    let served = Served::psoas(&settings.psoas, &backend.db_arg(), &log)?;
    let token = seeded.token.as_str();
    let (warm, measured) = match work {
        ProbeWork::History => {
            let read = Work::Read {
                path: format!("/api/v1/history?profile_id={profile}"),
            };
            (read.clone(), read)
        }
        ProbeWork::Profile => {
            let read = Work::Read {
                path: format!("/api/v1/profiles/{profile}"),
            };
            (read.clone(), read)
        }
        ProbeWork::Record => (
            Work::Write { plan: warm_plan },
            Work::Write {
                plan: measured_plan,
            },
        ),
    };
    let warm_bounds = Bounds {
        clients: bounds.clients.min(16),
        max_requests: 400,
        max_time: Duration::from_secs(2),
    };
    load::run(served.addr, Some(token), &warm, warm_bounds).await;
    println!("psoas serve pid {} at {}", served.pid(), served.addr);
    tokio::time::sleep(pause).await;
    let run = load::run(served.addr, Some(token), &measured, bounds).await;
    println!(
        "{work:?} x{}: {} ok, {} failed, {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms{}",
        bounds.clients,
        run.ok,
        run.failed,
        run.rps(),
        run.percentile_ms(0.5),
        run.percentile_ms(0.99),
        run.first_failure
            .map(|why| format!(" (first failure: {why})"))
            .unwrap_or_default()
    );
    served.stop();
    Ok(())
}
