//! Reading sessions with everything recorded in them in one round trip: the sessions and the
//! rows of their four record tables come back from a single multi-statement query.
//!
//! sqlx runs each SQLite connection on its own thread, so every query is two thread hand-offs;
//! under load those hand-offs, not SQLite, were most of a request's cost (see
//! docs/performance.md). sqlx binds the arguments of a multi-statement query statement after
//! statement and streams every statement's rows back from one command, so each statement
//! below tags its rows with the table they come from.

use psoas_core::{Profile, Session, SessionId, SessionRecord};
use psoas_store::columns::{self as rows};
use psoas_store::keys::{PROFILE_HINT, SESSION_HINT, ScopeBinds, one};
use psoas_store::{Scope, StoreResult};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use std::collections::HashMap;

use crate::protocol::{VISIBLE, bind_scope};
use crate::rows::Cols;
use crate::{SqliteStore, backend};

/// The record tables, each with the order its rows are kept in.
const RECORD_TABLES: [(&str, &str); 4] = [
    ("screenings", "t.answered_at"),
    ("symptoms", "t.recorded_at"),
    ("measurements", "t.taken_at, t.rowid"),
    ("exercises", "t.recorded_at, t.rowid"),
];

/// The statements reading the record rows of the sessions `filter_sql` selects (one bind),
/// within the scope (five binds), each row tagged with its table in `row_table`.
fn record_statements(filter_sql: &str) -> String {
    RECORD_TABLES
        .iter()
        .map(|(table, order)| {
            format!(
                "SELECT '{table}' AS row_table, t.* FROM {table} t \
                 JOIN sessions s ON s.id = t.session_id JOIN profiles p ON p.id = s.profile_id \
                 WHERE {VISIBLE} AND {filter_sql} ORDER BY {order};"
            )
        })
        .collect()
}

/// Runs `sql` (statements each binding the scope, then `filter`) with those binds repeated
/// for each of its `statements`.
async fn fetch_tagged(
    store: &SqliteStore,
    scope: Scope,
    sql: String,
    statements: usize,
    filter: Option<String>,
) -> StoreResult<Vec<SqliteRow>> {
    let binds = ScopeBinds::of(scope);
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for _ in 0..statements {
        query = bind_scope!(query, binds).bind(filter.clone());
    }
    query.fetch_all(&store.pool).await.map_err(backend)
}

/// Files tagged record rows under their sessions; rows of sessions not in `records` are
/// skipped (a session created between the statements).
fn attach(records: &mut [SessionRecord], rows: &[SqliteRow]) -> StoreResult<()> {
    let index: HashMap<String, usize> = records
        .iter()
        .enumerate()
        .map(|(i, r)| (r.session.id.to_string(), i))
        .collect();
    for row in rows {
        let table: String = row.try_get("row_table").map_err(rows::corrupt)?;
        if table == "sessions" {
            continue;
        }
        let session_id: String = row.try_get("session_id").map_err(rows::corrupt)?;
        let Some(&i) = index.get(&session_id) else {
            continue;
        };
        let record = &mut records[i];
        let cols = Cols(row);
        match table.as_str() {
            "screenings" => record.screening = Some(rows::screening(&cols)?),
            "symptoms" => record.symptoms = Some(rows::symptoms(&cols)?),
            "measurements" => record.measurements.push(rows::measurement(&cols)?),
            "exercises" => record.exercises.push(rows::exercise(&cols)?),
            other => return Err(rows::corrupt(format!("unexpected row of {other}"))),
        }
    }
    Ok(())
}

impl SqliteStore {
    /// Attaches screening, symptoms, measurements and exercises to sessions already read, in
    /// one round trip for all of them.
    pub(crate) async fn load_records(
        &self,
        scope: Scope,
        sessions: Vec<Session>,
        filter_sql: &'static str,
        filter: Option<String>,
    ) -> StoreResult<Vec<SessionRecord>> {
        let mut records: Vec<SessionRecord> =
            sessions.into_iter().map(SessionRecord::new).collect();
        if records.is_empty() {
            return Ok(records);
        }
        let sql = record_statements(filter_sql);
        let rows = fetch_tagged(self, scope, sql, RECORD_TABLES.len(), filter).await?;
        attach(&mut records, &rows)?;
        Ok(records)
    }

    /// The sessions `filter_sql` selects (one bind) within the scope, oldest first, with
    /// everything recorded in them, in one round trip.
    pub(crate) async fn sessions_where(
        &self,
        scope: Scope,
        filter_sql: &'static str,
        filter: Option<String>,
    ) -> StoreResult<Vec<SessionRecord>> {
        let (_, records) = self
            .profiles_and_sessions_where(scope, false, filter_sql, filter)
            .await?;
        Ok(records)
    }

    /// One session with everything recorded in it and its profile, in one round trip.
    pub(crate) async fn session_with_profile(
        &self,
        scope: Scope,
        id: SessionId,
    ) -> StoreResult<(SessionRecord, Profile)> {
        let key = id.to_string();
        let (profiles, records) = self
            .profiles_and_sessions_where(scope, true, "s.id = ?", Some(key.clone()))
            .await?;
        let record = one(records, "session", &key, SESSION_HINT)?;
        let profile = one(
            profiles,
            "profile",
            &record.session.profile_id.to_string(),
            PROFILE_HINT,
        )?;
        Ok((record, profile))
    }

    /// The sessions `filter_sql` selects, with their records, and (when `with_profiles`)
    /// their profiles first, each statement tagging its rows.
    async fn profiles_and_sessions_where(
        &self,
        scope: Scope,
        with_profiles: bool,
        filter_sql: &'static str,
        filter: Option<String>,
    ) -> StoreResult<(Vec<Profile>, Vec<SessionRecord>)> {
        let from = format!(
            "FROM sessions s JOIN profiles p ON p.id = s.profile_id \
             WHERE {VISIBLE} AND {filter_sql}"
        );
        let profiles_sql = if with_profiles {
            format!("SELECT DISTINCT 'profiles' AS row_table, p.* {from};")
        } else {
            String::new()
        };
        let sql = format!(
            "{profiles_sql}SELECT 'sessions' AS row_table, s.* {from} \
             ORDER BY s.started_at, s.rowid;{}",
            record_statements(filter_sql)
        );
        let statements = usize::from(with_profiles) + 1 + RECORD_TABLES.len();
        let rows = fetch_tagged(self, scope, sql, statements, filter).await?;
        let tagged = |table: &'static str| {
            move |row: &&SqliteRow| {
                row.try_get::<&str, _>("row_table")
                    .is_ok_and(|t| t == table)
            }
        };
        let profiles = rows
            .iter()
            .take_while(tagged("profiles"))
            .map(|row| rows::profile(&Cols(row)))
            .collect::<Result<Vec<_>, _>>()?;
        let rest = &rows[profiles.len()..];
        let mut records = rest
            .iter()
            .take_while(tagged("sessions"))
            .map(|row| rows::session(&Cols(row)).map(SessionRecord::new))
            .collect::<Result<Vec<_>, _>>()?;
        let read = records.len();
        attach(&mut records, &rest[read..])?;
        Ok((profiles, records))
    }
}
