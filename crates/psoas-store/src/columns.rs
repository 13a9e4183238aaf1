//! How domain values are laid out in table columns, and read back, the same way for every
//! backend: each backend only says how to read one typed column of its own row type
//! ([`Columns`]), and decoding goes back through the domain's constructors, so a damaged row
//! is reported as such instead of becoming a value the rules were never meant to see.

use base64::Engine;
use jiff::Timestamp;
use psoas_core::camera::{CameraEvidence, KeptPhoto, PhotoType, Picture};
use psoas_core::inclinometer::RecordedLift;
use psoas_core::measurement::{Measurement, Method, Phase, Reading, Test};
use psoas_core::plan::{Exercise, StrengthenTechnique, StretchOption};
use psoas_core::units::{
    BodyHeight, Degrees, Force, ForceUnit, Grade, HeelHeight, HoldResult, LegBasis, LegLength,
};
use psoas_core::{
    Account, AccountId, BirthYear, DisplayName, Email, ExerciseId, ExerciseOutcome, ExerciseRecord,
    ExerciseStep, MeasurementId, Pain, PainAfter, Profile, ProfileId, RedFlag, Role, Screening,
    Session, SessionId, SessionStatus, Sex, Side, Symptoms, TrialVoid, VoidReason,
};
use std::str::FromStr;
use uuid::Uuid;

use crate::{ApiToken, StoreError, StoreResult};

/// A stored value that no longer passes the domain's checks.
pub fn corrupt(what: impl std::fmt::Display) -> StoreError {
    StoreError::Corrupt(what.to_string())
}

/// How times are stored: microseconds since the Unix epoch, UTC.
pub fn micros(t: Timestamp) -> i64 {
    t.as_microsecond()
}

/// A stored time back as a timestamp.
pub fn time(value: i64) -> StoreResult<Timestamp> {
    Timestamp::from_microsecond(value).map_err(corrupt)
}

/// One row of a backend, read column by column. Integers are 64-bit, reals double precision,
/// flags booleans (SQLite keeps them as 0 and 1).
pub trait Columns {
    /// A text column.
    fn text(&self, column: &str) -> StoreResult<Option<String>>;
    /// An integer column.
    fn int(&self, column: &str) -> StoreResult<Option<i64>>;
    /// A real column.
    fn real(&self, column: &str) -> StoreResult<Option<f64>>;
    /// A yes/no column.
    fn flag(&self, column: &str) -> StoreResult<Option<bool>>;
}

fn missing(column: &str) -> StoreError {
    corrupt(format!("the column {column} is empty"))
}

pub(crate) fn text(row: &dyn Columns, column: &str) -> StoreResult<String> {
    row.text(column)?.ok_or_else(|| missing(column))
}

pub(crate) fn int(row: &dyn Columns, column: &str) -> StoreResult<i64> {
    row.int(column)?.ok_or_else(|| missing(column))
}

fn flag(row: &dyn Columns, column: &str) -> StoreResult<bool> {
    row.flag(column)?.ok_or_else(|| missing(column))
}

pub(crate) fn uuid(row: &dyn Columns, column: &str) -> StoreResult<Uuid> {
    Uuid::parse_str(&text(row, column)?).map_err(corrupt)
}

pub(crate) fn parsed<T: FromStr>(row: &dyn Columns, column: &str) -> StoreResult<T>
where
    T::Err: std::fmt::Display,
{
    text(row, column)?.parse().map_err(corrupt)
}

pub(crate) fn small<T: TryFrom<i64>>(row: &dyn Columns, column: &str) -> StoreResult<T>
where
    T::Error: std::fmt::Display,
{
    T::try_from(int(row, column)?).map_err(corrupt)
}

/// A `profiles` row.
pub fn profile(row: &dyn Columns) -> StoreResult<Profile> {
    Ok(Profile {
        id: ProfileId(uuid(row, "id")?),
        name: DisplayName::parse(&text(row, "name")?).map_err(corrupt)?,
        birth_year: row
            .int("birth_year")?
            .map(|y| {
                i16::try_from(y)
                    .map_err(corrupt)
                    .and_then(|y| BirthYear::try_from(y).map_err(corrupt))
            })
            .transpose()?,
        sex: row
            .text("sex")?
            .map(|s| Sex::from_str(&s).map_err(corrupt))
            .transpose()?,
        leg_length_cm: row
            .real("leg_length_cm")?
            .map(|l| LegLength::new(l).map_err(corrupt))
            .transpose()?,
        body_height_cm: row
            .real("body_height_cm")?
            .map(|h| BodyHeight::new(h).map_err(corrupt))
            .transpose()?,
        keep_photos: flag(row, "keep_photos")?,
    })
}

/// A `sessions` row.
pub fn session(row: &dyn Columns) -> StoreResult<Session> {
    let status = match text(row, "status")?.as_str() {
        "unfinished" => SessionStatus::Unfinished,
        "finished" => SessionStatus::Finished,
        "stopped_at_screening" => SessionStatus::StoppedAtScreening,
        other => return Err(corrupt(format!("unknown session status '{other}'"))),
    };
    Ok(Session {
        id: SessionId(uuid(row, "id")?),
        profile_id: ProfileId(uuid(row, "profile_id")?),
        started_at: time(int(row, "started_at")?)?,
        ended_at: row.int("ended_at")?.map(time).transpose()?,
        status,
        protocol_version: small(row, "protocol_version")?,
        trials_per_side: small(row, "trials_per_side")?,
    })
}

/// The `flags` column of a screening: a JSON array of the red flags answered "yes".
pub fn screening_flags(screening: &Screening) -> String {
    let names: Vec<&str> = screening.flags.iter().map(|f| f.as_str()).collect();
    serde_json::to_string(&names).expect("a list of names always serialises")
}

/// A `screenings` row.
pub fn screening(row: &dyn Columns) -> StoreResult<Screening> {
    let names: Vec<String> = serde_json::from_str(&text(row, "flags")?).map_err(corrupt)?;
    let flags = names
        .iter()
        .map(|n| RedFlag::from_str(n).map_err(corrupt))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Screening::new(flags, time(int(row, "answered_at")?)?))
}

/// The `series` column of `lift_series`: the recorded lift as JSON.
pub fn series_json(series: &RecordedLift) -> StoreResult<String> {
    serde_json::to_string(series).map_err(|e| StoreError::Backend(Box::new(e)))
}

/// A stored series back as a recorded lift.
pub fn series(json: &str, measurement: MeasurementId) -> StoreResult<RecordedLift> {
    serde_json::from_str(json)
        .map_err(|e| corrupt(format!("the series of trial {measurement}: {e}")))
}

/// The `markers` column of `camera_markers`: what a camera trial was measured from, as JSON.
pub fn camera_json(evidence: &CameraEvidence) -> StoreResult<String> {
    serde_json::to_string(evidence).map_err(|e| StoreError::Backend(Box::new(e)))
}

/// Stored markers back as a camera trial's evidence.
pub fn camera(json: &str, measurement: MeasurementId) -> StoreResult<CameraEvidence> {
    serde_json::from_str(json)
        .map_err(|e| corrupt(format!("the camera markers of trial {measurement}: {e}")))
}

/// The `data` column of `camera_photos`: the file in standard base64.
pub fn photo_data(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// A stored photo back from its columns.
pub fn kept_photo(
    picture: Picture,
    media_type: &str,
    data: &str,
    measurement: MeasurementId,
) -> StoreResult<KeptPhoto> {
    let bad = |e: &dyn std::fmt::Display| corrupt(format!("the photo of trial {measurement}: {e}"));
    Ok(KeptPhoto {
        picture,
        media_type: PhotoType::from_str(media_type).map_err(|e| bad(&e))?,
        bytes: base64::engine::general_purpose::STANDARD
            .decode(data)
            .map_err(|e| bad(&e))?,
    })
}

/// A `symptoms` row.
pub fn symptoms(row: &dyn Columns) -> StoreResult<Symptoms> {
    let pain = |column| -> StoreResult<Pain> { Pain::new(small(row, column)?).map_err(corrupt) };
    Symptoms::new(
        pain("back_pain")?,
        pain("pelvic_pain")?,
        row.real("sitting_hours_per_day")?
            .ok_or_else(|| missing("sitting_hours_per_day"))?,
        small(row, "situps_per_week")?,
        row.flag("extension_after_situps")?,
        time(int(row, "recorded_at")?)?,
    )
    .map_err(corrupt)
}

/// Pain rated again at the end of a session, from its row.
pub fn pain_after(row: &dyn Columns) -> StoreResult<PainAfter> {
    let pain = |column| -> StoreResult<Pain> { Pain::new(small(row, column)?).map_err(corrupt) };
    Ok(PainAfter {
        back_pain: pain("back_pain")?,
        pelvic_pain: pain("pelvic_pain")?,
        recorded_at: time(int(row, "recorded_at")?)?,
    })
}

/// The columns a reading is stored in: kind, value, unit, leg length (and whether it was
/// estimated), degrees.
pub struct ReadingColumns {
    /// angle, heel_height, grade, force or hold; none when pain stopped the trial.
    pub kind: Option<&'static str>,
    /// The value as read, in `unit`.
    pub value: Option<f64>,
    /// Its unit (or the hold result).
    pub unit: Option<&'static str>,
    /// Heel heights: the leg length used for the conversion.
    pub leg_length_cm: Option<f64>,
    /// Heel heights: whether that leg length was estimated from body height.
    pub leg_length_estimated: bool,
    /// Leg raises: the angle in degrees.
    pub degrees: Option<f64>,
}

/// How a reading is laid out in the `measurements` columns.
pub fn reading_columns(reading: Option<&Reading>) -> ReadingColumns {
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

fn reading(row: &dyn Columns) -> StoreResult<Option<Reading>> {
    let Some(kind) = row.text("kind")? else {
        return Ok(None);
    };
    let value = || -> StoreResult<f64> {
        row.real("value")?
            .ok_or_else(|| corrupt("a measurement without its value"))
    };
    let unit = row.text("unit")?.unwrap_or_default();
    let reading = match kind.as_str() {
        "angle" => Reading::Angle {
            degrees: Degrees::new(value()?).map_err(corrupt)?,
        },
        "heel_height" => {
            let leg = row
                .real("leg_length_cm")?
                .ok_or_else(|| corrupt("a heel height without its leg length"))?;
            Reading::heel_height_with(
                HeelHeight::new(value()?).map_err(corrupt)?,
                Some(LegBasis {
                    length: LegLength::new(leg).map_err(corrupt)?,
                    estimated: flag(row, "leg_length_estimated")?,
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

/// A `measurements` row.
pub fn measurement(row: &dyn Columns) -> StoreResult<Measurement> {
    let mut m = Measurement::new(
        parsed::<Phase>(row, "phase")?,
        parsed::<Test>(row, "test")?,
        parsed::<Side>(row, "side")?,
        small(row, "trial")?,
        parsed::<Method>(row, "method")?,
        reading(row)?,
        flag(row, "hurt")?,
        time(int(row, "taken_at")?)?,
    )
    .map_err(corrupt)?;
    m.id = MeasurementId(uuid(row, "id")?);
    m.void = trial_void(row)?;
    m.confirmed_unusual = flag(row, "confirmed_unusual")?;
    Ok(m)
}

/// The four columns a struck-out trial keeps its [`TrialVoid`] in, all NULL when it counts.
pub struct VoidColumns {
    /// `voided_at`.
    pub at: Option<Timestamp>,
    /// `voided_by`.
    pub by: Option<String>,
    /// `void_reason`.
    pub reason: Option<&'static str>,
    /// `void_note`.
    pub note: Option<String>,
}

/// How a trial's [`TrialVoid`] is laid out in its columns.
pub fn void_columns(void: Option<&TrialVoid>) -> VoidColumns {
    VoidColumns {
        at: void.map(|v| v.at),
        by: void.and_then(|v| v.by).map(|a| a.to_string()),
        reason: void.map(|v| v.reason.as_str()),
        note: void.and_then(|v| v.note.clone()),
    }
}

/// A `measurements` row's [`TrialVoid`], back through its checks.
fn trial_void(row: &dyn Columns) -> StoreResult<Option<TrialVoid>> {
    let Some(at) = row.int("voided_at")? else {
        return Ok(None);
    };
    let by = match row.text("voided_by")? {
        Some(id) => Some(AccountId(Uuid::parse_str(&id).map_err(corrupt)?)),
        None => None,
    };
    let reason = parsed::<VoidReason>(row, "void_reason")?;
    let note = row.text("void_note")?;
    TrialVoid::new(reason, note.as_deref(), by, time(at)?)
        .map(Some)
        .map_err(corrupt)
}

/// The variant and side columns of an exercise.
pub fn exercise_columns(
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

/// An `exercises` row.
pub fn exercise(row: &dyn Columns) -> StoreResult<ExerciseRecord> {
    let step = match text(row, "step")?.as_str() {
        "stretch" => ExerciseStep::Stretch,
        "strengthen" => ExerciseStep::Strengthen,
        other => return Err(corrupt(format!("unknown exercise step '{other}'"))),
    };
    let variant = row.text("variant")?;
    let side = row
        .text("side")?
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
    let outcome = match text(row, "outcome")?.as_str() {
        "completed" => ExerciseOutcome::Completed,
        "stopped" => ExerciseOutcome::Stopped,
        "skipped" => ExerciseOutcome::Skipped,
        "not_needed" => ExerciseOutcome::NotNeeded,
        other => return Err(corrupt(format!("unknown exercise outcome '{other}'"))),
    };
    let mut record = ExerciseRecord::new(
        step,
        exercise,
        small(row, "planned_seconds")?,
        small(row, "done_seconds")?,
        outcome,
        row.text("note")?,
        time(int(row, "recorded_at")?)?,
    )
    .map_err(corrupt)?;
    record.id = ExerciseId(uuid(row, "id")?);
    Ok(record)
}

/// An `accounts` row.
pub fn account(row: &dyn Columns) -> StoreResult<Account> {
    Ok(Account {
        id: AccountId(uuid(row, "id")?),
        email: Email::parse(&text(row, "email")?).map_err(corrupt)?,
        display_name: DisplayName::parse(&text(row, "display_name")?).map_err(corrupt)?,
        role: match (
            text(row, "role")?.as_str(),
            row.text("practice_role")?.as_deref(),
        ) {
            ("owner", None) => Role::Owner,
            ("member", None) => Role::Member,
            ("member", Some("practitioner")) => Role::Practitioner,
            ("member", Some("client")) => Role::Client,
            (role, practice) => {
                return Err(corrupt(format!(
                    "unknown role '{role}' / '{}'",
                    practice.unwrap_or_default()
                )));
            }
        },
        created_at: time(int(row, "created_at")?)?,
    })
}

/// The password hash of an `accounts` row.
pub fn password_hash(row: &dyn Columns) -> StoreResult<String> {
    text(row, "password_hash")
}

/// The CSRF token of a `web_sessions` row.
pub fn csrf_token(row: &dyn Columns) -> StoreResult<String> {
    text(row, "csrf_token")
}

/// An `api_tokens` row.
pub fn api_token(row: &dyn Columns) -> StoreResult<ApiToken> {
    Ok(ApiToken {
        id: uuid(row, "id")?,
        name: text(row, "name")?,
        created_at: time(int(row, "created_at")?)?,
        last_used_at: row.int("last_used_at")?.map(time).transpose()?,
    })
}
