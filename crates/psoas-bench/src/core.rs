//! Benchmarks of the core, in process: verdicts for one session, the verdicts of ten years of
//! daily sessions as the history shows them, the chart of those ten years, and a camera photo
//! decoded with its markers found.

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
    /// A drawn 1280 x 720 JPEG with 40 px markers: decoded and its markers found.
    pub photo_720p: Duration,
    /// A drawn 4000 x 3000 JPEG with 120 px markers: decoded and its markers found.
    pub photo_12mp: Duration,
}

/// A side photo of the left side's three markers, `width` px wide (16:9 or 4:3 as given),
/// markers `marker_px` across, as a JPEG of quality 90.
fn drawn_photo(width: u32, height: u32, marker_px: f64) -> Vec<u8> {
    use psoas_vision::testing::{Scene, encode_jpeg};
    let mut scene = Scene::side(psoas_core::Side::Left, 15.0, 3.0).with_tag_size(marker_px);
    let k = f64::from(width) / f64::from(scene.width);
    scene.width = width;
    scene.height = height;
    for tag in &mut scene.tags {
        tag.centre = (tag.centre.0 * k, tag.centre.1 * k);
    }
    encode_jpeg(&scene.render(), 90)
}

/// Decodes a photo and finds its markers, checking all three were found.
fn photo_time(runs: usize, jpeg: &[u8]) -> Duration {
    time_per_call(runs, 1, || {
        let photo = psoas_vision::decode(jpeg).expect("a drawn photo decodes");
        let found = psoas_vision::find_markers(&photo).expect("a drawn photo is readable");
        assert_eq!(found.markers().len(), 3, "the drawn markers are all found");
        found
    })
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
        photo_720p: photo_time(runs, &drawn_photo(1280, 720, 40.0)),
        photo_12mp: photo_time(runs, &drawn_photo(4000, 3000, 120.0)),
    }
}
