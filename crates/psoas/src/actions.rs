//! Steps shared by the guided session and the scriptable commands: each checks the session
//! can take the entry, then stores it in one transaction.

use jiff::Timestamp;
use psoas_core::{
    Durations, ExerciseRecord, InputError, Measurement, Method, PainAfter, Phase, PlanStep,
    Profile, RULES, Reading, RedFlag, Screening, Session, SessionRecord, Side, StrengthenTechnique,
    StretchOption, Symptoms, Test, Verdict,
};
use psoas_store::{Scope, Store};

use crate::cli::DurationArgs;
use crate::error::CliResult;

/// Now, to the microsecond (what the stores keep), so a value reads back exactly as written.
pub fn now() -> Timestamp {
    Timestamp::from_microsecond(Timestamp::now().as_microsecond())
        .expect("the current time is a valid timestamp")
}

/// The current calendar year, for birth-year checks.
pub fn current_year() -> i16 {
    jiff::ZonedDateTime::now().year()
}

/// Starts a session for a profile and stores its screening answers.
pub async fn start_session(
    store: &dyn Store,
    profile: &Profile,
    flags: Vec<RedFlag>,
    trials_per_side: u16,
) -> CliResult<SessionRecord> {
    let session = Session::start(profile.id, now(), trials_per_side)?;
    store.create_session(Scope::Terminal, &session).await?;
    store
        .save_screening(Scope::Terminal, session.id, &Screening::new(flags, now()))
        .await?;
    Ok(store.session(Scope::Terminal, session.id).await?)
}

/// What a trial's value was worked out from, kept with it.
pub enum MeasuredFrom {
    /// Typed in (or no value: pain stopped the trial).
    Typed,
    /// The phone inclinometer's recording.
    Phone(psoas_core::inclinometer::RecordedLift),
    /// The markers of the camera's photos.
    Camera(psoas_core::camera::CameraEvidence),
}

/// A trial as entered, before it is checked against the session.
pub struct TrialEntry {
    /// Phase; None takes the session's current phase.
    pub phase: Option<Phase>,
    /// Which test.
    pub test: Test,
    /// Which side.
    pub side: Side,
    /// Trial number; None takes the next one.
    pub trial: Option<u16>,
    /// How it was measured.
    pub method: Method,
    /// The value, if one was read.
    pub reading: Option<Reading>,
    /// Pain during the trial.
    pub hurt: bool,
    /// What the value was worked out from, kept with the trial.
    pub from: MeasuredFrom,
    /// An unusual value the person said is right: stored flagged.
    pub confirmed_unusual: bool,
}

/// Checks and stores one trial.
pub async fn record_trial(
    store: &dyn Store,
    record: &SessionRecord,
    entry: TrialEntry,
) -> CliResult<Measurement> {
    let mut measurement = record.new_trial(
        entry.phase,
        entry.test,
        entry.side,
        entry.trial,
        entry.method,
        entry.reading,
        entry.hurt,
        now(),
    )?;
    measurement.confirmed_unusual = entry.confirmed_unusual && measurement.reading.is_some();
    let session = record.session.id;
    match &entry.from {
        MeasuredFrom::Typed => {
            store
                .add_measurement(Scope::Terminal, session, &measurement)
                .await?
        }
        MeasuredFrom::Phone(series) => {
            store
                .add_measurement_with_series(Scope::Terminal, session, &measurement, series)
                .await?
        }
        MeasuredFrom::Camera(evidence) => {
            store
                .add_measurement_with_camera(Scope::Terminal, session, &measurement, evidence)
                .await?
        }
    }
    Ok(measurement)
}

/// Checks and stores the symptoms.
pub async fn record_symptoms(
    store: &dyn Store,
    record: &SessionRecord,
    symptoms: &Symptoms,
) -> CliResult<()> {
    record.check_open_for_tests()?;
    store
        .save_symptoms(Scope::Terminal, record.session.id, symptoms)
        .await?;
    Ok(())
}

/// Checks that the retest is done and stores the pain at the end.
pub async fn record_pain_after(
    store: &dyn Store,
    record: &SessionRecord,
    pain: &PainAfter,
) -> CliResult<()> {
    record.check_pain_after()?;
    store
        .save_pain_after(Scope::Terminal, record.session.id, pain)
        .await?;
    Ok(())
}

/// Checks and stores an exercise step.
pub async fn record_exercise(
    store: &dyn Store,
    record: &SessionRecord,
    exercise: &ExerciseRecord,
) -> CliResult<()> {
    record.check_open_for_tests()?;
    store
        .add_exercise(Scope::Terminal, record.session.id, exercise)
        .await?;
    Ok(())
}

/// Validated durations from the flags.
pub fn durations(args: &DurationArgs) -> Result<Durations, InputError> {
    Durations::new(
        args.reps,
        args.hold_seconds,
        args.release_seconds,
        args.roller_seconds,
        args.strengthen_seconds,
    )
}

/// The leg-raise verdict the stretch is planned from.
pub fn tightness(record: &SessionRecord) -> Verdict {
    record.tightness(&RULES)
}

/// The strength verdict the strengthening is planned from.
pub fn weakness(record: &SessionRecord) -> Verdict {
    record.weakness(&RULES)
}

/// The stretch and strengthening steps the verdicts call for.
pub fn plan(
    record: &SessionRecord,
    option: StretchOption,
    technique: StrengthenTechnique,
    durations: &Durations,
) -> (PlanStep, PlanStep) {
    record.plan(option, technique, durations, &RULES)
}
