//! The [`Store`] implementation: profiles and sessions, every query limited to the caller's
//! [`Scope`] in SQL, so another account's rows are never even read.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::inclinometer::RecordedLift;
use psoas_core::{
    ExerciseRecord, Measurement, MeasurementId, Profile, ProfileId, Screening, Session, SessionId,
    SessionRecord, SessionStatus, Symptoms,
};
use psoas_store::{
    FullSession, ImportCounts, Scope, SessionCursor, SessionStamp, Store, StoreError, StoreResult,
};
use sqlx::SqliteConnection;

use psoas_store::columns::{self as rows, micros};
use psoas_store::keys::{
    PROFILE_HINT, SESSION_HINT, SHORT_SESSION_KEY_HINT, ScopeBinds, is_id_prefix,
    measurement_not_found, name_key, one, owner_of, profile_exists, profile_not_found,
    session_not_found, trial_taken, writable,
};

use crate::rows::Cols;
use crate::{SqliteStore, backend};

/// The rows of `profiles p` a scope may see; binds five values (see [`ScopeBinds`]). The last
/// term is a practitioner's reach: a client's profiles while their link is live, so ending the
/// link hides them from the very next query.
pub(crate) const VISIBLE: &str = "(? = 1 OR p.owner_id = ? OR (p.owner_id IS NULL AND ? = 1) \
     OR EXISTS (SELECT 1 FROM practice_links l WHERE l.client_id = p.owner_id \
     AND l.practitioner_id = ? AND l.client_id = ? AND l.ended_at IS NULL))";

macro_rules! bind_scope_impl {
    ($query:expr, $binds:expr) => {
        $query
            .bind($binds.everything)
            .bind($binds.account.clone())
            .bind($binds.terminal_profiles)
            .bind($binds.practitioner.clone())
            .bind($binds.client.clone())
    };
}
pub(crate) use bind_scope_impl as bind_scope;

impl SqliteStore {
    /// Checks, inside a write's transaction, that the session exists within the scope.
    async fn require_session(
        conn: &mut SqliteConnection,
        scope: Scope,
        id: SessionId,
    ) -> StoreResult<()> {
        writable(scope)?;
        let sql = format!(
            "SELECT s.id FROM sessions s JOIN profiles p ON p.id = s.profile_id \
             WHERE s.id = ? AND {VISIBLE}"
        );
        let binds = ScopeBinds::of(scope);
        let found: Option<String> = bind_scope!(
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(id.to_string()),
            binds
        )
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
        found.map(|_| ()).ok_or_else(|| session_not_found(id))
    }

    /// Inserts one trial; the same trial twice is a conflict. With a scope, the insert itself
    /// checks that the session is there and within it (none inserted: not found), so a lone
    /// trial is one statement, committed on its own, and one round trip.
    pub(crate) async fn insert_measurement(
        conn: &mut SqliteConnection,
        guard: Option<Scope>,
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()> {
        let guard_sql = match guard {
            Some(_) => format!(
                " WHERE EXISTS (SELECT 1 FROM sessions s JOIN profiles p ON p.id = s.profile_id \
                 WHERE s.id = ? AND {VISIBLE})"
            ),
            None => String::new(),
        };
        let sql = format!(
            "INSERT INTO measurements (id, session_id, phase, test, side, trial, method, kind, \
             value, unit, leg_length_cm, degrees, hurt, taken_at, leg_length_estimated) \
             SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?{guard_sql}"
        );
        let columns = rows::reading_columns(measurement.reading.as_ref());
        let mut query = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(measurement.id.to_string())
            .bind(session.to_string())
            .bind(measurement.phase.as_str())
            .bind(measurement.test.as_str())
            .bind(measurement.side.as_str())
            .bind(i64::from(measurement.trial))
            .bind(measurement.method.as_str())
            .bind(columns.kind)
            .bind(columns.value)
            .bind(columns.unit)
            .bind(columns.leg_length_cm)
            .bind(columns.degrees)
            .bind(measurement.hurt)
            .bind(micros(measurement.taken_at))
            .bind(columns.leg_length_estimated);
        if let Some(scope) = guard {
            writable(scope)?;
            let binds = ScopeBinds::of(scope);
            query = bind_scope!(query.bind(session.to_string()), binds);
        }
        let done = query.execute(&mut *conn).await.map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => trial_taken(measurement),
            _ => backend(e),
        })?;
        if done.rows_affected() == 0 {
            return Err(session_not_found(session));
        }
        Ok(())
    }

    async fn profiles_where(
        &self,
        scope: Scope,
        filter_sql: &'static str,
        filter: Option<String>,
    ) -> StoreResult<Vec<Profile>> {
        let sql = format!(
            "SELECT p.* FROM profiles p WHERE {VISIBLE} AND {filter_sql} ORDER BY \
             substr(p.name_key, instr(p.name_key, '/') + 1), p.id"
        );
        let binds = ScopeBinds::of(scope);
        let rows = bind_scope!(sqlx::query(sqlx::AssertSqlSafe(sql)), binds)
            .bind(filter)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(|row| rows::profile(&Cols(row))).collect()
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn create_profile(&self, scope: Scope, profile: &Profile) -> StoreResult<()> {
        writable(scope)?;
        let mut conn = self.writer.acquire().await.map_err(backend)?;
        Self::insert_profile(&mut conn, scope, profile).await
    }

    async fn update_profile(&self, scope: Scope, profile: &Profile) -> StoreResult<()> {
        writable(scope)?;
        // The name key keeps the profile's own owner, whoever edits it.
        let sql = format!(
            "UPDATE profiles AS p SET name = ?, \
             name_key = coalesce(p.owner_id, 'terminal') || '/' || ?, \
             birth_year = ?, sex = ?, leg_length_cm = ?, body_height_cm = ? \
             WHERE p.id = ? AND {VISIBLE}"
        );
        let binds = ScopeBinds::of(scope);
        let done = bind_scope!(
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(profile.name.as_str())
                .bind(profile.name.as_str().to_lowercase())
                .bind(profile.birth_year.map(|y| y.value()))
                .bind(profile.sex.map(|s| s.as_str()))
                .bind(profile.leg_length_cm.map(|l| l.cm()))
                .bind(profile.body_height_cm.map(|h| h.cm()))
                .bind(profile.id.to_string()),
            binds
        )
        .execute(&self.writer)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => profile_exists(profile),
            _ => backend(e),
        })?;
        if done.rows_affected() == 0 {
            return Err(profile_not_found(profile.id.to_string()));
        }
        Ok(())
    }

    async fn list_profiles(&self, scope: Scope) -> StoreResult<Vec<Profile>> {
        self.profiles_where(scope, "? IS NULL", None).await
    }

    async fn find_profile(&self, scope: Scope, key: &str) -> StoreResult<Profile> {
        let key = key.trim();
        let by_name = self
            .profiles_where(
                scope,
                "substr(p.name_key, instr(p.name_key, '/') + 1) = ?",
                Some(key.to_lowercase()),
            )
            .await?;
        if !by_name.is_empty() {
            return one(by_name, "profile", key, PROFILE_HINT);
        }
        let by_id = if is_id_prefix(key) {
            self.profiles_where(scope, "p.id LIKE ? || '%'", Some(key.to_lowercase()))
                .await?
        } else {
            Vec::new()
        };
        one(by_id, "profile", key, PROFILE_HINT)
    }

    async fn profile(&self, scope: Scope, id: ProfileId) -> StoreResult<Profile> {
        let found = self
            .profiles_where(scope, "p.id = ?", Some(id.to_string()))
            .await?;
        one(found, "profile", &id.to_string(), PROFILE_HINT)
    }

    async fn create_session(&self, scope: Scope, session: &Session) -> StoreResult<()> {
        writable(scope)?;
        let mut tx = self.write().await?;
        let sql = format!("SELECT p.id FROM profiles p WHERE p.id = ? AND {VISIBLE}");
        let binds = ScopeBinds::of(scope);
        let profile: Option<String> = bind_scope!(
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(session.profile_id.to_string()),
            binds
        )
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        if profile.is_none() {
            return Err(profile_not_found(session.profile_id.to_string()));
        }
        Self::insert_session(&mut tx, session).await?;
        tx.commit().await.map_err(backend)
    }

    async fn find_session(&self, scope: Scope, key: &str) -> StoreResult<SessionRecord> {
        let key = key.trim().to_lowercase();
        if !is_id_prefix(&key) {
            return Err(StoreError::NotFound {
                what: "session",
                key,
                hint: SHORT_SESSION_KEY_HINT,
            });
        }
        let found = self
            .sessions_where(scope, "s.id LIKE ? || '%'", Some(key.clone()))
            .await?;
        one(found, "session", &key, SESSION_HINT)
    }

    async fn session(&self, scope: Scope, id: SessionId) -> StoreResult<SessionRecord> {
        let found = self
            .sessions_where(scope, "s.id = ?", Some(id.to_string()))
            .await?;
        one(found, "session", &id.to_string(), SESSION_HINT)
    }

    async fn session_and_profile(
        &self,
        scope: Scope,
        id: SessionId,
    ) -> StoreResult<(SessionRecord, Profile)> {
        self.session_with_profile(scope, id).await
    }

    async fn list_sessions(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
    ) -> StoreResult<Vec<SessionRecord>> {
        match profile {
            Some(p) => {
                self.sessions_where(scope, "s.profile_id = ?", Some(p.to_string()))
                    .await
            }
            None => self.sessions_where(scope, "? IS NULL", None).await,
        }
    }

    async fn save_screening(
        &self,
        scope: Scope,
        session: SessionId,
        screening: &Screening,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        Self::require_session(&mut tx, scope, session).await?;
        sqlx::query(
            "INSERT INTO screenings (session_id, answered_at, flags) VALUES (?, ?, ?) \
             ON CONFLICT (session_id) DO UPDATE SET answered_at = excluded.answered_at, \
             flags = excluded.flags",
        )
        .bind(session.to_string())
        .bind(micros(screening.answered_at))
        .bind(rows::screening_flags(screening))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        if !screening.is_clear() {
            sqlx::query("UPDATE sessions SET status = ?, ended_at = ? WHERE id = ?")
                .bind(SessionStatus::StoppedAtScreening.as_str())
                .bind(micros(screening.answered_at))
                .bind(session.to_string())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn save_symptoms(
        &self,
        scope: Scope,
        session: SessionId,
        symptoms: &Symptoms,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        Self::require_session(&mut tx, scope, session).await?;
        sqlx::query(
            "INSERT INTO symptoms (session_id, back_pain, pelvic_pain, sitting_hours_per_day, \
             situps_per_week, extension_after_situps, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) \
             ON CONFLICT (session_id) DO UPDATE SET back_pain = excluded.back_pain, \
             pelvic_pain = excluded.pelvic_pain, \
             sitting_hours_per_day = excluded.sitting_hours_per_day, \
             situps_per_week = excluded.situps_per_week, \
             extension_after_situps = excluded.extension_after_situps, \
             recorded_at = excluded.recorded_at",
        )
        .bind(session.to_string())
        .bind(i64::from(symptoms.back_pain.value()))
        .bind(i64::from(symptoms.pelvic_pain.value()))
        .bind(symptoms.sitting_hours_per_day)
        .bind(i64::from(symptoms.situps_per_week))
        .bind(symptoms.extension_after_situps.map(i64::from))
        .bind(micros(symptoms.recorded_at))
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn add_measurement(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()> {
        writable(scope)?;
        if let Some(outcome) = self.trials.add(scope, session, measurement).await {
            return outcome;
        }
        // No writing task (its runtime is gone): one statement in autocommit, which takes the
        // write lock before it reads, so it waits its turn like `BEGIN IMMEDIATE` does.
        let mut conn = self.writer.acquire().await.map_err(backend)?;
        Self::insert_measurement(&mut conn, Some(scope), session, measurement).await
    }

    async fn add_measurement_with_series(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
        series: &RecordedLift,
    ) -> StoreResult<()> {
        writable(scope)?;
        let json = rows::series_json(series)?;
        let mut tx = self.write().await?;
        Self::insert_measurement(&mut tx, Some(scope), session, measurement).await?;
        sqlx::query("INSERT INTO lift_series (measurement_id, series) VALUES (?, ?)")
            .bind(measurement.id.to_string())
            .bind(json)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn measurement_series(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
    ) -> StoreResult<Option<RecordedLift>> {
        let sql = format!(
            "SELECT l.series FROM measurements m JOIN sessions s ON s.id = m.session_id \
             JOIN profiles p ON p.id = s.profile_id \
             LEFT JOIN lift_series l ON l.measurement_id = m.id \
             WHERE m.id = ? AND m.session_id = ? AND {VISIBLE}"
        );
        let binds = ScopeBinds::of(scope);
        let found: Option<Option<String>> = bind_scope!(
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                .bind(measurement.to_string())
                .bind(session.to_string()),
            binds
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(backend)?;
        let Some(series) = found else {
            return Err(measurement_not_found(measurement));
        };
        series
            .map(|json| rows::series(&json, measurement))
            .transpose()
    }

    async fn add_exercise(
        &self,
        scope: Scope,
        session: SessionId,
        exercise: &ExerciseRecord,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        Self::require_session(&mut tx, scope, session).await?;
        Self::insert_exercise(&mut tx, session, exercise).await?;
        tx.commit().await.map_err(backend)
    }

    async fn finish_session(
        &self,
        scope: Scope,
        session: SessionId,
        at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        Self::require_session(&mut tx, scope, session).await?;
        sqlx::query(
            "UPDATE sessions SET status = 'finished', ended_at = ? \
             WHERE id = ? AND status = 'unfinished'",
        )
        .bind(micros(at))
        .bind(session.to_string())
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn history_stamps(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<(u64, Vec<SessionStamp>)> {
        self.page_of_stamps(scope, profile, offset, limit).await
    }

    async fn with_records(
        &self,
        scope: Scope,
        sessions: Vec<Session>,
    ) -> StoreResult<Vec<SessionRecord>> {
        self.records_of(scope, sessions).await
    }

    async fn sessions_page(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        after: Option<SessionCursor>,
        limit: u32,
    ) -> StoreResult<Vec<FullSession>> {
        self.page_of_sessions(scope, profile, after, limit).await
    }

    async fn import(
        &self,
        scope: Scope,
        profiles: &[Profile],
        sessions: &[FullSession],
    ) -> StoreResult<ImportCounts> {
        self.import_all(scope, profiles, sessions).await
    }

    async fn close(&self) {
        self.writer.close().await;
        self.pool.close().await;
    }
}

impl SqliteStore {
    /// Inserts a profile owned by the scope; a name already used by that owner is a conflict.
    pub(crate) async fn insert_profile(
        conn: &mut SqliteConnection,
        scope: Scope,
        profile: &Profile,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO profiles (id, name, name_key, birth_year, sex, leg_length_cm, \
             body_height_cm, owner_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(profile.id.to_string())
        .bind(profile.name.as_str())
        .bind(name_key(scope, profile))
        .bind(profile.birth_year.map(|y| y.value()))
        .bind(profile.sex.map(|s| s.as_str()))
        .bind(profile.leg_length_cm.map(|l| l.cm()))
        .bind(profile.body_height_cm.map(|h| h.cm()))
        .bind(owner_of(scope))
        .execute(&mut *conn)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => profile_exists(profile),
            _ => backend(e),
        })?;
        Ok(())
    }

    /// Inserts a session row (its profile already checked to be in scope).
    pub(crate) async fn insert_session(
        conn: &mut SqliteConnection,
        session: &Session,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (id, profile_id, started_at, ended_at, status, protocol_version, \
             trials_per_side) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(session.id.to_string())
        .bind(session.profile_id.to_string())
        .bind(micros(session.started_at))
        .bind(session.ended_at.map(micros))
        .bind(session.status.as_str())
        .bind(i64::from(session.protocol_version))
        .bind(i64::from(session.trials_per_side))
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
        Ok(())
    }

    /// Inserts one exercise record inside a write's transaction.
    pub(crate) async fn insert_exercise(
        conn: &mut SqliteConnection,
        session: SessionId,
        exercise: &ExerciseRecord,
    ) -> StoreResult<()> {
        let (variant, side) = rows::exercise_columns(exercise.exercise.as_ref());
        sqlx::query(
            "INSERT INTO exercises (id, session_id, step, variant, side, planned_seconds, \
             done_seconds, outcome, note, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(exercise.id.to_string())
        .bind(session.to_string())
        .bind(exercise.step.as_str())
        .bind(variant)
        .bind(side)
        .bind(i64::from(exercise.planned_seconds))
        .bind(i64::from(exercise.done_seconds))
        .bind(exercise.outcome.as_str())
        .bind(exercise.note.as_deref())
        .bind(micros(exercise.recorded_at))
        .execute(&mut *conn)
        .await
        .map_err(backend)?;
        Ok(())
    }
}
