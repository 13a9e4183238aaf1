//! Bulk reads and writes: sessions page by page for exports (keyset pagination on
//! `(started_at, id)`, so each page costs the same however deep into the history it is), and
//! whole archives imported in one transaction.

use psoas_core::inclinometer::RecordedLift;
use psoas_core::{MeasurementId, Profile, ProfileId, SessionRecord};
use psoas_store::{FullSession, ImportCounts, Scope, SessionCursor, StoreError, StoreResult};
use sqlx::{Row, SqliteConnection};
use std::collections::{HashMap, HashSet};

use psoas_store::columns::{self as rows, corrupt, micros};
use psoas_store::keys::ScopeBinds;

use crate::protocol::{VISIBLE, bind_scope};
use crate::rows::Cols;
use crate::{SqliteStore, backend};

/// Whether a stored row with a given id exists, and whether the scope may see it.
enum Found {
    Absent,
    InScope,
    Elsewhere,
}

impl From<Option<bool>> for Found {
    fn from(visible: Option<bool>) -> Self {
        match visible {
            None => Found::Absent,
            Some(true) => Found::InScope,
            Some(false) => Found::Elsewhere,
        }
    }
}

/// The filter [`SqliteStore::load_records`] applies: sessions whose id is in a JSON array.
pub(crate) const IN_IDS: &str = "s.id IN (SELECT value FROM json_each(?))";

impl SqliteStore {
    pub(crate) async fn page_of_sessions(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        after: Option<SessionCursor>,
        limit: u32,
    ) -> StoreResult<Vec<FullSession>> {
        let sql = format!(
            "SELECT s.* FROM sessions s JOIN profiles p ON p.id = s.profile_id \
             WHERE {VISIBLE} AND (? IS NULL OR s.profile_id = ?) \
             AND (? IS NULL OR s.started_at > ? OR (s.started_at = ? AND s.id > ?)) \
             ORDER BY s.started_at, s.id LIMIT ?"
        );
        let binds = ScopeBinds::of(scope);
        let profile = profile.map(|p| p.to_string());
        let after_time = after.map(|a| micros(a.started_at));
        let rows = bind_scope!(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .bind(profile.clone())
            .bind(profile)
            .bind(after_time)
            .bind(after_time)
            .bind(after_time)
            .bind(after.map(|a| a.id.to_string()))
            .bind(i64::from(limit))
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let sessions = rows
            .iter()
            .map(|row| rows::session(&Cols(row)))
            .collect::<Result<Vec<_>, _>>()?;
        if sessions.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<String> = sessions.iter().map(|s| s.id.to_string()).collect();
        let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Backend(Box::new(e)))?;
        let records = self
            .load_records(scope, sessions, IN_IDS, Some(ids.clone()))
            .await?;
        let mut series = self.series_of(scope, ids).await?;
        Ok(records
            .into_iter()
            .map(|record| {
                let series = record
                    .measurements
                    .iter()
                    .filter_map(|m| series.remove(&m.id).map(|s| (m.id, s)))
                    .collect();
                FullSession { record, series }
            })
            .collect())
    }

    /// The recorded series of the trials of some sessions (a JSON array of ids), by trial.
    async fn series_of(
        &self,
        scope: Scope,
        session_ids: String,
    ) -> StoreResult<HashMap<MeasurementId, RecordedLift>> {
        let sql = format!(
            "SELECT l.measurement_id, l.series FROM lift_series l \
             JOIN measurements m ON m.id = l.measurement_id \
             JOIN sessions s ON s.id = m.session_id JOIN profiles p ON p.id = s.profile_id \
             WHERE {VISIBLE} AND {IN_IDS}"
        );
        let binds = ScopeBinds::of(scope);
        let rows = bind_scope!(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .bind(session_ids)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let mut found = HashMap::new();
        for row in rows {
            let id: String = row.try_get("measurement_id").map_err(corrupt)?;
            let id = MeasurementId(id.parse().map_err(corrupt)?);
            let json: String = row.try_get("series").map_err(corrupt)?;
            let lift = rows::series(&json, id)?;
            found.insert(id, lift);
        }
        Ok(found)
    }

    pub(crate) async fn import_all(
        &self,
        scope: Scope,
        profiles: &[Profile],
        sessions: &[FullSession],
    ) -> StoreResult<ImportCounts> {
        psoas_store::keys::writable(scope)?;
        let mut counts = ImportCounts::default();
        let mut tx = self.write().await?;
        for profile in profiles {
            let sql = format!("SELECT {VISIBLE} FROM profiles p WHERE p.id = ?");
            match found(&mut tx, scope, sql, profile.id.to_string()).await? {
                Found::InScope => counts.profiles_kept += 1,
                Found::Elsewhere => {
                    return Err(elsewhere("profile", &profile.id.to_string()));
                }
                Found::Absent => {
                    Self::insert_profile(&mut tx, scope, profile).await?;
                    counts.profiles_added += 1;
                }
            }
        }
        for full in sessions {
            Self::import_session(&mut tx, scope, full, &mut counts).await?;
        }
        tx.commit().await.map_err(backend)?;
        Ok(counts)
    }

    async fn import_session(
        conn: &mut SqliteConnection,
        scope: Scope,
        full: &FullSession,
        counts: &mut ImportCounts,
    ) -> StoreResult<()> {
        let record: &SessionRecord = &full.record;
        let session = &record.session;
        let id = session.id.to_string();
        let sql = format!(
            "SELECT {VISIBLE} FROM sessions s JOIN profiles p ON p.id = s.profile_id \
             WHERE s.id = ?"
        );
        match found(conn, scope, sql, id.clone()).await? {
            Found::Elsewhere => return Err(elsewhere("session", &id)),
            Found::InScope => counts.sessions_kept += 1,
            Found::Absent => {
                let sql = format!("SELECT {VISIBLE} FROM profiles p WHERE p.id = ?");
                let profile = session.profile_id.to_string();
                if !matches!(
                    found(conn, scope, sql, profile.clone()).await?,
                    Found::InScope
                ) {
                    return Err(StoreError::NotFound {
                        what: "profile",
                        key: profile,
                        hint: "the archive's sessions must belong to its own profiles",
                    });
                }
                Self::insert_session(conn, session).await?;
                counts.sessions_added += 1;
            }
        }
        if let Some(screening) = &record.screening {
            sqlx::query(
                "INSERT INTO screenings (session_id, answered_at, flags) VALUES (?, ?, ?) \
                 ON CONFLICT (session_id) DO NOTHING",
            )
            .bind(&id)
            .bind(micros(screening.answered_at))
            .bind(rows::screening_flags(screening))
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        }
        if let Some(symptoms) = &record.symptoms {
            sqlx::query(
                "INSERT INTO symptoms (session_id, back_pain, pelvic_pain, \
                 sitting_hours_per_day, situps_per_week, extension_after_situps, recorded_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (session_id) DO NOTHING",
            )
            .bind(&id)
            .bind(i64::from(symptoms.back_pain.value()))
            .bind(i64::from(symptoms.pelvic_pain.value()))
            .bind(symptoms.sitting_hours_per_day)
            .bind(i64::from(symptoms.situps_per_week))
            .bind(symptoms.extension_after_situps.map(i64::from))
            .bind(micros(symptoms.recorded_at))
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
        }
        let stored_trials = ids_in(conn, "measurements", &id).await?;
        let series: HashMap<_, _> = full.series.iter().map(|(m, s)| (*m, s)).collect();
        for m in &record.measurements {
            if stored_trials.contains(&m.id.to_string()) {
                continue;
            }
            Self::insert_measurement(conn, None, session.id, m).await?;
            if let Some(lift) = series.get(&m.id) {
                let json = rows::series_json(lift)?;
                sqlx::query("INSERT INTO lift_series (measurement_id, series) VALUES (?, ?)")
                    .bind(m.id.to_string())
                    .bind(json)
                    .execute(&mut *conn)
                    .await
                    .map_err(backend)?;
            }
            counts.measurements_added += 1;
        }
        let stored_exercises = ids_in(conn, "exercises", &id).await?;
        for e in &record.exercises {
            if !stored_exercises.contains(&e.id.to_string()) {
                Self::insert_exercise(conn, session.id, e).await?;
                counts.exercises_added += 1;
            }
        }
        Ok(())
    }
}

/// Whether the row the query (binding the scope, then the id) finds is visible to the scope.
async fn found(
    conn: &mut SqliteConnection,
    scope: Scope,
    sql: String,
    id: String,
) -> StoreResult<Found> {
    let binds = ScopeBinds::of(scope);
    let visible: Option<bool> = bind_scope!(sqlx::query_scalar(sqlx::AssertSqlSafe(sql)), binds)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(visible.into())
}

/// The ids of a session's rows in a child table (its session already checked in scope).
async fn ids_in(
    conn: &mut SqliteConnection,
    table: &'static str,
    session: &str,
) -> StoreResult<HashSet<String>> {
    let sql = format!("SELECT id FROM {table} WHERE session_id = ?");
    let ids: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
        .bind(session)
        .fetch_all(&mut *conn)
        .await
        .map_err(backend)?;
    Ok(ids.into_iter().collect())
}

fn elsewhere(what: &str, id: &str) -> StoreError {
    StoreError::Conflict(format!(
        "the archive's {what} {id} is already stored in this database under another account, \
         so it cannot be imported here; import it as that account, or into another database"
    ))
}
