//! What tells whether a session's history line may have changed, read with the page of
//! history instead of everything recorded in the session.

use jiff::Timestamp;
use psoas_core::Session;

use crate::StoreResult;
use crate::columns::{Columns, session, time};

/// A session and a summary of what was recorded in it, enough to tell whether anything that
/// its history line is made of changed since the summary was taken: exercises are only ever
/// added, trials are added and only a struck-out one is ever removed (counted by the session
/// as it goes, so trials plus those deleted only grow), and a trial's one change, being struck
/// out, is never undone, so the counts of trials, of those deleted, of those struck out and
/// of exercises change with every change; the screening, the symptoms and the pain at the end
/// are replaced as a whole, each time with a new time. Two equal stamps of a session mean the
/// same record, so a line judged for one serves the other.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionStamp {
    /// The session itself (its status and end are part of the line).
    pub session: Session,
    /// How many trials were recorded in it.
    pub trials: i64,
    /// How many struck-out trials were deleted from it for real.
    pub deleted: i64,
    /// How many of its trials were struck out.
    pub voided: i64,
    /// How many exercises were recorded in it.
    pub exercises: i64,
    /// When its red-flag screening was last answered.
    pub screened_at: Option<Timestamp>,
    /// When its symptoms were last recorded.
    pub symptoms_at: Option<Timestamp>,
    /// When its pain at the end was last rated.
    pub pain_after_at: Option<Timestamp>,
}

/// The columns a history page selects next to `s.*` for a [`SessionStamp`]: correlated reads by
/// `session_id`, each an index lookup.
pub const STAMP_COLUMNS: &str = "\
    (SELECT count(*) FROM measurements m WHERE m.session_id = s.id) AS stamp_trials, \
    (SELECT count(m.voided_at) FROM measurements m WHERE m.session_id = s.id) AS stamp_voided, \
    (SELECT count(*) FROM exercises e WHERE e.session_id = s.id) AS stamp_exercises, \
    (SELECT c.answered_at FROM screenings c WHERE c.session_id = s.id) AS stamp_screened_at, \
    (SELECT y.recorded_at FROM symptoms y WHERE y.session_id = s.id) AS stamp_symptoms_at, \
    (SELECT a.recorded_at FROM pain_after a WHERE a.session_id = s.id) AS stamp_pain_after_at";

/// A row of `s.*` (its `trials_deleted` included) and [`STAMP_COLUMNS`].
pub fn session_stamp(row: &dyn Columns) -> StoreResult<SessionStamp> {
    Ok(SessionStamp {
        session: session(row)?,
        trials: row.int("stamp_trials")?.unwrap_or(0),
        deleted: row.int("trials_deleted")?.unwrap_or(0),
        voided: row.int("stamp_voided")?.unwrap_or(0),
        exercises: row.int("stamp_exercises")?.unwrap_or(0),
        screened_at: row.int("stamp_screened_at")?.map(time).transpose()?,
        symptoms_at: row.int("stamp_symptoms_at")?.map(time).transpose()?,
        pain_after_at: row.int("stamp_pain_after_at")?.map(time).transpose()?,
    })
}
