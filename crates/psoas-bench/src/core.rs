//! Benchmarks of the core, in process: verdicts for one session, the verdicts of ten years of
//! daily sessions as the history shows them, and the chart of those ten years.

use jiff::{SignedDuration, Timestamp};
use psoas_core::history::HistoryEntry;
use psoas_core::{DisplayName, Profile, RULES, Screening, Session, SessionRecord};
use psoas_report::{ChartKind, ImageFormat};
use std::time::Duration;

use crate::seed::{day_symptoms, day_trials};
use crate::stats::time_per_call;

/// Days in ten years.
pub const TEN_YEARS_DAYS: i64 = 3652;

/// A day's session in memory: screened, symptoms, three trials a side of each test.
pub fn day_record(profile: &Profile, day: i64, start: Timestamp) -> SessionRecord {
    let at = start + SignedDuration::from_hours(24 * day);
    let session = Session::start(profile.id, at, 3).expect("valid session");
    let mut record = SessionRecord::new(session);
    record.screening = Some(Screening::new([], at));
    record.symptoms = Some(day_symptoms(day, at));
    record.measurements = day_trials(day, at);
    record
}

/// The profile the in-memory history belongs to.
pub fn bench_profile() -> Profile {
    Profile::new(
        DisplayName::parse("Bench").expect("valid"),
        None,
        None,
        None,
    )
}

/// `days` daily sessions in memory.
pub fn daily_history(profile: &Profile, days: i64) -> Vec<SessionRecord> {
    let start = Timestamp::UNIX_EPOCH + SignedDuration::from_hours(24 * 365 * 50);
    (0..days).map(|d| day_record(profile, d, start)).collect()
}

/// Median times of the core's work.
pub struct CoreFigures {
    /// Verdicts (both tests, before and after) and the next step of one session.
    pub session_verdicts: Duration,
    /// History lines (verdicts in brief, pain) of ten years of daily sessions.
    pub ten_years_history: Duration,
    /// The leg-raise chart of ten years of daily sessions, as SVG.
    pub ten_years_chart_svg: Duration,
    /// The same chart as PNG.
    pub ten_years_chart_png: Duration,
}

/// Measures the core; `runs` repetitions each.
pub fn measure(runs: usize) -> CoreFigures {
    let profile = bench_profile();
    let one = day_record(&profile, 1, Timestamp::UNIX_EPOCH);
    let session_verdicts = time_per_call(runs, 2000, || (one.comparisons(&RULES), one.next_step()));
    let years = daily_history(&profile, TEN_YEARS_DAYS);
    let ten_years_history = time_per_call(runs, 1, || {
        years
            .iter()
            .map(|record| HistoryEntry::new(record, &profile))
            .collect::<Vec<_>>()
    });
    let chart = |format| {
        time_per_call(runs, 1, || {
            psoas_report::render(ChartKind::LegRaise, &years, format, (800, 400))
                .expect("ten years of leg raises make a chart")
        })
    };
    CoreFigures {
        session_verdicts,
        ten_years_history,
        ten_years_chart_svg: chart(ImageFormat::Svg),
        ten_years_chart_png: chart(ImageFormat::Png),
    }
}
