//! Mapping between domain values and SQLite rows, in both directions.
//!
//! Decoding goes back through the domain's own constructors, so a damaged row is reported
//! as such instead of becoming a value the rules were never meant to see.

use jiff::Timestamp;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Exercise, StrengthenTechnique, StretchOption};
use psoas_core::units::{
    BodyHeight, Degrees, Force, ForceUnit, Grade, HeelHeight, HoldResult, LegBasis, LegLength,
};
use psoas_core::{
    BirthYear, DisplayName, ExerciseId, ExerciseOutcome, ExerciseRecord, ExerciseStep,
    MeasurementId, Pain, Profile, ProfileId, RedFlag, Screening, Session, SessionId, SessionStatus,
    Sex, Side, Symptoms,
};
use psoas_store::StoreError;
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use std::str::FromStr;
use uuid::Uuid;

pub(crate) fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

pub(crate) fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

fn time(value: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_microsecond(value).map_err(corrupt)
}

fn get<'r, T>(row: &'r SqliteRow, column: &str) -> Result<T, StoreError>
where
    T: sqlx::Decode<'r, sqlx::Sqlite> + sqlx::Type<sqlx::Sqlite>,
{
    row.try_get(column).map_err(corrupt)
}

fn uuid(row: &SqliteRow, column: &str) -> Result<Uuid, StoreError> {
    Uuid::parse_str(&get::<String>(row, column)?).map_err(corrupt)
}

fn parsed<T: FromStr>(row: &SqliteRow, column: &str) -> Result<T, StoreError>
where
    T::Err: std::fmt::Display,
{
    get::<String>(row, column)?.parse().map_err(corrupt)
}

pub(crate) fn profile(row: &SqliteRow) -> Result<Profile, StoreError> {
    Ok(Profile {
        id: ProfileId(uuid(row, "id")?),
        name: DisplayName::parse(&get::<String>(row, "name")?).map_err(corrupt)?,
        birth_year: get::<Option<i64>>(row, "birth_year")?
            .map(|y| {
                i16::try_from(y)
                    .map_err(corrupt)
                    .and_then(|y| BirthYear::try_from(y).map_err(corrupt))
            })
            .transpose()?,
        sex: get::<Option<String>>(row, "sex")?
            .map(|s| Sex::from_str(&s).map_err(corrupt))
            .transpose()?,
        leg_length_cm: get::<Option<f64>>(row, "leg_length_cm")?
            .map(|l| LegLength::new(l).map_err(corrupt))
            .transpose()?,
        body_height_cm: get::<Option<f64>>(row, "body_height_cm")?
            .map(|h| BodyHeight::new(h).map_err(corrupt))
            .transpose()?,
    })
}

pub(crate) fn status_str(status: SessionStatus) -> &'static str {
    status.as_str()
}

pub(crate) fn session(row: &SqliteRow) -> Result<Session, StoreError> {
    let status = match get::<String>(row, "status")?.as_str() {
        "unfinished" => SessionStatus::Unfinished,
        "finished" => SessionStatus::Finished,
        "stopped_at_screening" => SessionStatus::StoppedAtScreening,
        other => return Err(corrupt(format!("unknown session status '{other}'"))),
    };
    Ok(Session {
        id: SessionId(uuid(row, "id")?),
        profile_id: ProfileId(uuid(row, "profile_id")?),
        started_at: time(get(row, "started_at")?)?,
        ended_at: get::<Option<i64>>(row, "ended_at")?.map(time).transpose()?,
        status,
        protocol_version: u32::try_from(get::<i64>(row, "protocol_version")?).map_err(corrupt)?,
        trials_per_side: u16::try_from(get::<i64>(row, "trials_per_side")?).map_err(corrupt)?,
    })
}

pub(crate) fn screening_flags(screening: &Screening) -> String {
    let names: Vec<&str> = screening.flags.iter().map(|f| f.as_str()).collect();
    serde_json::to_string(&names).expect("a list of names always serialises")
}

pub(crate) fn screening(row: &SqliteRow) -> Result<Screening, StoreError> {
    let names: Vec<String> =
        serde_json::from_str(&get::<String>(row, "flags")?).map_err(corrupt)?;
    let flags = names
        .iter()
        .map(|n| RedFlag::from_str(n).map_err(corrupt))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Screening::new(flags, time(get(row, "answered_at")?)?))
}

pub(crate) fn symptoms(row: &SqliteRow) -> Result<Symptoms, StoreError> {
    let pain = |column| -> Result<Pain, StoreError> {
        let value = u8::try_from(get::<i64>(row, column)?).map_err(corrupt)?;
        Pain::new(value).map_err(corrupt)
    };
    Symptoms::new(
        pain("back_pain")?,
        pain("pelvic_pain")?,
        get(row, "sitting_hours_per_day")?,
        u16::try_from(get::<i64>(row, "situps_per_week")?).map_err(corrupt)?,
        get::<Option<i64>>(row, "extension_after_situps")?.map(|v| v != 0),
        time(get(row, "recorded_at")?)?,
    )
    .map_err(corrupt)
}

/// The columns a reading is stored in: kind, value, unit, leg length (and whether it was
/// estimated), degrees.
pub(crate) struct ReadingColumns {
    pub kind: Option<&'static str>,
    pub value: Option<f64>,
    pub unit: Option<&'static str>,
    pub leg_length_cm: Option<f64>,
    pub leg_length_estimated: bool,
    pub degrees: Option<f64>,
}

pub(crate) fn reading_columns(reading: Option<&Reading>) -> ReadingColumns {
    let none = ReadingColumns {
        kind: None,
        value: None,
        unit: None,
        leg_length_cm: None,
        leg_length_estimated: false,
        degrees: None,
    };
    match reading {
        None => none,
        Some(Reading::Angle { degrees }) => ReadingColumns {
            kind: Some("angle"),
            value: Some(degrees.value()),
            unit: Some("deg"),
            degrees: Some(degrees.value()),
            ..none
        },
        Some(Reading::HeelHeight {
            cm,
            leg_length_cm,
            degrees,
            leg_length_estimated,
        }) => ReadingColumns {
            kind: Some("heel_height"),
            value: Some(cm.cm()),
            unit: Some("cm"),
            leg_length_cm: Some(leg_length_cm.cm()),
            leg_length_estimated: *leg_length_estimated,
            degrees: Some(degrees.value()),
        },
        Some(Reading::Grade { grade }) => ReadingColumns {
            kind: Some("grade"),
            value: Some(f64::from(grade.value())),
            unit: Some("grade"),
            ..none
        },
        Some(Reading::Force { force }) => ReadingColumns {
            kind: Some("force"),
            value: Some(force.value()),
            unit: Some(force.unit().symbol()),
            ..none
        },
        Some(Reading::Hold { result }) => ReadingColumns {
            kind: Some("hold"),
            unit: Some(match result {
                HoldResult::Held => "held",
                HoldResult::GaveWay => "gave_way",
            }),
            ..none
        },
    }
}

fn reading(row: &SqliteRow) -> Result<Option<Reading>, StoreError> {
    let Some(kind) = get::<Option<String>>(row, "kind")? else {
        return Ok(None);
    };
    let value = || -> Result<f64, StoreError> {
        get::<Option<f64>>(row, "value")?.ok_or_else(|| corrupt("a measurement without its value"))
    };
    let unit = get::<Option<String>>(row, "unit")?.unwrap_or_default();
    let reading = match kind.as_str() {
        "angle" => Reading::Angle {
            degrees: Degrees::new(value()?).map_err(corrupt)?,
        },
        "heel_height" => {
            let leg = get::<Option<f64>>(row, "leg_length_cm")?
                .ok_or_else(|| corrupt("a heel height without its leg length"))?;
            Reading::heel_height_with(
                HeelHeight::new(value()?).map_err(corrupt)?,
                Some(LegBasis {
                    length: LegLength::new(leg).map_err(corrupt)?,
                    estimated: get::<i64>(row, "leg_length_estimated")? != 0,
                }),
            )
            .map_err(corrupt)?
        }
        "grade" => Reading::Grade {
            grade: Grade::new(value()? as u8).map_err(corrupt)?,
        },
        "force" => Reading::Force {
            force: Force::new(value()?, ForceUnit::from_str(&unit).map_err(corrupt)?)
                .map_err(corrupt)?,
        },
        "hold" => Reading::Hold {
            result: match unit.as_str() {
                "held" => HoldResult::Held,
                "gave_way" => HoldResult::GaveWay,
                other => return Err(corrupt(format!("unknown hold result '{other}'"))),
            },
        },
        other => return Err(corrupt(format!("unknown measurement kind '{other}'"))),
    };
    Ok(Some(reading))
}

pub(crate) fn measurement(row: &SqliteRow) -> Result<Measurement, StoreError> {
    let mut m = Measurement::new(
        parsed::<Phase>(row, "phase")?,
        parsed::<Test>(row, "test")?,
        parsed::<Side>(row, "side")?,
        u16::try_from(get::<i64>(row, "trial")?).map_err(corrupt)?,
        parsed::<Method>(row, "method")?,
        reading(row)?,
        get::<i64>(row, "hurt")? != 0,
        time(get(row, "taken_at")?)?,
    )
    .map_err(corrupt)?;
    m.id = MeasurementId(uuid(row, "id")?);
    Ok(m)
}

/// The variant and side columns of an exercise.
pub(crate) fn exercise_columns(
    exercise: Option<&Exercise>,
) -> (Option<&'static str>, Option<&'static str>) {
    match exercise {
        None => (None, None),
        Some(Exercise::Stretch { option, side }) => (Some(option.as_str()), Some(side.as_str())),
        Some(Exercise::Strengthen {
            technique,
            weak_side,
        }) => (Some(technique.as_str()), Some(weak_side.as_str())),
    }
}

pub(crate) fn exercise(row: &SqliteRow) -> Result<ExerciseRecord, StoreError> {
    let step = match get::<String>(row, "step")?.as_str() {
        "stretch" => ExerciseStep::Stretch,
        "strengthen" => ExerciseStep::Strengthen,
        other => return Err(corrupt(format!("unknown exercise step '{other}'"))),
    };
    let variant = get::<Option<String>>(row, "variant")?;
    let side = get::<Option<String>>(row, "side")?
        .map(|s| Side::from_str(&s).map_err(corrupt))
        .transpose()?;
    let exercise = match (step, variant, side) {
        (_, None, _) => None,
        (ExerciseStep::Stretch, Some(v), Some(side)) => Some(Exercise::Stretch {
            option: StretchOption::from_str(&v).map_err(corrupt)?,
            side,
        }),
        (ExerciseStep::Strengthen, Some(v), Some(weak_side)) => Some(Exercise::Strengthen {
            technique: StrengthenTechnique::from_str(&v).map_err(corrupt)?,
            weak_side,
        }),
        (_, Some(_), None) => return Err(corrupt("an exercise without its side")),
    };
    let outcome = match get::<String>(row, "outcome")?.as_str() {
        "completed" => ExerciseOutcome::Completed,
        "stopped" => ExerciseOutcome::Stopped,
        "skipped" => ExerciseOutcome::Skipped,
        "not_needed" => ExerciseOutcome::NotNeeded,
        other => return Err(corrupt(format!("unknown exercise outcome '{other}'"))),
    };
    let seconds = |column| -> Result<u32, StoreError> {
        u32::try_from(get::<i64>(row, column)?).map_err(corrupt)
    };
    let mut record = ExerciseRecord::new(
        step,
        exercise,
        seconds("planned_seconds")?,
        seconds("done_seconds")?,
        outcome,
        get(row, "note")?,
        time(get(row, "recorded_at")?)?,
    )
    .map_err(corrupt)?;
    record.id = ExerciseId(uuid(row, "id")?);
    Ok(record)
}
