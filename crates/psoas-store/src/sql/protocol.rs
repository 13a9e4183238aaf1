//! [`Store`] over SQL: profiles and sessions, every query limited to the caller's [`Scope`] in
//! SQL ([`VISIBLE`]), so another account's rows are never even read.

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::camera::{CameraEvidence, KeptPhoto, Picture};
use psoas_core::inclinometer::RecordedLift;
use psoas_core::{
    ExerciseRecord, Measurement, MeasurementId, PainAfter, Profile, ProfileId, Screening, Session,
    SessionId, SessionRecord, SessionStatus, Symptoms, TrialVoid, VoidRefused,
};
use std::collections::HashMap;

use super::{Conn, Db, VISIBLE, args, first, scoped};
use crate::columns;
use crate::keys::{
    PROFILE_HINT, SESSION_HINT, SHORT_SESSION_KEY_HINT, is_id_prefix, measurement_not_found,
    name_key, one, owner_of, profile_exists, profile_not_found, session_not_found, trial_taken,
    writable,
};
use crate::transfer::Value;
use crate::{
    Contents, FullSession, ImportCounts, Scope, SessionCursor, SessionStamp, Store, StoreError,
    StoreResult,
};

/// Checks, inside a write's transaction, that the session exists within the scope.
pub(super) async fn require_session(
    conn: &mut dyn Conn,
    scope: Scope,
    id: SessionId,
) -> StoreResult<()> {
    writable(scope)?;
    let sql = format!(
        "SELECT s.id FROM sessions s JOIN profiles p ON p.id = s.profile_id \
         WHERE s.id = $6 AND {VISIBLE}"
    );
    let found = conn.rows(&sql, &scoped(scope, args![id])).await?;
    match found.is_empty() {
        true => Err(session_not_found(id)),
        false => Ok(()),
    }
}

/// Inserts one trial into a session of the scope; the same trial twice is a conflict. The
/// insert itself checks that the session is there and within the scope (none inserted: not
/// found), so a lone trial is one statement, committed on its own, and one round trip.
pub async fn insert_measurement(
    conn: &mut dyn Conn,
    scope: Scope,
    session: SessionId,
    measurement: &Measurement,
) -> StoreResult<()> {
    writable(scope)?;
    let sql = format!(
        "INSERT INTO measurements (id, session_id, phase, test, side, trial, method, kind, \
         value, unit, leg_length_cm, degrees, hurt, taken_at, leg_length_estimated, voided_at, \
         voided_by, void_reason, void_note, confirmed_unusual) \
         SELECT $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
         $22, $23, $24, $25 \
         WHERE EXISTS (SELECT 1 FROM sessions s JOIN profiles p ON p.id = s.profile_id \
         WHERE s.id = $7 AND {VISIBLE})"
    );
    let columns = columns::reading_columns(measurement.reading.as_ref());
    let void = columns::void_columns(measurement.void.as_ref());
    let values = scoped(
        scope,
        args![
            measurement.id,
            session,
            measurement.phase.as_str(),
            measurement.test.as_str(),
            measurement.side.as_str(),
            i64::from(measurement.trial),
            measurement.method.as_str(),
            columns.kind,
            columns.value,
            columns.unit,
            columns.leg_length_cm,
            columns.degrees,
            measurement.hurt,
            measurement.taken_at,
            columns.leg_length_estimated,
            void.at,
            void.by,
            void.reason,
            void.note,
            measurement.confirmed_unusual,
        ],
    );
    let done = conn
        .run(&sql, &values)
        .await
        .map_err(|e| e.or_unique(|| trial_taken(measurement)))?;
    if done == 0 {
        return Err(session_not_found(session));
    }
    Ok(())
}

/// Inserts a profile owned by the scope; a name already used by that owner is a conflict.
pub(super) async fn insert_profile(
    conn: &mut dyn Conn,
    scope: Scope,
    profile: &Profile,
) -> StoreResult<()> {
    conn.run(
        "INSERT INTO profiles (id, name, name_key, birth_year, sex, leg_length_cm, \
         body_height_cm, keep_photos, owner_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        &args![
            profile.id,
            profile.name.as_str(),
            name_key(scope, profile),
            profile.birth_year.map(|y| i64::from(y.value())),
            profile.sex.map(|s| s.as_str()),
            profile.leg_length_cm.map(|l| l.cm()),
            profile.body_height_cm.map(|h| h.cm()),
            profile.keep_photos,
            owner_of(scope),
        ],
    )
    .await
    .map_err(|e| e.or_unique(|| profile_exists(profile)))?;
    Ok(())
}

/// Inserts a session row (its profile already checked to be in scope).
pub(super) async fn insert_session(conn: &mut dyn Conn, session: &Session) -> StoreResult<()> {
    conn.run(
        "INSERT INTO sessions (id, profile_id, started_at, ended_at, status, protocol_version, \
         trials_per_side) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &args![
            session.id,
            session.profile_id,
            session.started_at,
            session.ended_at,
            session.status.as_str(),
            i64::from(session.protocol_version),
            i64::from(session.trials_per_side),
        ],
    )
    .await?;
    Ok(())
}

/// Inserts one exercise record inside a write's transaction.
pub(super) async fn insert_exercise(
    conn: &mut dyn Conn,
    session: SessionId,
    exercise: &ExerciseRecord,
) -> StoreResult<()> {
    let (variant, side) = columns::exercise_columns(exercise.exercise.as_ref());
    conn.run(
        "INSERT INTO exercises (id, session_id, step, variant, side, planned_seconds, \
         done_seconds, outcome, note, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        &args![
            exercise.id,
            session,
            exercise.step.as_str(),
            variant,
            side,
            i64::from(exercise.planned_seconds),
            i64::from(exercise.done_seconds),
            exercise.outcome.as_str(),
            exercise.note.as_deref(),
            exercise.recorded_at,
        ],
    )
    .await?;
    Ok(())
}

/// Stores a session's screening, `on_conflict` saying what becomes of one already there.
pub(super) async fn insert_screening(
    conn: &mut dyn Conn,
    session: SessionId,
    screening: &Screening,
    on_conflict: &str,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO screenings (session_id, answered_at, flags) VALUES ($1, $2, $3) \
         ON CONFLICT (session_id) {on_conflict}"
    );
    let flags = columns::screening_flags(screening);
    conn.run(&sql, &args![session, screening.answered_at, flags])
        .await?;
    Ok(())
}

/// Stores a session's symptoms, `on_conflict` saying what becomes of symptoms already there.
pub(super) async fn insert_symptoms(
    conn: &mut dyn Conn,
    session: SessionId,
    symptoms: &Symptoms,
    on_conflict: &str,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO symptoms (session_id, back_pain, pelvic_pain, sitting_hours_per_day, \
         situps_per_week, extension_after_situps, recorded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (session_id) {on_conflict}"
    );
    let values = args![
        session,
        i64::from(symptoms.back_pain.value()),
        i64::from(symptoms.pelvic_pain.value()),
        symptoms.sitting_hours_per_day,
        i64::from(symptoms.situps_per_week),
        symptoms.extension_after_situps,
        symptoms.recorded_at,
    ];
    conn.run(&sql, &values).await?;
    Ok(())
}

/// Stores the pain rated at the end of a session, `on_conflict` saying what becomes of a
/// rating already there.
pub(super) async fn insert_pain_after(
    conn: &mut dyn Conn,
    session: SessionId,
    pain: &PainAfter,
    on_conflict: &str,
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO pain_after (session_id, back_pain, pelvic_pain, recorded_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (session_id) {on_conflict}"
    );
    let values = args![
        session,
        i64::from(pain.back_pain.value()),
        i64::from(pain.pelvic_pain.value()),
        pain.recorded_at,
    ];
    conn.run(&sql, &values).await?;
    Ok(())
}

/// Inserts the series a trial was measured from.
pub(super) async fn insert_series(
    conn: &mut dyn Conn,
    measurement: MeasurementId,
    series: &RecordedLift,
) -> StoreResult<()> {
    let json = columns::series_json(series)?;
    conn.run(
        "INSERT INTO lift_series (measurement_id, series) VALUES ($1, $2)",
        &args![measurement, json],
    )
    .await?;
    Ok(())
}

/// Inserts the markers a camera trial was measured from.
pub(super) async fn insert_camera(
    conn: &mut dyn Conn,
    measurement: MeasurementId,
    evidence: &CameraEvidence,
) -> StoreResult<()> {
    let json = columns::camera_json(evidence)?;
    conn.run(
        "INSERT INTO camera_markers (measurement_id, markers) VALUES ($1, $2)",
        &args![measurement, json],
    )
    .await?;
    Ok(())
}

/// What `table` (aliased, keyed by `measurement_id`) keeps about a trial of a session in
/// scope, as its JSON `column`: `None` when the trial has none, `NotFound` when there is no
/// such trial in that session or the session is out of scope.
async fn kept_with_trial(
    db: &dyn Db,
    scope: Scope,
    session: SessionId,
    measurement: MeasurementId,
    table: &str,
    column: &str,
) -> StoreResult<Option<String>> {
    let alias = table.rsplit(' ').next().unwrap_or(table);
    let sql = format!(
        "SELECT {column} AS kept FROM measurements m JOIN sessions s ON s.id = m.session_id \
         JOIN profiles p ON p.id = s.profile_id \
         LEFT JOIN {table} ON {alias}.measurement_id = m.id \
         WHERE m.id = $6 AND m.session_id = $7 AND {VISIBLE}"
    );
    let rows = db
        .read()
        .await?
        .rows(&sql, &scoped(scope, args![measurement, session]))
        .await?;
    let Some(row) = first(rows) else {
        return Err(measurement_not_found(measurement));
    };
    row.text("kept")
}

/// The profiles in scope that `filter_sql` (over `$6`, `filter`) selects, by name.
async fn profiles_where(
    db: &dyn Db,
    scope: Scope,
    filter_sql: &str,
    filter: Value,
) -> StoreResult<Vec<Profile>> {
    let name = db.dialect().name;
    let sql = format!(
        "SELECT p.* FROM profiles p WHERE {VISIBLE} AND {filter_sql} ORDER BY {name}, p.id"
    );
    let rows = db
        .read()
        .await?
        .rows(&sql, &scoped(scope, [filter]))
        .await?;
    rows.iter().map(|row| columns::profile(&**row)).collect()
}

/// The text of an id for a filter.
fn text(value: impl ToString) -> Value {
    Value::Text(Some(value.to_string()))
}

/// A screening answered again replaces the one stored.
const REPLACE_SCREENING: &str =
    "DO UPDATE SET answered_at = excluded.answered_at, flags = excluded.flags";
/// Symptoms recorded again replace those stored.
const REPLACE_SYMPTOMS: &str = "DO UPDATE SET back_pain = excluded.back_pain, \
     pelvic_pain = excluded.pelvic_pain, sitting_hours_per_day = excluded.sitting_hours_per_day, \
     situps_per_week = excluded.situps_per_week, \
     extension_after_situps = excluded.extension_after_situps, \
     recorded_at = excluded.recorded_at";
/// Pain rated again at the end replaces the rating stored.
const REPLACE_PAIN_AFTER: &str = "DO UPDATE SET back_pain = excluded.back_pain, \
     pelvic_pain = excluded.pelvic_pain, recorded_at = excluded.recorded_at";

#[async_trait]
impl<T: Db> Store for T {
    async fn create_profile(&self, scope: Scope, profile: &Profile) -> StoreResult<()> {
        writable(scope)?;
        insert_profile(&mut *self.writer().await?, scope, profile).await
    }

    async fn update_profile(&self, scope: Scope, profile: &Profile) -> StoreResult<()> {
        writable(scope)?;
        // The name key keeps the profile's own owner, whoever edits it.
        let sql = format!(
            "UPDATE profiles AS p SET name = $6, \
             name_key = coalesce(p.owner_id, 'terminal') || '/' || $7, \
             birth_year = $8, sex = $9, leg_length_cm = $10, body_height_cm = $11, \
             keep_photos = $12 WHERE p.id = $13 AND {VISIBLE}"
        );
        let values = scoped(
            scope,
            args![
                profile.name.as_str(),
                profile.name.as_str().to_lowercase(),
                profile.birth_year.map(|y| i64::from(y.value())),
                profile.sex.map(|s| s.as_str()),
                profile.leg_length_cm.map(|l| l.cm()),
                profile.body_height_cm.map(|h| h.cm()),
                profile.keep_photos,
                profile.id,
            ],
        );
        let mut tx = self.begin().await?;
        let done = tx
            .run(&sql, &values)
            .await
            .map_err(|e| e.or_unique(|| profile_exists(profile)))?;
        if done == 0 {
            return Err(profile_not_found(profile.id.to_string()));
        }
        // Turned off, keeping photos forgets those kept: off means none are held.
        if !profile.keep_photos {
            super::photos::forget_photos(&mut *tx, profile.id).await?;
        }
        tx.commit().await
    }

    async fn list_profiles(&self, scope: Scope) -> StoreResult<Vec<Profile>> {
        profiles_where(self, scope, "$6 IS NULL", Value::Text(None)).await
    }

    async fn find_profile(&self, scope: Scope, key: &str) -> StoreResult<Profile> {
        let key = key.trim();
        let by_name = format!("{} = $6", self.dialect().name);
        let by_name = profiles_where(self, scope, &by_name, text(key.to_lowercase())).await?;
        if !by_name.is_empty() {
            return one(by_name, "profile", key, PROFILE_HINT);
        }
        let by_id = if is_id_prefix(key) {
            profiles_where(self, scope, "p.id LIKE $6 || '%'", text(key.to_lowercase())).await?
        } else {
            Vec::new()
        };
        one(by_id, "profile", key, PROFILE_HINT)
    }

    async fn profile(&self, scope: Scope, id: ProfileId) -> StoreResult<Profile> {
        let found = profiles_where(self, scope, "p.id = $6", text(id)).await?;
        one(found, "profile", &id.to_string(), PROFILE_HINT)
    }

    async fn create_session(&self, scope: Scope, session: &Session) -> StoreResult<()> {
        writable(scope)?;
        let mut tx = self.begin().await?;
        let sql = format!("SELECT p.id FROM profiles p WHERE p.id = $6 AND {VISIBLE}");
        let profile = tx
            .rows(&sql, &scoped(scope, args![session.profile_id]))
            .await?;
        if profile.is_empty() {
            return Err(profile_not_found(session.profile_id.to_string()));
        }
        insert_session(&mut *tx, session).await?;
        tx.commit().await
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
        let found =
            super::records::sessions_where(self, scope, "s.id LIKE $6 || '%'", text(&key)).await?;
        one(found, "session", &key, SESSION_HINT)
    }

    async fn session(&self, scope: Scope, id: SessionId) -> StoreResult<SessionRecord> {
        let found = super::records::sessions_where(self, scope, "s.id = $6", text(id)).await?;
        one(found, "session", &id.to_string(), SESSION_HINT)
    }

    async fn session_and_profile(
        &self,
        scope: Scope,
        id: SessionId,
    ) -> StoreResult<(SessionRecord, Profile)> {
        super::records::session_with_profile(self, scope, id).await
    }

    async fn list_sessions(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
    ) -> StoreResult<Vec<SessionRecord>> {
        match profile {
            Some(p) => super::records::sessions_where(self, scope, "s.profile_id = $6", text(p)),
            None => super::records::sessions_where(self, scope, "$6 IS NULL", Value::Text(None)),
        }
        .await
    }

    async fn save_screening(
        &self,
        scope: Scope,
        session: SessionId,
        screening: &Screening,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        require_session(&mut *tx, scope, session).await?;
        insert_screening(&mut *tx, session, screening, REPLACE_SCREENING).await?;
        if !screening.is_clear() {
            tx.run(
                "UPDATE sessions SET status = $1, ended_at = $2 WHERE id = $3",
                &args![
                    SessionStatus::StoppedAtScreening.as_str(),
                    screening.answered_at,
                    session
                ],
            )
            .await?;
        }
        tx.commit().await
    }

    async fn save_symptoms(
        &self,
        scope: Scope,
        session: SessionId,
        symptoms: &Symptoms,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        require_session(&mut *tx, scope, session).await?;
        insert_symptoms(&mut *tx, session, symptoms, REPLACE_SYMPTOMS).await?;
        tx.commit().await
    }

    async fn save_pain_after(
        &self,
        scope: Scope,
        session: SessionId,
        pain: &PainAfter,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        require_session(&mut *tx, scope, session).await?;
        insert_pain_after(&mut *tx, session, pain, REPLACE_PAIN_AFTER).await?;
        tx.commit().await
    }

    async fn add_measurement(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()> {
        writable(scope)?;
        self.add_lone_trial(scope, session, measurement).await
    }

    async fn add_measurement_with_series(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
        series: &RecordedLift,
    ) -> StoreResult<()> {
        writable(scope)?;
        let mut tx = self.begin().await?;
        insert_measurement(&mut *tx, scope, session, measurement).await?;
        insert_series(&mut *tx, measurement.id, series).await?;
        tx.commit().await
    }

    async fn add_measurement_with_camera(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: &Measurement,
        evidence: &CameraEvidence,
    ) -> StoreResult<()> {
        writable(scope)?;
        let mut tx = self.begin().await?;
        insert_measurement(&mut *tx, scope, session, measurement).await?;
        insert_camera(&mut *tx, measurement.id, evidence).await?;
        tx.commit().await
    }

    async fn measurement_series(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
    ) -> StoreResult<Option<RecordedLift>> {
        kept_with_trial(
            self,
            scope,
            session,
            measurement,
            "lift_series l",
            "l.series",
        )
        .await?
        .map(|json| columns::series(&json, measurement))
        .transpose()
    }

    async fn measurement_camera(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
    ) -> StoreResult<Option<CameraEvidence>> {
        kept_with_trial(
            self,
            scope,
            session,
            measurement,
            "camera_markers c",
            "c.markers",
        )
        .await?
        .map(|json| columns::camera(&json, measurement))
        .transpose()
    }

    async fn session_camera(
        &self,
        scope: Scope,
        session: SessionId,
    ) -> StoreResult<HashMap<MeasurementId, CameraEvidence>> {
        let ids = serde_json::to_string(&[session.to_string()])
            .map_err(|e| StoreError::Backend(Box::new(e)))?;
        super::bulk::kept_of(
            self,
            scope,
            Value::Text(Some(ids)),
            ("camera_markers c", "c.markers"),
            columns::camera,
        )
        .await
    }

    async fn keep_camera_photo(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
        photo: &KeptPhoto,
    ) -> StoreResult<()> {
        super::photos::keep_photo(self, scope, session, measurement, photo).await
    }

    async fn camera_photo(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
        picture: Picture,
    ) -> StoreResult<Option<KeptPhoto>> {
        super::photos::photo(self, scope, session, measurement, picture).await
    }

    async fn sessions_photos(
        &self,
        scope: Scope,
        sessions: &[SessionId],
    ) -> StoreResult<Vec<(MeasurementId, KeptPhoto)>> {
        let ids: Vec<String> = sessions.iter().map(ToString::to_string).collect();
        let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Backend(Box::new(e)))?;
        super::photos::photos_of(self, scope, Value::Text(Some(ids))).await
    }

    async fn void_measurement(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
        void: &TrialVoid,
    ) -> StoreResult<()> {
        writable(scope)?;
        // Every condition of the core's check_void, in the statement itself, so two people
        // striking out at once cannot both succeed; only a refusal reads the record again to
        // say why.
        let sql = format!(
            "UPDATE measurements SET voided_at = $6, voided_by = $7, void_reason = $8, \
             void_note = $9 \
             WHERE id = $10 AND session_id = $11 AND voided_at IS NULL AND hurt = $12 \
             AND EXISTS (SELECT 1 FROM sessions s JOIN profiles p ON p.id = s.profile_id \
             WHERE s.id = $11 AND s.status = $13 AND {VISIBLE}) \
             AND NOT EXISTS (SELECT 1 FROM exercises e WHERE e.session_id = $11 \
             AND e.recorded_at >= measurements.taken_at)"
        );
        let columns = columns::void_columns(Some(void));
        let values = scoped(
            scope,
            args![
                columns.at,
                columns.by,
                columns.reason,
                columns.note,
                measurement,
                session,
                false,
                SessionStatus::Unfinished.as_str(),
            ],
        );
        if self.writer().await?.run(&sql, &values).await? == 1 {
            return Ok(());
        }
        let record = self.session(scope, session).await?;
        Err(match record.check_void(measurement) {
            Err(VoidRefused::NotFound) => measurement_not_found(measurement),
            Err(refused) => StoreError::Conflict(refused.to_string()),
            Ok(_) => StoreError::Conflict(
                "the session changed while the trial was being struck out; look at it again"
                    .to_string(),
            ),
        })
    }

    async fn delete_measurement(
        &self,
        scope: Scope,
        session: SessionId,
        measurement: MeasurementId,
    ) -> StoreResult<()> {
        super::deletion::delete_measurement(self, scope, session, measurement).await
    }

    async fn delete_session(&self, scope: Scope, session: SessionId) -> StoreResult<Contents> {
        super::deletion::delete_session(self, scope, session).await
    }

    async fn delete_profile(&self, scope: Scope, profile: ProfileId) -> StoreResult<Contents> {
        super::deletion::delete_profile(self, scope, profile).await
    }

    async fn add_exercise(
        &self,
        scope: Scope,
        session: SessionId,
        exercise: &ExerciseRecord,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        require_session(&mut *tx, scope, session).await?;
        insert_exercise(&mut *tx, session, exercise).await?;
        tx.commit().await
    }

    async fn finish_session(
        &self,
        scope: Scope,
        session: SessionId,
        at: Timestamp,
    ) -> StoreResult<()> {
        let mut tx = self.begin().await?;
        require_session(&mut *tx, scope, session).await?;
        tx.run(
            "UPDATE sessions SET status = 'finished', ended_at = $1 \
             WHERE id = $2 AND status = 'unfinished'",
            &args![at, session],
        )
        .await?;
        tx.commit().await
    }

    async fn history_stamps(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        offset: u64,
        limit: u32,
    ) -> StoreResult<(u64, Vec<SessionStamp>)> {
        super::history::page_of_stamps(self, scope, profile, offset, limit).await
    }

    async fn with_records(
        &self,
        scope: Scope,
        sessions: Vec<Session>,
    ) -> StoreResult<Vec<SessionRecord>> {
        super::records::records_of(self, scope, sessions).await
    }

    async fn sessions_page(
        &self,
        scope: Scope,
        profile: Option<ProfileId>,
        after: Option<SessionCursor>,
        limit: u32,
    ) -> StoreResult<Vec<FullSession>> {
        super::bulk::page_of_sessions(self, scope, profile, after, limit).await
    }

    async fn import(
        &self,
        scope: Scope,
        profiles: &[Profile],
        sessions: &[FullSession],
    ) -> StoreResult<ImportCounts> {
        super::bulk::import_all(self, scope, profiles, sessions).await
    }

    async fn close(&self) {
        self.close_pools().await;
    }
}
