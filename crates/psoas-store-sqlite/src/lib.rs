//! SQLite implementation of the psoas [`Store`]: one file, WAL mode, durable commits,
//! migrations embedded in the binary and applied when the file is opened.
//!
//! ```no_run
//! # async fn example() -> Result<(), psoas_store::StoreError> {
//! use psoas_store::Store;
//! let store = psoas_store_sqlite::SqliteStore::open("psoas.db".as_ref()).await?;
//! println!("{} profiles", store.list_profiles().await?.len());
//! # Ok(()) }
//! ```

mod rows;

use async_trait::async_trait;
use jiff::Timestamp;
use psoas_core::{
    ExerciseRecord, Measurement, Profile, ProfileId, Screening, Session, SessionId, SessionRecord,
    SessionStatus, Symptoms,
};
use psoas_store::{Store, StoreError, StoreResult};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Row, SqliteConnection};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rows::{corrupt, micros};

/// Marks a SQLite file as ours ("psoa" in ASCII), so foreign databases are refused.
const APPLICATION_ID: i64 = 0x7073_6f61;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// A psoas database in one SQLite file.
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
}

fn backend(error: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(db) = &error {
        // SQLITE_READONLY and its extended codes all end in 8 in the low byte.
        if db
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .is_some_and(|c| c & 0xff == 8)
        {
            return StoreError::ReadOnly(
                "the database cannot be written (read-only file or folder); make it writable \
                 or choose another file with --db"
                    .to_string(),
            );
        }
    }
    StoreError::Backend(Box::new(error))
}

fn looks_like_sqlite(path: &Path) -> std::io::Result<bool> {
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let read = file.read(&mut header)?;
    Ok(read == 0 || header == *b"SQLite format 3\0")
}

impl SqliteStore {
    /// Opens (creating if needed) the database file, checks it is ours and up to date.
    pub async fn open(path: &Path) -> StoreResult<Self> {
        let shown = path.display();
        if path.is_dir() {
            return Err(StoreError::NotOurs(format!(
                "{shown} is a folder; give a file name for the database, e.g. {shown}/psoas.db"
            )));
        }
        if path.exists() {
            let sqlite = looks_like_sqlite(path).map_err(|e| {
                StoreError::NotOurs(format!(
                    "{shown} cannot be read ({e}); check its permissions"
                ))
            })?;
            if !sqlite {
                return Err(StoreError::NotOurs(format!(
                    "{shown} is not a psoas database (it is not an SQLite file); \
                     choose another file with --db or PSOAS_DATABASE_URL"
                )));
            }
            let readonly = std::fs::metadata(path)
                .map(|m| m.permissions().readonly())
                .unwrap_or(false);
            if readonly {
                return Err(StoreError::ReadOnly(format!(
                    "{shown} is read-only; make it writable (chmod u+w) or choose another \
                     file with --db"
                )));
            }
        }
        // Decide whose file it is through a read-only connection first: setting WAL mode is
        // itself a write, and another program's database must be left exactly as it was.
        let fresh = match std::fs::metadata(path) {
            Ok(meta) if meta.len() > 0 => inspect(path).await?,
            _ => true,
        };
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| match backend(e) {
                StoreError::Backend(e) => StoreError::Backend(
                    format!("cannot open {shown}: {e}; check the path and its permissions").into(),
                ),
                other => other,
            })?;
        let store = Self {
            pool,
            path: path.to_path_buf(),
        };
        if fresh {
            let mut conn = store.pool.acquire().await.map_err(backend)?;
            claim(&mut conn).await?;
        }
        store.migrate().await?;
        Ok(store)
    }

    /// The file this store lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    async fn migrate(&self) -> StoreResult<()> {
        MIGRATOR.run(&self.pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::VersionMissing(version) => StoreError::TooNew(format!(
                "{} was written by a newer psoas (schema {version}); upgrade psoas to open it",
                self.path.display()
            )),
            sqlx::migrate::MigrateError::Execute(e) => backend(e),
            other => StoreError::Backend(Box::new(other)),
        })
    }

    async fn load_records(
        &self,
        sessions: Vec<Session>,
        filter_sql: &'static str,
        filter: Option<String>,
    ) -> StoreResult<Vec<SessionRecord>> {
        let mut records: Vec<SessionRecord> =
            sessions.into_iter().map(SessionRecord::new).collect();
        let index: HashMap<String, usize> = records
            .iter()
            .enumerate()
            .map(|(i, r)| (r.session.id.to_string(), i))
            .collect();
        let mut conn = self.pool.acquire().await.map_err(backend)?;
        for (table, order) in [
            ("screenings", "t.answered_at"),
            ("symptoms", "t.recorded_at"),
            ("measurements", "t.taken_at, t.rowid"),
            ("exercises", "t.recorded_at, t.rowid"),
        ] {
            let sql = format!(
                "SELECT t.* FROM {table} t JOIN sessions s ON s.id = t.session_id {filter_sql} \
                 ORDER BY {order}"
            );
            let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(filter.clone())
                .fetch_all(&mut *conn)
                .await
                .map_err(backend)?;
            for row in rows {
                let session_id: String = row.try_get("session_id").map_err(corrupt)?;
                let Some(&i) = index.get(&session_id) else {
                    continue;
                };
                let record = &mut records[i];
                match table {
                    "screenings" => record.screening = Some(rows::screening(&row)?),
                    "symptoms" => record.symptoms = Some(rows::symptoms(&row)?),
                    "measurements" => record.measurements.push(rows::measurement(&row)?),
                    _ => record.exercises.push(rows::exercise(&row)?),
                }
            }
        }
        Ok(records)
    }

    async fn sessions_where(
        &self,
        filter_sql: &'static str,
        filter: Option<String>,
    ) -> StoreResult<Vec<SessionRecord>> {
        let sql = format!("SELECT s.* FROM sessions s {filter_sql} ORDER BY s.started_at, s.rowid");
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(filter.clone())
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let sessions = rows
            .iter()
            .map(rows::session)
            .collect::<Result<Vec<_>, _>>()?;
        self.load_records(sessions, filter_sql, filter).await
    }

    async fn require_session(&self, conn: &mut SqliteConnection, id: SessionId) -> StoreResult<()> {
        let found: Option<String> = sqlx::query_scalar("SELECT id FROM sessions WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(&mut *conn)
            .await
            .map_err(backend)?;
        found.map(|_| ()).ok_or_else(|| StoreError::NotFound {
            what: "session",
            key: id.to_string(),
            hint: "list sessions with 'psoas session list'",
        })
    }
}

/// Whether an existing file is a fresh, empty SQLite database (true) or already ours (false);
/// anything else is refused. Reads only.
async fn inspect(path: &Path) -> StoreResult<bool> {
    let not_ours = |detail: &str| {
        StoreError::NotOurs(format!(
            "{} is not a psoas database ({detail}); choose another file with --db",
            path.display()
        ))
    };
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|_| not_ours("it cannot be opened as SQLite"))?;
    let id: i64 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| not_ours("it cannot be read as SQLite"))?;
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
    )
    .fetch_one(&mut conn)
    .await
    .map_err(backend)?;
    let _ = conn.close().await;
    match (id, tables) {
        (APPLICATION_ID, _) => Ok(false),
        (0, 0) => Ok(true),
        (0, _) => Err(not_ours("it already holds other tables")),
        _ => Err(not_ours("it belongs to another program")),
    }
}

async fn claim(conn: &mut SqliteConnection) -> StoreResult<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "PRAGMA application_id = {APPLICATION_ID}"
    )))
    .execute(&mut *conn)
    .await
    .map_err(backend)?;
    Ok(())
}

fn is_id_prefix(key: &str) -> bool {
    key.len() >= 4 && key.chars().all(|c| c.is_ascii_hexdigit() || c == '-')
}

/// Picks the one match, or says there was none or too many.
fn one<T>(mut found: Vec<T>, what: &'static str, key: &str, hint: &'static str) -> StoreResult<T> {
    match found.len() {
        1 => Ok(found.remove(0)),
        0 => Err(StoreError::NotFound {
            what,
            key: key.to_string(),
            hint,
        }),
        _ => Err(StoreError::Ambiguous {
            what,
            key: key.to_string(),
        }),
    }
}

fn name_key(profile: &Profile) -> String {
    profile.name.as_str().to_lowercase()
}

fn profile_conflict(error: sqlx::Error, profile: &Profile) -> StoreError {
    match &error {
        sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(format!(
            "a profile named '{}' already exists; choose another name",
            profile.name
        )),
        _ => backend(error),
    }
}

const PROFILE_HINT: &str = "list profiles with 'psoas profile list'";
const SESSION_HINT: &str = "list sessions with 'psoas session list'";

#[async_trait]
impl Store for SqliteStore {
    async fn create_profile(&self, profile: &Profile) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO profiles (id, name, name_key, birth_year, sex, leg_length_cm) \
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(profile.id.to_string())
        .bind(profile.name.as_str())
        .bind(name_key(profile))
        .bind(profile.birth_year.map(|y| y.value()))
        .bind(profile.sex.map(|s| s.as_str()))
        .bind(profile.leg_length_cm.map(|l| l.cm()))
        .execute(&self.pool)
        .await
        .map_err(|e| profile_conflict(e, profile))?;
        Ok(())
    }

    async fn update_profile(&self, profile: &Profile) -> StoreResult<()> {
        let done = sqlx::query(
            "UPDATE profiles SET name = ?, name_key = ?, birth_year = ?, sex = ?, \
             leg_length_cm = ? WHERE id = ?",
        )
        .bind(profile.name.as_str())
        .bind(name_key(profile))
        .bind(profile.birth_year.map(|y| y.value()))
        .bind(profile.sex.map(|s| s.as_str()))
        .bind(profile.leg_length_cm.map(|l| l.cm()))
        .bind(profile.id.to_string())
        .execute(&self.pool)
        .await
        .map_err(|e| profile_conflict(e, profile))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound {
                what: "profile",
                key: profile.id.to_string(),
                hint: PROFILE_HINT,
            });
        }
        Ok(())
    }

    async fn list_profiles(&self) -> StoreResult<Vec<Profile>> {
        let rows = sqlx::query("SELECT * FROM profiles ORDER BY name_key")
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        rows.iter().map(rows::profile).collect()
    }

    async fn find_profile(&self, key: &str) -> StoreResult<Profile> {
        let key = key.trim();
        let by_name = sqlx::query("SELECT * FROM profiles WHERE name_key = ?")
            .bind(key.to_lowercase())
            .fetch_optional(&self.pool)
            .await
            .map_err(backend)?;
        if let Some(row) = by_name {
            return rows::profile(&row);
        }
        let found = if is_id_prefix(key) {
            let rows = sqlx::query("SELECT * FROM profiles WHERE id LIKE ? || '%'")
                .bind(key.to_lowercase())
                .fetch_all(&self.pool)
                .await
                .map_err(backend)?;
            rows.iter()
                .map(rows::profile)
                .collect::<Result<Vec<_>, _>>()?
        } else {
            Vec::new()
        };
        one(found, "profile", key, PROFILE_HINT)
    }

    async fn create_session(&self, session: &Session) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO sessions (id, profile_id, started_at, ended_at, status, protocol_version, \
             trials_per_side) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(session.id.to_string())
        .bind(session.profile_id.to_string())
        .bind(micros(session.started_at))
        .bind(session.ended_at.map(micros))
        .bind(rows::status_str(session.status))
        .bind(i64::from(session.protocol_version))
        .bind(i64::from(session.trials_per_side))
        .execute(&self.pool)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => StoreError::NotFound {
                what: "profile",
                key: session.profile_id.to_string(),
                hint: PROFILE_HINT,
            },
            _ => backend(e),
        })?;
        Ok(())
    }

    async fn find_session(&self, key: &str) -> StoreResult<SessionRecord> {
        let key = key.trim().to_lowercase();
        if !is_id_prefix(&key) {
            return Err(StoreError::NotFound {
                what: "session",
                key,
                hint: "give at least the first 4 characters of its id; list sessions with \
                       'psoas session list'",
            });
        }
        let ids: Vec<String> = sqlx::query_scalar("SELECT id FROM sessions WHERE id LIKE ? || '%'")
            .bind(&key)
            .fetch_all(&self.pool)
            .await
            .map_err(backend)?;
        let id = one(ids, "session", &key, SESSION_HINT)?;
        let id = uuid::Uuid::parse_str(&id).map_err(corrupt)?;
        self.session(SessionId(id)).await
    }

    async fn session(&self, id: SessionId) -> StoreResult<SessionRecord> {
        let found = self
            .sessions_where("WHERE s.id = ?", Some(id.to_string()))
            .await?;
        one(found, "session", &id.to_string(), SESSION_HINT)
    }

    async fn list_sessions(&self, profile: Option<ProfileId>) -> StoreResult<Vec<SessionRecord>> {
        match profile {
            Some(p) => {
                self.sessions_where("WHERE s.profile_id = ?", Some(p.to_string()))
                    .await
            }
            None => self.sessions_where("WHERE ? IS NULL", None).await,
        }
    }

    async fn save_screening(&self, session: SessionId, screening: &Screening) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        self.require_session(&mut tx, session).await?;
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
                .bind(rows::status_str(SessionStatus::StoppedAtScreening))
                .bind(micros(screening.answered_at))
                .bind(session.to_string())
                .execute(&mut *tx)
                .await
                .map_err(backend)?;
        }
        tx.commit().await.map_err(backend)
    }

    async fn save_symptoms(&self, session: SessionId, symptoms: &Symptoms) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        self.require_session(&mut tx, session).await?;
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
        session: SessionId,
        measurement: &Measurement,
    ) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        self.require_session(&mut tx, session).await?;
        let columns = rows::reading_columns(measurement.reading.as_ref());
        sqlx::query(
            "INSERT INTO measurements (id, session_id, phase, test, side, trial, method, kind, \
             value, unit, leg_length_cm, degrees, hurt, taken_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
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
        .execute(&mut *tx)
        .await
        .map_err(|e| match &e {
            sqlx::Error::Database(db) if db.is_unique_violation() => StoreError::Conflict(format!(
                "trial {} of the {} on the {} side ({}) is already recorded; use the next \
                 trial number or leave --trial out",
                measurement.trial,
                measurement.test.title(),
                measurement.side,
                measurement.phase.title()
            )),
            _ => backend(e),
        })?;
        tx.commit().await.map_err(backend)
    }

    async fn add_exercise(&self, session: SessionId, exercise: &ExerciseRecord) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        self.require_session(&mut tx, session).await?;
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
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }

    async fn close(&self) {
        self.pool.close().await;
    }

    async fn finish_session(&self, session: SessionId, at: Timestamp) -> StoreResult<()> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        self.require_session(&mut tx, session).await?;
        sqlx::query("UPDATE sessions SET status = 'finished', ended_at = ? WHERE id = ? AND status = 'unfinished'")
            .bind(micros(at))
            .bind(session.to_string())
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        tx.commit().await.map_err(backend)
    }
}
