//! Bulk reads and writes: sessions page by page for exports (keyset pagination on
//! `(started_at, id)`, so each page costs the same however deep into the history it is), and
//! whole archives imported in one transaction, records matched by id.

use psoas_core::{Measurement, MeasurementId, Profile, ProfileId, SessionRecord};
use std::collections::{HashMap, HashSet};

use super::protocol::{
    insert_camera, insert_exercise, insert_measurement, insert_pain_after, insert_profile,
    insert_screening, insert_series, insert_session, insert_symptoms,
};
use super::records::{id_list, load_records};
use super::{Conn, Db, VISIBLE, args, first, scoped};
use crate::columns::{self, corrupt, micros};
use crate::keys::writable;
use crate::transfer::Value;
use crate::{FullSession, ImportCounts, Scope, SessionCursor, StoreError, StoreResult};

pub(super) async fn page_of_sessions(
    db: &dyn Db,
    scope: Scope,
    profile: Option<ProfileId>,
    after: Option<SessionCursor>,
    limit: u32,
) -> StoreResult<Vec<FullSession>> {
    let bytes = db.dialect().bytes;
    let sql = format!(
        "SELECT s.* FROM sessions s JOIN profiles p ON p.id = s.profile_id \
         WHERE {VISIBLE} AND ($6 IS NULL OR s.profile_id = $6) \
         AND ($7 IS NULL OR s.started_at > $7 OR (s.started_at = $7 AND s.id{bytes} > $8)) \
         ORDER BY s.started_at, s.id{bytes} LIMIT $9"
    );
    let values = scoped(
        scope,
        args![
            profile.map(|p| p.to_string()),
            after.map(|a| micros(a.started_at)),
            after.map(|a| a.id.to_string()),
            i64::from(limit),
        ],
    );
    let rows = db.read().await?.rows(&sql, &values).await?;
    let sessions = rows
        .iter()
        .map(|row| columns::session(&**row))
        .collect::<Result<Vec<_>, _>>()?;
    if sessions.is_empty() {
        return Ok(Vec::new());
    }
    let ids = id_list(&sessions)?;
    let in_ids = db.dialect().in_ids;
    let records = load_records(db, scope, sessions, in_ids, ids.clone()).await?;
    let mut series = kept_of(
        db,
        scope,
        ids.clone(),
        ("lift_series l", "l.series"),
        columns::series,
    )
    .await?;
    let mut camera = kept_of(
        db,
        scope,
        ids,
        ("camera_markers c", "c.markers"),
        columns::camera,
    )
    .await?;
    Ok(records
        .into_iter()
        .map(|record| FullSession {
            series: in_trial_order(&record, &mut series),
            camera: in_trial_order(&record, &mut camera),
            photos: Vec::new(),
            record,
        })
        .collect())
}

/// What was kept about a session's trials, taken out of `kept` in the order of its trials.
fn in_trial_order<K>(
    record: &SessionRecord,
    kept: &mut HashMap<MeasurementId, K>,
) -> Vec<(MeasurementId, K)> {
    record
        .measurements
        .iter()
        .filter_map(|m| kept.remove(&m.id).map(|k| (m.id, k)))
        .collect()
}

/// What `table` (aliased, keyed by `measurement_id`) keeps about the trials of some
/// sessions (a JSON array of ids) as its JSON `column`, by trial, parsed by `parse`.
pub(super) async fn kept_of<K>(
    db: &dyn Db,
    scope: Scope,
    session_ids: Value,
    (table, column): (&str, &str),
    parse: impl Fn(&str, MeasurementId) -> StoreResult<K>,
) -> StoreResult<HashMap<MeasurementId, K>> {
    let alias = table.rsplit(' ').next().unwrap_or(table);
    let sql = format!(
        "SELECT {alias}.measurement_id, {column} AS kept FROM {table} \
         JOIN measurements m ON m.id = {alias}.measurement_id \
         JOIN sessions s ON s.id = m.session_id JOIN profiles p ON p.id = s.profile_id \
         WHERE {VISIBLE} AND {}",
        db.dialect().in_ids
    );
    let rows = db
        .read()
        .await?
        .rows(&sql, &scoped(scope, [session_ids]))
        .await?;
    let mut found = HashMap::new();
    for row in rows {
        let id = columns::text(&*row, "measurement_id")?;
        let id = MeasurementId(id.parse().map_err(corrupt)?);
        found.insert(id, parse(&columns::text(&*row, "kept")?, id)?);
    }
    Ok(found)
}

/// Whether a stored row with a given id exists, and whether the scope may see it.
enum Found {
    Absent,
    InScope,
    Elsewhere,
}

/// Whether the row of `from` (`profiles p`, perhaps joined) whose `id_column` is `id` is
/// visible to the scope. The condition is wrapped in `coalesce(.., false)`: a terminal profile
/// seen by a member makes it NULL, which SQL only treats as false inside a WHERE.
async fn found(
    conn: &mut dyn Conn,
    scope: Scope,
    from: &str,
    id_column: &str,
    id: String,
) -> StoreResult<Found> {
    let sql = format!("SELECT coalesce({VISIBLE}, false) AS visible {from} WHERE {id_column} = $6");
    let rows = conn.rows(&sql, &scoped(scope, args![id])).await?;
    Ok(match first(rows) {
        None => Found::Absent,
        Some(row) if row.flag("visible")? == Some(true) => Found::InScope,
        Some(_) => Found::Elsewhere,
    })
}

const PROFILE: &str = "FROM profiles p";
const SESSION: &str = "FROM sessions s JOIN profiles p ON p.id = s.profile_id";

/// The id a record of an archive takes in the importing account when its own id is held by
/// another account: derived from both, so importing the same archive again finds it, and
/// nothing in the reply tells the importer that someone else holds the original.
fn own_id(scope: Scope, id: uuid::Uuid) -> uuid::Uuid {
    let account = match scope {
        Scope::Account { id, .. } => id.0,
        // The terminal sees every record (nothing is elsewhere) and a practice scope never
        // imports; the nil namespace keeps the function total.
        Scope::Terminal | Scope::Practice { .. } => uuid::Uuid::nil(),
    };
    uuid::Uuid::new_v5(&account, id.as_bytes())
}

/// Where a record of the archive goes: its own id, or the importer's own copy of it.
async fn place(
    conn: &mut dyn Conn,
    scope: Scope,
    from: &str,
    id_column: &str,
    id: uuid::Uuid,
) -> StoreResult<(uuid::Uuid, Found)> {
    match found(conn, scope, from, id_column, id.to_string()).await? {
        Found::Elsewhere => {
            let own = own_id(scope, id);
            let at = found(conn, scope, from, id_column, own.to_string()).await?;
            Ok((own, at))
        }
        here => Ok((id, here)),
    }
}

/// A record whose id is taken even after re-keying: only a crafted archive gets here.
fn cannot_import(what: &str, id: &str) -> StoreError {
    StoreError::Conflict(format!(
        "the archive's {what} {id} cannot be imported into this account; export it again \
         from the account that made it"
    ))
}

/// A session of the archive under the importer's own ids: its profile's, and when the
/// session itself was re-keyed, its own and its trials' and exercises'.
fn rekeyed(scope: Scope, full: &FullSession, id: uuid::Uuid, profile: ProfileId) -> FullSession {
    let mut full = full.clone();
    let session = &mut full.record.session;
    session.profile_id = profile;
    if session.id.0 != id {
        session.id = psoas_core::SessionId(id);
        for m in &mut full.record.measurements {
            m.id = MeasurementId(own_id(scope, m.id.0));
        }
        for e in &mut full.record.exercises {
            e.id = psoas_core::ExerciseId(own_id(scope, e.id.0));
        }
        for (m, _) in &mut full.series {
            *m = MeasurementId(own_id(scope, m.0));
        }
        for (m, _) in &mut full.camera {
            *m = MeasurementId(own_id(scope, m.0));
        }
        for (m, _) in &mut full.photos {
            *m = MeasurementId(own_id(scope, m.0));
        }
    }
    full
}

pub(super) async fn import_all(
    db: &dyn Db,
    scope: Scope,
    profiles: &[Profile],
    sessions: &[FullSession],
) -> StoreResult<ImportCounts> {
    writable(scope)?;
    let mut counts = ImportCounts::default();
    let mut tx = db.begin().await?;
    let mut own_profiles = HashMap::new();
    for profile in profiles {
        let (id, at) = place(&mut *tx, scope, PROFILE, "p.id", profile.id.0).await?;
        own_profiles.insert(profile.id, ProfileId(id));
        match at {
            Found::InScope => counts.profiles_kept += 1,
            Found::Elsewhere => return Err(cannot_import("profile", &profile.id.to_string())),
            Found::Absent => {
                let mut own = profile.clone();
                own.id = ProfileId(id);
                insert_profile(&mut *tx, scope, &own).await?;
                counts.profiles_added += 1;
            }
        }
    }
    for full in sessions {
        let given = full.record.session.profile_id;
        let profile = own_profiles.get(&given).copied().unwrap_or(given);
        import_session(&mut *tx, scope, full, profile, &mut counts).await?;
    }
    tx.commit().await?;
    Ok(counts)
}

async fn import_session(
    conn: &mut dyn Conn,
    scope: Scope,
    full: &FullSession,
    profile: ProfileId,
    counts: &mut ImportCounts,
) -> StoreResult<()> {
    let given = full.record.session.id;
    let (own, at) = place(conn, scope, SESSION, "s.id", given.0).await?;
    let full = &rekeyed(scope, full, own, profile);
    let record = &full.record;
    let session = &record.session;
    let id = session.id.to_string();
    match at {
        Found::Elsewhere => return Err(cannot_import("session", &given.to_string())),
        Found::InScope => counts.sessions_kept += 1,
        Found::Absent => {
            let profile = session.profile_id.to_string();
            if !matches!(
                found(conn, scope, PROFILE, "p.id", profile.clone()).await?,
                Found::InScope
            ) {
                return Err(StoreError::NotFound {
                    what: "profile",
                    key: profile,
                    hint: "the archive's sessions must belong to its own profiles",
                });
            }
            insert_session(conn, session).await?;
            counts.sessions_added += 1;
        }
    }
    if let Some(screening) = &record.screening {
        insert_screening(conn, session.id, screening, "DO NOTHING").await?;
    }
    if let Some(symptoms) = &record.symptoms {
        insert_symptoms(conn, session.id, symptoms, "DO NOTHING").await?;
    }
    if let Some(pain) = &record.pain_after {
        insert_pain_after(conn, session.id, pain, "DO NOTHING").await?;
    }
    let stored_trials = ids_in(conn, "measurements", &id).await?;
    let series: HashMap<_, _> = full.series.iter().map(|(m, s)| (*m, s)).collect();
    let camera: HashMap<_, _> = full.camera.iter().map(|(m, c)| (*m, c)).collect();
    for m in &record.measurements {
        if stored_trials.contains(&m.id.to_string()) {
            continue;
        }
        insert_measurement(conn, scope, session.id, &with_own_voider(scope, m)).await?;
        if let Some(lift) = series.get(&m.id) {
            insert_series(conn, m.id, lift).await?;
        }
        if let Some(evidence) = camera.get(&m.id) {
            insert_camera(conn, m.id, evidence).await?;
            for (_, photo) in full.photos.iter().filter(|(id, _)| *id == m.id) {
                super::photos::insert_imported(conn, m.id, photo).await?;
            }
        }
        counts.measurements_added += 1;
    }
    let stored_exercises = ids_in(conn, "exercises", &id).await?;
    for e in &record.exercises {
        if !stored_exercises.contains(&e.id.to_string()) {
            insert_exercise(conn, session.id, e).await?;
            counts.exercises_added += 1;
        }
    }
    Ok(())
}

/// A trial as it is imported: who struck it out is kept only when that was the importing
/// account itself. Account ids of another server mean nothing here, and naming an account
/// of this one that the importer does not own would be a claim the archive cannot prove.
fn with_own_voider(scope: Scope, m: &Measurement) -> Measurement {
    let mut m = m.clone();
    if let Some(void) = &mut m.void {
        void.by = void
            .by
            .filter(|by| matches!(scope, Scope::Account { id, .. } if id == *by));
    }
    m
}

/// The ids of a session's rows in a child table (its session already checked in scope).
async fn ids_in(
    conn: &mut dyn Conn,
    table: &'static str,
    session: &str,
) -> StoreResult<HashSet<String>> {
    let sql = format!("SELECT id FROM {table} WHERE session_id = $1");
    let rows = conn.rows(&sql, &args![session]).await?;
    rows.iter().map(|row| columns::text(&**row, "id")).collect()
}
