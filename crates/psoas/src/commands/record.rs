//! `psoas record`, `psoas symptoms`, `psoas pain-after` and `psoas exercise`: one entry into a
//! session each.

use psoas_core::camera::CameraFinding;
use psoas_core::inclinometer::{HeldPeak, RecordedLift, analyse_lift};
use psoas_core::plan::total_seconds;
use psoas_core::plausibility::Entry;
use psoas_core::{
    Exercise, ExerciseOutcome, ExerciseRecord, ExerciseStep, InputError, Method, Pain, PainAfter,
    Phase, RULES, Reading, Side, StrengthenTechnique, StretchOption, Symptoms, Test,
};
use psoas_store::{Scope, Store};
use std::path::Path;
use std::str::FromStr;

use crate::actions::{self, MeasuredFrom, TrialEntry, now, record_trial};
use crate::cli::{ExerciseArgs, PainAfterArgs, RecordArgs, SymptomsArgs, YesNo};
use crate::commands::camera;
use crate::error::{CliError, CliResult};
use crate::render::{print_json, wrap};
use crate::words;
use crate::words::camera as camera_words;

/// Runs `psoas record`.
pub async fn record(store: &dyn Store, args: RecordArgs) -> CliResult {
    let test = Test::from_str(&args.test)?;
    let side = Side::from_str(&args.side)?;
    let phase = args.phase.as_deref().map(Phase::from_str).transpose()?;
    let mut photos = None;
    let (from, measured) = match (&args.series, &args.photo, &args.rest) {
        (Some(path), _, _) => {
            let (lift, peak) = analyse_series(path, test)?;
            (MeasuredFrom::Phone(lift), Some(Measured::Phone(peak)))
        }
        (None, Some(lift), Some(rest)) => {
            let trial = camera::measure_trial(test, side, rest, lift)?;
            photos = Some(trial.photos);
            (
                MeasuredFrom::Camera(trial.evidence),
                Some(Measured::Camera(trial.found)),
            )
        }
        _ => (MeasuredFrom::Typed, None),
    };
    let record = store.find_session(Scope::Terminal, &args.session).await?;
    record.check_open_for_tests()?;
    // Left out, the way the test is already measured in this session, else the value's unit.
    let method = match &args.method {
        _ if matches!(measured, Some(Measured::Phone(_))) => Method::PhoneInclinometer,
        _ if matches!(measured, Some(Measured::Camera(_))) => Method::CameraMarkers,
        Some(m) => Method::from_str(m)?,
        None => record
            .method_in_use(test)
            .unwrap_or_else(|| Method::implied_by(test, args.value.as_deref().unwrap_or_default())),
    };
    record.check_method(test, method)?;
    let profile = store
        .find_profile(Scope::Terminal, &record.session.profile_id.to_string())
        .await?;
    let reading = match (&args.value, &measured) {
        (_, Some(measured)) => Some(Reading::Angle {
            degrees: measured.degrees(),
        }),
        (Some(text), None) => Some(
            Reading::parse_with(text, test, method, profile.leg_basis())
                .map_err(|e| CliError::Usage(words::reading_error(e, test, method)))?,
        ),
        (None, None) if args.hurt => None,
        (None, None) => {
            return Err(CliError::Usage(
                "give the trial's value with --value, --series or --photo and --rest (or --hurt \
                 if pain stopped it)"
                    .to_string(),
            ));
        }
    };
    // An unusual value is stored only when confirmed: a typo is caught before it counts.
    let unusual = match (&reading, &args.value) {
        (Some(reading), Some(typed)) => record.unusual(
            Entry {
                phase: phase.unwrap_or_else(|| record.current_phase()),
                test,
                side,
                method,
                typed,
                leg: profile.leg_basis(),
            },
            reading,
            &psoas_core::RULES,
        ),
        _ => None,
    };
    if let Some(unusual) = &unusual
        && !args.confirm
    {
        return Err(CliError::Usage(words::unusual_refused(unusual)));
    }
    let measurement = record_trial(
        store,
        &record,
        TrialEntry {
            phase,
            test,
            side,
            trial: args.trial,
            method,
            reading,
            hurt: args.hurt,
            from,
            confirmed_unusual: unusual.is_some(),
        },
    )
    .await?;
    // The photos only where the profile's owner chose to keep them; the markers always.
    let kept_photos = match photos {
        Some(photos) if profile.keep_photos => {
            for photo in &photos {
                store
                    .keep_camera_photo(Scope::Terminal, record.session.id, measurement.id, photo)
                    .await?;
            }
            true
        }
        _ => false,
    };
    if args.json {
        print_json(&measurement);
    } else {
        println!(
            "Recorded {} {} trial {} ({}): {}{}",
            measurement.side,
            measurement.test.title(),
            measurement.trial,
            measurement.phase.title(),
            measurement
                .reading
                .map_or("no value".to_string(), |r| r.to_string()),
            if measurement.hurt {
                "; pain recorded, so this test stops here"
            } else {
                ""
            }
        );
        match &measured {
            Some(Measured::Phone(peak)) => println!(
                "  from the phone: held {:.1} s, resting at {:.1}°, sideways tilt up to {:.1}°",
                peak.held_ms / 1000.0,
                peak.rest_deg,
                peak.max_roll_deg
            ),
            Some(Measured::Camera(found)) => {
                for line in camera_words::trial_parts(found, kept_photos) {
                    println!("  {line}");
                }
                if let Some(advice) = found.pelvis_advice() {
                    println!("{}", wrap(&format!("  {advice}"), "  "));
                }
            }
            None => {}
        }
    }
    Ok(())
}

/// What the sensors or the camera measured, for the answer.
enum Measured {
    Phone(HeldPeak),
    Camera(CameraFinding),
}

impl Measured {
    fn degrees(&self) -> psoas_core::units::Degrees {
        match self {
            Measured::Phone(peak) => peak.degrees,
            Measured::Camera(found) => found.rise,
        }
    }
}

/// Reads a recorded phone-inclinometer lift (JSON, see docs/json.md) and finds its held angle;
/// a file that cannot be read, is not a lift, or holds a lift that cannot be trusted is refused
/// with the reason, before anything is stored.
fn analyse_series(path: &Path, test: Test) -> CliResult<(RecordedLift, HeldPeak)> {
    if test != Test::LegRaise {
        return Err(CliError::Usage(
            "--series holds a leg raise recorded by the phone; use it with --test leg-raise"
                .to_string(),
        ));
    }
    let file = path.display();
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Usage(format!("cannot read the series file {file}: {e}")))?;
    let lift: RecordedLift = serde_json::from_str(&text).map_err(|e| {
        CliError::Usage(format!(
            "{file} is not a recorded lift (the format is in docs/json.md): {e}"
        ))
    })?;
    let peak = analyse_lift(&lift).map_err(|problem| {
        CliError::Usage(format!("the lift in {file} was not recorded: {problem}"))
    })?;
    Ok((lift, peak))
}

/// Runs `psoas symptoms`.
pub async fn symptoms(store: &dyn Store, args: SymptomsArgs) -> CliResult {
    let situps = Symptoms::parse_situps(&args.situps_per_week)?;
    let symptoms = Symptoms::new(
        Pain::parse(&args.back_pain)?,
        Pain::parse(&args.pelvic_pain)?,
        Symptoms::parse_sitting_hours(&args.sitting_hours)?,
        situps,
        args.extension_after_situps.map(|a| matches!(a, YesNo::Yes)),
        now(),
    )?;
    let record = store.find_session(Scope::Terminal, &args.session).await?;
    actions::record_symptoms(store, &record, &symptoms).await?;
    if args.json {
        print_json(&symptoms);
    } else {
        println!(
            "Recorded symptoms: back pain {}/10, pelvic pain {}/10.",
            symptoms.back_pain.value(),
            symptoms.pelvic_pain.value()
        );
        for note in symptoms.risk_notes() {
            println!("  {note}");
        }
    }
    Ok(())
}

/// Runs `psoas pain-after`: the pain rated again once the retest is done, and how it changed
/// since the start.
pub async fn pain_after(store: &dyn Store, args: PainAfterArgs) -> CliResult {
    let pain = PainAfter {
        back_pain: Pain::parse(&args.back_pain)?,
        pelvic_pain: Pain::parse(&args.pelvic_pain)?,
        recorded_at: now(),
    };
    let mut record = store.find_session(Scope::Terminal, &args.session).await?;
    actions::record_pain_after(store, &record, &pain).await?;
    if args.json {
        print_json(&pain);
        return Ok(());
    }
    println!("{}", words::pain_after_line(&pain));
    record.pain_after = Some(pain);
    if let Some(change) = record.pain_change(&RULES) {
        for line in words::pain_change_lines(&change) {
            println!("{}", wrap(&format!("- {line}"), "  "));
        }
    }
    Ok(())
}

fn parse_outcome(text: &str) -> Result<ExerciseOutcome, InputError> {
    match text.trim().to_ascii_lowercase().replace('-', "_").as_str() {
        "completed" | "done" => Ok(ExerciseOutcome::Completed),
        "stopped" => Ok(ExerciseOutcome::Stopped),
        "skipped" => Ok(ExerciseOutcome::Skipped),
        "not_needed" => Ok(ExerciseOutcome::NotNeeded),
        _ => Err(InputError::NotUnderstood {
            what: "outcome",
            got: text.to_string(),
            expected: "use completed, stopped, skipped or not-needed",
        }),
    }
}

/// Runs `psoas exercise`.
pub async fn exercise(store: &dyn Store, args: ExerciseArgs) -> CliResult {
    let step = match args.step.trim().to_ascii_lowercase().as_str() {
        "stretch" => ExerciseStep::Stretch,
        "strengthen" | "strengthening" => ExerciseStep::Strengthen,
        other => {
            return Err(CliError::Usage(format!(
                "--step '{other}' is not understood; use stretch or strengthen"
            )));
        }
    };
    let outcome = parse_outcome(&args.outcome)?;
    let durations = actions::durations(&args.durations)?;
    let record = store.find_session(Scope::Terminal, &args.session).await?;
    record.check_open_for_tests()?;
    let side = match &args.side {
        Some(side) => Some(Side::from_str(side)?),
        None => match step {
            ExerciseStep::Stretch => actions::tightness(&record).side(),
            ExerciseStep::Strengthen => actions::weakness(&record).side(),
        },
    };
    let exercise = match (&args.variant, side) {
        (None, _) => None,
        (Some(_), None) => {
            return Err(CliError::Usage(format!(
                "the verdict names no side for the {}; give --side, or record --outcome not-needed",
                words::step_name(step).to_lowercase()
            )));
        }
        (Some(variant), Some(side)) => Some(match step {
            ExerciseStep::Stretch => Exercise::Stretch {
                option: StretchOption::from_str(variant)?,
                side,
            },
            ExerciseStep::Strengthen => Exercise::Strengthen {
                technique: StrengthenTechnique::from_str(variant)?,
                weak_side: side,
            },
        }),
    };
    let planned = exercise.map_or(0, |e| total_seconds(&durations.timer(&e)));
    let done = match (args.seconds, outcome) {
        (Some(s), _) => s,
        (None, ExerciseOutcome::Completed) => planned,
        (None, ExerciseOutcome::Stopped) => {
            return Err(CliError::Usage(
                "say how many seconds were done before stopping with --seconds".to_string(),
            ));
        }
        (None, _) => 0,
    };
    let entry = ExerciseRecord::new(step, exercise, planned, done, outcome, args.note, now())?;
    actions::record_exercise(store, &record, &entry).await?;
    if args.json {
        print_json(&entry);
    } else {
        println!("Recorded {}.", words::exercise_line(&entry));
    }
    Ok(())
}
