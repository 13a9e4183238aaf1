//! Sessions with everything recorded in them: the sessions, the rows of their four record
//! tables and (for one session) its profile, read as one batch ([`Conn::batch`]), each
//! statement tagging its rows with the table they come from. SQLite sends the batch as one
//! multi-statement query, so one round trip to sqlx's connection thread.

use psoas_core::{Profile, Session, SessionId, SessionRecord};
use std::collections::HashMap;

use super::{Db, Dialect, Row, VISIBLE, scoped};
use crate::columns::{self, corrupt};
use crate::keys::{PROFILE_HINT, SESSION_HINT, one};
use crate::transfer::Value;
use crate::{Scope, StoreError, StoreResult};

/// The statements reading the record rows of the sessions `filter_sql` selects (over `$6`),
/// within the scope, each row tagged with its table in `row_table`.
fn record_statements(dialect: &Dialect, filter_sql: &str) -> Vec<String> {
    let order = dialect.insertion_order;
    [
        ("screenings", "t.answered_at".to_string()),
        ("symptoms", "t.recorded_at".to_string()),
        ("pain_after", "t.recorded_at".to_string()),
        ("measurements", format!("t.taken_at, t.{order}")),
        ("exercises", format!("t.recorded_at, t.{order}")),
    ]
    .into_iter()
    .map(|(table, order)| {
        format!(
            "SELECT '{table}' AS row_table, t.* FROM {table} t \
             JOIN sessions s ON s.id = t.session_id JOIN profiles p ON p.id = s.profile_id \
             WHERE {VISIBLE} AND {filter_sql} ORDER BY {order}"
        )
    })
    .collect()
}

/// The table a batch row comes from.
fn table_of(row: &Row) -> StoreResult<String> {
    columns::text(&**row, "row_table")
}

/// Files tagged record rows under their sessions; rows of sessions not in `records` are
/// skipped (a session created between the statements).
fn attach(records: &mut [SessionRecord], rows: &[Row]) -> StoreResult<()> {
    let index: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.session.id.to_string(), i))
        .collect();
    for row in rows {
        let table = table_of(row)?;
        let session_id = columns::text(&**row, "session_id")?;
        let Some(&i) = index.get(&session_id) else {
            continue;
        };
        let record = &mut records[i];
        let row = &**row;
        match table.as_str() {
            "screenings" => record.screening = Some(columns::screening(row)?),
            "symptoms" => record.symptoms = Some(columns::symptoms(row)?),
            "pain_after" => record.pain_after = Some(columns::pain_after(row)?),
            "measurements" => record.measurements.push(columns::measurement(row)?),
            "exercises" => record.exercises.push(columns::exercise(row)?),
            other => return Err(corrupt(format!("unexpected row of {other}"))),
        }
    }
    Ok(())
}

/// Attaches screening, symptoms, measurements and exercises to sessions already read, in one
/// batch for all of them; `filter_sql` (over `$6`, `filter`) selects those sessions.
pub(super) async fn load_records(
    db: &dyn Db,
    scope: Scope,
    sessions: Vec<Session>,
    filter_sql: &str,
    filter: Value,
) -> StoreResult<Vec<SessionRecord>> {
    let mut records: Vec<SessionRecord> = sessions.into_iter().map(SessionRecord::new).collect();
    if records.is_empty() {
        return Ok(records);
    }
    let statements = record_statements(db.dialect(), filter_sql);
    let rows = db
        .read()
        .await?
        .batch(&statements, &scoped(scope, [filter]))
        .await?;
    attach(&mut records, &rows)?;
    Ok(records)
}

/// The ids of sessions as the JSON array [`Dialect::in_ids`] reads.
pub(super) fn id_list(sessions: &[Session]) -> StoreResult<Value> {
    let ids: Vec<String> = sessions.iter().map(|s| s.id.to_string()).collect();
    let json = serde_json::to_string(&ids).map_err(|e| StoreError::Backend(Box::new(e)))?;
    Ok(Value::Text(Some(json)))
}

/// Sessions already read, with their records.
pub(super) async fn records_of(
    db: &dyn Db,
    scope: Scope,
    sessions: Vec<Session>,
) -> StoreResult<Vec<SessionRecord>> {
    if sessions.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(&sessions)?;
    load_records(db, scope, sessions, db.dialect().in_ids, ids).await
}

/// The sessions `filter_sql` (over `$6`, `filter`) selects within the scope, oldest first,
/// with everything recorded in them, in one batch.
pub(super) async fn sessions_where(
    db: &dyn Db,
    scope: Scope,
    filter_sql: &str,
    filter: Value,
) -> StoreResult<Vec<SessionRecord>> {
    let (_, records) = profiles_and_sessions_where(db, scope, false, filter_sql, filter).await?;
    Ok(records)
}

/// One session with everything recorded in it and its profile, in one batch.
pub(super) async fn session_with_profile(
    db: &dyn Db,
    scope: Scope,
    id: SessionId,
) -> StoreResult<(SessionRecord, Profile)> {
    let key = id.to_string();
    let (profiles, records) =
        profiles_and_sessions_where(db, scope, true, "s.id = $6", Value::from(id)).await?;
    let record = one(records, "session", &key, SESSION_HINT)?;
    let profile = one(
        profiles,
        "profile",
        &record.session.profile_id.to_string(),
        PROFILE_HINT,
    )?;
    Ok((record, profile))
}

/// The sessions `filter_sql` selects, with their records, and (when `with_profiles`, for a
/// filter that selects one session) its profile first, each statement tagging its rows.
async fn profiles_and_sessions_where(
    db: &dyn Db,
    scope: Scope,
    with_profiles: bool,
    filter_sql: &str,
    filter: Value,
) -> StoreResult<(Vec<Profile>, Vec<SessionRecord>)> {
    let dialect = db.dialect();
    let from = format!(
        "FROM sessions s JOIN profiles p ON p.id = s.profile_id WHERE {VISIBLE} AND {filter_sql}"
    );
    let mut statements = Vec::with_capacity(6);
    if with_profiles {
        statements.push(format!("SELECT 'profiles' AS row_table, p.* {from}"));
    }
    statements.push(format!(
        "SELECT 'sessions' AS row_table, s.* {from} ORDER BY s.started_at, s.{}",
        dialect.insertion_order
    ));
    statements.extend(record_statements(dialect, filter_sql));
    let rows = db
        .read()
        .await?
        .batch(&statements, &scoped(scope, [filter]))
        .await?;
    let tagged = |table: &'static str| move |row: &&Row| table_of(row).is_ok_and(|t| t == table);
    let profiles = rows
        .iter()
        .take_while(tagged("profiles"))
        .map(|row| columns::profile(&**row))
        .collect::<Result<Vec<_>, _>>()?;
    let rest = &rows[profiles.len()..];
    let mut records = rest
        .iter()
        .take_while(tagged("sessions"))
        .map(|row| columns::session(&**row).map(SessionRecord::new))
        .collect::<Result<Vec<_>, _>>()?;
    let read = records.len();
    attach(&mut records, &rest[read..])?;
    Ok((profiles, records))
}
